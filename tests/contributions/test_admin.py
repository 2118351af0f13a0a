"""The moderation queue in the admin: what waits comes first, each
moderation action works on many contributions at once through its service
and tells the authors, only moderators may run them, and who wrote what is
shown only to those who may see it."""

import io
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from contributions.models import (
    BlockedTerm,
    Contribution,
    ReasonTemplate,
    Support,
    TextChange,
)
from handlungsfelder.models import Measure
from registrations.models import OutgoingMail
from tests.conftest import (
    make_city,
    make_consultation,
    make_contribution,
    staff_client,
)

State = Contribution.State


def admin_url(name: str, *args) -> str:
    """An admin page in English, their msgids: the address chooses the
    language. The German pages are checked on their own
    (test_the_german_back_office_pages_render…)."""
    with translation.override("en"):
        return reverse(name, args=args)


CHANGELIST = admin_url("admin:contributions_contribution_changelist")
MODERATOR = (
    "contributions.view_contribution",
    "contributions.change_contribution",
    "contributions.moderate_contribution",
    "contributions.view_contributor_data",
)
PASSAGE = "eine gemeinsame Aufgabe aller Menschen"
PROPOSAL = "eine Aufgabe, die alle Menschen gemeinsam tragen"


@pytest.fixture
def edition(city):
    return make_consultation(city)


@pytest.fixture
def moderator(client, django_user_model):
    return staff_client(client, django_user_model, *MODERATOR)


def received(edition, **overrides):
    return make_contribution(
        edition, state=State.RECEIVED, published_at=None, **overrides
    )


def suggestion(edition, passage=PASSAGE, proposal=PROPOSAL, **overrides):
    return received(
        edition,
        kind=Contribution.Kind.SUGGESTION,
        section=edition.sections.get(slug="grundsaetze"),
        passage=passage,
        proposal=proposal,
        **overrides,
    )


def run_action(client, action, *contributions, url=CHANGELIST, **data):
    """Choose an action on the list (the first step: it may ask for more)."""
    return client.post(
        url,
        {
            "action": action,
            ACTION_CHECKBOX_NAME: [c.pk for c in contributions],
            "index": 0,
        },
    )


