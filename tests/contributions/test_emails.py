"""The e-mails about contributions: the confirmation request, one e-mail
for each change of state the author hears about (always with a working link
to withdraw), the supporter's confirmation request; each in the language
stored on it, sent only after the change is saved, and kept when the mail
server fails."""

import datetime as dt
import re

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from contributions import services
from contributions.models import BlockedTerm, Contribution
from handlungsfelder.models import Measure
from registrations.emails import mail_render, mail_retry_due
from registrations.models import OutgoingMail
from tests.conftest import make_consultation, make_contribution

State = Contribution.State

FAILING_MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
    }
}


@pytest.fixture
def edition(city):
    city.contact_email = "ki@example.org"
    city.save()
    return make_consultation(city)


@pytest.fixture
def section(edition):
    return edition.sections.get(slug="grundsaetze")


def link_in(message, name: str) -> str:
    """The path of the portal link of the given kind in an e-mail body."""
    pattern = {
        "confirm": r"https?://\S+/beitrag/bestaetigen/\S+/",
        "withdraw": r"https?://\S+/beitrag/zurueckziehen/\S+/",
        "support": r"https?://\S+/beitrag/unterstuetzen/bestaetigen/\S+/",
    }[name]
    found = re.search(pattern, message.body)
    assert found, f"no {name} link in:\n{message.body}"
    return "/" + found.group(0).split("/", 3)[3]


def create(section, **overrides):
    values = {
        "section": section,
        "body": "Bitte mehr Sprachkurse am Abend.",
        "author_name": "Ayşe",
        "email": "ayse@example.org",
        "consent": True,
        "language": "de",
    }
    values.update(overrides)
    return services.contribution_create(**values)


# Confirming a contribution


