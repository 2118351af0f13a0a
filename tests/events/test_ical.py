"""Calendars: one event as .ics, the feed of all events and one per action field.

Every output is read back with icalendar, so the tests check what a calendar
program sees, not how the text happens to be laid out.
"""

import datetime as dt
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar

from events.ical import plain_text, render_calendar_ics, render_event_ics
from events.models import EVENT_UID_NAMESPACE, Event, Venue
from tests.conftest import (
    get,
    html_of,
    make_action_field,
    make_city,
    make_edition,
    make_event,
    make_process,
    make_venue,
)

BERLIN = ZoneInfo("Europe/Berlin")
SITE_URL = "https://leitbild.example.org"
FEED = "/veranstaltungen/kalender.ics"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def process(city):
    return make_process(city)


@pytest.fixture
def event(process, city):
    start = dt.datetime(2024, 6, 5, 17, 0, tzinfo=BERLIN)
    return make_event(
        process,
        title="Workshop Bildung",
        slug="workshop-bildung",
        description="Wir sammeln **Ideen**.",
        start=start,
        end=start + dt.timedelta(hours=3),
        venue=make_venue(city, locality="Beispielstadt"),
        room="Saal 2",
    )


def parse(ics: bytes) -> Calendar:
    return Calendar.from_ical(ics)


def vevent_of(ics: bytes):
    (vevent,) = parse(ics).walk("VEVENT")
    return vevent


def uids_of(ics: bytes) -> set[str]:
    return {str(vevent["UID"]) for vevent in parse(ics).walk("VEVENT")}


def uid_of_event(event: Event) -> str:
    return str(vevent_of(render_event_ics(event))["UID"])


def reloaded(event: Event) -> Event:
    return Event.objects.select_related("venue").get(pk=event.pk)


def stable_uid(event: Event) -> str:
    """The UID an event keeps for good: the name-based UUID of its city and
    the slug it was created with, never its id or the portal's address."""
    city = event.process.city.slug
    return str(uuid.uuid5(EVENT_UID_NAMESPACE, f"{city}/{event.slug}"))


# The model's revision counter


def test_event_sequence_grows_when_the_start_changes(event):
    event.start += dt.timedelta(hours=1)
    event.end += dt.timedelta(hours=1)
    event.save()

    assert reloaded(event).sequence == 1


@pytest.mark.parametrize(
    "field, value",
    [
        ("title", "Workshop Bildung und Sprache"),
        ("description", "Neue Beschreibung."),
        ("slug", "workshop-bildung-2024"),
        ("room", "Saal 3"),
        ("venue", None),
        ("is_cancelled", True),
        ("is_published", False),
    ],
)
def test_event_sequence_grows_with_every_change_its_calendar_entry_shows(
    event, field, value
):
    setattr(event, field, value)
    event.save()
    assert reloaded(event).sequence == 1

    event.save()  # saved again unchanged
    assert reloaded(event).sequence == 1


@pytest.mark.parametrize(
    "field, value",
    [("capacity", 12), ("results", "Ergebnisse."), ("is_example", True)],
)
def test_event_sequence_stays_when_only_what_calendars_do_not_show_changes(
    event, field, value
):
    setattr(event, field, value)
    event.save()

    assert reloaded(event).sequence == 0


# One event


def test_event_uid_stays_the_same_across_saves(event, settings):
    first = uid_of_event(reloaded(event))
    event.description = "Anders."
    event.save()
    event.start += dt.timedelta(days=1)
    event.end += dt.timedelta(days=1)
    event.slug, event.title = "workshop-bildung-und-sprache", "Workshop Sprache"
    event.save()
    settings.SITE_URL = "https://leitbild.beispielstadt.de"

    assert uid_of_event(reloaded(event)) == first
    # Derived from the city and the slug at creation: no id, no host.
    city = event.process.city.slug
    assert first == str(uuid.uuid5(EVENT_UID_NAMESPACE, f"{city}/workshop-bildung"))


def test_event_sequence_in_the_calendar_grows_after_a_time_change(event):
    before = vevent_of(render_event_ics(reloaded(event)))["SEQUENCE"]
    event.start += dt.timedelta(hours=1)
    event.end += dt.timedelta(hours=1)
    event.save()

    after = vevent_of(render_event_ics(reloaded(event)))["SEQUENCE"]
    assert after == before + 1


def test_event_sequence_in_the_calendar_grows_after_a_description_change(event):
    before = vevent_of(render_event_ics(reloaded(event)))["SEQUENCE"]
    event.description = "Nur der Text ist neu."
    event.save()

    assert vevent_of(render_event_ics(reloaded(event)))["SEQUENCE"] == before + 1


