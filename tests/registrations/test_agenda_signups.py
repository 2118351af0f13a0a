"""The agenda's filters and the sign-up state each entry shows."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Event
from registrations.models import Registration
from tests.conftest import (
    get,
    html_of,
    make_action_field,
    make_edition,
    make_event,
    make_process,
    make_registration,
)

AGENDA = "/veranstaltungen/"


@pytest.fixture
def process(city):
    return make_process(city)


def entry(html: str, title: str) -> str:
    """The agenda entry (article) of one event: the one headed by its title
    (the timeline above the agenda links the title too)."""
    start = html.index(f">{title}</a></h")
    return html[html.rfind("<article", 0, start) : html.index("</article>", start)]


def test_each_entry_shows_its_signup_state(process):
    now = timezone.now()
    make_event(process, title="Offen", capacity=3)
    full = make_event(process, title="Voll", capacity=1)
    make_registration(full, status=Registration.Status.CONFIRMED)
    make_event(
        process,
        title="Bald",
        registration_opens=now + dt.timedelta(days=2),
        capacity=10,
    )
    make_event(
        process,
        title="Geschlossen",
        registration_opens=now - dt.timedelta(days=5),
        registration_closes=now - dt.timedelta(days=1),
    )
    make_event(process, title="Abgesagt", is_cancelled=True)
    make_event(process, title="Vorbei", days=-3)
    from django.test import Client

    html = html_of(Client(), AGENDA)
    assert "3 Plätze frei" in entry(html, "Offen")
    assert "Ausgebucht: Warteliste" in entry(html, "Voll")
    assert "Anmeldung ab" in entry(html, "Bald")
    assert "Anmeldung geschlossen" in entry(html, "Geschlossen")
    assert "Abgesagt" in entry(html, "Abgesagt")
    assert "Vergangene Veranstaltung" in entry(html, "Vorbei")


def test_a_lapsed_hold_frees_its_seat_on_the_agenda(client, process):
    event = make_event(process, title="Offen", capacity=1)
    make_registration(
        event,
        status=Registration.Status.PENDING,
        expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    assert "1 Platz frei" in entry(html_of(client, AGENDA), "Offen")


def test_the_agenda_filters_by_type_and_action_field_without_javascript(
    client, city, process
):
    edition = make_edition(city)
    housing = make_action_field(edition, name="Wohnen", slug="wohnen")
    work = make_action_field(edition, name="Arbeit", slug="arbeit")
    workshop = make_event(process, title="Werkstatt Wohnen", type=Event.Type.WORKSHOP)
    workshop.action_fields.add(housing)
    forum = make_event(process, title="Forum Arbeit", type=Event.Type.SPECIALIST_FORUM)
    forum.action_fields.add(work)
    make_event(process, title="Ohne Feld", type=Event.Type.WORKSHOP)

    html = html_of(client, AGENDA)
    assert '<option value="wohnen"' in html  # a plain GET form
    html = html_of(client, AGENDA + "?handlungsfeld=wohnen")
    assert "Werkstatt Wohnen" in html
    assert "Forum Arbeit" not in html
    assert "Ohne Feld" not in html
    assert '<option value="wohnen" selected' in html
    html = html_of(client, AGENDA + "?art=workshop")
    assert "Werkstatt Wohnen" in html and "Ohne Feld" in html
    assert "Forum Arbeit" not in html
    html = html_of(client, AGENDA + "?art=specialist_forum&handlungsfeld=wohnen")
    assert "Keine kommende Veranstaltung passt zu Ihrem Filter." in html


def test_an_unknown_filter_value_is_answered_beside_its_field(client, process):
    make_event(process, title="Werkstatt")
    response = get(client, AGENDA + "?art=zauberei")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in html
    assert "Werkstatt" in html  # the agenda is shown unfiltered


def test_agenda_queries_stay_constant_with_registrations(
    client, process, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            get(client, AGENDA)
        return len(ctx)

    for _n in range(3):
        make_registration(make_event(process, capacity=5))
    small = count()
    for _n in range(30):
        event = make_event(process, capacity=5)
        make_registration(event)
        make_registration(event, status=Registration.Status.WAITLISTED)
    assert count() == small


def test_past_events_show_their_documentation(client, process, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from events.models import EventDocument

    settings.MEDIA_ROOT = tmp_path
    past = make_event(
        process, title="Werkstatt 2024", days=-30, results="# Ergebnisse\n\nViel."
    )
    EventDocument.objects.create(
        event=past,
        title="Protokoll",
        file=SimpleUploadedFile("protokoll.pdf", b"%PDF-1.7 test"),
    )
    upcoming = make_event(process, title="Werkstatt 2027", results="Noch nicht.")
    html = html_of(client, AGENDA)
    item = entry(html, "Werkstatt 2024")
    assert "Ergebnisse der Veranstaltung" in item
    assert "Protokoll" in item and "(PDF)" in item
    assert "Ergebnisse der Veranstaltung" not in entry(html, "Werkstatt 2027")
    page = html_of(client, past.get_absolute_url())
    assert 'id="results-heading"' in page
    assert "Viel." in page and "Protokoll" in page
    assert 'id="results-heading"' not in html_of(client, upcoming.get_absolute_url())
