"""A time zone as a VTIMEZONE (RFC 5545, 3.6.5) in the form that calendar
programs write themselves: the rule in force as yearly RRULEs, valid for
every date to come.

The icalendar library lists each daylight-saving change of a fixed span of
years as one RDATE with many values and a comment that the zone "only works
from ... to ...". ical.js (Thunderbird, Nextcloud) misreads that form, and
Outlook is reported to as well. Here the rule comes from the zone data
itself: a TZif file (RFC 8536) ends with a POSIX TZ string, such as
"CET-1CEST,M3.5.0,M10.5.0/3" for Europe/Berlin, that describes every time
after its last listed change. Earlier changes are written out one by one, and
only where a calendar has an event before the current rule began.
"""

import datetime as dt
import functools
import importlib.resources
import re
import struct
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

# Weekdays as POSIX counts them (0 = Sunday) and as RRULEs name them.
WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
DAY = 86400
UTC = dt.UTC

_NAME = r"(?:<[A-Za-z0-9+-]+>|[A-Za-z]{3,})"
_TIME = r"[+-]?\d{1,3}(?::\d{1,2}){0,2}"
_DATE = r"M\d{1,2}\.[1-5]\.[0-6]"
_POSIX_TZ = re.compile(
    rf"(?P<std>{_NAME})(?P<std_offset>{_TIME})"
    rf"(?:(?P<dst>{_NAME})(?P<dst_offset>{_TIME})?"
    rf",(?P<start>{_DATE})(?:/(?P<start_time>{_TIME}))?"
    rf",(?P<end>{_DATE})(?:/(?P<end_time>{_TIME}))?)?"
)
_HEADER = struct.Struct(">4sc15x6l")


@dataclass(frozen=True)
class LocalTime:
    """One kind of local time of a zone: its offset from UTC and its name."""

    offset: int  # seconds east of UTC
    name: str
    is_dst: bool


@dataclass(frozen=True)
class Change:
    """A rule's yearly change: POSIX "Mm.w.d/time", the day-th weekday
    (0 = Sunday) of week `week` (5 = the last) of `month`, at `time` seconds
    after midnight of the local time before the change (may be negative or
    more than a day)."""

    month: int
    week: int
    weekday: int
    time: int

    def local(self, year: int) -> dt.datetime:
        """The local time (before the change) at which it happens in `year`."""
        first = dt.date(year, self.month, 1)
        # date.weekday() counts from Monday; POSIX from Sunday.
        day = 1 + (self.weekday - (first.weekday() + 1)) % 7 + 7 * (self.week - 1)
        while day > _days_in_month(year, self.month):
            day -= 7
        midnight = dt.datetime(year, self.month, day)
        return midnight + dt.timedelta(seconds=self.time)

    def rrules(self) -> list[dict]:
        """The change as yearly recurrence rules, usually one: BYDAY=-1SU for
        the last Sunday. A change at 24:00 or later (or before 0:00) falls on
        another weekday, in a window of seven days that may reach into the
        next (or the previous) month; each month's part is one rule, for a
        STANDARD or DAYLIGHT component of its own."""
        shift = self.time // DAY
        if shift == 0:
            week = -1 if self.week == 5 else self.week
            return [
                {
                    "FREQ": "YEARLY",
                    "BYMONTH": self.month,
                    "BYDAY": f"{week}{WEEKDAYS[self.weekday]}",
                }
            ]
        # Days of the month counted from its start: ical.js misreads negative
        # BYMONTHDAY values beside BYDAY. Only February's length varies.
        length = _days_in_month(2001, self.month)
        first = length - 6 if self.week == 5 else 7 * self.week - 6
        following, previous = self.month % 12 + 1, (self.month - 2) % 12 + 1
        by_month: dict[int, list[int]] = {}
        if self.month == 2 and self.week == 5:  # the last week moves in leap years
            raise ValueError(f"Cannot write {self} as a yearly rule.")
        for day in range(first + shift, first + shift + 7):
            month = self.month
            if day < 1:
                if previous == 2:
                    raise ValueError(f"Cannot write {self} as a yearly rule.")
                month, day = previous, day + _days_in_month(2001, previous)
            elif day > length:
                if self.month == 2:
                    raise ValueError(f"Cannot write {self} as a yearly rule.")
                month, day = following, day - length
            by_month.setdefault(month, []).append(day)
        weekday = WEEKDAYS[(self.weekday + shift) % 7]
        return [
            {"FREQ": "YEARLY", "BYMONTH": month, "BYMONTHDAY": days, "BYDAY": weekday}
            for month, days in by_month.items()
        ]


