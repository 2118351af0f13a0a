"""The public pages run a fixed number of SQL queries, however many events
there are.

Münster is loaded once for the module (`muenster_shared`). Each measured
request starts from an empty cache, so neither the cached city nor a cached
page hides a query.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event, Process, Venue
from handlungsfelder.models import ActionField

EXTRA_EVENTS = 200
MAX_QUERIES = 12

PAGES = [
    "/",
    "/leitbild/",
    "/leitbild/archiv/",
    "/handlungsfelder/",
    "/handlungsfelder/wirtschaft-und-arbeit/",
    "/veranstaltungen/",
    "/veranstaltungen/2024-09-19-expertenrunde-4/",
    "/impressum/",
]


def measure(client, path) -> tuple[int, str]:
    """Queries of one uncached request for the page, and its HTML."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def add_published_events(city, count: int = EXTRA_EVENTS) -> list[Event]:
    """Past and upcoming events of the 2023–2025 process, each with a phase,
    a venue and action fields, all linked to "Wirtschaft und Arbeit"."""
    process = Process.objects.get(city=city, slug="2023-2025")
    phases = list(process.phases.all())
    venues = list(Venue.objects.filter(city=city))
    fields = list(ActionField.objects.filter(edition=process.edition))
    economy = next(f for f in fields if f.slug == "wirtschaft-und-arbeit")
    now = timezone.now().replace(microsecond=0)
    events = []
    for number in range(count):
        start = now + dt.timedelta(days=number - count // 2, hours=1)
        events.append(
            Event(
                process=process,
                phase=phases[number % len(phases)],
                venue=venues[number % len(venues)],
                room=f"Raum {number}",
                type=Event.Type.WORKSHOP,
                title=f"Zusatztermin {number}",
                slug=f"zusatztermin-{number}",
                start=start,
                end=start + dt.timedelta(hours=2),
                is_published=True,
            )
        )
    events = Event.objects.bulk_create(events)
    link = Event.action_fields.through
    links = {(event.pk, economy.pk) for event in events} | {
        (event.pk, fields[number % len(fields)].pk)
        for number, event in enumerate(events)
    }
    link.objects.bulk_create(
        [link(event_id=event, actionfield_id=field) for event, field in links]
    )
    return events


@pytest.mark.parametrize("path", PAGES)
def test_page_queries_do_not_grow_with_the_number_of_events(
    muenster_shared, client, path
):
    before, _html = measure(client, path)

    add_published_events(muenster_shared)
    after, html = measure(client, path)

    assert after == before
    if path in ("/veranstaltungen/", "/handlungsfelder/wirtschaft-und-arbeit/"):
        # The page did list the new events: the count is not from a stale page.
        assert "Zusatztermin 0" in html
        assert f"Zusatztermin {EXTRA_EVENTS - 1}" in html


@pytest.mark.parametrize("path", PAGES)
def test_page_stays_under_the_query_ceiling(
    muenster_shared, client, path, django_assert_max_num_queries
):
    add_published_events(muenster_shared)
    cache.clear()

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 200


def test_home_lists_only_the_next_three_upcoming_events(muenster_shared, client):
    add_published_events(muenster_shared)

    _queries, html = measure(client, "/")

    assert html.count('class="event-item') == 3
