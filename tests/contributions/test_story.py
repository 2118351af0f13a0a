"""The issue's "done means", end to end on the shipped data and the example
draft: a resident who never came to a workshop comments, suggests a new
wording and supports someone else's idea without an account; staff publish
the comment, accept the suggestion and link the idea to a goal; the
resident hears of each step; the goal shows where it came from; and the
participation report names nobody."""

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.utils import translation

from contributions.models import Contribution, TextChange
from core.text import markdown_to_text
from handlungsfelder.models import Goal
from leitbild.models import Edition
from tests.conftest import html_of

CHANGELIST = "/admin/contributions/contribution/"
RESIDENT = "nour.haddad@example.org"
NAME = "Nour Haddad"


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def a_sentence(section) -> str:
    """A sentence of the section that occurs once, as the page shows it."""
    text = markdown_to_text(section.body)
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if len(sentence.split()) >= 6 and text.count(sentence) == 1:
            if sentence in " ".join(section.body.split()):
                return sentence
    raise AssertionError(f"no quotable sentence in {section.slug}")


def links_in(mail) -> list[str]:
    return re.findall(r"https?://\S+", mail.body)


def confirm_by_mail(client, mail, path_part: str) -> None:
    """Open the link of an e-mail and press its button, as a person does."""
    [link] = [url for url in links_in(mail) if path_part in url]
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    assert client.post(path).status_code in (200, 302)


def test_a_resident_takes_part_online_and_sees_what_came_of_it(
    muenster,
    client,
    admin_client,
    mailoutbox,
    django_capture_on_commit_callbacks,
    _media,
):
    call_command("load_examples", stdout=open("/dev/null", "w"))
    draft = Edition.objects.get(is_example=True)
    assert draft.consultation_is_open()
    assert Edition.objects.get(year=2025).is_frozen
    section = draft.sections.order_by("order").first()
    passage = a_sentence(section)
    section_page = f"/leitbild/{draft.year}/abschnitte/{section.slug}/"
    someone_elses = Contribution.objects.public().filter(
        edition=draft, action_field__isnull=False
    )[0]

    # The resident, without an account: a comment, a suggestion, a support.
    with django_capture_on_commit_callbacks(execute=True):
        comment = client.post(
            section_page,
            {
                "form": "comment",
                "comment-body": "Bitte auch Angebote am Wochenende.",
                "comment-author_name": NAME,
                "comment-email": RESIDENT,
                "comment-consent": "on",
                "comment-homepage": "",
            },
            HTTP_ACCEPT_LANGUAGE="de",
        )
        suggestion = client.post(
            section_page,
            {
                "form": "suggestion",
                "suggestion-passage": passage,
                "suggestion-proposal": passage.rstrip(".") + ", für alle.",
                "suggestion-body": "So ist klar, wen es meint.",
                "suggestion-author_name": NAME,
                "suggestion-email": RESIDENT,
                "suggestion-consent": "on",
                "suggestion-homepage": "",
            },
            HTTP_ACCEPT_LANGUAGE="de",
        )
        support_page = f"/beitrag/{someone_elses.pk}/unterstuetzen/"
        support = client.post(
            support_page,
            {
                f"support-{someone_elses.pk}-email": RESIDENT,
                f"support-{someone_elses.pk}-consent": "on",
                f"support-{someone_elses.pk}-homepage": "",
            },
            HTTP_ACCEPT_LANGUAGE="de",
        )
    assert comment.status_code == suggestion.status_code == support.status_code == 302
    mine = Contribution.objects.filter(email=RESIDENT).order_by("pk")
    assert [c.state for c in mine] == [Contribution.State.UNCONFIRMED] * 2
    assert len(mailoutbox) == 3

    # Double opt-in: each link confirmed by pressing its button.
    with django_capture_on_commit_callbacks(execute=True):
        confirm_by_mail(client, mailoutbox[0], "/beitrag/bestaetigen/")
        confirm_by_mail(client, mailoutbox[1], "/beitrag/bestaetigen/")
        confirm_by_mail(client, mailoutbox[2], "/beitrag/unterstuetzen/bestaetigen/")
    idea, wording = mine
    idea.refresh_from_db()
    wording.refresh_from_db()
    assert idea.state == wording.state == Contribution.State.RECEIVED
    someone_elses.refresh_from_db()
    assert someone_elses.support_count == 1

    # Staff: publish the comment, accept the suggestion, link the idea to a goal.
    goal = Goal.objects.filter(action_field__edition=draft).order_by("pk").first()
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            CHANGELIST,
            {"action": "publish", ACTION_CHECKBOX_NAME: [idea.pk], "index": 0},
        )
        admin_client.post(
            CHANGELIST,
            {
                "action": "apply_suggestions",
                ACTION_CHECKBOX_NAME: [wording.pk],
                "index": 0,
                "post": "yes",
            },
        )
        admin_client.post(
            CHANGELIST,
            {
                "action": "take_up",
                ACTION_CHECKBOX_NAME: [idea.pk],
                "post": "yes",
                "goal": goal.pk,
                "answer": "Wir nehmen Wochenendangebote in das Ziel auf.",
            },
        )
    idea.refresh_from_db()
    wording.refresh_from_db()
    section.refresh_from_db()
    assert idea.state == Contribution.State.TAKEN_UP and idea.result_goal == goal
    assert wording.state == Contribution.State.TAKEN_UP
    change = TextChange.objects.get(section=section)
    assert wording.result_change == change
    assert passage.rstrip(".") + ", für alle." in section.body
    # An e-mail at each step, to the resident, with the link to withdraw.
    news = [mail for mail in mailoutbox[sent:] if mail.to == [RESIDENT]]
    assert len(news) == 3
    assert all("/beitrag/zurueckziehen/" in mail.body for mail in news)

    # The draft's text says why it changed; the goal says where it came from.
    with translation.override("de"):
        section_html = html_of(client, section_page)
        goal_html = html_of(
            client,
            f"/leitbild/{draft.year}/handlungsfelder/"
            f"{goal.action_field.slug}/ziele/{goal.pk}/",
        )
    assert "So ist klar, wen es meint." in section_html
    # The idea, with the integration centre's answer, under its section.
    assert "Wir nehmen Wochenendangebote in das Ziel auf." in section_html
    assert "Bitte auch Angebote am Wochenende." in goal_html

    # The council's report: the figures, and nobody's name or address.
    report = html_of(client, f"/leitbild/{draft.year}/beteiligung/")
    pdf = client.get(f"/leitbild/{draft.year}/beteiligung.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    for personal in (NAME, RESIDENT, "Nour"):
        assert personal not in report
