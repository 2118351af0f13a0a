"""schema.org Event on the event pages, read as a search engine reads it:
extruct parses the JSON-LD out of the rendered page.

Münster is loaded once for the module (`muenster_shared`).
"""

import datetime as dt

import extruct
import pytest
from django.utils import timezone

from events.models import Event, Process, Venue
from registrations.models import Registration
from registrations.selectors import SignupState
from registrations.structured_data import event_jsonld
from tests.conftest import get, make_event, make_registration

SITE_URL = "https://leitbild.example.org"
SCHEMA = "https://schema.org/"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def process(muenster_shared) -> Process:
    return Process.objects.get(city=muenster_shared, slug="2023-2025")


@pytest.fixture
def venue(muenster_shared) -> Venue:
    return Venue.objects.get(city=muenster_shared, name="Volkshochschule")


def events_on_page(client, event: Event) -> list[dict]:
    response = get(client, event.get_absolute_url())
    assert response.status_code == 200
    data = extruct.extract(
        response.content.decode(),
        base_url=SITE_URL + event.get_absolute_url(),
        syntaxes=["json-ld"],
    )["json-ld"]
    return [item for item in data if item.get("@type") == "Event"]


def event_on_page(client, event: Event) -> dict:
    events = events_on_page(client, event)
    assert len(events) == 1, events
    return events[0]


def test_event_page_describes_the_event_for_search_engines(
    muenster_shared, client, process, venue
):
    start = timezone.make_aware(dt.datetime(2030, 6, 12, 14, 30))
    event = make_event(
        process,
        title="Workshop Wohnen",
        slug="workshop-wohnen",
        description=(
            "Wir sprechen über **Wohnen** & Nachbarschaft.\n\nBitte melden Sie sich an."
        ),
        start=start,
        end=start + dt.timedelta(hours=2, minutes=30),
        venue=venue,
        room="Raum 104",
        capacity=30,
    )
    make_registration(event, status=Registration.Status.CONFIRMED)
    make_registration(event, status=Registration.Status.CONFIRMED)

    data = event_on_page(client, event)

    assert data["@context"].rstrip("/") in ("https://schema.org", "http://schema.org")
    assert data["name"] == "Workshop Wohnen"
    assert data["description"] == (
        "Wir sprechen über Wohnen & Nachbarschaft. Bitte melden Sie sich an."
    )
    assert data["startDate"] == "2030-06-12T14:30:00+02:00"
    assert data["endDate"] == "2030-06-12T17:00:00+02:00"
    assert dt.datetime.fromisoformat(data["startDate"]) == event.start
    assert dt.datetime.fromisoformat(data["endDate"]) == event.end
    assert data["eventStatus"] == SCHEMA + "EventScheduled"
    assert data["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place",
        "name": "Volkshochschule",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.street,
            "postalCode": venue.postcode,
            "addressLocality": venue.locality,
            "addressCountry": "DE",
        },
        "containsPlace": {"@type": "Place", "name": "Raum 104"},
    }
    assert data["organizer"] == {
        "@type": "Organization",
        "name": muenster_shared.organisation,
        "url": muenster_shared.website or SITE_URL + "/",
        "email": muenster_shared.contact_email,
    }
    assert data["isAccessibleForFree"] is True
    assert data["inLanguage"] == "de"
    assert data["remainingAttendeeCapacity"] == 28
    assert data["url"] == f"{SITE_URL}/veranstaltungen/workshop-wohnen/"


def test_winter_event_carries_the_winter_offset(muenster_shared, client, process):
    start = timezone.make_aware(dt.datetime(2030, 1, 15, 18, 0))
    event = make_event(process, start=start, end=start + dt.timedelta(hours=2))

    data = event_on_page(client, event)

    assert data["startDate"] == "2030-01-15T18:00:00+01:00"
    assert dt.datetime.fromisoformat(data["endDate"]) == event.end


def test_shipped_past_event_is_described_with_its_venue(muenster_shared, client):
    event = Event.objects.get(slug="2024-09-19-expertenrunde-4")

    data = event_on_page(client, event)

    assert data["name"] == "4. Expertenrunde"
    assert data["startDate"] == "2024-09-19T16:00:00+02:00"
    assert data["location"]["containsPlace"]["name"] == "VHS Raum 104"
    assert data["location"]["address"]["postalCode"] == "48143"
    assert "remainingAttendeeCapacity" not in data


def test_cancelled_event_is_marked_cancelled_without_seats(
    muenster_shared, client, process
):
    event = make_event(process, capacity=20, is_cancelled=True)

    data = event_on_page(client, event)

    assert data["eventStatus"] == SCHEMA + "EventCancelled"
    assert "remainingAttendeeCapacity" not in data


def test_full_event_has_no_seats_left(muenster_shared, client, process):
    event = make_event(process, capacity=1)
    make_registration(event, status=Registration.Status.CONFIRMED)

    data = event_on_page(client, event)

    assert data["eventStatus"] == SCHEMA + "EventScheduled"
    assert data["remainingAttendeeCapacity"] == 0


def test_seats_left_follow_the_sign_ups_through_the_page_cache(
    muenster_shared, client, process
):
    event = make_event(process, capacity=10)
    assert event_on_page(client, event)["remainingAttendeeCapacity"] == 10

    make_registration(event, status=Registration.Status.CONFIRMED)

    assert event_on_page(client, event)["remainingAttendeeCapacity"] == 9


def test_event_without_capacity_or_open_registration_names_no_seats(
    muenster_shared, client, process
):
    unlimited = make_event(process)
    not_yet = make_event(
        process, capacity=10, registration_opens=timezone.now() + dt.timedelta(days=3)
    )

    assert "remainingAttendeeCapacity" not in event_on_page(client, unlimited)
    assert "remainingAttendeeCapacity" not in event_on_page(client, not_yet)


def test_text_cannot_break_out_of_the_script_element(muenster_shared, client, process):
    title = '</script><script>alert("x")</script> & <!-- Wohnen'
    event = make_event(process, title=title, description=title)

    response = get(client, event.get_absolute_url())

    html = response.content.decode()
    assert "</script><script>" not in html
    assert "<!-- Wohnen" not in html
    assert event_on_page(client, event)["name"] == title


def test_markup_holds_no_personal_data_nor_visitor_specific_values(
    muenster_shared, client, process, django_user_model
):
    event = make_event(process, capacity=10)
    make_registration(
        event,
        name="Erika Musterfrau",
        email="erika@example.org",
        status=Registration.Status.CONFIRMED,
    )
    user = django_user_model.objects.create_user(
        "max", "max.muster@example.org", None, first_name="Max", last_name="Muster"
    )

    anonymous = events_on_page(client, event)
    client.force_login(user)
    signed_in = events_on_page(client, event)

    assert anonymous == signed_in
    text = str(anonymous)
    for private in ("Erika", "erika@example.org", "Max Muster", "max.muster@", "csrf"):
        assert private not in text


def test_markup_is_built_from_the_event_alone(muenster_shared, process):
    event = make_event(process, title="Ohne Ort", description="", capacity=5)
    event.venue = None

    data = event_jsonld(
        event,
        signup=SignupState("open", seats_left=3),
        url="https://example.org/e/",
    )

    assert "location" not in data
    assert "description" not in data
    assert data["remainingAttendeeCapacity"] == 3
    assert data["url"] == "https://example.org/e/"
