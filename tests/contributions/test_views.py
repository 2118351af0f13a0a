"""The consultation's public pages: a draft's sections, action fields and
goals with their published contributions and the forms to add one, the
edition page, "how to take part", and supporting a contribution.

What the user sees is checked in German (the site's language): the errors
next to the fields, the states in words, the window of the consultation.
"""

import datetime as dt
import html as html_lib
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contributions.models import Contribution, Support, TextChange
from handlungsfelder.models import Measure
from leitbild.models import Edition
from registrations.models import District, OutgoingMail, StakeholderGroup
from tests.conftest import (
    adopt,
    get,
    html_of,
    make_action_field,
    make_consultation,
    make_contribution,
    make_edition,
    make_event,
    make_process,
)

State = Contribution.State
SECTION = "/leitbild/2030/abschnitte/grundsaetze/"
FIELD = "/leitbild/2030/handlungsfelder/sprache/"
ARABIC = "نريد دروس لغة مجانية لكل من يحتاجها في المدينة"


@pytest.fixture
def edition(city) -> Edition:
    return make_consultation(city)


@pytest.fixture
def section(edition):
    return edition.sections.get(slug="grundsaetze")


@pytest.fixture
def field(edition):
    return edition.action_fields.get(slug="sprache")


@pytest.fixture
def goal(field):
    return field.goals.get()


def goal_path(goal) -> str:
    return f"/leitbild/2030/handlungsfelder/sprache/ziele/{goal.pk}/"


def comment_data(**overrides) -> dict:
    data = {
        "form": "comment",
        "comment-body": "Mehr Sprachkurse am Abend, bitte.",
        "comment-author_name": "Ayşe Yılmaz",
        "comment-email": "ayse@example.org",
        "comment-stakeholder_group": "",
        "comment-district": "",
        "comment-consent": "on",
        "comment-homepage": "",
    }
    data.update({f"comment-{name}": value for name, value in overrides.items()})
    return {name: value for name, value in data.items() if value is not None}


def suggestion_data(**overrides) -> dict:
    data = {
        "form": "suggestion",
        "suggestion-passage": "Teilhabe in allen Lebensbereichen",
        "suggestion-proposal": "gleichberechtigte Teilhabe in allen Lebensbereichen",
        "suggestion-body": "Teilhabe allein reicht nicht.",
        "suggestion-author_name": "Jonas",
        "suggestion-email": "jonas@example.org",
        "suggestion-stakeholder_group": "",
        "suggestion-district": "",
        "suggestion-consent": "on",
        "suggestion-homepage": "",
    }
    data.update({f"suggestion-{name}": value for name, value in overrides.items()})
    return {name: value for name, value in data.items() if value is not None}


def post(client, path, data, **extra):
    return client.post(path, data, HTTP_ACCEPT_LANGUAGE="de", **extra)


def errors_of(html: str, field_id: str) -> list[str]:
    """The error messages crispy shows beside one field."""
    pattern = rf'id="error_\d+_id_{re.escape(field_id)}"><strong>(.*?)</strong>'
    return [html_lib.unescape(found) for found in re.findall(pattern, html, re.S)]


def value_of(html: str, field_id: str) -> str:
    """What a text field or textarea of the page holds."""
    textarea = re.search(
        rf'<textarea[^>]*id="id_{re.escape(field_id)}"[^>]*>\n?(.*?)</textarea>',
        html,
        re.S,
    )
    if textarea:
        return html_lib.unescape(textarea.group(1))
    found = re.search(rf'<input[^>]*id="id_{re.escape(field_id)}"[^>]*>', html)
    value = re.search(r'value="([^"]*)"', found.group(0)) if found else None
    return html_lib.unescape(value.group(1)) if value else ""