@dataclass(frozen=True)
class Rule:
    """The rule of a POSIX TZ string: standard time, and daylight-saving time
    between two yearly changes (none for a zone without DST)."""

    std: LocalTime
    dst: LocalTime | None = None
    start: Change | None = None  # to DST, in standard time
    end: Change | None = None  # back to standard time, in DST

    def changes(self) -> list[tuple[Change, LocalTime, LocalTime]]:
        """Each yearly change with the local times before and after it."""
        if self.dst is None:
            return []
        return [(self.start, self.std, self.dst), (self.end, self.dst, self.std)]

    def changes_around(self, instant: int) -> list[tuple[int, LocalTime]]:
        """The rule's changes (seconds since 1970, the local time from then
        on) from the year before `instant` to the year after, in order."""
        year = dt.datetime.fromtimestamp(instant, UTC).year
        return sorted(
            (
                (_instant(change.local(around), before), after)
                for change, before, after in self.changes()
                for around in (year - 1, year, year + 1)
            ),
            key=lambda change: change[0],
        )

    def began_with(self, transitions: list[tuple[int, LocalTime]]) -> int:
        """The index of the change listed in a zone file from which on the
        rule accounts for every change: the earliest of the last ones that
        follow each other as the rule makes them, none skipped (Latvia, for
        one, kept standard time through 2000 between rule years). Changes
        from it on are the rule's; len(transitions) if even the last is not.
        """
        first = len(transitions)
        if self.dst is None:
            if first and _same(transitions[-1][1], self.std):
                first -= 1
            return first
        while first > 0:
            instant, to = transitions[first - 1]
            changes = self.changes_around(instant)
            index = next(
                (
                    index
                    for index, (at, after) in enumerate(changes)
                    if at == instant and _same(after, to)
                ),
                None,
            )
            if index is None:
                break  # not a change the rule makes
            if first < len(transitions):
                # The next change listed must be the rule's next one.
                next_at, next_to = changes[index + 1]
                listed_at, listed_to = transitions[first]
                if next_at != listed_at or not _same(next_to, listed_to):
                    break
            first -= 1
        return first


def _same(one: LocalTime, other: LocalTime) -> bool:
    """The same local time by offset and name: files differ in which of two
    times they mark as DST (Ireland's winter time, say)."""
    return (one.offset, one.name) == (other.offset, other.name)


def rule_parse(text: str) -> Rule:
    """The rule of a POSIX TZ string as TZif files end with (RFC 8536, 3.3)."""
    match = _POSIX_TZ.fullmatch(text)
    if match is None:
        raise ValueError(f"Not a POSIX TZ string with Mm.w.d rules: {text!r}")
    parts = match.groupdict()
    # POSIX counts offsets west of Greenwich: "CET-1" is one hour east.
    std = LocalTime(-_seconds(parts["std_offset"]), _name(parts["std"]), False)
    if parts["dst"] is None:
        return Rule(std)
    dst_offset = (
        -_seconds(parts["dst_offset"]) if parts["dst_offset"] else std.offset + 3600
    )
    dst = LocalTime(dst_offset, _name(parts["dst"]), True)
    return Rule(
        std,
        dst,
        _change(parts["start"], parts["start_time"]),
        _change(parts["end"], parts["end_time"]),
    )


@dataclass(frozen=True)
class ZoneData:
    """What a TZif file says: the changes it lists (seconds since 1970, the
    local time from then on), the local time before the first, and the rule
    for every time after the last."""

    transitions: list[tuple[int, LocalTime]]
    initial: LocalTime
    rule: Rule


@functools.lru_cache(maxsize=16)
def zone_data(key: str) -> ZoneData:
    """Read the zone `key` ("Europe/Berlin") from the same TZif file that
    zoneinfo uses: the first one on zoneinfo.TZPATH, else the tzdata package."""
    zoneinfo.ZoneInfo(key)  # refuses unknown and malformed keys
    for directory in zoneinfo.TZPATH:
        path = Path(directory, key)
        if path.is_file():
            return tzif_parse(path.read_bytes())
    resource = importlib.resources.files("tzdata").joinpath("zoneinfo", key)
    return tzif_parse(resource.read_bytes())


def tzif_parse(data: bytes) -> ZoneData:
    """The 64-bit part and the footer of a TZif file, version 2 or later."""
    magic, version, *_counts = _HEADER.unpack_from(data)
    if magic != b"TZif" or version < b"2":
        raise ValueError("Not a TZif file of version 2 or later.")
    isut, isstd, leap, count, types, chars = _HEADER.unpack_from(data)[2:]
    offset = _HEADER.size + count * 5 + types * 6 + chars + leap * 8 + isstd + isut
    isut, isstd, leap, count, types, chars = _HEADER.unpack_from(data, offset)[2:]
    offset += _HEADER.size
    times = struct.unpack_from(f">{count}q", data, offset)
    offset += count * 8
    indices = data[offset : offset + count]
    offset += count
    infos = [struct.unpack_from(">lBB", data, offset + 6 * i) for i in range(types)]
    offset += types * 6
    names = data[offset : offset + chars]
    offset += chars + leap * 12 + isstd + isut
    local_times = [
        LocalTime(utoff, names[index : names.index(b"\0", index)].decode(), bool(dst))
        for utoff, dst, index in infos
    ]
    footer = data[offset:].split(b"\n")[1].decode("ascii")
    return ZoneData(
        transitions=[(t, local_times[i]) for t, i in zip(times, indices, strict=True)],
        initial=local_times[0],
        rule=rule_parse(footer),
    )


