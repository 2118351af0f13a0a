"""Events as iCalendar (RFC 5545): one event for download or e-mail, and feeds.

Pure functions from events to bytes; the views in feeds.py serve them. Times
are written in the portal's own zone (settings.TIME_ZONE) with a VTIMEZONE
that states the zone's rule as yearly RRULEs (events/vtimezone.py), so every
calendar program shows the wall time the city announced, also across DST
and for any year to come.

Everything is written in the active language (that of the page the file is
fetched from, or of the e-mail it comes with): the events' titles and
descriptions in their translation, else in German, each marked with its
LANGUAGE, the words the file adds, and the links to the pages.

Each event keeps its UID for good (Event.uid, set when it is created), so a
subscriber's calendar updates its entries instead of adding them twice.
"""

import datetime as dt
from collections.abc import Iterable
from email.utils import parseaddr
from html.parser import HTMLParser
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, vCalAddress, vDuration
from icalendar import Event as VEvent
from modeltranslation.utils import build_localized_fieldname, get_language

from core.markdown import render_markdown

from .models import Event
from .vtimezone import vtimezone

# How often subscribers' calendar programs should fetch a feed again.
REFRESH_INTERVAL = dt.timedelta(hours=1)


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_uid(event: Event) -> str:
    """The event's UID: stored when it was created, the same for its life
    whatever changes, and independent of the database id and the portal's
    address (RFC 7986, 5.3, recommends a plain UUID)."""
    return str(event.uid)


def _location(event: Event) -> str:
    venue = event.venue
    parts = [venue.name] if venue else []
    parts.append(event.room)
    if venue:
        parts.append(venue.address)
    return ", ".join(part for part in parts if part)


class _PlainText(HTMLParser):
    """Rendered Markdown as plain text: paragraphs apart, list items on lines
    of their own, a link's address after its text."""

    BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table"}
    LINES = {"tr", "dt", "dd", "br", "hr"}
    INDENT = "\x01"  # survives the collapsing of white space in text()

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._links: list[tuple[str, int]] = []  # open links: address, start
        self._lists: list[int] = []  # open lists: next number, 0 for bullets

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self._lists.append(1 if tag == "ol" else 0)
        elif tag == "li" and self._lists:
            number = self._lists[-1]
            if number:
                self._lists[-1] += 1
            indent = self.INDENT * (len(self._lists) - 1)
            self.parts.append(f"\n{indent}{number}. " if number else f"\n{indent}– ")
        elif tag in self.LINES:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("  ")
        elif tag == "a":
            address = (dict(attrs).get("href") or "").removeprefix("mailto:")
            self._links.append((address, len(self.parts)))

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self._lists:
            self._lists.pop()
        if tag in self.BLOCKS or (tag in ("ul", "ol") and not self._lists):
            self.parts.append("\n\n")
        elif tag == "a" and self._links:
            address, start = self._links.pop()
            if address and "".join(self.parts[start:]).strip() != address:
                self.parts.append(f" ({address})")

    def handle_data(self, data):
        # Line breaks in the HTML are spaces; the tags above make the lines.
        self.parts.append(data.replace("\n", " "))

    def text(self) -> str:
        lines = [" ".join(line.split()) for line in "".join(self.parts).split("\n")]
        paragraphs = "\n".join(lines).split("\n\n")
        text = "\n\n".join(p.strip("\n") for p in paragraphs if p.strip())
        return text.replace(self.INDENT, "  ").strip()


def plain_text(markdown: str) -> str:
    """Staff's Markdown as the plain text a calendar's DESCRIPTION holds."""
    parser = _PlainText()
    parser.feed(render_markdown(markdown))
    parser.close()
    return parser.text()


def _organizer(event: Event) -> vCalAddress:
    """The integration centre that runs the process, with its contact
    address (the portal's sender when the city has given none)."""
    city = event.process.city
    address = city.contact_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = city.organisation
    return organizer