def test_the_confirm_mail_quotes_the_contribution_and_its_link_confirms_it(
    client, section, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contribution = create(section)
    [mail] = mailoutbox
    assert mail.to == ["ayse@example.org"]
    assert mail.reply_to == ["ki@example.org"]
    assert mail.subject == "Bitte bestätigen Sie Ihren Beitrag zu „Grundsätze“"
    assert "Hallo Ayşe," in mail.body
    assert "Bitte mehr Sprachkurse am Abend." in mail.body
    assert "Er gilt 7 Tage" in mail.body
    assert "wird Ihr Beitrag geprüft und dann veröffentlicht" in mail.body
    assert "ki@example.org" in mail.body
    confirm = link_in(mail, "confirm")
    client.post(confirm)
    contribution.refresh_from_db()
    assert contribution.state == State.RECEIVED


def test_the_confirm_mail_of_a_suggestion_shows_passage_and_new_wording(
    section, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        create(
            section,
            kind=Contribution.Kind.SUGGESTION,
            passage="gemeinsame Aufgabe",
            proposal="Aufgabe von uns allen",
            body="Das klingt näher.",
            language="en",
        )
    [mail] = mailoutbox
    assert mail.subject == "Please confirm your contribution on “Grundsätze”"
    assert "Passage: gemeinsame Aufgabe" in mail.body
    assert "New wording: Aufgabe von uns allen" in mail.body
    assert "Reason: Das klingt näher." in mail.body
    assert "It is valid for 7 days" in mail.body


@pytest.mark.parametrize(
    ("publish_directly", "blocked", "next_step"),
    [
        (True, False, "your contribution is shown on the page"),
        (True, True, "your contribution is checked and then published"),
        (False, False, "your contribution is checked and then published"),
    ],
)
def test_the_confirm_mail_says_what_happens_next(
    city,
    edition,
    section,
    mailoutbox,
    django_capture_on_commit_callbacks,
    publish_directly,
    blocked,
    next_step,
):
    edition.contributions_publish_directly = publish_directly
    edition.save()
    BlockedTerm.objects.create(city=city, term="Werbung")
    body = "Werbung für alle." if blocked else "Sprachkurse für alle."
    with django_capture_on_commit_callbacks(execute=True):
        create(section, body=body, language="en")
    assert next_step in mailoutbox[0].body


# Changes of state


def publish(contribution):
    services.contribution_publish(contribution=contribution)


def reject(contribution):
    services.contribution_reject(
        contribution=contribution, reason="Der Beitrag hat nichts mit dem Text zu tun."
    )


def not_take_up(contribution):
    services.contribution_not_take_up(
        contribution=contribution, reason="Das entscheidet das Land."
    )


def take_up_goal(contribution):
    goal = contribution.edition.action_fields.get().goals.get()
    services.contribution_take_up(contribution=contribution, goal=goal)


def take_up_measure(contribution):
    goal = contribution.edition.action_fields.get().goals.get()
    measure = Measure.objects.create(goal=goal, title="Sprachcafé am Abend")
    services.contribution_take_up(contribution=contribution, measure=measure)


def merge(contribution):
    into = make_contribution(contribution.edition, body="Der ältere Beitrag")
    services.contribution_merge(contribution=contribution, into=into)


GOAL_PATH = "/leitbild/2030/handlungsfelder/sprache/ziele/"


@pytest.mark.parametrize(
    ("step", "state", "language", "subject", "particulars"),
    [
        (
            publish,
            State.RECEIVED,
            "de",
            "Ihr Beitrag zu „Präambel“ ist veröffentlicht",
            ["ist jetzt veröffentlicht", "/leitbild/2030/abschnitte/praeambel/#"],
        ),
        (
            publish,
            State.RECEIVED,
            "en",
            "Your contribution on “Präambel” is published",
            ["is now published", "/leitbild/2030/abschnitte/praeambel/#"],
        ),
        (
            reject,
            State.RECEIVED,
            "de",
            "Ihr Beitrag zu „Präambel“ wurde nicht veröffentlicht",
            ["Der Grund:", "Der Beitrag hat nichts mit dem Text zu tun."],
        ),
        (
            not_take_up,
            State.PUBLISHED,
            "en",
            "Your contribution on “Präambel” was not taken up",
            ["The reason:", "Das entscheidet das Land."],
        ),
        (
            take_up_goal,
            State.PUBLISHED,
            "de",
            "Ihr Beitrag zu „Präambel“ wurde aufgegriffen",
            [
                "Daraus wurde dieses Ziel: Sprachkurse für alle, die sie brauchen",
                GOAL_PATH,
            ],
        ),
        (
            take_up_measure,
            State.PUBLISHED,
            "en",
            "Your contribution on “Präambel” was taken up",
            ["It led to this measure: Sprachcafé am Abend", GOAL_PATH],
        ),
        (
            merge,
            State.PUBLISHED,
            "de",
            "Ihr Beitrag zu „Präambel“ wurde mit einem ähnlichen zusammengeführt",
            ["beide zusammengeführt", "/leitbild/2030/abschnitte/praeambel/#beitrag-"],
        ),
    ],
)
def test_each_change_of_state_is_told_in_the_authors_language_with_a_withdraw_link(
    client,
    edition,
    mailoutbox,
    django_capture_on_commit_callbacks,
    step,
    state,
    language,
    subject,
    particulars,
):
    contribution = make_contribution(
        edition,
        state=state,
        published_at=None if state == State.RECEIVED else timezone.now(),
        language=language,
        body="Mehr Kurse am Abend, bitte.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        step(contribution)
    [mail] = mailoutbox
    assert mail.to == [contribution.email]
    assert mail.subject == subject
    greeting = "Hallo" if language == "de" else "Hello"
    assert f"{greeting} {contribution.author_name}," in mail.body
    assert "Mehr Kurse am Abend, bitte." in mail.body
    for particular in particulars:
        assert particular in mail.body
    if step is merge:
        into = Contribution.objects.get(body="Der ältere Beitrag")
        assert f"#beitrag-{into.pk}" in mail.body
    withdraw = link_in(mail, "withdraw")
    assert client.post(withdraw).status_code == 302
    contribution.refresh_from_db()
    assert contribution.state == State.WITHDRAWN


def test_an_applied_suggestion_tells_the_author_that_the_text_was_changed(
    section, mailoutbox, django_capture_on_commit_callbacks
):
    contribution = services.contribution_confirm(
        contribution=create(
            section,
            kind=Contribution.Kind.SUGGESTION,
            passage="gemeinsame Aufgabe",
            proposal="Aufgabe von uns allen",
            body="Näher an den Menschen.",
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_apply(contribution=contribution)
    [mail] = [m for m in mailoutbox if "aufgegriffen" in m.subject]
    assert "Der Text des Entwurfs wurde entsprechend geändert:" in mail.body
    assert "/leitbild/2030/abschnitte/grundsaetze/\n" in mail.body
    assert link_in(mail, "withdraw")


def test_the_state_mail_carries_the_public_answer(
    edition, mailoutbox, django_capture_on_commit_callbacks
):
    contribution = make_contribution(edition, language="en")
    goal = edition.action_fields.get().goals.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_take_up(
            contribution=contribution, goal=goal, answer="Danke, das machen wir."
        )
    [mail] = mailoutbox
    assert (
        "The answer from Kommunales Integrationszentrum Beispielstadt:\n"
        "Danke, das machen wir." in mail.body
    )


def test_answering_withdrawing_and_confirming_into_moderation_send_no_state_mail(
    edition, section, mailoutbox, django_capture_on_commit_callbacks
):
    published = make_contribution(edition)
    with django_capture_on_commit_callbacks(execute=True):
        contribution = create(section)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_confirm(contribution=contribution)
        services.contribution_answer(contribution=published, answer="Danke!")
        services.contribution_withdraw(contribution=published)
    assert mailoutbox == []


# Support


@pytest.mark.parametrize(
    ("language", "subject", "counts"),
    [
        ("de", "Bitte bestätigen Sie Ihre Unterstützung", "Ihre Unterstützung zählt"),
        ("en", "Please confirm your support", "Your support counts"),
    ],
)
def test_the_supporters_mail_links_to_confirming_the_support(
    client,
    edition,
    mailoutbox,
    django_capture_on_commit_callbacks,
    language,
    subject,
    counts,
):
    contribution = make_contribution(edition, body="Mehr Kurse am Abend, bitte.")
    with django_capture_on_commit_callbacks(execute=True):
        services.support_create(
            contribution=contribution, email="fan@example.org", language=language
        )
    [mail] = mailoutbox
    assert mail.to == ["fan@example.org"]
    assert mail.subject == subject
    assert counts in mail.body
    assert "Mehr Kurse am Abend, bitte." in mail.body
    assert contribution.author_name in mail.body
    assert contribution.email not in mail.body
    confirm = link_in(mail, "support")
    client.post(confirm)
    contribution.refresh_from_db()
    assert contribution.support_count == 1


# Sending


def test_nothing_is_sent_before_the_contribution_is_saved(
    section, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        contribution = create(section)
        assert mailoutbox == []
        assert Contribution.objects.filter(pk=contribution.pk).exists()
        mail = OutgoingMail.objects.get()
        assert mail.status == OutgoingMail.Status.QUEUED
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT
    assert len(mailoutbox) == 1


def test_nothing_is_sent_when_the_contribution_rolls_back(section, mailoutbox):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            create(section)
            raise RuntimeError
    assert not Contribution.objects.exists()
    assert not OutgoingMail.objects.exists()
    assert mailoutbox == []


def test_a_failing_mail_server_loses_nothing(
    client, section, settings, mailoutbox, django_capture_on_commit_callbacks
):
    good = settings.MAILERS
    settings.MAILERS = FAILING_MAILERS
    with django_capture_on_commit_callbacks(execute=True):
        contribution = create(section)
    contribution.refresh_from_db()
    assert contribution.state == State.UNCONFIRMED
    mail = OutgoingMail.objects.get()
    assert mail.status == OutgoingMail.Status.FAILED
    assert mail.attempts == 1
    assert mail.last_error
    assert mailoutbox == []
    settings.MAILERS = good
    assert mail_retry_due(now=timezone.now() + dt.timedelta(minutes=6)) == 1
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT
    [sent] = mailoutbox
    client.post(link_in(sent, "confirm"))
    contribution.refresh_from_db()
    assert contribution.state == State.RECEIVED


# The language the person used on the site


def test_a_contribution_made_on_an_arabic_page_gets_arabic_emails(
    client, section, mailoutbox, django_capture_on_commit_callbacks
):
    section.title_ar = "المبادئ"
    section.save()
    with translation.override("ar"):
        path = reverse(
            "contributions:section",
            kwargs={"year": section.edition.year, "slug": section.slug},
        )
        subject = gettext("Please confirm your contribution on “%(title)s”") % {
            "title": "المبادئ"
        }
    assert path.startswith("/ar/")
    data = {
        "form": "comment",
        "comment-body": "نريد دروس لغة مجانية في المساء.",
        "comment-author_name": "Amal",
        "comment-email": "amal@example.org",
        "comment-stakeholder_group": "",
        "comment-district": "",
        "comment-consent": "on",
        "comment-homepage": "",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, data, HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.language == "ar"
    [mail] = mailoutbox
    assert mail.subject == subject
    assert link_in(mail, "confirm").startswith("/ar/")
    assert "/ar/mitmachen/\n" in mail.body
    # Rendered again by a worker that runs in German: still in Arabic.
    with translation.override("de"):
        again = mail_render(OutgoingMail.objects.get())
    assert again.subject == subject
    assert link_in(again, "confirm").startswith("/ar/")
