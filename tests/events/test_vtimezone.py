"""VTIMEZONE components from the zone data: the rule in force as yearly
RRULEs, read back by ical.js and icalendar and compared with zoneinfo."""

import datetime as dt
import zoneinfo

import pytest

from events.vtimezone import Change, rule_parse, vtimezone, zone_data
from tests.events.calendar_clients import icalendar_read, icaljs_read

UTC = dt.UTC


@pytest.fixture(params=["system", "tzdata package"])
def zone_source(request):
    """The TZif files of the machine (Debian writes changes up to 2037) or
    of the tzdata package (only up to the current rule): zoneinfo takes the
    first it finds, and both must give the same calendar."""
    if request.param == "tzdata package":
        zoneinfo.reset_tzpath(to=[])
    zone_data.cache_clear()
    yield request.param
    zoneinfo.reset_tzpath()
    zone_data.cache_clear()


def transitions(zone: zoneinfo.ZoneInfo, first: int, last: int) -> list[dt.datetime]:
    """The instants (UTC) at which the zone's offset changes, found by
    zoneinfo alone."""
    found = []
    moment = dt.datetime(first, 1, 1, tzinfo=UTC)
    end = dt.datetime(last + 1, 1, 1, tzinfo=UTC)
    step = dt.timedelta(hours=6)
    while moment < end:
        after = moment + step
        if moment.astimezone(zone).utcoffset() != after.astimezone(zone).utcoffset():
            low, high = moment, after
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                if (
                    middle.astimezone(zone).utcoffset()
                    == low.astimezone(zone).utcoffset()
                ):
                    low = middle
                else:
                    high = middle
            found.append(high.replace(second=0, microsecond=0))
        moment = after
    return found


def unambiguous(wall: dt.datetime, zone: zoneinfo.ZoneInfo) -> bool:
    """Whether a wall-clock time occurs exactly once in the zone."""
    aware = wall.replace(tzinfo=zone)
    round_trip = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return round_trip == wall and aware.replace(fold=1).utcoffset() == (
        aware.utcoffset()
    )


def sample_calendar(key: str, *, first: int, last: int) -> tuple[bytes, dict]:
    """A calendar of one-hour events in zone `key`: at noon every ninth day,
    and two hours before and after each change of its offset; with what
    zoneinfo says each starts and ends at in UTC."""
    zone = zoneinfo.ZoneInfo(key)
    walls = []
    day = dt.datetime(first, 1, 1, 12)
    while day.year <= last:
        walls.append(day)
        day += dt.timedelta(days=9)
    for instant in transitions(zone, first, last):
        for hours in (-2, 2):
            walls.append(
                (instant + dt.timedelta(hours=hours))
                .astimezone(zone)
                .replace(tzinfo=None)
            )
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//test//EN"]
    since = dt.datetime(first, 1, 1, tzinfo=zone)
    lines.append(vtimezone(key, since=since).to_ical().decode().strip())
    expected = {}
    for number, wall in enumerate(sorted(walls)):
        end = wall + dt.timedelta(hours=1)
        if not (unambiguous(wall, zone) and unambiguous(end, zone)):
            continue
        stamp, end_stamp = wall.strftime("%Y%m%dT%H%M%S"), end.strftime("%Y%m%dT%H%M%S")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{number}",
            "DTSTAMP:20240101T000000Z",
            f"DTSTART;TZID={key}:{stamp}",
            f"DTEND;TZID={key}:{end_stamp}",
            "END:VEVENT",
        ]
        expected[str(number)] = (
            wall.replace(tzinfo=zone).astimezone(UTC),
            end.replace(tzinfo=zone).astimezone(UTC),
        )
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines).encode() + b"\r\n", expected


def components(key: str, since: dt.datetime) -> list:
    return vtimezone(key, since=since).subcomponents


# The form


