"""The agenda (/veranstaltungen/) and the event pages, with Münster's data.

Münster is loaded once for the module (`muenster_shared`). Times are checked
through the machine-readable `datetime` attributes, which do not depend on
the language of the page.
"""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Event, Phase, Process
from tests.conftest import get, html_of, make_city, make_event, make_process, make_venue

AGENDA = "/veranstaltungen/"


def upcoming_part(html: str) -> str:
    """The agenda's section of upcoming events."""
    return html.split('aria-labelledby="upcoming-heading"', 1)[1].split(
        "</section>", 1
    )[0]


def review_part(html: str) -> str:
    """Everything of the agenda after the upcoming events: the review."""
    rest = html.split('aria-labelledby="upcoming-heading"', 1)[1]
    return rest.split("</section>", 1)[1].split("</main>", 1)[0]


@pytest.fixture
def process(muenster_shared) -> Process:
    return Process.objects.get(city=muenster_shared, slug="2023-2025")


# The agenda


def test_agenda_lists_every_shipped_event_in_the_review(muenster_shared, client):
    review = review_part(html_of(client, AGENDA))

    for event in Event.objects.filter(process__city=muenster_shared):
        assert event.get_absolute_url() in review
        assert event.title in review


def test_agenda_shows_the_work_phases_with_their_periods(muenster_shared, client):
    review = review_part(html_of(client, AGENDA))

    assert "I. Arbeitsphase" in review
    assert "Mai 2023 bis April 2024" in review
    assert "II. Arbeitsphase" in review
    assert "III. Fachforen" in review
    assert "IV. Arbeitsphase" in review
    assert "V. Arbeitsphase" in review
    assert "ab November 2024 bis Januar 2025" in review


def test_agenda_groups_events_under_their_phase(muenster_shared, client):
    review = review_part(html_of(client, AGENDA))

    phase_2 = review.index("II. Arbeitsphase")
    phase_3 = review.index("III. Fachforen")
    # The 4. Expertenrunde (September 2024) belongs to phase II, although
    # the first forums of phase III came before it.
    assert phase_2 < review.index("4. Expertenrunde") < phase_3
    assert phase_3 < review.index("1. Fachforum") < review.index("IV. Arbeitsphase")


def test_agenda_lists_the_newest_process_first(muenster_shared, client):
    review = review_part(html_of(client, AGENDA))

    assert review.index("Überarbeitung des Leitbildes 2023–2025") < review.index(
        "Überarbeitung des Leitbildes 2018–2019"
    )
    assert review.index("Überarbeitung des Leitbildes 2018–2019") < review.index(
        "Workshop zur Überarbeitung des Leitbildes"
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2023-05-23T14:30:00+02:00", "2023-05-23T17:00:00+02:00"),
        ("2023-11-02T16:00:00+01:00", "2023-11-02T19:00:00+01:00"),
        ("2024-09-19T16:00:00+02:00", "2024-09-19T19:00:00+02:00"),
        ("2024-08-22T16:00:00+02:00", "2024-08-22T19:30:00+02:00"),
        ("2025-01-24T17:00:00+01:00", "2025-01-24T20:00:00+01:00"),
    ],
)
def test_agenda_shows_start_and_end_in_local_time(muenster_shared, client, start, end):
    html = html_of(client, AGENDA)

    assert f'<time datetime="{start}">' in html
    assert f'<time datetime="{end}">' in html


def test_agenda_shows_the_clock_times_as_announced(muenster_shared, client):
    html = html_of(client, AGENDA)

    assert "14:30</time>–<time" in html
    assert ">17:00</time>" in html


@pytest.mark.parametrize(
    "place",
    [
        "Stadtweinhaus, Prinzipalmarkt 8, 48143 Münster, Lublin Zimmer",
        "Volkshochschule, Aegidiimarkt 3, 48143 Münster, VHS Raum 104",
        "Stadthaus 2, Raum 2-1",
        "Bezirksregierung Münster, Domplatz 1-3, 48143 Münster, Saal 1",
        "Bezirksregierung Münster, Domplatz 36, 48143 Münster, Freiherr-vom-Stein-Saal",
        "Stadtweinhaus, Prinzipalmarkt 8, 48143 Münster, Rathausfestsaal",
    ],
)
def test_agenda_shows_venue_address_and_room(muenster_shared, client, place):
    assert place in html_of(client, AGENDA)


def test_agenda_says_nothing_is_planned_when_nothing_is(muenster_shared, client):
    html = html_of(client, AGENDA)

    assert "<article" not in upcoming_part(html)


def test_upcoming_event_is_listed_among_the_upcoming(muenster_shared, client, process):
    venue = make_venue(muenster_shared, name="Jugendzentrum Nord")
    phase = Phase.objects.get(process=process, number=5)
    make_event(process, days=7, title="Nachtreffen", phase=phase, venue=venue)

    html = html_of(client, AGENDA)

    assert "Nachtreffen" in upcoming_part(html)
    assert "Jugendzentrum Nord" in upcoming_part(html)
    assert "Nachtreffen" not in review_part(html)