def confirm_action(client, action, *contributions, url=CHANGELIST, **data):
    """Answer an action's intermediate page."""
    return client.post(
        url,
        {
            "action": action,
            ACTION_CHECKBOX_NAME: [c.pk for c in contributions],
            "post": "yes",
            **data,
        },
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def state_mails() -> list[str]:
    return sorted(
        OutgoingMail.objects.filter(
            kind=OutgoingMail.Kind.CONTRIBUTION_STATE
        ).values_list("recipient", flat=True)
    )


def change_url(contribution) -> str:
    return admin_url("admin:contributions_contribution_change", contribution.pk)


def reload(*contributions) -> list[Contribution]:
    for contribution in contributions:
        contribution.refresh_from_db()
    return list(contributions)


# The queue


def test_queue_lists_what_waits_first_then_the_newest(moderator, edition):
    published = make_contribution(edition)
    waiting_old = received(edition)
    newest = make_contribution(edition)
    waiting_new = received(edition)

    response = moderator.get(CHANGELIST)

    assert response.status_code == 200
    listed = [c.pk for c in response.context["cl"].result_list]
    assert listed[:2] == sorted([waiting_old.pk, waiting_new.pk], reverse=True)
    assert listed[2:] == [newest.pk, published.pk]


def test_queue_filters_the_waiting_ones_and_shows_flag_target_and_supporters(
    moderator, edition
):
    make_contribution(edition, body="Schon veröffentlicht")
    goal = edition.action_fields.get().goals.get()
    flagged = received(
        edition,
        goal=goal,
        body="Ein Beitrag mit Schimpfwort",
        is_flagged=True,
        flag_reason="Contains a blocked term: Schimpfwort",
        support_count=3,
    )

    response = moderator.get(CHANGELIST, {"state__exact": State.RECEIVED})

    assert [c.pk for c in response.context["cl"].result_list] == [flagged.pk]
    html = response.content.decode()
    assert "Ein Beitrag mit Schimpfwort" in html
    assert "Contains a blocked term: Schimpfwort" in html
    assert "Sprachkurse für alle, die sie brauchen" in html
    assert str(edition) in html
    assert 'class="field-support_count">3<' in html


def test_queue_searches_the_text(moderator, edition):
    wanted = received(edition, body="Mehr Sprachcafés in den Stadtteilen")
    received(edition, body="Etwas anderes")

    response = moderator.get(CHANGELIST, {"q": "Sprachcafés"})

    assert [c.pk for c in response.context["cl"].result_list] == [wanted.pk]


def test_queue_runs_a_constant_number_of_queries(
    moderator, edition, django_assert_max_num_queries
):
    goal = edition.action_fields.get().goals.get()
    for _ in range(2):
        received(edition)
        received(edition, goal=goal)
    with django_assert_max_num_queries(20) as few:
        moderator.get(CHANGELIST)
    for _ in range(15):
        received(edition)
        received(edition, action_field=goal.action_field)
    with django_assert_max_num_queries(len(few.captured_queries)):
        moderator.get(CHANGELIST)


# Publishing


def test_publish_in_bulk_publishes_tells_each_author_and_says_why_not_others(
    moderator, edition
):
    first, second = received(edition), received(edition, is_flagged=True)
    unconfirmed = make_contribution(
        edition, state=State.UNCONFIRMED, published_at=None, confirmed_at=None
    )

    response = run_action(moderator, "publish", first, second, unconfirmed)

    assert response.status_code == 302
    first, second, unconfirmed = reload(first, second, unconfirmed)
    assert (first.state, second.state) == (State.PUBLISHED, State.PUBLISHED)
    assert not second.is_flagged
    assert unconfirmed.state == State.UNCONFIRMED
    assert state_mails() == sorted([first.email, second.email])
    shown = messages_of(response)
    assert "2 contributions published." in shown
    assert any(
        m.startswith(f"Contribution {unconfirmed.pk}: ") and "not confirmed" in m
        for m in shown
    )


def test_publish_leaves_a_published_contribution_as_it_is_and_says_so(
    moderator, edition
):
    published = make_contribution(edition)

    response = run_action(moderator, "publish", published)

    assert state_mails() == []
    assert f"Contribution {published.pk} was left as it is (Published)." in (
        messages_of(response)
    )


# Not publishing, not taking up: with a reason


@pytest.fixture
def templates(city):
    return {
        use: ReasonTemplate.objects.create(
            city=city, use=use, title=f"Vorlage {use}", text=f"Begründung {use}."
        )
        for use in ReasonTemplate.Use.values
    }


def test_reject_asks_for_a_reason_offering_only_the_templates_for_rejecting(
    moderator, edition, templates
):
    contribution = received(edition, body="Ein unpassender Beitrag")

    response = run_action(moderator, "reject", contribution)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Vorlage reject" in html
    assert "Vorlage not_taken_up" not in html
    assert "Ein unpassender Beitrag" in html
    assert f'name="{ACTION_CHECKBOX_NAME}" value="{contribution.pk}"' in html
    assert reload(contribution)[0].state == State.RECEIVED


def test_reject_in_bulk_with_a_template_reason_tells_each_author(
    moderator, edition, templates
):
    first, second = received(edition), make_contribution(edition)

    response = confirm_action(
        moderator, "reject", first, second, template=templates["reject"].pk
    )

    assert response.status_code == 302
    for contribution in reload(first, second):
        assert contribution.state == State.REJECTED
        assert contribution.reason == "Begründung reject."
    assert state_mails() == sorted([first.email, second.email])
    assert "2 contributions not published." in messages_of(response)


def test_reject_adds_own_words_after_the_template(moderator, edition, templates):
    contribution = received(edition)

    confirm_action(
        moderator,
        "reject",
        contribution,
        template=templates["reject"].pk,
        reason="Bitte sachlich bleiben.",
    )

    assert reload(contribution)[0].reason == (
        "Begründung reject.\n\nBitte sachlich bleiben."
    )


def test_reject_without_any_reason_shows_the_error_beside_the_field(
    moderator, edition, templates
):
    contribution = received(edition)

    response = confirm_action(moderator, "reject", contribution, reason="  ")

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors.as_data()["reason"][0].code == "reason_required"
    html = response.content.decode()
    row = re.search(r'<div class="form-row errors field-reason">.*?</div>', html, re.S)
    assert row and 'id="id_reason_error"' in row.group(0)
    assert 'aria-describedby="id_reason_helptext id_reason_error"' in html
    assert reload(contribution)[0].state == State.RECEIVED
    assert state_mails() == []


def test_not_taken_up_in_bulk_with_its_own_template(moderator, edition, templates):
    first, second = make_contribution(edition), make_contribution(edition)

    page = run_action(moderator, "not_take_up", first, second).content.decode()
    response = confirm_action(
        moderator,
        "not_take_up",
        first,
        second,
        template=templates["not_taken_up"].pk,
    )

    assert "Vorlage not_taken_up" in page and "Vorlage reject" not in page
    for contribution in reload(first, second):
        assert contribution.state == State.NOT_TAKEN_UP
        assert contribution.reason == "Begründung not_taken_up."
    assert state_mails() == sorted([first.email, second.email])
    assert "2 contributions marked as not taken up." in messages_of(response)


def test_not_taken_up_refuses_a_template_for_rejecting(moderator, edition, templates):
    contribution = make_contribution(edition)

    response = confirm_action(
        moderator, "not_take_up", contribution, template=templates["reject"].pk
    )

    assert response.status_code == 200
    assert "template" in response.context["form"].errors
    assert reload(contribution)[0].state == State.PUBLISHED


def test_reason_page_without_templates_asks_for_own_words(moderator, edition):
    contribution = received(edition)

    response = run_action(moderator, "reject", contribution)

    assert "template" not in response.context["form"].fields
    assert admin_url("admin:contributions_reasontemplate_changelist") in (
        response.content.decode()
    )


# Taking up


def test_take_up_in_bulk_links_a_goal_and_a_measure_and_tells_each_author(
    moderator, edition
):
    goal = edition.action_fields.get().goals.get()
    measure = Measure.objects.create(goal=goal, title="Sprachcafé in jedem Stadtteil")
    first, second = received(edition), make_contribution(edition, goal=goal)

    page = run_action(moderator, "take_up", first, second)
    response = confirm_action(
        moderator,
        "take_up",
        first,
        second,
        goal=goal.pk,
        measure=measure.pk,
        answer="Danke, das nehmen wir auf.",
    )

    assert "Sprachcafé in jedem Stadtteil" in page.content.decode()
    assert response.status_code == 302
    for contribution in reload(first, second):
        assert contribution.state == State.TAKEN_UP
        assert (contribution.result_goal, contribution.result_measure) == (
            goal,
            measure,
        )
        assert contribution.answer == "Danke, das nehmen wir auf."
    assert state_mails() == sorted([first.email, second.email])
    assert "2 contributions marked as taken up." in messages_of(response)


def test_take_up_offers_only_goals_of_the_contributions_edition(
    moderator, city, edition
):
    other = make_consultation(city, number=10, year=2031)
    other.action_fields.get().goals.update(title="Ziel des anderen Entwurfs")
    contribution = received(edition)

    response = run_action(moderator, "take_up", contribution)

    html = response.content.decode()
    assert "Sprachkurse für alle, die sie brauchen" in html
    assert "Ziel des anderen Entwurfs" not in html
    foreign = other.action_fields.get().goals.get()
    refused = confirm_action(moderator, "take_up", contribution, goal=foreign.pk)
    assert "goal" in refused.context["form"].errors
    assert reload(contribution)[0].state == State.RECEIVED


def test_take_up_refuses_contributions_of_several_editions(moderator, city, edition):
    other = make_consultation(city, number=10, year=2031)
    mine, theirs = received(edition), received(other)

    response = run_action(moderator, "take_up", mine, theirs)

    assert response.status_code == 302
    assert any("one edition" in m for m in messages_of(response))
    assert [c.state for c in reload(mine, theirs)] == [State.RECEIVED] * 2


def test_take_up_without_goal_or_measure_keeps_the_answer_typed(moderator, edition):
    contribution = received(edition)

    response = confirm_action(
        moderator, "take_up", contribution, answer="Unsere Antwort <bleibt>"
    )

    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["goal"][0].code == (
        "result_required"
    )
    html = response.content.decode()
    assert "Unsere Antwort &lt;bleibt&gt;</textarea>" in html
    assert 'id="id_goal_error"' in html
    assert reload(contribution)[0].state == State.RECEIVED


# Merging


def test_merge_in_bulk_keeps_the_chosen_one_and_tells_the_others(moderator, edition):
    keep = make_contribution(edition, body="Das Original")
    first, second = received(edition), make_contribution(edition)

    page = run_action(moderator, "merge", first, keep, second)
    response = confirm_action(moderator, "merge", first, keep, second, keep=keep.pk)

    assert "Das Original" in page.content.decode()
    assert response.status_code == 302
    first, keep, second = reload(first, keep, second)
    assert (first.state, first.merged_into) == (State.MERGED, keep)
    assert (second.state, second.merged_into) == (State.MERGED, keep)
    assert keep.state == State.PUBLISHED
    assert state_mails() == sorted([first.email, second.email])
    assert f"2 contributions merged into Contribution {keep.pk}." in (
        messages_of(response)
    )


def test_merge_into_another_contribution_by_its_number(moderator, edition):
    keep = make_contribution(edition)
    duplicate = received(edition)

    confirm_action(moderator, "merge", duplicate, number=keep.pk)

    assert reload(duplicate)[0].merged_into == keep


def test_merge_shows_a_wrong_number_beside_its_field_and_keeps_it(moderator, edition):
    duplicate = received(edition)

    response = confirm_action(moderator, "merge", duplicate, number=99999)

    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["number"][0].code == "not_found"
    html = response.content.decode()
    assert 'value="99999"' in html
    assert 'id="id_number_error"' in html
    assert reload(duplicate)[0].state == State.RECEIVED


def test_merge_into_an_unpublished_one_is_refused_beside_the_choice(moderator, edition):
    first, second = received(edition), received(edition)

    response = confirm_action(moderator, "merge", first, second, keep=first.pk)

    assert response.status_code == 200
    assert response.context["form"].errors["keep"] == [
        "Merge into a published contribution that was not merged itself."
    ]
    checked = re.search(
        r'<input[^>]*name="keep"[^>]*checked[^>]*>', response.content.decode()
    )
    assert checked and f'value="{first.pk}"' in checked.group(0)
    assert [c.state for c in reload(first, second)] == [State.RECEIVED] * 2
    assert state_mails() == []


# Answering


def test_answer_is_written_on_the_contributions_page(moderator, edition):
    contribution = make_contribution(edition, body="Bitte mehr Sprachkurse")

    response = moderator.post(
        change_url(contribution),
        {"answer": "  Wir prüfen das.  ", "_save": "Save"},
    )

    assert response.status_code == 302
    contribution = reload(contribution)[0]
    assert contribution.answer == "Wir prüfen das."
    assert contribution.answered_at is not None
    assert contribution.body == "Bitte mehr Sprachkurse"
    assert contribution.state == State.PUBLISHED


def test_residents_words_cannot_be_changed_on_the_page(moderator, edition):
    contribution = make_contribution(edition, body="Original")

    html = moderator.get(change_url(contribution)).content.decode()
    moderator.post(
        change_url(contribution),
        {"answer": "", "body": "Gefälscht", "state": "rejected", "_save": "Save"},
    )

    assert 'name="answer"' in html
    assert 'name="body"' not in html
    assert 'name="state"' not in html
    contribution = reload(contribution)[0]
    assert (contribution.body, contribution.state) == ("Original", State.PUBLISHED)


# Applying text suggestions


def test_apply_shows_each_suggestion_as_a_word_diff_first(moderator, edition):
    first = suggestion(edition)
    comment = received(edition)

    response = run_action(moderator, "apply_suggestions", first, comment)

    html = response.content.decode()
    assert "<del>" in html and "<ins>" in html
    assert "gemeinsam tragen" in html
    assert str(comment) in html  # left out: not a suggestion
    assert reload(first)[0].state == State.RECEIVED


def test_apply_in_bulk_changes_the_draft_and_tells_each_author(moderator, edition):
    grundsaetze = edition.sections.get(slug="grundsaetze")
    first = suggestion(edition)
    second = suggestion(edition, passage="in allen Lebensbereichen", proposal="überall")

    response = confirm_action(
        moderator, "apply_suggestions", first, second, note="Aus der Beteiligung"
    )

    assert response.status_code == 302
    grundsaetze.refresh_from_db()
    assert PROPOSAL in grundsaetze.body
    assert "Wir fördern Teilhabe überall." in grundsaetze.body
    for contribution in reload(first, second):
        assert contribution.state == State.TAKEN_UP
        assert contribution.result_change.note == "Aus der Beteiligung"
    assert TextChange.objects.filter(section=grundsaetze).count() == 2
    assert state_mails() == sorted([first.email, second.email])
    assert (
        "2 text suggestions applied to the draft and marked as taken up."
        in messages_of(response)
    )


def test_apply_flags_a_suggestion_whose_passage_no_longer_occurs(moderator, edition):
    grundsaetze = edition.sections.get(slug="grundsaetze")
    applies = suggestion(
        edition, passage="in allen Lebensbereichen", proposal="überall"
    )
    stale = suggestion(edition)
    grundsaetze.body = grundsaetze.body.replace("gemeinsame", "geteilte")
    grundsaetze.save()

    response = confirm_action(moderator, "apply_suggestions", applies, stale)

    applies, stale = reload(applies, stale)
    assert applies.state == State.TAKEN_UP
    assert stale.state == State.RECEIVED
    assert stale.is_flagged
    assert state_mails() == [applies.email]
    shown = messages_of(response)
    assert "1 text suggestion applied to the draft and marked as taken up." in shown
    assert (
        f"Contribution {stale.pk} was flagged instead of applied: The passage "
        "no longer occurs in the section's text." in shown
    )


def test_suggestion_page_has_a_button_that_applies_it(moderator, edition):
    contribution = suggestion(edition)
    url = change_url(contribution)

    html = moderator.get(url).content.decode()
    preview = moderator.post(
        url,
        {
            "CHANGE_FORM-action": "apply_suggestions",
            ACTION_CHECKBOX_NAME: contribution.pk,
        },
    )
    applied = moderator.post(
        url,
        {
            "CHANGE_FORM-action": "apply_suggestions",
            ACTION_CHECKBOX_NAME: contribution.pk,
            "post": "yes",
            "note": "",
        },
    )

    assert "Apply this suggestion to the text" in html
    assert "<ins>" in html  # the preview on the page itself
    assert preview.status_code == 200
    assert f'action="{url}"' in preview.content.decode()
    assert applied.status_code == 302 and applied["Location"] == url
    contribution = reload(contribution)[0]
    assert contribution.state == State.TAKEN_UP
    assert contribution.result_change.note == contribution.body


def test_comment_page_has_no_apply_button(moderator, edition):
    html = moderator.get(change_url(received(edition))).content.decode()

    assert "Apply this suggestion to the text" not in html


# Who may moderate


@pytest.fixture
def viewer(client, django_user_model):
    """Staff who may look at contributions (and even change them) but not
    moderate."""
    return staff_client(
        client,
        django_user_model,
        "contributions.view_contribution",
        "contributions.change_contribution",
        "contributions.view_contributor_data",
    )


def test_staff_without_moderate_permission_see_no_actions(viewer, edition):
    contribution = received(
        edition,
        kind=Contribution.Kind.SUGGESTION,
        section=edition.sections.get(slug="grundsaetze"),
        passage=PASSAGE,
        proposal=PROPOSAL,
    )

    listing = viewer.get(CHANGELIST)
    page = viewer.get(change_url(contribution))

    assert listing.status_code == 200
    assert 'name="action"' not in listing.content.decode()
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="CHANGE_FORM-action"' not in html
    assert "Apply this suggestion to the text" not in html
    assert 'name="answer"' not in html


@pytest.mark.parametrize(
    "action",
    ["publish", "reject", "not_take_up", "take_up", "merge", "apply_suggestions"],
)
def test_staff_without_moderate_permission_cannot_run_an_action(
    viewer, edition, action
):
    keep = make_contribution(edition)
    contribution = suggestion(edition)

    asked = run_action(viewer, action, contribution)
    response = confirm_action(
        viewer, action, contribution, keep=keep.pk, reason="Weil.", template=""
    )

    # The list ignores an action it does not offer: no page asks for more,
    # nothing changes.
    for attempt in (asked, response):
        assert attempt.status_code in (200, 302, 403)
        assert not [
            t.name
            for t in attempt.templates
            if t.name.startswith("admin/contributions/contribution/")
        ]
    assert reload(contribution)[0].state == State.RECEIVED
    assert state_mails() == []


def test_staff_without_moderate_permission_cannot_answer(viewer, edition):
    contribution = make_contribution(edition)

    response = viewer.post(change_url(contribution), {"answer": "Nein", "_save": "1"})
    from_page = viewer.post(
        change_url(contribution),
        {"CHANGE_FORM-action": "publish", ACTION_CHECKBOX_NAME: contribution.pk},
    )

    assert response.status_code == 403
    assert from_page.status_code == 403
    assert reload(contribution)[0].answer == ""


@pytest.fixture
def ki_staff(client, db, django_user_model):
    call_command("ensure_staff_group", stdout=io.StringIO())
    user = django_user_model.objects.create_user(
        "ki", "ki@example.org", None, is_staff=True
    )
    user.groups.add(Group.objects.get(name="KI staff"))
    client.force_login(user)
    return client


def test_a_ki_staff_member_moderates_without_being_superuser(ki_staff, edition):
    contribution = received(edition, author_name="Ada Lovelace")

    listing = ki_staff.get(CHANGELIST).content.decode()
    response = run_action(ki_staff, "publish", contribution)

    assert 'value="publish"' in listing
    assert "Ada Lovelace" in listing
    assert response.status_code == 302
    assert reload(contribution)[0].state == State.PUBLISHED
    assert state_mails() == [contribution.email]


# Personal data


def test_personal_data_is_hidden_without_view_contributor_data(
    client, django_user_model, edition
):
    moderator = staff_client(
        client, django_user_model, *(p for p in MODERATOR if "contributor" not in p)
    )
    contribution = received(
        edition, author_name="Ada Lovelace", email="ada@example.org"
    )
    Support.objects.create(contribution=contribution, email="bob@example.org")

    listing = moderator.get(CHANGELIST).content.decode()
    page = moderator.get(change_url(contribution)).content.decode()
    searched = moderator.get(CHANGELIST, {"q": "ada@example.org"})

    for html in (listing, page):
        assert "Ada Lovelace" not in html
        assert "ada@example.org" not in html
        assert contribution.body in html
    assert list(searched.context["cl"].result_list) == []


def test_personal_data_is_shown_with_view_contributor_data(moderator, edition):
    contribution = received(
        edition, author_name="Ada Lovelace", email="ada@example.org"
    )

    listing = moderator.get(CHANGELIST).content.decode()
    page = moderator.get(change_url(contribution)).content.decode()
    searched = moderator.get(CHANGELIST, {"q": "ada@example.org"})

    assert "Ada Lovelace" in listing and "ada@example.org" in listing
    assert "Ada Lovelace" in page and "ada@example.org" in page
    assert list(searched.context["cl"].result_list) == [contribution]


@pytest.mark.parametrize("may_see", [False, True])
def test_supporters_addresses_need_view_contributor_data(
    client, django_user_model, edition, may_see
):
    contribution = make_contribution(edition)
    support = Support.objects.create(contribution=contribution, email="bob@example.org")
    permissions = ["contributions.view_support"]
    if may_see:
        permissions.append("contributions.view_contributor_data")
    staff = staff_client(client, django_user_model, *permissions)

    listing = staff.get(admin_url("admin:contributions_support_changelist"))
    page = staff.get(admin_url("admin:contributions_support_change", support.pk))

    assert listing.status_code == page.status_code == 200
    assert str(contribution) in listing.content.decode()
    for response in (listing, page):
        assert ("bob@example.org" in response.content.decode()) is may_see


# Reason templates, blocked terms, text changes


@pytest.fixture
def editor(client, django_user_model):
    return staff_client(
        client,
        django_user_model,
        "contributions.view_reasontemplate",
        "contributions.add_reasontemplate",
        "contributions.change_reasontemplate",
        "contributions.view_blockedterm",
        "contributions.add_blockedterm",
        "contributions.change_blockedterm",
    )


REASON_ADD = admin_url("admin:contributions_reasontemplate_add")
TERM_ADD = admin_url("admin:contributions_blockedterm_add")


def test_reason_template_takes_the_only_city_without_asking(editor, city):
    form = editor.get(REASON_ADD).content.decode()
    response = editor.post(
        REASON_ADD,
        {
            "use": "reject",
            "title": "Werbung",
            "text": "Werbung zeigen wir nicht.",
            "order": 0,
            "_save": "Save",
        },
    )

    assert 'name="city"' not in form
    assert response.status_code == 302
    assert ReasonTemplate.objects.get().city == city


def test_reason_template_with_a_title_taken_shows_the_error_beside_the_title(
    editor, city
):
    ReasonTemplate.objects.create(city=city, use="reject", title="Werbung", text="x")

    response = editor.post(
        REASON_ADD,
        {
            "use": "reject",
            "title": "Werbung",
            "text": "Mein neuer Text",
            "order": 0,
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors.as_data()["title"][0].code == "duplicate"
    assert "Mein neuer Text</textarea>" in response.content.decode()
    assert ReasonTemplate.objects.count() == 1
    # The same title for the other use is another template.
    editor.post(
        REASON_ADD,
        {
            "use": "not_taken_up",
            "title": "Werbung",
            "text": "y",
            "order": 0,
            "_save": "Save",
        },
    )
    assert ReasonTemplate.objects.count() == 2


def test_blocked_term_asks_for_the_city_when_there_are_several(editor, city):
    other = make_city()

    form = editor.get(TERM_ADD).content.decode()
    response = editor.post(TERM_ADD, {"city": other.pk, "term": "Spam", "_save": "1"})

    assert 'name="city"' in form
    assert response.status_code == 302
    assert BlockedTerm.objects.get().city == other


def test_blocked_term_already_blocked_in_other_case_is_refused_beside_it(editor, city):
    BlockedTerm.objects.create(city=city, term="Spam")

    response = editor.post(TERM_ADD, {"term": "  SPAM ", "_save": "1"})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert errors["term"][0].code == "duplicate"
    assert BlockedTerm.objects.count() == 1


def test_text_change_is_a_read_only_record_with_its_diff(
    moderator, client, edition, django_user_model
):
    contribution = suggestion(edition)
    confirm_action(moderator, "apply_suggestions", contribution)
    change = TextChange.objects.get()
    url = admin_url("admin:contributions_textchange_change", change.pk)

    html = moderator.get(url)

    # The moderator may not see text changes; a superuser may, read-only.
    assert html.status_code == 403
    client.force_login(
        django_user_model.objects.create_superuser("root", "root@example.org", None)
    )
    page = client.get(url).content.decode()
    assert "<del>" in page and "<ins>" in page
    assert 'name="_save"' not in page
    assert str(contribution) in page
    assert client.post(url, {"note": "anders"}).status_code == 403
    assert TextChange.objects.get().note == contribution.body


# The German back office


def test_the_german_back_office_pages_render_for_ki_staff(ki_staff, city, edition):
    changelist = reverse("admin:contributions_contribution_changelist")
    goal = edition.action_fields.get().goals.get()
    Measure.objects.create(goal=goal, title="Sprachcafé")
    template = ReasonTemplate.objects.create(
        city=city, use="reject", title="Werbung", text="Werbung zeigen wir nicht."
    )
    term = BlockedTerm.objects.create(city=city, term="Spam")
    comment = received(edition, goal=goal)
    keep = make_contribution(edition)
    applied = suggestion(edition)
    confirm_action(ki_staff, "apply_suggestions", applied, url=changelist)
    pending = suggestion(
        edition, passage="in allen Lebensbereichen", proposal="überall"
    )
    support = Support.objects.create(contribution=keep, email="bob@example.org")
    pages = [
        changelist,
        f"{changelist}?state__exact=received",
        *(
            reverse("admin:contributions_contribution_change", args=[contribution.pk])
            for contribution in (comment, keep, applied, pending)
        ),
        reverse("admin:contributions_reasontemplate_changelist"),
        reverse("admin:contributions_reasontemplate_add"),
        reverse("admin:contributions_reasontemplate_change", args=[template.pk]),
        reverse("admin:contributions_blockedterm_changelist"),
        reverse("admin:contributions_blockedterm_add"),
        reverse("admin:contributions_blockedterm_change", args=[term.pk]),
        reverse("admin:contributions_textchange_changelist"),
        reverse(
            "admin:contributions_textchange_change",
            args=[TextChange.objects.get().pk],
        ),
        reverse("admin:contributions_support_changelist"),
        reverse("admin:contributions_support_change", args=[support.pk]),
        reverse("admin:leitbild_edition_change", args=[edition.pk]),
        reverse("admin:app_list", args=["contributions"]),
    ]
    for url in pages:
        response = ki_staff.get(url, HTTP_ACCEPT_LANGUAGE="de")
        assert response.status_code == 200, url
        assert '<html lang="de"' in response.content.decode(), url

    for action in ("reject", "not_take_up", "take_up", "merge", "apply_suggestions"):
        response = ki_staff.post(
            changelist,
            {"action": action, ACTION_CHECKBOX_NAME: [keep.pk, pending.pk], "index": 0},
            HTTP_ACCEPT_LANGUAGE="de",
        )
        assert response.status_code == 200, action
        html = response.content.decode()
        assert '<html lang="de"' in html, action
        assert "Abbrechen" in html, action
        heading = (
            "Der Textvorschlag"
            if action == "apply_suggestions"
            else "Die 2 ausgewählten Beiträge"
        )
        assert heading in html, action
    listing = ki_staff.get(changelist, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    for german in ("Beiträge", "Veröffentlichen", "Nicht veröffentlichen, mit "):
        assert german in listing, german
    for english in ("Publish<", "Do not publish", "Received", "supporters"):
        assert english not in listing, english