def test_event_sequence_in_the_calendar_stays_after_a_capacity_change(event):
    before = vevent_of(render_event_ics(reloaded(event)))["SEQUENCE"]
    event.capacity = 40
    event.save()

    assert vevent_of(render_event_ics(reloaded(event)))["SEQUENCE"] == before


def test_cancelled_event_has_status_cancelled(event):
    assert vevent_of(render_event_ics(event))["STATUS"] == "CONFIRMED"
    event.is_cancelled = True
    event.save()

    vevent = vevent_of(render_event_ics(reloaded(event)))
    assert vevent["STATUS"] == "CANCELLED"
    assert "Workshop Bildung" in vevent["SUMMARY"]


def test_event_starts_at_the_berlin_wall_time_with_its_tzid(event):
    vevent = vevent_of(render_event_ics(reloaded(event)))

    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent["DTEND"].params["TZID"] == "Europe/Berlin"
    start = vevent.decoded("DTSTART")
    assert start.replace(tzinfo=None) == dt.datetime(2024, 6, 5, 17, 0)
    assert start.utcoffset() == dt.timedelta(hours=2)
    assert vevent.decoded("DTEND").replace(tzinfo=None) == dt.datetime(
        2024, 6, 5, 20, 0
    )


def test_event_calendar_defines_the_berlin_time_zone(event):
    calendar = parse(render_event_ics(reloaded(event)))

    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_event_location_names_venue_room_and_address(event):
    location = str(vevent_of(render_event_ics(event))["LOCATION"])

    assert "Volkshochschule" in location
    assert "Saal 2" in location
    assert "Marktplatz 1, 12345 Beispielstadt" in location


def test_event_url_is_absolute(event):
    vevent = vevent_of(render_event_ics(event))

    url = f"{SITE_URL}/veranstaltungen/workshop-bildung/"
    assert str(vevent["URL"]) == url
    # The text as plain text (no Markdown marks), then the page's address.
    assert str(vevent["DESCRIPTION"]) == f"Wir sammeln Ideen.\n\n{url}"


def test_event_description_is_the_markdown_as_plain_text():
    markdown = (
        "## Ablauf\n\n"
        "Wir sammeln **Ideen** mit dem [Integrationsrat](https://example.org/ir).\n\n"
        "- Begrüßung\n- Arbeit in Gruppen\n\n"
        "Fragen an <ki@example.org>."
    )

    assert plain_text(markdown) == (
        "Ablauf\n\n"
        "Wir sammeln Ideen mit dem Integrationsrat (https://example.org/ir).\n\n"
        "– Begrüßung\n– Arbeit in Gruppen\n\n"
        "Fragen an ki@example.org."
    )


def test_event_geo_gives_the_venues_coordinates(event):
    assert "GEO" not in vevent_of(render_event_ics(event))
    event.venue.latitude, event.venue.longitude = Decimal("51.9618"), Decimal("7.6281")
    event.venue.save()

    vevent = vevent_of(render_event_ics(reloaded(event)))

    assert (vevent["GEO"].latitude, vevent["GEO"].longitude) == (51.9618, 7.6281)


def test_event_organizer_is_the_integration_centre_with_its_address(event, city):
    city.contact_email = "ki@beispielstadt.de"
    city.save()

    organizer = vevent_of(render_event_ics(reloaded(event)))["ORGANIZER"]

    assert str(organizer) == "mailto:ki@beispielstadt.de"
    assert organizer.params["CN"] == "Kommunales Integrationszentrum Beispielstadt"


def test_event_organizer_writes_from_the_portal_without_a_city_address(event, settings):
    settings.DEFAULT_FROM_EMAIL = "Leitbildportal <portal@example.org>"

    organizer = vevent_of(render_event_ics(event))["ORGANIZER"]

    assert str(organizer) == "mailto:portal@example.org"
    assert organizer.params["CN"] == "Kommunales Integrationszentrum Beispielstadt"


def test_event_categories_name_its_type_and_action_fields(event, city):
    edition = make_edition(city)
    event.action_fields.add(
        make_action_field(edition, name="Bildung und Sprachen"),
        make_action_field(edition, name="Wirtschaft und Arbeit"),
    )

    categories = vevent_of(render_event_ics(reloaded(event)))["CATEGORIES"]

    assert [str(c) for c in categories.cats] == [
        "Workshop",
        "Bildung und Sprachen",
        "Wirtschaft und Arbeit",
    ]


