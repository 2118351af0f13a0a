"""Each event's calendar UID: derived from its city and slug when it is
created, stored, and never changed, so subscribed calendars update their
entries instead of showing them twice."""

import copy
import uuid

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from icalendar import Calendar

from events.models import EVENT_UID_NAMESPACE, Event
from events.services import examples_load
from portal.services import city_load
from registrations.services import event_duplicate
from tests.conftest import FormValues, make_city, make_event, make_process

FEED = "/veranstaltungen/kalender.ics"


def expected_uid(city_slug: str, slug: str) -> uuid.UUID:
    return uuid.uuid5(EVENT_UID_NAMESPACE, f"{city_slug}/{slug}")


@pytest.fixture
def process(city):
    return make_process(city)


def feed_uids(client, host: str) -> dict[str, str]:
    """The feed's UIDs by the path of each event's page."""
    cache.clear()
    response = client.get(FEED, HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    return {
        str(vevent["URL"]).split("/", 3)[3]: str(vevent["UID"])
        for vevent in Calendar.from_ical(response.content).walk("VEVENT")
    }


def test_new_event_gets_the_uuid_of_its_city_and_slug(process, city):
    event = make_event(process, slug="workshop-bildung")

    event.refresh_from_db()
    assert event.uid == expected_uid(city.slug, "workshop-bildung")


def test_uid_stays_when_slug_title_and_time_change(process, city):
    event = make_event(process, slug="workshop-bildung", title="Workshop")
    uid = event.uid

    event.slug, event.title = "workshop-bildung-neu", "Workshop Bildung"
    event.start = event.start.replace(year=event.start.year + 1)
    event.end = event.end.replace(year=event.end.year + 1)
    event.save()

    event.refresh_from_db()
    assert event.uid == uid == expected_uid(city.slug, "workshop-bildung")


def test_a_slug_used_again_after_a_rename_gets_another_uid(process, city):
    renamed = make_event(process, slug="forum")
    renamed.slug = "forum-2024"
    renamed.save()

    new = make_event(process, slug="forum")

    assert new.uid != renamed.uid
    assert new.uid == uuid.uuid5(EVENT_UID_NAMESPACE, f"{city.slug}/forum/2")


def test_same_slug_in_another_city_would_get_another_uid(process, city):
    assert expected_uid(city.slug, "forum") != expected_uid("anderstadt", "forum")


def test_a_copy_of_an_event_gets_its_own_uid_from_its_new_slug(process, city):
    event = make_event(process, slug="forum")

    duplicate = event_duplicate(event=event)

    duplicate.refresh_from_db()
    assert duplicate.uid != event.uid
    assert duplicate.uid == expected_uid(city.slug, duplicate.slug)


def test_event_added_in_the_admin_gets_the_uuid_of_its_city_and_slug(
    admin_client, process, city
):
    add = reverse("admin:events_event_add")
    parser = FormValues()
    parser.feed(admin_client.get(add, HTTP_ACCEPT_LANGUAGE="de").content.decode())
    data = {
        name: values
        for name, values in parser.data.items()
        if not name.startswith(("CHANGE_FORM-", ACTION_CHECKBOX_NAME))
        and name != "csrfmiddlewaretoken"
    }
    data.update(
        process=[str(process.pk)],
        title_de=["Neues Forum"],
        slug=["neues-forum"],
        start_0=["2031-05-06"],
        start_1=["17:00"],
        end_0=["2031-05-06"],
        end_1=["19:00"],
        _save=["Sichern"],
    )

    response = admin_client.post(add, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="neues-forum")
    assert event.uid == expected_uid(city.slug, "neues-forum")


def test_example_events_get_the_uuid_of_their_city_and_slug(city):
    events = examples_load(city=city)

    assert [event.uid for event in events] == [
        expected_uid(city.slug, event.slug) for event in events
    ]
    # Moving them to new dates on the next run keeps their UIDs.
    assert [event.uid for event in examples_load(city=city)] == [
        event.uid for event in events
    ]


def test_feed_uids_survive_a_rebuild_from_the_data_file_and_a_new_address(
    db, muenster_data, client, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "leitbild.test", "leitbild.example.org"]
    settings.SITE_URL = "http://leitbild.test"
    with transaction.atomic():
        city_load(data=muenster_data)
        first_ids = dict(Event.objects.values_list("slug", "pk"))
        first = feed_uids(client, "leitbild.test")
        transaction.set_rollback(True)
    assert not Event.objects.exists()

    # The database built again: another city's events first, and the file's
    # events in the opposite order, so the ids come out in another order.
    other = make_process(make_city())
    for number in range(3):
        make_event(other, slug=f"anderswo-{number}")
    reversed_data = copy.deepcopy(muenster_data)
    for process in reversed_data["processes"]:
        process["events"].reverse()
    city_load(data=reversed_data)
    settings.SITE_URL = "https://leitbild.example.org"
    second = feed_uids(client, "leitbild.example.org")

    reloaded = Event.objects.filter(slug__in=first_ids)
    second_ids = dict(reloaded.values_list("slug", "pk"))
    assert sorted(first_ids, key=first_ids.get) != sorted(
        second_ids, key=second_ids.get
    )
    assert len(first) == len(first_ids) > 10
    assert second == first
    starter = "veranstaltungen/2023-05-23-starterworkshop/"
    assert first[starter] == str(expected_uid("muenster", "2023-05-23-starterworkshop"))