def main_of(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def close_consultation(edition: Edition) -> Edition:
    now = timezone.now()
    edition.consultation_opens = now - dt.timedelta(days=30)
    edition.consultation_closes = now - dt.timedelta(days=1)
    edition.save()
    return edition


# The section page


def test_section_page_shows_the_text_the_window_and_both_forms(
    client, edition, section
):
    html = html_of(client, SECTION)

    assert "<h1>Grundsätze</h1>" in html
    assert "<p>Wir fördern Teilhabe in allen Lebensbereichen.</p>" in html
    assert "Die öffentliche Beteiligung läuft" in html
    opens = timezone.localtime(edition.consultation_opens)
    closes = timezone.localtime(edition.consultation_closes)
    assert f'<time datetime="{opens.isoformat()}">' in html
    assert f'<time datetime="{closes.isoformat()}">' in html
    assert 'name="comment-body"' in html
    assert 'name="suggestion-passage"' in html
    assert 'name="suggestion-proposal"' in html
    assert 'href="/mitmachen/"' in html
    assert "js/suggest.js" in html


def test_section_page_lists_only_published_contributions_with_their_state(
    client, edition, section
):
    make_contribution(edition, section=section, body="Sichtbarer Beitrag")
    make_contribution(
        edition, section=section, body="Unbestätigt", state=State.UNCONFIRMED
    )
    make_contribution(edition, section=section, body="Wartet", state=State.RECEIVED)
    make_contribution(edition, section=section, body="Abgelehnt", state=State.REJECTED)
    make_contribution(edition, section=section, body="Zurück", state=State.WITHDRAWN)

    html = html_of(client, SECTION)

    assert "Sichtbarer Beitrag" in html
    for hidden in ("Unbestätigt", "Wartet", "Abgelehnt", "Zurück"):
        assert hidden not in html
    assert "Kommentare und Vorschläge (1)" in html
    assert "Stand: Veröffentlicht" in html


def test_a_contribution_shows_name_date_kind_and_its_anchor(client, edition, section):
    contribution = make_contribution(
        edition, section=section, author_name="Mira K.", support_count=3
    )

    html = html_of(client, SECTION)

    assert f'id="beitrag-{contribution.pk}"' in html
    assert "Kommentar oder Idee von <bdi>Mira K.</bdi>" in html
    published = timezone.localtime(contribution.published_at)
    assert f'<time datetime="{published.isoformat()}">' in html
    assert "3 Personen unterstützen das." in html


def test_an_anonymised_contribution_is_credited_to_a_resident(client, edition, section):
    make_contribution(
        edition, section=section, author_name="", email="", anonymised_at=timezone.now()
    )

    assert "von <bdi>einer Einwohnerin oder einem Einwohner</bdi>" in html_of(
        client, SECTION
    )


def test_a_suggestion_shows_the_word_diff_of_passage_and_proposal(
    client, edition, section
):
    make_contribution(
        edition,
        section=section,
        kind=Contribution.Kind.SUGGESTION,
        passage="Teilhabe in allen Lebensbereichen",
        proposal="gleichberechtigte Teilhabe in allen Lebensbereichen",
        body="Weil es um Gleichberechtigung geht.",
    )

    html = html_of(client, SECTION)

    assert re.search(r"<ins>.*gleichberechtigte.*</ins>", html)
    assert "Weil es um Gleichberechtigung geht." in html


def test_the_outcome_of_each_contribution_is_told_in_words_with_its_link(
    client, edition, section, goal
):
    measure = Measure.objects.create(goal=goal, title="Abendkurse")
    change = TextChange.objects.create(
        section=section,
        passage="Teilhabe",
        replacement="gleichberechtigte Teilhabe",
        body_before=section.body,
        body_after=section.body.replace("Teilhabe", "gleichberechtigte Teilhabe"),
        note="Aus der Beteiligung übernommen.",
    )
    into = make_contribution(edition, section=section, body="Der bleibende Beitrag")
    make_contribution(
        edition,
        section=section,
        state=State.TAKEN_UP,
        result_goal=goal,
        result_measure=measure,
        result_change=change,
        answer="Danke, das haben wir aufgenommen.",
    )
    make_contribution(
        edition,
        section=section,
        state=State.NOT_TAKEN_UP,
        reason="Das regelt das Land.",
    )
    make_contribution(edition, section=section, state=State.MERGED, merged_into=into)

    html = html_of(client, SECTION)

    assert "Stand: Aufgegriffen" in html
    assert f'href="{goal_path(goal)}"' in html
    assert f'href="{goal_path(goal)}#massnahme-{measure.pk}"' in html
    assert f'href="{SECTION}#aenderung-{change.pk}"' in html
    assert "Danke, das haben wir aufgenommen." in html
    assert "Stand: Nicht aufgegriffen" in html
    assert "Das regelt das Land." in html
    assert "Stand: Mit einem anderen Beitrag zusammengeführt" in html
    assert f'href="{SECTION}#beitrag-{into.pk}"' in html
    # The change itself is listed on the section page with why it was made.
    assert f'id="aenderung-{change.pk}"' in html
    assert "Aus der Beteiligung übernommen." in html


def test_a_closed_consultation_hides_the_forms_and_keeps_contributions_readable(
    client, edition, section
):
    close_consultation(edition)
    make_contribution(edition, section=section, body="Aus der Beteiligung")

    html = html_of(client, SECTION)

    assert "Die öffentliche Beteiligung ist beendet" in html
    assert "Was veröffentlicht wurde, bleibt lesbar." in html
    assert "Aus der Beteiligung" in html
    assert 'name="comment-body"' not in html
    assert 'name="suggestion-passage"' not in html
    assert "Diesen Beitrag unterstützen" not in html
    assert "js/suggest.js" not in html


def test_a_consultation_not_open_yet_says_so_without_forms(client, city):
    now = timezone.now()
    make_consultation(
        city,
        consultation_opens=now + dt.timedelta(days=3),
        consultation_closes=now + dt.timedelta(days=30),
    )

    html = html_of(client, SECTION)

    assert "Die öffentliche Beteiligung hat noch nicht begonnen" in html
    assert 'name="comment-body"' not in html


def test_an_unknown_section_or_year_is_not_found(client, edition):
    assert get(client, "/leitbild/2030/abschnitte/gibt-es-nicht/").status_code == 404
    assert get(client, "/leitbild/2031/abschnitte/grundsaetze/").status_code == 404


# Posting a comment or a suggestion


def test_posting_a_comment_queues_the_confirmation_and_waits_for_it(
    client, edition, section
):
    response = post(client, SECTION, comment_data())

    assert response.status_code == 302
    assert response["Location"] == f"{SECTION}#main"
    contribution = Contribution.objects.get()
    assert contribution.section == section
    assert contribution.kind == Contribution.Kind.COMMENT
    assert contribution.state == State.UNCONFIRMED
    assert contribution.author_name == "Ayşe Yılmaz"
    assert contribution.language == "de"
    mail = OutgoingMail.objects.get()
    assert mail.kind == OutgoingMail.Kind.CONTRIBUTION_CONFIRM
    assert mail.recipient == "ayse@example.org"
    html = client.get(SECTION, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Bitte sehen Sie in Ihrem Postfach nach" in html
    # Not confirmed, so not shown.
    assert "Mehr Sprachkurse am Abend" not in html


def test_posting_a_suggestion_records_passage_proposal_and_reason(
    client, edition, section
):
    response = post(client, SECTION, suggestion_data())

    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.kind == Contribution.Kind.SUGGESTION
    assert contribution.passage == "Teilhabe in allen Lebensbereichen"
    assert contribution.proposal == (
        "gleichberechtigte Teilhabe in allen Lebensbereichen"
    )
    assert contribution.body == "Teilhabe allein reicht nicht."
    assert contribution.state == State.UNCONFIRMED
    assert OutgoingMail.objects.filter(
        kind=OutgoingMail.Kind.CONTRIBUTION_CONFIRM, recipient="jonas@example.org"
    ).exists()


def test_group_and_district_are_those_of_the_city(client, city, edition, section):
    group = StakeholderGroup.objects.create(city=city, name="Vereine", slug="vereine")
    district = District.objects.create(city=city, name="Mitte", slug="mitte")

    post(
        client,
        SECTION,
        comment_data(stakeholder_group=str(group.pk), district=str(district.pk)),
    )

    contribution = Contribution.objects.get()
    assert contribution.stakeholder_group == group
    assert contribution.district == district


def test_a_name_is_stored_with_its_whitespace_collapsed(client, edition, section):
    post(client, SECTION, comment_data(author_name="  Ayşe \t  Yılmaz  "))

    assert Contribution.objects.get().author_name == "Ayşe Yılmaz"


def test_a_comment_on_the_field_page_is_about_the_field(client, edition, field):
    response = post(client, FIELD, comment_data())

    assert response.status_code == 302
    assert response["Location"] == f"{FIELD}#main"
    contribution = Contribution.objects.get()
    assert contribution.action_field == field
    assert contribution.section is None


def test_a_comment_on_the_goal_page_is_about_the_goal(client, edition, goal):
    response = post(client, goal_path(goal), comment_data())

    assert response.status_code == 302
    assert Contribution.objects.get().goal == goal


def test_a_signed_in_resident_skips_the_confirmation(
    client, edition, section, django_user_model
):
    user = django_user_model.objects.create_user(
        "mira", "mira@example.org", None, first_name="Mira"
    )
    client.force_login(user)
    html = html_of(client, SECTION)
    assert 'name="comment-email"' not in html

    data = comment_data(email=None)
    response = post(client, SECTION, data)

    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.user == user
    assert contribution.email == "mira@example.org"
    assert contribution.state == State.RECEIVED
    assert not OutgoingMail.objects.filter(
        kind=OutgoingMail.Kind.CONTRIBUTION_CONFIRM
    ).exists()
    html = client.get(SECTION, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "lesen Ihren Beitrag, bevor er veröffentlicht wird" in html


# Bad input: an error beside the field, what was typed kept, nothing saved


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"body": "   "}, "comment-body", "Bitte schreiben Sie Ihren Kommentar"),
        ({"body": None}, "comment-body", "Bitte schreiben Sie Ihren Kommentar"),
        ({"body": "x" * 4001}, "comment-body", "höchstens 4000 Zeichen"),
        ({"email": "keine-adresse"}, "comment-email", "gültige E-Mail-Adresse"),
        ({"consent": None}, "comment-consent", "Bitte stimmen Sie der Datenschutz"),
        (
            {"body": "Hallo\x00Welt"},
            "comment-body",
            "unsichtbares Steuerzeichen (NUL)",
        ),
        (
            {"author_name": "Ay\x00şe"},
            "comment-author_name",
            "unsichtbares Steuerzeichen (NUL)",
        ),
        (
            {"body": "Siehe https://a.example, https://b.example und www.c.example"},
            "comment-body",
            "höchstens 2 Internetadressen",
        ),
    ],
)
def test_bad_comment_input_is_answered_beside_the_field_and_kept(
    client, edition, section, overrides, field_id, message
):
    data = comment_data(**overrides)

    response = post(client, SECTION, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert any(message in error for error in errors_of(html, field_id)), errors_of(
        html, field_id
    )
    assert 'aria-invalid="true"' in html
    if field_id != "comment-author_name":
        assert value_of(html, "comment-author_name") == "Ayşe Yılmaz"
    if field_id != "comment-body":
        assert value_of(html, "comment-body") == "Mehr Sprachkurse am Abend, bitte."
    assert not Contribution.objects.exists()
    assert not OutgoingMail.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        (
            {"passage": "Teilhabe in manchen Lebensbereichen"},
            "suggestion-passage",
            "kommt in diesem Abschnitt nicht vor",
        ),
        (
            {"passage": "alle", "proposal": "sämtliche"},
            "suggestion-passage",
            "kommt in diesem Abschnitt mehr als einmal vor",
        ),
        ({"passage": "x" * 2001}, "suggestion-passage", "höchstens 2000 Zeichen"),
        ({"proposal": "y" * 2001}, "suggestion-proposal", "höchstens 2000 Zeichen"),
        ({"proposal": ""}, "suggestion-proposal", "Bitte schreiben Sie die neue"),
        (
            {"proposal": "Teilhabe in allen Lebensbereichen"},
            "suggestion-proposal",
            "gleiche wie die Textstelle",
        ),
        ({"body": ""}, "suggestion-body", "warum der Text geändert werden soll"),
    ],
)
def test_bad_suggestion_input_is_answered_beside_the_field_and_kept(
    client, edition, section, overrides, field_id, message
):
    data = suggestion_data(**overrides)

    response = post(client, SECTION, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert any(message in error for error in errors_of(html, field_id)), errors_of(
        html, field_id
    )
    for name in ("passage", "proposal", "body"):
        assert value_of(html, f"suggestion-{name}") == data[f"suggestion-{name}"]
    assert value_of(html, "suggestion-email") == "jonas@example.org"
    assert not Contribution.objects.exists()


def test_a_post_after_the_window_closed_says_so_and_keeps_the_text(
    client, edition, section
):
    close_consultation(edition)

    response = post(client, SECTION, comment_data())

    assert response.status_code == 200
    html = response.content.decode()
    errors = html.split('id="comment-errors"', 1)[1].split("</div>", 1)[0]
    assert "Die Beteiligung an diesem Entwurf ist beendet." in errors
    assert value_of(html, "comment-body") == "Mehr Sprachkurse am Abend, bitte."
    assert not Contribution.objects.exists()


def test_the_honeypot_turns_scripts_away(client, edition, section):
    response = post(client, SECTION, comment_data(homepage="http://spam.example"))

    assert response.status_code == 200
    assert "konnte nicht verarbeitet werden" in response.content.decode()
    assert not Contribution.objects.exists()
    assert not OutgoingMail.objects.exists()


@override_settings(CONTRIBUTION_RATE_LIMIT_PER_HOUR=2)
def test_too_many_contributions_from_one_address_are_refused(client, edition, section):
    for number in range(2):
        response = post(client, SECTION, comment_data(email=f"p{number}@example.org"))
        assert response.status_code == 302

    response = post(client, SECTION, comment_data(email="p3@example.org"))

    assert response.status_code == 429
    html = response.content.decode()
    assert "Zu viele Beiträge kamen in der letzten Stunde von Ihrer Verbindung" in html
    assert value_of(html, "comment-body") == "Mehr Sprachkurse am Abend, bitte."
    assert Contribution.objects.count() == 2


@override_settings(CONTRIBUTION_RATE_LIMIT_PER_EMAIL=1)
def test_too_many_contributions_from_one_email_address_are_refused(
    client, edition, section
):
    assert post(client, SECTION, comment_data()).status_code == 302

    response = post(client, SECTION, comment_data(email="AYSE@example.org"))

    assert response.status_code == 429
    errors = errors_of(response.content.decode(), "comment-email")
    assert any("von dieser E-Mail-Adresse" in error for error in errors)
    assert Contribution.objects.count() == 1


def test_script_tags_are_shown_as_text_never_run(client, edition, section):
    script = '<script>alert("x")</script>'
    make_contribution(edition, section=section, body=script, author_name=script)

    html = html_of(client, SECTION)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html

    response = post(client, SECTION, comment_data(body=script, email="kaputt"))
    assert "<script>alert" not in response.content.decode()
    assert value_of(response.content.decode(), "comment-body") == script


def test_arabic_right_to_left_text_is_kept_and_shown_in_its_direction(
    client, edition, section
):
    post(client, SECTION, comment_data(body=ARABIC, author_name="ليلى"))
    contribution = Contribution.objects.get()
    assert contribution.body == ARABIC
    assert contribution.author_name == "ليلى"

    Contribution.objects.filter(pk=contribution.pk).update(
        state=State.PUBLISHED, published_at=timezone.now()
    )
    html = html_of(client, SECTION)

    assert f'<div class="contribution-body" dir="auto"><p>{ARABIC}</p></div>' in html
    assert "<bdi>ليلى</bdi>" in html


# Paging and order


def test_contributions_are_paged_twenty_at_a_time(client, edition, section):
    for number in range(25):
        make_contribution(edition, section=section, body=f"Nummer {number:02d}")

    first = html_of(client, SECTION)
    second = html_of(client, SECTION + "?seite=2")

    assert first.count('class="contribution card') == 20
    assert second.count('class="contribution card') == 5
    assert "Kommentare und Vorschläge (25)" in first
    assert 'href="?sortierung=neueste&amp;seite=2#beitraege"' in first
    # Newest first: the last made is on the first page.
    assert "Nummer 24" in first and "Nummer 24" not in second
    assert "Nummer 00" in second
    # A page number past the end shows the last page, not an error.
    assert html_of(client, SECTION + "?seite=99").count('class="contribution card') == 5


def test_contributions_can_be_ordered_by_support(client, edition, section):
    make_contribution(edition, section=section, body="Wenig Zuspruch", support_count=1)
    make_contribution(edition, section=section, body="Viel Zuspruch", support_count=9)
    make_contribution(edition, section=section, body="Neuester", support_count=0)

    newest = main_of(html_of(client, SECTION))
    supported = main_of(html_of(client, SECTION + "?sortierung=unterstuetzung"))

    assert newest.index("Neuester") < newest.index("Viel Zuspruch")
    assert supported.index("Viel Zuspruch") < supported.index("Wenig Zuspruch")
    assert supported.index("Wenig Zuspruch") < supported.index("Neuester")
    assert 'href="?sortierung=unterstuetzung#beitraege" aria-current="true"' in (
        supported
    )


# Support


def support_data(contribution, **overrides) -> dict:
    prefix = f"support-{contribution.pk}"
    data = {
        f"{prefix}-email": "helfer@example.org",
        f"{prefix}-consent": "on",
        f"{prefix}-homepage": "",
        "next": SECTION + "?seite=1",
    }
    data.update({f"{prefix}-{name}": value for name, value in overrides.items()})
    return data


def test_supporting_asks_for_confirmation_by_email(client, edition, section):
    contribution = make_contribution(edition, section=section)
    html = html_of(client, SECTION)
    assert f'action="/beitrag/{contribution.pk}/unterstuetzen/"' in html

    response = post(
        client, f"/beitrag/{contribution.pk}/unterstuetzen/", support_data(contribution)
    )

    assert response.status_code == 302
    assert response["Location"] == f"{SECTION}?seite=1#beitrag-{contribution.pk}"
    support = Support.objects.get()
    assert support.email == "helfer@example.org"
    assert support.confirmed_at is None
    assert OutgoingMail.objects.filter(
        kind=OutgoingMail.Kind.SUPPORT_CONFIRM, recipient="helfer@example.org"
    ).exists()
    contribution.refresh_from_db()
    assert contribution.support_count == 0
    html = client.get(SECTION, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Ihre Unterstützung zählt, sobald Sie sie" in html


def test_supporting_twice_is_answered_beside_the_email_field(client, edition, section):
    contribution = make_contribution(edition, section=section)
    path = f"/beitrag/{contribution.pk}/unterstuetzen/"
    post(client, path, support_data(contribution))

    response = post(
        client, path, support_data(contribution, email="Helfer@example.org")
    )

    assert response.status_code == 200
    html = response.content.decode()
    errors = errors_of(html, f"support-{contribution.pk}-email")
    assert any("bereits von dieser Adresse unterstützt" in error for error in errors)
    assert value_of(html, f"support-{contribution.pk}-email") == "Helfer@example.org"
    assert Support.objects.count() == 1


def test_a_signed_in_resident_supports_with_one_button(
    client, edition, section, django_user_model
):
    contribution = make_contribution(edition, section=section)
    client.force_login(django_user_model.objects.create_user("mira", "m@example.org"))
    html = html_of(client, SECTION)
    assert f'name="support-{contribution.pk}-email"' not in html

    response = post(
        client, f"/beitrag/{contribution.pk}/unterstuetzen/", {"next": SECTION}
    )

    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.support_count == 1
    html = client.get(SECTION, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Danke für Ihre Unterstützung!" in html
    assert "1 Person unterstützt das." in html


def test_support_goes_back_only_to_a_page_of_this_site(client, edition, section):
    contribution = make_contribution(edition, section=section)

    response = post(
        client,
        f"/beitrag/{contribution.pk}/unterstuetzen/",
        support_data(contribution) | {"next": "https://evil.example/"},
    )

    assert response["Location"] == f"{SECTION}#beitrag-{contribution.pk}"


def test_unpublished_contributions_cannot_be_supported(client, edition, section):
    contribution = make_contribution(edition, section=section, state=State.RECEIVED)

    response = post(
        client, f"/beitrag/{contribution.pk}/unterstuetzen/", support_data(contribution)
    )

    assert response.status_code == 404
    assert not Support.objects.exists()


# The action field pages


def test_field_page_of_a_draft_shows_goals_linked_contributions_and_the_form(
    client, edition, field, goal
):
    make_contribution(edition, action_field=field, body="Mehr Kitaplätze")

    html = html_of(client, FIELD)

    assert "Sprache und Bildung" in html
    assert f'href="{goal_path(goal)}"' in html
    assert "Mehr Kitaplätze" in html
    assert "Kommentare und Vorschläge (1)" in html
    assert "Die öffentliche Beteiligung läuft" in html
    assert 'name="comment-body"' in html
    assert 'name="suggestion-passage"' not in html


def test_the_in_force_field_page_shows_contributions_from_its_consultation(
    client, city
):
    edition = make_edition(city, year=2025)
    field = make_action_field(edition, name="Wohnen", slug="wohnen")
    edition.consultation_opens = timezone.now() - dt.timedelta(days=60)
    edition.consultation_closes = timezone.now() - dt.timedelta(days=30)
    edition.save()
    make_contribution(edition, action_field=field, body="Bezahlbare Wohnungen")
    adopt(edition)

    html = html_of(client, "/handlungsfelder/wohnen/")

    assert "Bezahlbare Wohnungen" in html
    assert "Die öffentliche Beteiligung ist beendet" in html
    assert 'name="comment-body"' not in html


def test_a_field_page_without_any_consultation_shows_no_contributions_part(
    client, city
):
    edition = make_edition(city, year=2025)
    make_action_field(edition, name="Wohnen", slug="wohnen")
    adopt(edition)

    html = html_of(client, "/handlungsfelder/wohnen/")

    assert 'id="beitraege"' not in html
    assert "consultation-box" not in html


def test_an_unknown_field_of_an_edition_is_not_found(client, edition):
    assert (
        get(client, "/leitbild/2030/handlungsfelder/gibt-es-nicht/").status_code == 404
    )


# Constant queries


def test_field_page_queries_do_not_grow_with_the_contributions(
    client, edition, field, django_assert_num_queries
):
    def add(count: int) -> None:
        now = timezone.now()
        Contribution.objects.bulk_create(
            Contribution(
                edition=edition,
                action_field=field,
                body=f"Beitrag {number}",
                author_name=f"Person {number}",
                state=State.PUBLISHED,
                published_at=now - dt.timedelta(minutes=number),
                support_count=number % 7,
            )
            for number in range(count)
        )

    add(2)
    cache.clear()
    with django_assert_num_queries(FIELD_PAGE_QUERIES):
        assert get(client, FIELD).status_code == 200

    add(1998)
    cache.clear()
    with django_assert_num_queries(FIELD_PAGE_QUERIES):
        response = get(client, FIELD + "?sortierung=unterstuetzung&seite=50")
    assert response.status_code == 200
    assert response.content.decode().count('class="contribution card') == 20


# The field page: the city, the field with its goals and their measures, the
# count and the page of contributions, the events, what the field continues
# and is continued by, the form's stakeholder groups and districts, and (for
# a draft) whether it is in force, with a version in Leichte Sprache.
FIELD_PAGE_QUERIES = 12


def test_section_page_queries_do_not_grow_with_the_contributions(
    client, edition, section
):
    def measure() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert get(client, SECTION).status_code == 200
        return len(queries.captured_queries)

    make_contribution(edition, section=section)
    few = measure()
    into = make_contribution(edition, section=section)
    for number in range(30):
        make_contribution(
            edition,
            section=section,
            state=[State.PUBLISHED, State.MERGED, State.NOT_TAKEN_UP][number % 3],
            merged_into=into if number % 3 == 1 else None,
            reason="Grund" if number % 3 == 2 else "",
            kind=Contribution.Kind.SUGGESTION if number % 2 else "comment",
            passage="Teilhabe" if number % 2 else "",
            proposal="Mitwirkung" if number % 2 else "",
        )

    assert measure() == few


# The goal page


def test_goal_page_shows_measures_events_and_where_it_came_from(
    client, city, edition, section, field, goal
):
    measure = Measure.objects.create(goal=goal, title="Abendkurse an der VHS")
    process = make_process(city, edition=edition)
    workshop = make_event(process, days=-20, title="Werkstatt Sprache")
    workshop.goals.add(goal)
    forum = make_event(process, days=-10, title="Forum Bildung")
    forum.measures.add(measure)
    make_event(process, days=-5, title="Anderes Thema")
    hidden = make_event(process, days=-3, title="Entwurfstermin", is_published=False)
    hidden.goals.add(goal)
    source = make_contribution(
        edition,
        section=section,
        state=State.TAKEN_UP,
        result_measure=measure,
        body="Kurse auch abends anbieten",
    )
    make_contribution(edition, goal=goal, body="Auch Kinderbetreuung während der Kurse")

    html = html_of(client, goal_path(goal))

    assert "<h1>Sprachkurse für alle, die sie brauchen</h1>" in html
    assert f'id="massnahme-{measure.pk}"' in html
    assert "Abendkurse an der VHS" in html
    assert f'href="{workshop.get_absolute_url()}"' in html
    assert f'href="{forum.get_absolute_url()}"' in html
    assert "Anderes Thema" not in html
    assert "Entwurfstermin" not in html
    assert f'href="{SECTION}#beitrag-{source.pk}"' in html
    assert "Kurse auch abends anbieten" in html
    assert "Auch Kinderbetreuung während der Kurse" in html
    assert 'name="comment-body"' in html
    assert f'href="{FIELD}"' in html


def test_goal_page_queries_do_not_grow_with_events_and_contributions(
    client, city, edition, section, goal
):
    process = make_process(city, edition=edition)

    def measure() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert get(client, goal_path(goal)).status_code == 200
        return len(queries.captured_queries)

    def add(number: int) -> None:
        item = Measure.objects.create(goal=goal, title=f"Maßnahme {number}")
        event = make_event(process, days=-number - 1)
        event.goals.add(goal)
        event.measures.add(item)
        make_contribution(edition, goal=goal)
        make_contribution(
            edition, section=section, state=State.TAKEN_UP, result_measure=item
        )

    add(0)
    few = measure()
    for number in range(1, 11):
        add(number)

    assert measure() == few


def test_a_goal_of_another_field_is_not_found(client, edition, goal):
    other = make_action_field(edition, name="Arbeit", slug="arbeit")
    path = f"/leitbild/2030/handlungsfelder/{other.slug}/ziele/{goal.pk}/"

    assert get(client, path).status_code == 404


# The edition page


def test_edition_page_shows_the_consultation_and_counts_per_section(
    client, edition, section, goal
):
    for _number in range(3):
        make_contribution(edition, section=section)
    make_contribution(edition, section=section, state=State.RECEIVED)

    html = html_of(client, "/leitbild/2030/")

    assert "Die öffentliche Beteiligung läuft" in html
    assert 'href="/mitmachen/"' in html
    assert re.search(
        r'href="/leitbild/2030/abschnitte/grundsaetze/">Kommentare und Vorschläge '
        r"\(3\)",
        html,
    )
    assert re.search(
        r'href="/leitbild/2030/abschnitte/praeambel/">Kommentare und Vorschläge '
        r"\(0\)",
        html,
    )
    assert f'href="{goal_path(goal)}"' in html
    assert f'href="{FIELD}"' in html


def test_edition_page_counts_contributions_in_one_query(client, edition, section):
    def measure() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert get(client, "/leitbild/2030/").status_code == 200
        return len(queries.captured_queries)

    few = measure()
    for other in edition.sections.all():
        for _number in range(5):
            make_contribution(edition, section=other)

    assert measure() == few


def test_an_adopted_edition_without_consultation_shows_no_box(client, city):
    edition = make_edition(city, year=2025)
    edition.sections.create(order=1, slug="einleitung", title="Einleitung")
    adopt(edition)

    html = html_of(client, "/leitbild/")

    assert "consultation-box" not in html
    assert "/abschnitte/einleitung/" not in html


# How to take part


def test_how_page_explains_states_personal_data_and_links_the_privacy_notice(
    client, city
):
    with override_settings(PERSONAL_DATA_RETENTION_DAYS=90):
        html = html_of(client, "/mitmachen/")

    assert "<h1>So werden Beiträge verwendet</h1>" in html
    assert "90 Tage nach dem Ende der Beteiligung" in html
    assert "einer Einwohnerin oder einem Einwohner" in html
    assert 'href="/datenschutz/"' in html
    for state in ("Veröffentlicht", "Aufgegriffen", "Nicht aufgegriffen"):
        assert f"<dt>{state}</dt>" in html
    # Linked from the navigation of every page.
    assert 'href="/mitmachen/" aria-current="page"' in html


def test_forms_on_cached_pages_give_each_visitor_their_own_csrf_token(edition, section):
    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)
    first.get(SECTION)
    html = second.get(SECTION).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    response = second.post(SECTION, comment_data() | {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Contribution.objects.count() == 1


def test_a_translated_draft_section_offers_its_german_text_for_suggestions(
    client, section
):
    """Suggestions change the German draft: where the page shows a
    translation, the German text is there to quote, marked as German, and
    the suggestion tools work on it, not on the translation."""
    section.body_tr = "Uyum, şehirdeki herkesin ortak görevidir."
    section.save()
    path = "/leitbild/2030/abschnitte/grundsaetze/"

    turkish = client.get(f"/tr{path}").content.decode()
    german = client.get(path).content.decode()

    assert 'id="abschnitt-text-de" lang="de" dir="ltr" data-suggest-passage=' in turkish
    assert "Wir fördern Teilhabe in allen Lebensbereichen." in turkish
    assert turkish.count("data-suggest-passage=") == 1
    assert "abschnitt-text-de" not in german
    assert german.count("data-suggest-passage=") == 1
    response = post(client, f"/tr{path}", suggestion_data())
    assert response.status_code == 302
    assert Contribution.objects.get().passage == "Teilhabe in allen Lebensbereichen"