def _language_of(event: Event, field: str) -> str:
    """The language the event's `field` is shown in: the active one where
    it has a translation, else German (modeltranslation's fallback)."""
    language = get_language()
    own = getattr(event, build_localized_fieldname(field, language), None)
    return language if own else settings.LANGUAGE_CODE


def _vevent(event: Event) -> VEvent:
    zone = ZoneInfo(settings.TIME_ZONE)
    # The event's page in the active language, as the texts are.
    url = settings.SITE_URL + event.get_absolute_url()
    summary = event.title
    if event.is_cancelled:
        # Many calendar programs ignore STATUS, so say it in the title too.
        summary = _("Cancelled: %(title)s") % {"title": event.title}
    description = "\n\n".join(
        part for part in (plain_text(event.description), url) if part
    )
    # The entry changes with its venue's address, too.
    changed = max(
        [event.updated_at] + ([event.venue.updated_at] if event.venue else [])
    )

    vevent = VEvent()
    vevent.add("uid", event_uid(event))
    # The time this version of the event was made: with SEQUENCE it orders
    # updates of the same event.
    vevent.add("dtstamp", changed)
    vevent.add("last-modified", changed)
    vevent.add("created", event.created_at)
    vevent.add("sequence", event.sequence)
    # LANGUAGE (RFC 5545, 3.2.10): German where a translation is missing.
    vevent.add(
        "summary", summary, parameters={"LANGUAGE": _language_of(event, "title")}
    )
    vevent.add(
        "description",
        description,
        parameters={"LANGUAGE": _language_of(event, "description")},
    )
    vevent.add("dtstart", event.start.astimezone(zone))
    vevent.add("dtend", event.end.astimezone(zone))
    location = _location(event)
    if location:
        vevent.add("location", location)
    if event.venue and event.venue.has_coordinates:
        vevent.add("geo", (float(event.venue.latitude), float(event.venue.longitude)))
    vevent.add("url", url)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add(
        "categories",
        [str(event.get_type_display())]
        + [action_field.name for action_field in event.action_fields.all()],
    )
    # Mail programs accept an invitation (METHOD:REQUEST) only with one.
    vevent.add("organizer", _organizer(event))
    return vevent


def _calendar(
    vevents: list[VEvent], *, method: str | None, extra: dict | None = None
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//{_host()}//Leitbildportal//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    for name, value in (extra or {}).items():
        if isinstance(value, dt.timedelta):
            # REFRESH-INTERVAL must say its type (RFC 7986).
            calendar.add(name, value, parameters={"VALUE": "DURATION"})
        else:
            calendar.add(name, value)
    if vevents:
        # Before the events that refer to it; right from the first event on.
        first = min(vevent.decoded("dtstart") for vevent in vevents)
        calendar.add_component(vtimezone(settings.TIME_ZONE, since=first))
    for vevent in vevents:
        calendar.add_component(vevent)
    return calendar.to_ical()


def render_event_ics(event: Event, *, method: str | None = None) -> bytes:
    """One event as an iCalendar file, for download or as a mail attachment.

    `method` is the iTIP method (RFC 5546): PUBLISH by default, REQUEST for
    an invitation that mail programs offer to put into the calendar.
    """
    method = (method or "PUBLISH").upper()
    return _calendar([_vevent(event)], method=method)


def render_calendar_ics(
    events: Iterable[Event], *, name: str, description: str = ""
) -> bytes:
    """A calendar to subscribe to: the given events, cancelled ones included
    (with STATUS:CANCELLED, so subscribers' copies are updated, not orphaned).
    """
    extra = {
        "x-wr-calname": name,
        "name": name,
        "x-wr-timezone": settings.TIME_ZONE,
        "refresh-interval": REFRESH_INTERVAL,
        # The same for Outlook, which reads only its own property.
        "x-published-ttl": vDuration(REFRESH_INTERVAL),
    }
    if description:
        extra["x-wr-caldesc"] = description
        extra["description"] = description
    vevents = [_vevent(event) for event in events]
    return _calendar(vevents, method="PUBLISH", extra=extra)
