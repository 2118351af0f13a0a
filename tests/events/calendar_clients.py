"""What calendar programs read from the portal's calendars: Mozilla's ical.js
(Thunderbird, Nextcloud) through Node.js, and Python's icalendar.

Each reader returns {uid: (start, end)} with the times as aware datetimes in
UTC, for comparison with the database.
"""

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from icalendar import Calendar

ICALJS = Path(settings.BASE_DIR) / "node_modules" / "ical.js" / "package.json"
SCRIPT = Path(__file__).with_name("icaljs_events.mjs")

Times = dict[str, tuple[dt.datetime, dt.datetime]]


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def icaljs_run(ics: bytes) -> dict:
    """Everything tests/events/icaljs_events.mjs prints for a calendar."""
    if not ICALJS.is_file():
        pytest.fail(
            "ical.js is not installed in node_modules: run `make node` "
            "(npm ci with the pinned package-lock.json) and test again.",
            pytrace=False,
        )
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: the calendar tests read with ical.js.")
    result = subprocess.run(
        [node, str(SCRIPT)],
        input=ics,
        capture_output=True,
        timeout=60,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def icaljs_read(ics: bytes, *, tzid: str = "Europe/Berlin") -> Times:
    """Start and end of each event as ical.js reads them, with the calendar's
    own VTIMEZONE registered, as Thunderbird does on import."""
    events = icaljs_run(ics)["events"]
    for event in events:
        # A TZID that no VTIMEZONE of the calendar defines makes the times
        # floating, read in whatever zone the machine is in.
        assert (event["startZone"], event["endZone"]) == (tzid, tzid), event
    return {
        event["uid"]: (_utc(event["start"]), _utc(event["end"])) for event in events
    }


def icalendar_read(ics: bytes) -> Times:
    """Start and end of each event as Python's icalendar reads them, checked
    to agree with the calendar's own VTIMEZONE read by icalendar (through
    dateutil) rather than looked up by its TZID."""
    calendar = Calendar.from_ical(ics)
    own_zones = {
        str(vtimezone["TZID"]): vtimezone.to_tz(lookup_tzid=False)
        for vtimezone in calendar.walk("VTIMEZONE")
    }
    times = {}
    for vevent in calendar.walk("VEVENT"):
        start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
        for value, name in ((start, "DTSTART"), (end, "DTEND")):
            own = own_zones[str(vevent[name].params["TZID"])]
            by_own_zone = value.replace(tzinfo=None).replace(tzinfo=own)
            assert by_own_zone == value, (vevent["UID"], name, value, by_own_zone)
        times[str(vevent["UID"])] = (start.astimezone(dt.UTC), end.astimezone(dt.UTC))
    return times


def database_times(events) -> Times:
    """The events' start and end as the database holds them."""
    return {
        str(event.uid): (event.start.astimezone(dt.UTC), event.end.astimezone(dt.UTC))
        for event in events
    }