def test_berlin_is_two_yearly_rules_from_the_last_change_of_rule(zone_source):
    daylight, standard = sorted(
        components("Europe/Berlin", dt.datetime(2018, 1, 1, tzinfo=UTC)),
        key=lambda component: component.name,
    )

    assert (daylight.name, standard.name) == ("DAYLIGHT", "STANDARD")
    assert daylight["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert standard["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    # Since 1996 Germany has gone back to standard time in October.
    assert daylight.decoded("DTSTART") == dt.datetime(1996, 3, 31, 2, 0)
    assert standard.decoded("DTSTART") == dt.datetime(1996, 10, 27, 3, 0)
    assert (daylight["TZNAME"], standard["TZNAME"]) == ("CEST", "CET")
    assert daylight.decoded("TZOFFSETFROM") == dt.timedelta(hours=1)
    assert daylight.decoded("TZOFFSETTO") == dt.timedelta(hours=2)
    assert standard.decoded("TZOFFSETFROM") == dt.timedelta(hours=2)
    assert standard.decoded("TZOFFSETTO") == dt.timedelta(hours=1)
    ics = vtimezone("Europe/Berlin", since=dt.datetime(2018, 1, 1, tzinfo=UTC))
    assert b"RDATE" not in ics.to_ical()
    assert b"COMMENT" not in ics.to_ical()


def test_earlier_rules_are_written_out_only_for_times_before_the_current_rule():
    before = components("Europe/Berlin", dt.datetime(1995, 6, 1, tzinfo=UTC))

    starts = [component.decoded("DTSTART") for component in before]
    # In 1995 summer time ended on the last Sunday of September.
    assert starts[:2] == [dt.datetime(1995, 3, 26, 2, 0), dt.datetime(1995, 9, 24, 3)]
    assert ["RRULE" in component for component in before] == [False, False, True, True]
    assert not any("RDATE" in component for component in before)


def test_time_zone_without_daylight_saving_time_is_one_standard_component():
    (standard,) = components("Asia/Tokyo", dt.datetime(2000, 1, 1, tzinfo=UTC))

    assert standard.name == "STANDARD"
    assert standard.decoded("TZOFFSETTO") == dt.timedelta(hours=9)
    assert "RRULE" not in standard


def test_a_change_at_24_00_is_written_as_the_next_day():
    # Egypt: back to standard time at 24:00 on the last Thursday of October,
    # which is the Friday after; in some years that is the 1st of November.
    rule = rule_parse("EET-2EEST,M4.5.5/0,M10.5.4/24")

    assert rule.end == Change(month=10, week=5, weekday=4, time=24 * 3600)
    assert rule.end.rrules() == [
        {
            "FREQ": "YEARLY",
            "BYMONTH": 10,
            "BYMONTHDAY": [26, 27, 28, 29, 30, 31],
            "BYDAY": "FR",
        },
        {"FREQ": "YEARLY", "BYMONTH": 11, "BYMONTHDAY": [1], "BYDAY": "FR"},
    ]


@pytest.mark.parametrize(
    "change",
    [
        "M2.5.0/24",  # the Monday after February's last Sunday: 1 March or 29 Feb
        "M3.1.0/-24",  # the Saturday before March's first Sunday: 28 or 29 Feb
        "M2.4.0/48",  # past 28 February
    ],
)
def test_a_change_that_moves_with_leap_years_is_refused(change):
    rule = rule_parse(f"XST-1XDT,{change},M10.5.0")

    with pytest.raises(ValueError, match="Cannot write"):
        rule.start.rrules()


def test_rule_parse_reads_offsets_east_of_greenwich():
    rule = rule_parse("CET-1CEST,M3.5.0,M10.5.0/3")

    assert (rule.std.name, rule.std.offset) == ("CET", 3600)
    assert (rule.dst.name, rule.dst.offset) == ("CEST", 7200)
    assert rule.start == Change(month=3, week=5, weekday=0, time=2 * 3600)
    assert rule.end.local(2024) == dt.datetime(2024, 10, 27, 3, 0)


def test_rule_parse_refuses_what_is_not_a_tz_string():
    with pytest.raises(ValueError, match="POSIX TZ"):
        rule_parse("Europe/Berlin")


# Read back by the clients


def test_berlin_reads_right_in_icaljs_and_icalendar_for_decades(zone_source):
    ics, expected = sample_calendar("Europe/Berlin", first=2018, last=2060)

    assert icaljs_read(ics) == expected
    assert icalendar_read(ics) == expected


@pytest.mark.parametrize(
    "key",
    [
        "America/New_York",  # second Sunday in March, first in November
        "Australia/Sydney",  # the south: summer time over the new year
        "America/Santiago",  # changes at 24:00 on a Saturday
        "Africa/Cairo",  # at 24:00 on a Thursday, sometimes into November
        "America/Nuuk",  # at -1:00, the Saturday before the last Sunday
        "Asia/Jerusalem",  # at 26:00 on a Thursday
        "Europe/Dublin",  # summer time is "standard" in Irish law
        "Pacific/Chatham",  # at 2:45, offsets of 12:45 and 13:45
        "Asia/Tokyo",  # no daylight-saving time
    ],
)
def test_other_zones_read_right_in_icaljs_from_2015_to_2045(key):
    ics, expected = sample_calendar(key, first=2015, last=2045)

    assert icaljs_read(ics, tzid=key) == expected


@pytest.mark.parametrize(
    "key, first, last",
    [
        ("Europe/Riga", 1998, 2003),  # no summer time in 2000
        ("America/Port-au-Prince", 2014, 2019),  # none in 2016
    ],
)
def test_a_year_without_the_rules_changes_ends_the_earlier_rule(key, first, last):
    ics, expected = sample_calendar(key, first=first, last=last)

    assert icaljs_read(ics, tzid=key) == expected
