import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from events.models import Event, Phase, Venue
from tests.conftest import make_city, make_event, make_phase, make_process, make_venue

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def process(city):
    return make_process(city)


# Constraints


@pytest.mark.parametrize("duration", [dt.timedelta(0), -HOUR])
def test_event_must_end_after_it_starts(process, duration):
    start = timezone.now()

    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(process, start=start, end=start + duration)


def test_full_clean_rejects_event_ending_before_it_starts(process):
    start = timezone.now()
    event = Event(process=process, title="T", slug="t", start=start, end=start - HOUR)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "must end after it starts" in str(error.value)


def test_event_capacity_cannot_be_zero(process):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(process, capacity=0)


@pytest.mark.parametrize("capacity", [None, 1, 200])
def test_event_capacity_may_be_empty_or_positive(process, capacity):
    event = make_event(process, capacity=capacity)

    event.full_clean()
    assert Event.objects.get(pk=event.pk).capacity == capacity


def test_full_clean_rejects_zero_capacity(process):
    event = make_event(process)
    event.capacity = 0

    with pytest.raises(ValidationError):
        event.full_clean()


@pytest.mark.parametrize("closes_after", [dt.timedelta(0), -HOUR])
def test_registration_must_close_after_it_opens(process, closes_after):
    opens = timezone.now()

    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(
            process,
            registration_opens=opens,
            registration_closes=opens + closes_after,
        )


def test_full_clean_rejects_registration_closing_before_it_opens(process):
    event = make_event(process)
    event.registration_opens = timezone.now()
    event.registration_closes = event.registration_opens - HOUR

    with translation.override("en"), pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "close after it opens" in str(error.value)


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(None, None), (0, None), (None, 0), (-48, -1)],
)
def test_registration_window_may_be_open_ended(process, opens, closes):
    now = timezone.now()
    event = make_event(
        process,
        registration_opens=None if opens is None else now + opens * HOUR,
        registration_closes=None if closes is None else now + closes * HOUR,
    )

    event.full_clean()


def test_event_clean_rejects_a_phase_of_another_process(city, process):
    other = make_process(city, slug="anderer-prozess")
    event = make_event(process)
    event.phase = make_phase(other)

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "phase" in error.value.message_dict


def test_event_clean_accepts_a_phase_of_its_own_process(process):
    event = make_event(process, phase=make_phase(process))

    event.full_clean()


def test_event_clean_rejects_a_venue_of_another_city(process):
    event = make_event(process)
    event.venue = make_venue(make_city())

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "venue" in error.value.message_dict


def test_event_slug_is_unique(process):
    make_event(process, slug="workshop")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(process, slug="workshop")


def test_phase_number_is_unique_per_process(process):
    make_phase(process, number=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_phase(process, number=1)


# Phase numerals


@pytest.mark.parametrize(
    ("number", "numeral"),
    [
        (1, "I"),
        (2, "II"),
        (3, "III"),
        (4, "IV"),
        (5, "V"),
        (6, "VI"),
        (9, "IX"),
        (10, "X"),
        (14, "XIV"),
        (19, "XIX"),
    ],
)
def test_phase_numeral_is_roman(number, numeral):
    assert Phase(number=number, title="Arbeitsphase").numeral == numeral


def test_phase_str_shows_numeral_and_title():
    assert str(Phase(number=3, title="Fachforen")) == "III. Fachforen"


# Venues


def test_venue_address_joins_street_postcode_and_town():
    venue = Venue(
        name="Volkshochschule",
        street="Aegidiimarkt 3",
        postcode="48143",
        locality="Münster",
    )

    assert venue.address == "Aegidiimarkt 3, 48143 Münster"


@pytest.mark.parametrize(
    ("street", "postcode", "locality", "address"),
    [
        ("Marktplatz 1", "", "", "Marktplatz 1"),
        ("", "12345", "Beispielstadt", "12345 Beispielstadt"),
        ("", "", "", ""),
    ],
)
def test_venue_address_leaves_out_missing_parts(street, postcode, locality, address):
    venue = Venue(name="Ort", street=street, postcode=postcode, locality=locality)

    assert venue.address == address


def test_venue_map_url_searches_openstreetmap_for_the_address():
    venue = Venue(
        name="Volkshochschule",
        street="Aegidiimarkt 3",
        postcode="48143",
        locality="Münster",
    )

    url = urlsplit(venue.map_url)

    assert (url.scheme, url.netloc, url.path) == (
        "https",
        "www.openstreetmap.org",
        "/search",
    )
    [query] = parse_qs(url.query)["query"]
    assert query.startswith("Aegidiimarkt 3, 48143")
    assert query.endswith("Münster")
    # Encoded for a URL: no raw spaces, commas or umlauts.
    assert " " not in venue.map_url
    assert "ü" not in venue.map_url
    assert "M%C3%BCnster" in venue.map_url


def test_venue_map_url_encodes_characters_that_would_break_the_query():
    venue = Venue(name="Saal", street="Weg 1 & 2", postcode="", locality="Ort#3")

    [query] = parse_qs(urlsplit(venue.map_url).query)["query"]

    assert query == "Weg 1 & 2, Ort#3"


def test_venue_map_url_without_address_searches_for_the_name():
    venue = Venue(name="Stadthaus 2")

    assert parse_qs(urlsplit(venue.map_url).query) == {"query": ["Stadthaus 2"]}


def test_venue_name_and_street_are_unique_per_city(city):
    make_venue(city, name="Volkshochschule", street="Marktplatz 1")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_venue(city, name="Volkshochschule", street="Marktplatz 1")


# Queries


def test_upcoming_lists_events_not_yet_ended_soonest_first(process):
    later = make_event(process, days=14)
    sooner = make_event(process, days=2)
    make_event(process, days=-3)

    assert list(Event.objects.upcoming()) == [sooner, later]


def test_upcoming_includes_an_event_that_is_running(process):
    now = timezone.now()
    running = make_event(process, start=now - HOUR, end=now + HOUR)

    assert list(Event.objects.upcoming()) == [running]
    assert list(Event.objects.past()) == []


def test_past_lists_ended_events_latest_first(process):
    long_ago = make_event(process, days=-30)
    recently = make_event(process, days=-2)
    make_event(process, days=5)

    assert list(Event.objects.past()) == [recently, long_ago]


def test_upcoming_and_past_accept_a_point_in_time(process):
    event = make_event(process, days=10)
    after = event.end + dt.timedelta(minutes=1)

    assert list(Event.objects.upcoming(now=after)) == []
    assert list(Event.objects.past(now=after)) == [event]
    assert list(Event.objects.upcoming(now=event.end)) == [event]


def test_published_hides_unpublished_events(process):
    shown = make_event(process)
    make_event(process, is_published=False)

    assert list(Event.objects.published()) == [shown]
    assert list(Event.objects.published().upcoming()) == [shown]