def test_event_last_modified_follows_changes_of_the_event_and_its_venue(event):
    yesterday = event.updated_at - dt.timedelta(days=1)
    Event.objects.filter(pk=event.pk).update(updated_at=yesterday)
    Venue.objects.filter(pk=event.venue_id).update(updated_at=yesterday)
    before = vevent_of(render_event_ics(reloaded(event))).decoded("LAST-MODIFIED")
    assert before == yesterday.replace(microsecond=0)
    event.venue.street = "Marktplatz 2"
    event.venue.save()

    vevent = vevent_of(render_event_ics(reloaded(event)))

    changed = event.venue.updated_at.replace(microsecond=0)
    assert vevent.decoded("LAST-MODIFIED") == changed
    assert vevent.decoded("DTSTAMP") == changed
    assert vevent.decoded("CREATED") == event.created_at.replace(microsecond=0)


def test_event_calendar_is_published_by_default(event):
    calendar = parse(render_event_ics(event))

    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["VERSION"] == "2.0"
    assert "leitbild.example.org" in str(calendar["PRODID"])


def test_event_calendar_as_invitation_has_method_request_and_organizer(event):
    calendar = parse(render_event_ics(event, method="REQUEST"))

    assert calendar["METHOD"] == "REQUEST"
    assert str(calendar.walk("VEVENT")[0]["ORGANIZER"]).startswith("mailto:")


def test_calendar_lines_end_with_crlf(event):
    ics = render_event_ics(event)

    assert ics.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in ics.replace(b"\r\n", b"")


# The feed as rendered


def test_feed_carries_its_name_and_refresh_interval(event):
    ics = render_calendar_ics([event], name="Portal: Veranstaltungen")
    calendar = parse(ics)

    assert calendar["X-WR-CALNAME"] == "Portal: Veranstaltungen"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Berlin"
    assert calendar.decoded("REFRESH-INTERVAL") == dt.timedelta(hours=1)
    # RFC 7986 wants the value type said; Outlook reads only its own name.
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in ics
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in ics
    assert len(calendar.walk("VEVENT")) == 1
    assert len(calendar.walk("VTIMEZONE")) == 1


# The views


def test_event_ics_is_a_download_of_the_event(event, client):
    response = get(client, "/veranstaltungen/workshop-bildung/kalender.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="workshop-bildung.ics"'
    )
    assert uids_of(response.content) == {stable_uid(event)}


@pytest.mark.parametrize("kind", ["unknown", "unpublished", "other city"])
def test_event_ics_is_not_found_for_events_not_shown(process, client, kind):
    if kind == "unpublished":
        make_event(process, slug="gesucht", is_published=False)
    elif kind == "other city":
        make_event(make_process(make_city()), slug="gesucht")

    assert get(client, "/veranstaltungen/gesucht/kalender.ics").status_code == 404


def test_feed_lists_the_published_events_of_the_city(process, client):
    past = make_event(process, days=-30)
    upcoming = make_event(process, days=10)
    cancelled = make_event(process, days=20, is_cancelled=True)
    make_event(process, days=5, is_published=False)
    make_event(make_process(make_city()), days=5)

    response = get(client, FEED)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Disposition" not in response
    calendar = parse(response.content)
    assert uids_of(response.content) == {
        stable_uid(e) for e in (past, upcoming, cancelled)
    }
    statuses = {str(v["UID"]): v["STATUS"] for v in calendar.walk("VEVENT")}
    assert statuses[stable_uid(cancelled)] == "CANCELLED"
    assert statuses[stable_uid(upcoming)] == "CONFIRMED"
    # The rest of the name is translated.
    assert str(calendar["X-WR-CALNAME"]).startswith("Leitbildportal Beispielstadt:")


def test_feed_is_not_found_without_a_city(db, client):
    assert get(client, FEED).status_code == 404


def test_feed_is_served_from_the_page_cache(process, client, django_assert_num_queries):
    make_event(process)
    first = get(client, FEED)

    with django_assert_num_queries(0):
        second = get(client, FEED)

    assert second.status_code == 200
    assert second.content == first.content


@pytest.fixture
def edition(city):
    return make_edition(city)