def test_past_event_is_not_listed_among_the_upcoming(muenster_shared, client, process):
    make_event(process, days=-2, title="Vorgestern")

    html = html_of(client, AGENDA)

    assert "Vorgestern" in review_part(html)
    assert "Vorgestern" not in upcoming_part(html)
    assert "Abschlussveranstaltung" not in upcoming_part(html)


def test_event_that_has_begun_but_not_ended_is_still_upcoming(
    muenster_shared, client, process
):
    now = timezone.now()
    make_event(
        process,
        title="Läuft gerade",
        start=now - dt.timedelta(hours=1),
        end=now + dt.timedelta(hours=1),
    )

    assert "Läuft gerade" in upcoming_part(html_of(client, AGENDA))


def test_upcoming_events_are_listed_soonest_first(muenster_shared, client, process):
    make_event(process, days=21, title="In drei Wochen")
    make_event(process, days=3, title="In drei Tagen")

    upcoming = upcoming_part(html_of(client, AGENDA))

    assert upcoming.index("In drei Tagen") < upcoming.index("In drei Wochen")


def test_unpublished_event_is_not_listed(muenster_shared, client, process):
    make_event(process, days=7, title="Vorbesprechung intern", is_published=False)
    make_event(process, days=-7, title="Nachbesprechung intern", is_published=False)

    html = html_of(client, AGENDA)

    assert "Vorbesprechung intern" not in html
    assert "Nachbesprechung intern" not in html


def test_events_of_another_city_are_not_listed(muenster_shared, client):
    other = make_city()
    make_event(make_process(other), days=7, title="Treffen in Anderstadt")

    assert "Treffen in Anderstadt" not in html_of(client, AGENDA)


# The event page


def test_event_page_shows_time_place_and_map_link(muenster_shared, client):
    html = html_of(client, "/veranstaltungen/2024-09-19-expertenrunde-4/")

    assert "<h1>4. Expertenrunde" in html
    assert "II. Arbeitsphase" in html
    assert "Überarbeitung des Leitbildes 2023–2025" in html
    assert '<time datetime="2024-09-19T16:00:00+02:00">' in html
    assert '<time datetime="2024-09-19T19:00:00+02:00">' in html
    assert "Volkshochschule, VHS Raum 104" in html
    assert "Aegidiimarkt 3, 48143 Münster" in html
    assert 'href="https://www.openstreetmap.org/search?query=Aegidiimarkt+3' in html


def test_event_page_links_its_action_fields(muenster_shared, client):
    html = html_of(
        client, "/veranstaltungen/2024-05-14-fachforum-wirtschaft-und-arbeit/"
    )

    assert 'href="/handlungsfelder/wirtschaft-und-arbeit/"' in html
    assert "Stadthaus 2, Raum 2-1" in html


def test_event_page_of_the_goals_workshop_lists_seven_action_fields(
    muenster_shared, client
):
    html = html_of(
        client, "/veranstaltungen/2024-10-08-workshop-ziele-weitere-handlungsfelder/"
    )

    workshop = Event.objects.get(
        slug="2024-10-08-workshop-ziele-weitere-handlungsfelder"
    )
    for field in workshop.action_fields.all():
        assert f'href="{field.get_absolute_url()}"' in html
    assert workshop.action_fields.count() == 7
    assert "Domplatz 36" in html
    assert "Freiherr-vom-Stein-Saal" in html


def test_event_page_shows_the_description(muenster_shared, client):
    html = html_of(client, "/veranstaltungen/2024-03-19-expertenrunde-1/")

    assert "Klärung Grundhaltung und Definition zentraler Begriffe." in html


def test_event_page_without_venue_has_no_map_link(muenster_shared, client):
    html = html_of(client, "/veranstaltungen/2023-05-23-starterworkshop/")

    assert '<time datetime="2023-05-23T14:30:00+02:00">' in html
    assert "openstreetmap.org" not in html


def test_unknown_event_is_not_found(muenster_shared, client):
    assert get(client, "/veranstaltungen/gibt-es-nicht/").status_code == 404


def test_unpublished_event_is_not_found(muenster_shared, client, process):
    event = make_event(process, slug="entwurf", is_published=False)

    assert get(client, event.get_absolute_url()).status_code == 404


def test_event_of_another_city_is_not_found(muenster_shared, client):
    # The portal serves Münster (settings.CITY_SLUG); another city's event
    # must not appear under Münster's name.
    other = make_city()
    event = make_event(make_process(other), slug="anderstadt-treffen")

    assert get(client, event.get_absolute_url()).status_code == 404


def test_event_page_marks_a_cancelled_event(muenster_shared, client, process):
    shown = make_event(process, slug="findet-statt")
    cancelled = make_event(process, slug="abgesagt", is_cancelled=True)

    assert "alert-danger" in html_of(client, cancelled.get_absolute_url())
    assert "alert-danger" not in html_of(client, shown.get_absolute_url())


def test_event_page_renders_the_description_safely(muenster_shared, client, process):
    event = make_event(
        process,
        slug="mit-skript",
        description="**Bitte anmelden.**<script>alert(1)</script>",
    )

    html = html_of(client, event.get_absolute_url())

    assert "<strong>Bitte anmelden.</strong>" in html
    assert "<script>alert" not in html
