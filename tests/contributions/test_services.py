"""The services that write contributions: creating and confirming them
(double opt-in), the abuse limits, the passage checks of text suggestions,
every moderation step, applying a suggestion to the draft, and support."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contributions import services
from contributions.models import BlockedTerm, Contribution, Support, TextChange
from core.cache import content_version
from handlungsfelder.models import Measure
from registrations.models import OutgoingMail
from tests.conftest import adopt, make_consultation, make_contribution

State = Contribution.State
Kind = OutgoingMail.Kind


@pytest.fixture
def edition(city):
    return make_consultation(city)


@pytest.fixture
def section(edition):
    return edition.sections.get(slug="grundsaetze")


@pytest.fixture
def resident(django_user_model):
    return django_user_model.objects.create_user(
        "ayse", "ayse@example.org", None, first_name="Ayşe", last_name="Yılmaz"
    )


def comment(section, **overrides):
    values = {
        "section": section,
        "body": "Bitte mehr Sprachkurse am Abend.",
        "author_name": "Ayşe",
        "email": "ayse@example.org",
        "consent": True,
    }
    values.update(overrides)
    return services.contribution_create(**values)


def suggestion(section, passage, proposal="eine Aufgabe von allen", **overrides):
    return comment(
        section,
        kind=Contribution.Kind.SUGGESTION,
        passage=passage,
        proposal=proposal,
        body="Klarer.",
        **overrides,
    )


def received(section, **overrides):
    contribution = comment(section, **overrides)
    return services.contribution_confirm(contribution=contribution)


def state_mails(contribution):
    return list(
        OutgoingMail.objects.filter(
            kind=Kind.CONTRIBUTION_STATE, extra__contribution=contribution.pk
        ).values_list("extra__state", flat=True)
    )


def code_of(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return next(iter(error.error_dict.values()))[0].code
    return error.code


# Double opt-in


def test_a_contribution_without_account_waits_for_its_e_mail_link(section):
    contribution = comment(section)
    assert contribution.state == State.UNCONFIRMED
    assert contribution.confirmed_at is None
    assert contribution.consent_at is not None
    assert not Contribution.objects.public().filter(pk=contribution.pk).exists()
    [mail] = OutgoingMail.objects.all()
    assert mail.kind == Kind.CONTRIBUTION_CONFIRM
    assert mail.recipient == "ayse@example.org"
    assert mail.extra["contribution"] == contribution.pk


def test_confirming_sends_it_to_moderation_and_tells_nobody_yet(section):
    contribution = received(section)
    assert contribution.state == State.RECEIVED
    assert contribution.confirmed_at is not None
    assert contribution.published_at is None
    assert Contribution.objects.waiting_for_moderation().get() == contribution
    assert state_mails(contribution) == []


def test_confirming_publishes_at_once_when_the_edition_publishes_directly(
    edition, section
):
    edition.contributions_publish_directly = True
    edition.save()
    contribution = received(section)
    assert contribution.state == State.PUBLISHED
    assert contribution.published_at is not None
    assert state_mails(contribution) == [State.PUBLISHED]


def test_confirming_again_or_after_moderation_changes_nothing(section):
    contribution = received(section)
    confirmed_at = contribution.confirmed_at
    again = services.contribution_confirm(
        contribution=contribution, now=timezone.now() + dt.timedelta(hours=1)
    )
    assert again.state == State.RECEIVED
    assert again.confirmed_at == confirmed_at
    services.contribution_reject(contribution=contribution, reason="Beleidigend.")
    assert services.contribution_confirm(contribution=contribution).state == (
        State.REJECTED
    )
    services.contribution_withdraw(contribution=contribution)
    assert services.contribution_confirm(contribution=contribution).state == (
        State.WITHDRAWN
    )


def test_a_signed_in_resident_skips_the_e_mail_confirmation(section, resident):
    contribution = comment(section, author_name="", email="", user=resident)
    assert contribution.state == State.RECEIVED
    assert contribution.confirmed_at is not None
    assert contribution.consent_at is not None
    assert contribution.user == resident
    assert contribution.email == "ayse@example.org"
    assert contribution.author_name == "Ayşe Yılmaz"
    assert not OutgoingMail.objects.filter(kind=Kind.CONTRIBUTION_CONFIRM).exists()


def test_a_signed_in_resident_is_published_at_once_when_the_edition_allows_it(
    edition, section, resident
):
    edition.contributions_publish_directly = True
    edition.save()
    contribution = comment(section, user=resident)
    assert contribution.state == State.PUBLISHED
    assert state_mails(contribution) == [State.PUBLISHED]


def test_a_contribution_without_account_needs_an_e_mail_address(section):
    with pytest.raises(ValidationError) as error:
        comment(section, email="  ")
    assert code_of(error.value) == "email_required"
    assert "email" in error.value.message_dict
    assert not Contribution.objects.exists()


# Abuse limits


def test_more_links_than_allowed_are_refused(section, settings):
    settings.CONTRIBUTION_MAX_LINKS = 2
    two = "Siehe https://example.org/a und www.example.org/b."
    assert comment(section, body=two).pk
    with pytest.raises(ValidationError) as error:
        comment(section, body=two + " Und http://example.org/c")
    assert code_of(error.value) == "too_many_links"
    assert "body" in error.value.message_dict
    assert Contribution.objects.count() == 1


def test_a_blocked_term_flags_the_contribution_and_keeps_it_for_moderation(
    city, edition, section
):
    edition.contributions_publish_directly = True
    edition.save()
    BlockedTerm.objects.create(city=city, term="Werbung")
    caught = received(section, body="Hier ist WERBUNG für meinen Laden.")
    assert caught.is_flagged
    assert "Werbung" in caught.flag_reason
    assert caught.state == State.RECEIVED  # not published, despite the edition
    by_name = received(section, author_name="Werbung GmbH", body="Gute Sache.")
    assert by_name.is_flagged
    # A word that only contains the term is no match.
    clean = received(section, body="Werbungskosten sind ein anderes Thema.")
    assert not clean.is_flagged
    assert clean.state == State.PUBLISHED


def test_publishing_a_flagged_contribution_clears_the_flag(city, section):
    BlockedTerm.objects.create(city=city, term="Werbung")
    contribution = received(section, body="Keine Werbung, nur eine Frage.")
    assert contribution.is_flagged
    services.contribution_publish(contribution=contribution)
    contribution.refresh_from_db()
    assert contribution.state == State.PUBLISHED
    assert not contribution.is_flagged


# The consultation window


@pytest.mark.parametrize(
    ("opens", "closes", "code"),
    [
        (dt.timedelta(days=1), dt.timedelta(days=20), "not_open_yet"),
        (dt.timedelta(days=-20), dt.timedelta(days=-1), "closed"),
    ],
)
def test_a_closed_window_refuses_contributions_and_support(city, opens, closes, code):
    now = timezone.now()
    edition = make_consultation(
        city, consultation_opens=now + opens, consultation_closes=now + closes
    )
    published = make_contribution(edition)
    with pytest.raises(ValidationError) as error:
        comment(edition.sections.first())
    assert error.value.code == code
    with pytest.raises(ValidationError) as error:
        services.support_create(contribution=published, email="fan@example.org")
    assert error.value.code == code
    assert not Support.objects.exists()


def test_a_draft_not_in_consultation_takes_no_contributions(city):
    edition = make_consultation(city, status="draft")
    with pytest.raises(ValidationError) as error:
        comment(edition.sections.first())
    assert error.value.code == "closed"


# Passages of text suggestions


def test_a_passage_that_is_not_in_the_section_is_refused(section):
    with pytest.raises(ValidationError) as error:
        suggestion(section, "eine Aufgabe der Verwaltung")
    assert code_of(error.value) == "passage_not_found"
    assert "passage" in error.value.message_dict


def test_a_passage_that_occurs_twice_is_refused_as_ambiguous(section):
    with pytest.raises(ValidationError) as error:
        suggestion(section, "in", proposal="bei")
    assert code_of(error.value) == "passage_ambiguous"


def test_a_proposal_equal_to_its_passage_is_refused(section):
    with pytest.raises(ValidationError) as error:
        suggestion(section, "gemeinsame Aufgabe", proposal="gemeinsame  Aufgabe")
    assert code_of(error.value) == "unchanged"


def test_a_suggestion_needs_a_section(edition):
    with pytest.raises(ValidationError) as error:
        comment(
            None,
            action_field=edition.action_fields.get(),
            kind=Contribution.Kind.SUGGESTION,
            passage="Sprache",
            proposal="Sprachen",
        )
    assert error.value.code == "suggestion_needs_section"


def test_a_passage_is_found_whatever_its_whitespace_and_markup(edition, section):
    # Across the paragraph break, with a line break and extra spaces.
    contribution = suggestion(section, "der Stadt.\n   Wir  fördern")
    assert contribution.passage == "der Stadt.\n   Wir  fördern"
    # As the page shows it, without the Markdown stars.
    preamble = edition.sections.get(slug="praeambel")
    assert suggestion(preamble, "eine vielfältige Stadt", proposal="eine Stadt").pk


def test_a_passage_is_found_whatever_quotes_and_dashes_it_is_typed_with(section):
    section.body = "Wir sagen „Willkommen“ – und meinen es auch."
    section.save()
    assert suggestion(section, 'sagen "Willkommen" - und', proposal="sagen Hallo").pk
    assert suggestion(section, "sagen „Willkommen“ – und", proposal="sagen Hallo").pk


# Moderation


def test_publishing_shows_a_received_contribution_and_tells_its_author(section):
    contribution = received(section)
    services.contribution_publish(contribution=contribution)
    contribution.refresh_from_db()
    assert contribution.state == State.PUBLISHED
    assert contribution.published_at is not None
    assert Contribution.objects.public().get() == contribution
    assert state_mails(contribution) == [State.PUBLISHED]
    # Publishing again changes nothing and writes no second e-mail.
    services.contribution_publish(contribution=contribution)
    assert state_mails(contribution) == [State.PUBLISHED]


@pytest.mark.parametrize(
    "step",
    [
        lambda c: services.contribution_publish(contribution=c),
        lambda c: services.contribution_reject(contribution=c, reason="Nein."),
        lambda c: services.contribution_not_take_up(contribution=c, reason="Nein."),
        lambda c: services.contribution_take_up(
            contribution=c, goal=c.edition.action_fields.get().goals.get()
        ),
    ],
)
def test_unconfirmed_and_withdrawn_contributions_cannot_be_moderated(section, step):
    unconfirmed = comment(section)
    withdrawn = services.contribution_withdraw(contribution=received(section))
    for contribution in (unconfirmed, withdrawn):
        with pytest.raises(ValidationError) as error:
            step(contribution)
        assert error.value.code == "not_moderatable"
        assert Contribution.objects.get(pk=contribution.pk).state in (
            State.UNCONFIRMED,
            State.WITHDRAWN,
        )


def test_rejecting_needs_a_reason_and_tells_the_author(section):
    contribution = received(section)
    with pytest.raises(ValidationError) as error:
        services.contribution_reject(contribution=contribution, reason="  ")
    assert code_of(error.value) == "reason_required"
    services.contribution_reject(
        contribution=contribution, reason=" Das ist kein Beitrag zum Entwurf. "
    )
    contribution.refresh_from_db()
    assert contribution.state == State.REJECTED
    assert contribution.reason == "Das ist kein Beitrag zum Entwurf."
    assert not contribution.is_public
    assert state_mails(contribution) == [State.REJECTED]


def test_rejecting_a_published_contribution_takes_it_down(edition):
    contribution = make_contribution(edition)
    services.contribution_reject(contribution=contribution, reason="Beleidigend.")
    assert not Contribution.objects.public().exists()
    # … and it can be published again.
    services.contribution_publish(contribution=contribution)
    assert Contribution.objects.public().get() == contribution


def test_not_taking_up_needs_a_reason_and_stays_public(edition):
    contribution = make_contribution(edition)
    with pytest.raises(ValidationError) as error:
        services.contribution_not_take_up(contribution=contribution, reason="")
    assert code_of(error.value) == "reason_required"
    services.contribution_not_take_up(
        contribution=contribution, reason="Das regelt das Land."
    )
    contribution.refresh_from_db()
    assert contribution.state == State.NOT_TAKEN_UP
    assert contribution.reason == "Das regelt das Land."
    assert contribution.is_public
    assert state_mails(contribution) == [State.NOT_TAKEN_UP]


def test_taking_up_links_what_it_led_to(edition):
    goal = edition.action_fields.get().goals.get()
    measure = Measure.objects.create(goal=goal, title="Sprachcafé am Abend")
    contribution = make_contribution(edition)
    with pytest.raises(ValidationError) as error:
        services.contribution_take_up(contribution=contribution)
    assert error.value.code == "result_required"
    services.contribution_take_up(
        contribution=contribution, goal=goal, answer="Danke, das machen wir."
    )
    contribution.refresh_from_db()
    assert contribution.state == State.TAKEN_UP
    assert contribution.result_goal == goal
    assert contribution.answer == "Danke, das machen wir."
    assert contribution.answered_at is not None
    # A later measure is added to what it led to; the goal stays.
    services.contribution_take_up(contribution=contribution, measure=measure)
    contribution.refresh_from_db()
    assert (contribution.result_goal, contribution.result_measure) == (goal, measure)
    assert state_mails(contribution) == [State.TAKEN_UP]


def test_merging_points_the_duplicate_and_its_own_duplicates_to_the_one_that_stays(
    edition,
):
    stays = make_contribution(edition)
    duplicate = make_contribution(edition)
    earlier = make_contribution(edition)
    services.contribution_merge(contribution=earlier, into=duplicate)
    services.contribution_merge(contribution=duplicate, into=stays)
    duplicate.refresh_from_db()
    earlier.refresh_from_db()
    assert duplicate.state == State.MERGED
    assert duplicate.merged_into == stays
    assert earlier.merged_into == stays
    assert state_mails(duplicate) == [State.MERGED]


def test_merging_refuses_itself_another_edition_and_a_hidden_target(city, edition):
    contribution = make_contribution(edition)
    other_edition = make_consultation(city, number=10, year=2031)
    elsewhere = make_contribution(other_edition)
    waiting = make_contribution(edition, state=State.RECEIVED, published_at=None)
    merged = make_contribution(edition)
    services.contribution_merge(contribution=merged, into=make_contribution(edition))
    merged.refresh_from_db()
    for into, code in (
        (contribution, "merge_self"),
        (elsewhere, "merge_other_edition"),
        (waiting, "merge_target_not_public"),
        (merged, "merge_target_not_public"),
    ):
        with pytest.raises(ValidationError) as error:
            services.contribution_merge(contribution=contribution, into=into)
        assert code_of(error.value) == code
        assert "merged_into" in error.value.message_dict
    contribution.refresh_from_db()
    assert contribution.state == State.PUBLISHED
    assert contribution.merged_into is None


def test_an_answer_is_public_keeps_the_state_and_can_be_removed(edition):
    contribution = make_contribution(edition)
    services.contribution_answer(contribution=contribution, answer=" Danke! ")
    contribution.refresh_from_db()
    assert contribution.answer == "Danke!"
    assert contribution.answered_at is not None
    assert contribution.state == State.PUBLISHED
    assert state_mails(contribution) == []
    services.contribution_answer(contribution=contribution, answer="")
    contribution.refresh_from_db()
    assert contribution.answer == ""
    assert contribution.answered_at is None


def test_withdrawing_hides_the_contribution_for_good_without_an_e_mail(edition):
    contribution = make_contribution(edition)
    services.contribution_withdraw(contribution=contribution)
    contribution.refresh_from_db()
    assert contribution.state == State.WITHDRAWN
    assert not Contribution.objects.public().exists()
    assert state_mails(contribution) == []
    changed_at = contribution.state_changed_at
    services.contribution_withdraw(contribution=contribution)
    contribution.refresh_from_db()
    assert contribution.state_changed_at == changed_at


def test_withdrawing_a_taken_up_contribution_keeps_what_it_led_to(edition):
    goal = edition.action_fields.get().goals.get()
    contribution = make_contribution(edition)
    services.contribution_take_up(contribution=contribution, goal=goal)
    services.contribution_withdraw(contribution=contribution)
    contribution.refresh_from_db()
    assert contribution.state == State.WITHDRAWN
    assert contribution.result_goal == goal


def test_a_change_of_state_drops_the_cached_pages(edition):
    contribution = received(edition.sections.first())
    before = content_version()
    services.contribution_publish(contribution=contribution)
    assert content_version() != before


# Applying a text suggestion


def applicable(section, passage="gemeinsame Aufgabe", proposal="Aufgabe von allen"):
    return services.contribution_confirm(
        contribution=suggestion(section, passage, proposal=proposal)
    )


def test_applying_a_suggestion_changes_the_text_and_records_the_change(
    section, admin_user
):
    before = section.body
    contribution = applicable(section)
    change = services.suggestion_apply(
        contribution=contribution, user=admin_user, note="Übernommen."
    )
    section.refresh_from_db()
    assert section.body == before.replace("gemeinsame Aufgabe", "Aufgabe von allen")
    assert TextChange.objects.get() == change
    assert change.section == section
    assert change.passage == "gemeinsame Aufgabe"
    assert change.replacement == "Aufgabe von allen"
    assert (change.body_before, change.body_after) == (before, section.body)
    assert change.note == "Übernommen."
    assert change.created_by == admin_user
    contribution.refresh_from_db()
    assert contribution.state == State.TAKEN_UP
    assert contribution.result_change == change
    assert state_mails(contribution) == [State.TAKEN_UP]
    with pytest.raises(ValidationError) as error:
        services.suggestion_apply(contribution=contribution)
    assert error.value.code == "already_applied"


def test_a_passage_over_a_paragraph_break_is_replaced_as_a_whole(section):
    contribution = applicable(section, "Stadt. Wir fördern", "Stadt.\n\nWir stärken")
    change = services.suggestion_apply(contribution=contribution)
    assert change.passage == "Stadt.\n\nWir fördern"
    section.refresh_from_db()
    assert section.body.endswith(
        "Stadt.\n\nWir stärken Teilhabe in allen Lebensbereichen."
    )


def test_applying_finds_a_passage_typed_with_plain_quotes_and_dashes(section):
    section.body = "Wir sagen „Willkommen“ – und meinen es auch."
    section.save()
    contribution = applicable(section, 'sagen "Willkommen" - und', "sagen Hallo und")
    change = services.suggestion_apply(contribution=contribution)
    assert change is not None
    assert change.passage == "sagen „Willkommen“ – und"
    section.refresh_from_db()
    assert section.body == "Wir sagen Hallo und meinen es auch."


def test_a_passage_that_no_longer_occurs_is_flagged_not_applied(section):
    contribution = applicable(section)
    section.body = "Ein ganz neuer Text."
    section.save()
    assert services.suggestion_apply(contribution=contribution) is None
    section.refresh_from_db()
    assert section.body == "Ein ganz neuer Text."
    contribution.refresh_from_db()
    assert contribution.is_flagged
    assert contribution.flag_reason
    assert contribution.state == State.RECEIVED
    assert not TextChange.objects.exists()


def test_a_passage_that_now_occurs_twice_is_flagged_not_applied(section):
    contribution = applicable(section)
    section.body += "\n\nDas ist eine gemeinsame Aufgabe."
    section.save()
    assert services.suggestion_apply(contribution=contribution) is None
    contribution.refresh_from_db()
    assert contribution.is_flagged
    assert not TextChange.objects.exists()


def test_an_adopted_edition_refuses_a_suggestion(edition, section):
    contribution = applicable(section)
    before = section.body
    adopt(edition)
    with pytest.raises(ValidationError):
        services.suggestion_apply(contribution=contribution)
    section.refresh_from_db()
    assert section.body == before
    assert not TextChange.objects.exists()


def test_only_suggestions_can_be_applied(section):
    with pytest.raises(ValidationError) as error:
        services.suggestion_apply(contribution=received(section))
    assert error.value.code == "not_a_suggestion"


# Support


def test_support_counts_only_once_it_is_confirmed(edition):
    contribution = make_contribution(edition)
    support = services.support_create(
        contribution=contribution, email="fan@example.org", language="en"
    )
    contribution.refresh_from_db()
    assert contribution.support_count == 0
    mail = OutgoingMail.objects.get(kind=Kind.SUPPORT_CONFIRM)
    assert mail.recipient == "fan@example.org"
    assert mail.language == "en"
    assert mail.extra == {"support": support.pk, "contribution": contribution.pk}
    before = content_version()
    services.support_confirm(support=support)
    contribution.refresh_from_db()
    assert contribution.support_count == 1
    assert content_version() != before  # the pages that show the count go
    services.support_confirm(support=support)
    contribution.refresh_from_db()
    assert contribution.support_count == 1


def test_an_address_supports_a_contribution_once_whatever_its_case(edition):
    contribution = make_contribution(edition)
    services.support_create(contribution=contribution, email="Fan@Example.org")
    with pytest.raises(ValidationError) as error:
        services.support_create(contribution=contribution, email="fan@example.ORG ")
    assert code_of(error.value) == "already_supported"
    assert contribution.supports.count() == 1
    # The same address may support another contribution.
    other = make_contribution(edition)
    assert services.support_create(contribution=other, email="fan@example.org").pk


def test_an_account_supports_a_contribution_once_and_counts_at_once(edition, resident):
    contribution = make_contribution(edition)
    services.support_create(contribution=contribution, user=resident)
    contribution.refresh_from_db()
    assert contribution.support_count == 1
    assert not OutgoingMail.objects.filter(kind=Kind.SUPPORT_CONFIRM).exists()
    with pytest.raises(ValidationError) as error:
        services.support_create(contribution=contribution, user=resident)
    assert code_of(error.value) == "already_supported"
    # Nor by the account's address without signing in.
    with pytest.raises(ValidationError):
        services.support_create(contribution=contribution, email="AYSE@example.org")
    contribution.refresh_from_db()
    assert contribution.support_count == 1


def test_one_cannot_support_ones_own_contribution(edition, resident):
    by_address = make_contribution(edition, email="me@example.org")
    with pytest.raises(ValidationError) as error:
        services.support_create(contribution=by_address, email="ME@example.org")
    assert error.value.code == "own"
    by_account = make_contribution(edition, user=resident, email="")
    with pytest.raises(ValidationError) as error:
        services.support_create(contribution=by_account, user=resident)
    assert error.value.code == "own"
    assert not Support.objects.exists()


def test_support_needs_an_address_or_an_account(edition):
    with pytest.raises(ValidationError) as error:
        services.support_create(contribution=make_contribution(edition), email="")
    assert code_of(error.value) == "email_required"


@pytest.mark.parametrize(
    "state", [State.RECEIVED, State.REJECTED, State.WITHDRAWN, State.NOT_TAKEN_UP]
)
def test_only_published_contributions_can_be_supported(edition, state):
    contribution = make_contribution(edition, state=state)
    with pytest.raises(ValidationError) as error:
        services.support_create(contribution=contribution, email="fan@example.org")
    assert error.value.code == "not_public"


def test_a_support_confirmed_after_the_contribution_was_withdrawn_does_not_count(
    edition,
):
    contribution = make_contribution(edition)
    support = services.support_create(
        contribution=contribution, email="fan@example.org"
    )
    services.contribution_withdraw(contribution=contribution)
    with pytest.raises(ValidationError) as error:
        services.support_confirm(support=support)
    assert error.value.code == "not_public"
    support.refresh_from_db()
    contribution.refresh_from_db()
    assert support.confirmed_at is None
    assert contribution.support_count == 0


def test_a_contribution_on_record_needs_no_address_and_no_confirmation(city):
    edition = make_consultation(city)
    contribution = services.contribution_create(
        section=edition.sections.first(), body="Vom Workshop-Pinnbrett", confirmed=True
    )
    assert contribution.state == Contribution.State.RECEIVED
    assert contribution.confirmed_at is not None
    assert not OutgoingMail.objects.exists()