def test_action_field_feed_lists_only_that_fields_events(process, edition, client):
    field, other = make_action_field(edition), make_action_field(edition)
    linked = make_event(process)
    linked.action_fields.add(field)
    make_event(process).action_fields.add(other)
    make_event(process)
    make_event(process, is_published=False).action_fields.add(field)

    response = get(client, f"/handlungsfelder/{field.slug}/kalender.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert uids_of(response.content) == {stable_uid(linked)}
    assert field.name in str(parse(response.content)["X-WR-CALNAME"])


def test_action_field_feed_of_unknown_field_is_not_found(edition, client):
    response = get(client, "/handlungsfelder/gibt-es-nicht/kalender.ics")

    assert response.status_code == 404


def test_action_field_page_links_to_its_calendar(edition, client):
    field = make_action_field(edition)

    html = html_of(client, field.get_absolute_url())

    assert f'href="/handlungsfelder/{field.slug}/kalender.ics"' in html


def count_queries(client, path) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = get(client, path)
    assert response.status_code == 200
    return len(queries.captured_queries)


def add_events(process, field, venue, count: int) -> None:
    for _number in range(count):
        event = make_event(process, venue=venue)
        event.action_fields.add(field)


def test_feeds_run_as_many_queries_for_50_events_as_for_5(
    city, process, edition, client
):
    field, venue = make_action_field(edition), make_venue(city)
    paths = [FEED, f"/handlungsfelder/{field.slug}/kalender.ics"]
    add_events(process, field, venue, 5)
    with_5 = [count_queries(client, path) for path in paths]

    add_events(process, field, venue, 45)
    with_50 = [count_queries(client, path) for path in paths]

    assert with_50 == with_5
    assert len(parse(get(client, FEED).content).walk("VEVENT")) == 50


# Languages: a calendar is in the language of the page it comes from

TITLE_AR = "ورشة عمل حول التعليم"
DESCRIPTION_AR = "نجمع **الأفكار**."


def test_event_ics_is_in_the_language_of_its_page(event, client):
    event.title_ar = TITLE_AR
    event.description_ar = DESCRIPTION_AR
    event.save()

    response = client.get("/ar/veranstaltungen/workshop-bildung/kalender.ics")

    vevent = vevent_of(response.content)
    assert response.status_code == 200
    assert str(vevent["SUMMARY"]) == TITLE_AR
    assert vevent["SUMMARY"].params["LANGUAGE"] == "ar"
    assert str(vevent["DESCRIPTION"]) == (
        f"نجمع الأفكار.\n\n{SITE_URL}/ar/veranstaltungen/workshop-bildung/"
    )
    assert vevent["DESCRIPTION"].params["LANGUAGE"] == "ar"
    assert str(vevent["URL"]) == f"{SITE_URL}/ar/veranstaltungen/workshop-bildung/"
    assert uids_of(response.content) == {stable_uid(event)}


def test_untranslated_event_is_german_and_says_so(event, client):
    event.is_cancelled = True
    event.save()

    response = client.get("/tr/veranstaltungen/workshop-bildung/kalender.ics")

    vevent = vevent_of(response.content)
    with translation.override("tr"):
        cancelled = gettext("Cancelled: %(title)s") % {"title": "Workshop Bildung"}
    assert str(vevent["SUMMARY"]) == cancelled
    assert vevent["SUMMARY"].params["LANGUAGE"] == "de"
    assert vevent["DESCRIPTION"].params["LANGUAGE"] == "de"
    assert str(vevent["URL"]) == f"{SITE_URL}/tr/veranstaltungen/workshop-bildung/"


def test_german_calendar_marks_its_texts_german(event, client):
    vevent = vevent_of(
        get(client, "/veranstaltungen/workshop-bildung/kalender.ics").content
    )

    assert str(vevent["SUMMARY"]) == "Workshop Bildung"
    assert vevent["SUMMARY"].params["LANGUAGE"] == "de"


def test_feeds_are_in_the_language_of_their_page(event, edition, client):
    event.title_ar = TITLE_AR
    event.save()
    field = make_action_field(edition, name="Bildung", slug="bildung")
    field.name_ar = "التعليم"
    field.save()
    event.action_fields.add(field)

    feed = parse(client.get(f"/ar{FEED}").content)
    field_feed = parse(client.get("/ar/handlungsfelder/bildung/kalender.ics").content)

    city = event.process.city
    with translation.override("ar"):
        name = gettext("%(portal)s: events") % {"portal": city.portal_name or city.name}
        field_name = gettext("%(portal)s: events on “%(action_field)s”") % {
            "portal": city.portal_name or city.name,
            "action_field": "التعليم",
        }
    assert str(feed["X-WR-CALNAME"]) == name
    assert str(field_feed["X-WR-CALNAME"]) == field_name
    for calendar in (feed, field_feed):
        (vevent,) = calendar.walk("VEVENT")
        assert str(vevent["SUMMARY"]) == TITLE_AR
        assert "التعليم" in [str(c) for c in vevent["CATEGORIES"].cats]
