"""Every calendar the portal serves, read by the parsers calendar programs
use: Mozilla's ical.js (Thunderbird, Nextcloud) and Python's icalendar.

Both must put each event's start and end at the instants the database
holds: in summer, in winter, in the weeks the clocks change (events across
the change included), and in years to come.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from events.models import Event
from registrations.models import OutgoingMail
from registrations.services import registration_confirm, registration_create
from tests.conftest import (
    get,
    make_action_field,
    make_edition,
    make_event,
    make_process,
    make_venue,
)
from tests.events import calendar_clients
from tests.events.calendar_clients import (
    database_times,
    icalendar_read,
    icaljs_read,
    icaljs_run,
)

BERLIN = ZoneInfo("Europe/Berlin")
FEED = "/veranstaltungen/kalender.ics"

# Local times in Europe/Berlin, as the city announces them.
EVENTS = {
    "sommer": ("2023-05-23 14:30", "2023-05-23 17:00"),
    "winter": ("2024-01-24 17:00", "2024-01-24 20:00"),
    # Summer time began on Sunday 31 March 2024 at 2:00.
    "vor-der-sommerzeit": ("2024-03-29 18:00", "2024-03-29 20:00"),
    "ueber-die-umstellung-im-maerz": ("2024-03-30 22:00", "2024-03-31 04:00"),
    "nach-der-umstellung-im-maerz": ("2024-04-01 18:00", "2024-04-01 20:00"),
    # It ended on Sunday 27 October 2024 at 3:00.
    "vor-der-winterzeit": ("2024-10-25 18:00", "2024-10-25 20:00"),
    "ueber-die-umstellung-im-oktober": ("2024-10-26 22:00", "2024-10-27 04:00"),
    "nach-der-umstellung-im-oktober": ("2024-10-28 18:00", "2024-10-28 20:00"),
    # Past the years the icalendar library used to write out.
    "sommer-2031": ("2031-07-15 17:00", "2031-07-15 20:00"),
    "ueber-die-umstellung-2031": ("2031-03-29 22:00", "2031-03-30 04:00"),
    "winter-2040": ("2040-12-05 17:00", "2040-12-05 20:00"),
}


def local(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=BERLIN)


@pytest.fixture
def process(city):
    city.contact_email = "ki@example.org"
    city.save()
    return make_process(city)


@pytest.fixture
def events(process, city) -> list[Event]:
    venue = make_venue(city, locality="Beispielstadt")
    return [
        make_event(process, slug=slug, start=local(start), end=local(end), venue=venue)
        for slug, (start, end) in EVENTS.items()
    ]


def assert_read_alike(ics: bytes, events) -> None:
    """ical.js, icalendar and the database agree on every event's times."""
    expected = database_times(events)
    assert icaljs_read(ics) == expected
    assert icalendar_read(ics) == expected


def test_the_database_holds_the_announced_times_in_utc(events):
    summer, winter = events[0], events[1]

    assert summer.start == dt.datetime(2023, 5, 23, 12, 30, tzinfo=dt.UTC)
    assert winter.start == dt.datetime(2024, 1, 24, 16, 0, tzinfo=dt.UTC)
    across = Event.objects.get(slug="ueber-die-umstellung-im-maerz")
    assert across.end - across.start == dt.timedelta(hours=5)


def test_feed_of_all_events_reads_alike_in_every_client(events, client):
    response = get(client, FEED)

    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == len(EVENTS)
    assert_read_alike(response.content, events)


def test_action_field_feed_reads_alike_in_every_client(events, city, client):
    field = make_action_field(make_edition(city))
    linked = events[::2]
    for event in linked:
        event.action_fields.add(field)

    response = get(client, f"/handlungsfelder/{field.slug}/kalender.ics")

    assert_read_alike(response.content, linked)


def test_each_events_ics_reads_alike_in_every_client(events, client):
    for event in events:
        response = get(client, f"/veranstaltungen/{event.slug}/kalender.ics")

        assert_read_alike(response.content, [event])


def test_ics_of_the_confirmation_mail_reads_alike_in_every_client(
    events, mailoutbox, django_capture_on_commit_callbacks
):
    for number, event in enumerate(events):
        # Signed up and confirmed a week before the event.
        now = event.start - dt.timedelta(days=7)
        with django_capture_on_commit_callbacks(execute=True):
            registration = registration_create(
                event=event,
                name=f"Person {number}",
                email=f"person{number}@example.org",
                consent=True,
                now=now,
            )
            registration_confirm(registration=registration, now=now)

    confirmations = OutgoingMail.objects.filter(kind=OutgoingMail.Kind.CONFIRMED)
    assert confirmations.count() == len(events)
    attachments = [
        attachment
        for message in mailoutbox
        for attachment in message.attachments
        if attachment.filename.endswith(".ics")
    ]
    assert len(attachments) == len(events)
    for attachment, event in zip(attachments, events, strict=True):
        content = attachment.content
        ics = content.encode() if isinstance(content, str) else content
        assert_read_alike(ics, [event])


def test_starterworkshop_is_at_12_30_utc_in_thunderbirds_parser(muenster, client):
    """The case of the report: 14:30 in Münster on 23 May 2023 is 12:30 UTC,
    not 13:30 as ical.js read the icalendar library's VTIMEZONE."""
    starter = Event.objects.get(slug="2023-05-23-starterworkshop")

    feed = get(client, FEED).content

    start, end = icaljs_read(feed)[str(starter.uid)]
    assert start == dt.datetime(2023, 5, 23, 12, 30, tzinfo=dt.UTC)
    assert end == dt.datetime(2023, 5, 23, 15, 0, tzinfo=dt.UTC)
    assert_read_alike(feed, Event.objects.filter(process__city=muenster))


def test_calendar_reader_fails_with_the_command_when_ical_js_is_missing(
    monkeypatch, tmp_path
):
    monkeypatch.setattr(calendar_clients, "ICALJS", tmp_path / "package.json")

    with pytest.raises(pytest.fail.Exception, match="run `make node`"):
        icaljs_run(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")


def test_arabic_calendars_read_in_arabic_in_thunderbirds_parser(events, client):
    title = "ورشة عمل: الصيف"
    summer = events[0]
    summer.title_ar = title
    summer.save()

    single = icaljs_run(
        client.get(f"/ar/veranstaltungen/{summer.slug}/kalender.ics").content
    )
    feed = icaljs_run(client.get(f"/ar{FEED}").content)

    assert [event["summary"] for event in single["events"]] == [title]
    summaries = {event["uid"]: event["summary"] for event in feed["events"]}
    assert summaries[str(summer.uid)] == title
    # The others have no Arabic title: German stands in.
    assert summaries[str(events[1].uid)] == events[1].title
