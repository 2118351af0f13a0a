"""Open data never carries personal data, nor anything the pages do not show.

Every list of the API (all pages), every record those lists name, and every
download are read with sign-ups in the database, an unpublished event and
the example events: no name, address or contact of a person, no draft, no
example may appear anywhere.

Münster is loaded once for the module (`muenster_shared`).
"""

import json

import pytest
from django.core.cache import cache

from core.models import City
from events.models import Event, Process
from events.services import examples_load
from handlungsfelder.models import Goal, Measure
from registrations.models import Registration
from tests.conftest import make_event, make_registration
from tests.opendata.conftest import api_ok, every_key

LISTS = [
    "/api/v1/editions",
    "/api/v1/sections",
    "/api/v1/action-fields",
    "/api/v1/goals",
    "/api/v1/measures",
    "/api/v1/processes",
    "/api/v1/phases",
    "/api/v1/events",
]
DOWNLOADS = ["/daten/veranstaltungen.csv", "/daten/veranstaltungen.json"] + [
    f"/daten/leitbild/{year}/{name}.{fmt}"
    for year in (2025, 2019)
    for name in ("abschnitte", "handlungsfelder", "ziele", "massnahmen")
    for fmt in ("csv", "json")
]
# Keys that would hold something about a person.
PERSONAL_KEYS = {
    "email",
    "e_mail",
    "mail",
    "phone",
    "telephone",
    "first_name",
    "last_name",
    "person",
    "contact",
    "contact_person",
    "contact_email",
    "contact_phone",
    "registrations",
    "registration",
    "participants",
    "attendees",
    "organisation",
    "code",
    "user",
}


def detail_paths(client) -> list[str]:
    """The address of every record the lists name."""
    paths = []
    for edition in api_ok(client, "/api/v1/editions?limit=500")["items"]:
        paths.append(f"/api/v1/editions/{edition['year']}")
    for section in api_ok(client, "/api/v1/sections?limit=500")["items"]:
        paths.append(
            f"/api/v1/editions/{section['edition']}/sections/{section['slug']}"
        )
    for field in api_ok(client, "/api/v1/action-fields?limit=500")["items"]:
        paths.append(
            f"/api/v1/editions/{field['edition']}/action-fields/{field['slug']}"
        )
    for goal in api_ok(client, "/api/v1/goals?limit=500")["items"]:
        paths.append(f"/api/v1/goals/{goal['id']}")
    for item in api_ok(client, "/api/v1/measures?limit=500")["items"]:
        paths.append(f"/api/v1/measures/{item['id']}")
    for process in api_ok(client, "/api/v1/processes?limit=500")["items"]:
        paths.append(f"/api/v1/processes/{process['slug']}")
    for phase in api_ok(client, "/api/v1/phases?limit=500")["items"]:
        paths.append(f"/api/v1/processes/{phase['process']}/phases/{phase['number']}")
    for event in api_ok(client, "/api/v1/events?limit=500")["items"]:
        paths.append(f"/api/v1/events/{event['slug']}")
    return paths


@pytest.fixture
def sensitive(muenster_shared) -> list[str]:
    """Sign-ups, contacts, a draft and examples in the database; the words
    that must never reach open data."""
    examples_load(city=muenster_shared)
    process = Process.objects.get(city=muenster_shared, slug="2023-2025")
    make_event(process, title="Geheimer Entwurf", slug="geheim", is_published=False)
    goal = Goal.objects.filter(action_field__edition__year=2025).first()
    Measure.objects.create(goal=goal, title="Öffentliche Maßnahme")
    shipped = Event.objects.get(slug="2024-09-19-expertenrunde-4")
    example = Event.objects.get(slug="beispiel-workshop")
    registrations = [
        make_registration(shipped, name="Erika Mustermann",
                          email="erika@example.org", organisation="Verein Eins",
                          accessibility_needs="Rollstuhlplatz"),
        make_registration(example, name="Max Beispiel", email="max@example.org"),
    ]  # fmt: skip
    city = City.objects.get(pk=muenster_shared.pk)
    words = [city.contact_person, city.contact_email, city.contact_phone]
    for registration in registrations:
        words += [
            registration.name,
            registration.email,
            registration.code,
            registration.organisation,
            registration.accessibility_needs,
        ]
    words += ["Geheimer Entwurf", "geheim", "Beispiel:", "beispiel-workshop"]
    assert Registration.objects.count() == 2
    return [word for word in words if word]


def test_no_answer_or_download_holds_personal_data_drafts_or_examples(
    sensitive, client
):
    paths = [f"{path}?limit=500" for path in LISTS] + detail_paths(client)
    checked = 0
    for path in paths + DOWNLOADS:
        cache.clear()
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode("utf-8-sig")
        for word in sensitive:
            assert word not in body, (word, path)
        if path.startswith("/api/") or path.endswith(".json"):
            keys = every_key(json.loads(body))
            assert not keys & PERSONAL_KEYS, (keys & PERSONAL_KEYS, path)
        checked += 1
    # Every kind of record was read as a record of its own, too.
    assert checked > len(LISTS) + len(DOWNLOADS) + 40
    assert "Öffentliche Maßnahme" in client.get("/api/v1/measures").content.decode()


def test_the_schemas_have_no_field_for_a_person(muenster_shared, client):
    spec = json.loads(client.get("/api/v1/openapi.json").content)

    properties = {
        name
        for schema in spec["components"]["schemas"].values()
        for name in schema.get("properties", {})
    }

    assert properties
    assert not properties & PERSONAL_KEYS