def vtimezone(key: str, *, since: dt.datetime) -> Timezone:
    """The zone `key` as a VTIMEZONE that is right from `since` on, for ever.

    The rule in force today becomes one STANDARD and one DAYLIGHT component
    with a yearly RRULE, each starting when the rule began; each change
    before that, back to the one in force at `since`, becomes a component
    of its own.
    """
    data = zone_data(key)
    rule = data.rule
    # Files that list changes up to 2037 end with one that changes nothing.
    transitions = []
    for instant, to in data.transitions:
        before = transitions[-1][1] if transitions else data.initial
        if (to.offset, to.name) != (before.offset, before.name):
            transitions.append((instant, to))
    # A file may list the rule's changes up to 2037.
    first_by_rule = rule.began_with(transitions)
    if first_by_rule < len(transitions):
        after, inclusive = transitions[first_by_rule][0], True
    elif transitions:
        after, inclusive = transitions[-1][0], False
    else:
        after, inclusive = None, False

    component = Timezone()
    component.add("TZID", key)
    ongoing = _ongoing(rule, after=after, inclusive=inclusive, transitions=transitions)
    rule_began = min(instant for instant, _observance in ongoing)
    history = []
    if since.timestamp() < rule_began:
        before = [i for i, (t, _) in enumerate(transitions) if t <= since.timestamp()]
        first = before[-1] if before else 0
        for index in range(first, first_by_rule):
            instant, to = transitions[index]
            from_ = transitions[index - 1][1] if index else data.initial
            history.append(_observance(_local(instant, from_), from_, to))
    for observance in history + [observance for _instant, observance in ongoing]:
        component.add_component(observance)
    return component


def _ongoing(
    rule: Rule,
    *,
    after: int | None,
    inclusive: bool,
    transitions: list[tuple[int, LocalTime]],
) -> list[tuple[int, TimezoneStandard | TimezoneDaylight]]:
    """The rule's components, each from its first change at or after `after`
    (seconds since 1970; None: the rule has always held), with the instant
    of that first change."""
    if rule.dst is None:
        if after is None:
            start = dt.datetime(1970, 1, 1)
            return [(_instant(start, rule.std), _observance(start, rule.std, rule.std))]
        before = rule.std
        earlier = [to for t, to in transitions if t < after]
        if earlier:
            before = earlier[-1]
        start = _local(after, before)
        return [(after, _observance(start, before, rule.std))]
    first_year = 1970
    if after is not None:
        first_year = dt.datetime.fromtimestamp(after, UTC).year - 1
    ongoing = []
    for change, before, to in rule.changes():
        for recurrence in change.rrules():
            # The Gregorian calendar repeats itself every 400 years.
            for year in range(first_year, first_year + 400):
                start = change.local(year)
                instant = _instant(start, before)
                if _recurs(recurrence, start) and (
                    after is None or instant > after or (inclusive and instant == after)
                ):
                    break
            else:
                raise ValueError(f"{recurrence} never happens.")
            observance = _observance(start, before, to, daylight=to == _later(rule))
            observance.add("RRULE", recurrence)
            ongoing.append((_instant(start, before), observance))
    return ongoing


def _recurs(recurrence: dict, local: dt.datetime) -> bool:
    """Whether a change at `local` is one that `recurrence` describes (a
    change split into two rules falls into one month or the other)."""
    days = recurrence.get("BYMONTHDAY")
    return local.month == recurrence["BYMONTH"] and (days is None or local.day in days)


def _later(rule: Rule) -> LocalTime:
    """The local time with the larger offset, which calendar programs call
    daylight time (Irish law calls its summer time standard time)."""
    return max(rule.std, rule.dst, key=lambda local_time: local_time.offset)


def _observance(
    start: dt.datetime,
    before: LocalTime,
    to: LocalTime,
    *,
    daylight: bool | None = None,
) -> TimezoneStandard | TimezoneDaylight:
    if daylight is None:
        daylight = to.is_dst
    observance = TimezoneDaylight() if daylight else TimezoneStandard()
    observance.add("DTSTART", start)
    observance.add("TZOFFSETFROM", dt.timedelta(seconds=before.offset))
    observance.add("TZOFFSETTO", dt.timedelta(seconds=to.offset))
    observance.add("TZNAME", to.name)
    return observance


def _change(date: str, time: str | None) -> Change:
    month, week, weekday = (int(part) for part in date[1:].split("."))
    return Change(month, week, weekday, _seconds(time) if time else 2 * 3600)


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")]
    hours, minutes, seconds = (parts + [0, 0])[:3]
    return sign * (hours * 3600 + minutes * 60 + seconds)


def _name(text: str) -> str:
    return text.strip("<>")


def _instant(local: dt.datetime, local_time: LocalTime) -> int:
    """Seconds since 1970 of a wall-clock time in the given local time."""
    utc = local.replace(tzinfo=UTC) - dt.timedelta(seconds=local_time.offset)
    return int(utc.timestamp())


def _local(instant: int, local_time: LocalTime) -> dt.datetime:
    """The wall-clock time of an instant in the given local time."""
    utc = dt.datetime.fromtimestamp(instant, UTC)
    return (utc + dt.timedelta(seconds=local_time.offset)).replace(tzinfo=None)


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day
