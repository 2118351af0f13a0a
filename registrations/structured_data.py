"""schema.org markup of an event's page, for search engines.

The event with its sign-up state (the seats left), so it lives here with the
event page. A pure function: the view renders its dict as JSON-LD
(core's `json_ld` filter). Never any personal data: only what the page
itself shows.
"""

from django.conf import settings
from django.utils import timezone

from core.text import markdown_to_text
from events.models import Event

from .selectors import SignupState

SCHEMA = "https://schema.org/"
# Integration centres (Kommunale Integrationszentren) are German municipal
# offices; the venues' addresses carry no country of their own.
ADDRESS_COUNTRY = "DE"


def _place(event: Event) -> dict | None:
    venue = event.venue
    if venue is None:
        return None
    address = {
        "@type": "PostalAddress",
        "streetAddress": venue.street,
        "postalCode": venue.postcode,
        "addressLocality": venue.locality,
        "addressCountry": ADDRESS_COUNTRY,
    }
    place = {
        "@type": "Place",
        "name": venue.name,
        "address": {key: value for key, value in address.items() if value},
    }
    if event.room:
        # The room is a place inside the venue.
        place["containsPlace"] = {"@type": "Place", "name": event.room}
    return place


def _organizer(event: Event) -> dict:
    city = event.process.city
    organizer = {
        "@type": "Organization",
        "name": city.organisation,
        "url": city.website or settings.SITE_URL + "/",
    }
    if city.contact_email:
        organizer["email"] = city.contact_email
    return organizer


def event_jsonld(event: Event, *, signup: SignupState, url: str) -> dict:
    """schema.org Event for the event's page at `url` (absolute).

    The status is EventScheduled or EventCancelled: the portal keeps no
    history of an event's dates, so it cannot tell a rescheduled event
    (EventRescheduled, with its previous date) from one planned so.
    remainingAttendeeCapacity only while sign-ups are taken and the event
    has a capacity (0 when only the waiting list is open).
    """
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": markdown_to_text(event.description),
        "startDate": timezone.localtime(event.start).isoformat(),
        "endDate": timezone.localtime(event.end).isoformat(),
        "eventStatus": SCHEMA
        + ("EventCancelled" if event.is_cancelled else "EventScheduled"),
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "location": _place(event),
        "organizer": _organizer(event),
        "isAccessibleForFree": True,
        # Events are held in the portal's default language.
        "inLanguage": settings.LANGUAGE_CODE,
        "url": url,
    }
    if signup.accepts_signups and event.capacity is not None:
        data["remainingAttendeeCapacity"] = signup.seats_left or 0
    return {key: value for key, value in data.items() if value not in (None, "")}
