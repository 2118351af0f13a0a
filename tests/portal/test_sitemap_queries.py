"""The sitemap of a small city: its queries stay the same however many
events there are, and without city data it is empty."""

import datetime as dt
import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event, Process
from tests.conftest import adopt, make_action_field, make_edition, make_process


def test_sitemap_without_city_data_is_empty(db, client):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert b"<loc>" not in response.content


def add_events(process: Process, count: int) -> None:
    now = timezone.now().replace(microsecond=0)
    Event.objects.bulk_create(
        Event(
            process=process,
            title=f"Termin {number}",
            slug=f"termin-{process.pk}-{number}",
            start=now + dt.timedelta(days=number),
            end=now + dt.timedelta(days=number, hours=2),
            is_published=True,
        )
        for number in range(Event.objects.count(), Event.objects.count() + count)
    )


def test_sitemap_queries_do_not_grow_with_the_number_of_events(
    city, client, django_assert_num_queries
):
    edition = make_edition(city)
    make_action_field(edition)
    adopt(edition)
    process = make_process(city, edition=edition)
    add_events(process, 20)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get("/sitemap.xml").status_code == 200

    add_events(process, 180)
    cache.clear()
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/sitemap.xml")

    # Each event in each of the six languages.
    event_loc = rb"<loc>[^<]*/veranstaltungen/termin-[^<]*</loc>"
    assert len(re.findall(event_loc, response.content)) == 6 * 200
