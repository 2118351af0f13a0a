// Reads an iCalendar file from standard input with ical.js, Mozilla's
// calendar parser (Thunderbird, Nextcloud and other web calendars use it),
// and prints what a calendar program would take from it, as JSON:
// {"events": [{"uid", "start", "end", "startZone", "endZone", ...}]}, with
// start and end as instants in UTC (ISO 8601 with "Z").
//
// The calendar's own VTIMEZONEs are registered with ICAL.TimezoneService
// first, as a calendar program does on import: so the times are read
// through the portal's VTIMEZONE, not through a time zone database of the
// parser's own. A time whose TZID no VTIMEZONE defines stays floating;
// startZone/endZone then say "floating" and the UTC time is meaningless.
//
// Usage (tests/events/icaljs.py runs it): node icaljs_events.mjs < calendar.ics

import { readFileSync } from "node:fs";

import ICAL from "ical.js";

const calendar = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));

const zones = calendar.getAllSubcomponents("vtimezone").map((vtimezone) => {
  const zone = new ICAL.Timezone(vtimezone);
  ICAL.TimezoneService.register(zone);
  return zone.tzid;
});

function zoneOf(time) {
  if (time.zone === ICAL.Timezone.utcTimezone) return "UTC";
  if (time.zone === ICAL.Timezone.localTimezone) return "floating";
  return time.zone.tzid;
}

function utc(time) {
  return time.toJSDate().toISOString().replace(".000Z", "Z");
}

const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    summary: event.summary,
    start: utc(event.startDate),
    end: utc(event.endDate),
    startZone: zoneOf(event.startDate),
    endZone: zoneOf(event.endDate),
    sequence: event.sequence,
    status: vevent.getFirstPropertyValue("status"),
  };
});

process.stdout.write(JSON.stringify({ zones, events }));
