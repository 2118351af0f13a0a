"""The example draft that `load_examples` adds is no open data: no edition,
section, action field, goal or measure of it in the API or the downloads.

Münster is loaded once for the module (`muenster_shared`).
"""

import pytest

from events.services import examples_load
from handlungsfelder.models import Goal, Measure
from leitbild.models import Edition
from tests.opendata.conftest import api, api_ok
from tests.opendata.test_api import every_item


@pytest.fixture
def example(muenster_shared) -> Edition:
    examples_load(city=muenster_shared)
    edition = Edition.objects.get(city=muenster_shared, is_example=True)
    goal = Goal.objects.filter(action_field__edition=edition).first()
    Measure.objects.create(goal=goal, title="Beispielmaßnahme")
    real = Goal.objects.filter(action_field__edition__year=2025).first()
    Measure.objects.create(goal=real, title="Echte Maßnahme")
    return edition


def test_the_example_edition_is_not_listed_nor_found(example, client):
    years = [edition["year"] for edition in every_item(client, "/api/v1/editions")]

    assert years == [2025, 2019, 2014, 2008]
    assert example.year not in years
    assert api(client, f"/api/v1/editions/{example.year}").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/api/v1/sections", "/api/v1/action-fields", "/api/v1/goals", "/api/v1/measures"],
)
def test_no_record_of_the_example_edition_is_listed(example, client, path):
    items = every_item(client, path)

    assert items, "the shipped data has records of this kind"
    assert example.year not in {item["edition"] for item in items}
    assert "Beispielmaßnahme" not in str(items)


def test_a_section_of_the_example_edition_is_not_found(example, client):
    slug = example.sections.first().slug

    assert (
        api(client, f"/api/v1/editions/{example.year}/sections/{slug}").status_code
        == 404
    )
    assert api_ok(client, f"/api/v1/editions/2025/sections/{slug}")["edition"] == 2025


@pytest.mark.parametrize(
    "name", ["abschnitte", "handlungsfelder", "ziele", "massnahmen"]
)
def test_the_example_edition_has_no_downloads(example, client, name):
    assert client.get(f"/daten/leitbild/{example.year}/{name}.csv").status_code == 404
    assert client.get(f"/daten/leitbild/2025/{name}.csv").status_code == 200
