"""The agenda, the event pages, the e-mails and the calendar files in the
reader's language: translations where staff wrote them, German (marked
lang="de" on the pages, with a note) where not."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from registrations.emails import mail_render
from registrations.models import OutgoingMail
from tests.conftest import (
    make_event,
    make_phase,
    make_process,
    make_registration,
    make_venue,
)

GERMAN = ' lang="de" dir="ltr"'
NOTE_TR = "Bu metin yalnızca Almanca olarak mevcuttur."
NOTE_AR = "هذا النص متوفر باللغة الألمانية فقط."


def page(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def main_of(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_the_event_page_shows_the_translation_and_marks_the_german_rest(client, city):
    process = make_process(city, title="Beteiligungsprozess")
    phase = make_phase(process, title="Werkstätten", title_tr="Atölyeler")
    venue = make_venue(city, accessibility_notes="Stufenloser Zugang.")
    event = make_event(
        process,
        phase=phase,
        venue=venue,
        title="Werkstatt Wohnen",
        title_tr="Konut atölyesi",
        description="Wir sprechen über Wohnen.",
    )

    main = main_of(page(client, f"/tr/veranstaltungen/{event.slug}/"))

    assert "<h1>Konut atölyesi" in main
    assert "I. Atölyeler ·" in main
    assert f"<span{GERMAN}>Beteiligungsprozess</span>" in main
    assert f'<div class="prose"{GERMAN}><p>Wir sprechen über Wohnen.</p>' in main
    assert f"<span{GERMAN}>Stufenloser Zugang.</span>" in main
    assert main.count(NOTE_TR) == 1


def test_a_fully_translated_event_page_has_no_note(client, city):
    process = make_process(city, title="Prozess", title_tr="Süreç")
    event = make_event(process, title="Werkstatt", title_tr="Atölye")

    main = main_of(page(client, f"/tr/veranstaltungen/{event.slug}/"))

    assert "<h1>Atölye" in main
    assert NOTE_TR not in main
    assert GERMAN not in main


def test_the_agenda_marks_german_titles_and_phases_once_noted(client, city):
    process = make_process(city, title="Prozess", title_ar="العملية")
    phase = make_phase(process, title="Auftakt", title_ar="الانطلاق")
    make_phase(process, number=2, title="Werkstätten")
    make_event(process, title="Zukunftswerkstatt", days=5)
    make_event(process, phase=phase, title="Auftaktforum", title_ar="منتدى", days=-5)

    html = page(client, "/ar/veranstaltungen/")
    main = main_of(html)

    assert f'"{GERMAN}>Zukunftswerkstatt</a>' in main
    assert '">منتدى</a>' in main
    # The upcoming list says it once; so does the review of the process.
    assert main.count(NOTE_AR) == 2
    # The timeline: the phases in the text and in the picture.
    assert "<strong>I. الانطلاق</strong>" in main
    assert f"<strong{GERMAN}>II. Werkstätten</strong>" in main
    assert re.search(r'<text [^>]* lang="de">II\. Werkstätten</text>', main)
    assert not re.search(r'lang="de">I\. الانطلاق</text>', main)


def test_the_agenda_asks_no_more_queries_for_more_events(client, city):
    process = make_process(city)
    venue = make_venue(city, accessibility_notes="Aufzug vorhanden.")
    for days in (3, -3):
        make_event(process, venue=venue, days=days)
    page(client, "/ar/impressum/")  # the city is cached from now on
    with CaptureQueriesContext(connection) as few:
        main = main_of(page(client, "/ar/veranstaltungen/"))
    # Each event: in the timeline's text and in the agenda.
    assert main.count(f'"{GERMAN}>Veranstaltung') == 2 * 2
    # A request leaves its language active: write German.
    with translation.override("de"):
        for days in (4, 5, 6, 7, -4, -5, -6, -7):
            make_event(process, venue=venue, days=days)

    with CaptureQueriesContext(connection) as many:
        main = main_of(page(client, "/ar/veranstaltungen/"))
    assert main.count(f'"{GERMAN}>Veranstaltung') == 2 * 10
    assert len(many) == len(few)


def test_the_confirmation_e_mail_and_its_calendar_entry_are_in_turkish(city):
    process = make_process(city)
    event = make_event(
        process,
        title="Werkstatt Wohnen",
        title_tr="Konut atölyesi",
        description="Wir sprechen über Wohnen.",
    )
    registration = make_registration(event, language="tr")
    mail = OutgoingMail.objects.create(
        kind=OutgoingMail.Kind.CONFIRMED,
        recipient=registration.email,
        registration=registration,
        event=event,
        language="tr",
    )

    message = mail_render(mail)

    assert "Konut atölyesi" in message.subject
    assert "Konut atölyesi" in message.body
    ics = next(a for a in message.attachments if a[0].endswith(".ics"))[1]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "SUMMARY;LANGUAGE=tr:Konut atölyesi" in ics
    # No Turkish description: the German one, rather than none.
    assert "Wir sprechen über Wohnen." in ics


def test_the_calendar_file_is_in_the_language_of_its_page(client, city):
    event = make_event(
        make_process(city), title="Werkstatt Wohnen", title_uk="Майстерня житла"
    )

    turkish = client.get(f"/tr/veranstaltungen/{event.slug}/kalender.ics")
    ukrainian = client.get(f"/uk/veranstaltungen/{event.slug}/kalender.ics")

    assert "SUMMARY;LANGUAGE=de:Werkstatt Wohnen" in turkish.content.decode()
    assert "SUMMARY;LANGUAGE=uk:Майстерня житла" in ukrainian.content.decode()
