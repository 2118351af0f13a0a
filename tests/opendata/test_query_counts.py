"""Open data runs a fixed number of SQL queries, however many events and
measures there are: from the shipped data (some 20 events) to 2,000.

Münster is loaded once for the module (`muenster_shared`). Each measured
request starts from an empty cache, so neither the cached city nor a cached
answer hides a query.
"""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from handlungsfelder.models import Goal, Measure
from tests.test_query_counts import add_published_events

EVENTS = 2000
MEASURES = 300

PATHS = [
    "/api/v1/events?limit=500",
    "/api/v1/events?action_field=wirtschaft-und-arbeit&limit=500",
    "/api/v1/events?from=2020-01-01&cancelled=false",
    "/api/v1/events/2024-09-19-expertenrunde-4",
    "/api/v1/measures?action_field=interkulturelle-oeffnung-der-oeffentlichen-"
    "verwaltungen&limit=500",
    "/api/v1/action-fields?edition=2025",
    "/api/v1/goals",
    "/api/v1/editions",
    "/api/v1/sections",
    "/api/v1/processes",
    "/api/v1/phases",
    "/daten/veranstaltungen.csv",
    "/daten/veranstaltungen.json",
    "/daten/leitbild/2025/massnahmen.csv",
    "/daten/leitbild/2025/handlungsfelder.json",
]


def queries(client, path) -> tuple[int, bytes]:
    """Queries of one uncached request, and its body."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured.captured_queries), response.content


def grow(city) -> None:
    """From the shipped data to 2,000 published events and 300 measures."""
    add_published_events(city, count=EVENTS - Event.objects.count())
    goal = Goal.objects.get(
        action_field__edition__year=2025,
        action_field__slug="interkulturelle-oeffnung-der-oeffentlichen-verwaltungen",
    )
    Measure.objects.bulk_create(
        Measure(goal=goal, order=number, title=f"Zusatzmaßnahme {number}")
        for number in range(MEASURES)
    )


def test_open_data_queries_do_not_grow_with_events_and_measures(
    muenster_shared, client
):
    assert Event.objects.filter(is_published=True).count() <= 20
    before = {path: queries(client, path)[0] for path in PATHS}

    grow(muenster_shared)
    after, bodies = {}, {}
    for path in PATHS:
        after[path], bodies[path] = queries(client, path)

    assert after == before
    assert max(before.values()) <= 6
    # The answers did list the new rows: the counts are not from stale ones.
    for path, body in bodies.items():
        if path.startswith(("/api/v1/events?", "/daten/veranstaltungen")):
            assert b"Zusatztermin 0" in body, path
        if "massnahmen" in path or "measures" in path:
            assert f"Zusatzmaßnahme {MEASURES - 1}".encode() in body, path
