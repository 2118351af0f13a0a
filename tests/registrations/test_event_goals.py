"""A past event's documentation lists the goals and measures it produced,
each linked to its goal's page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from handlungsfelder.models import Measure
from tests.conftest import (
    adopt,
    get,
    html_of,
    make_action_field,
    make_edition,
    make_event,
    make_process,
)


@pytest.fixture
def field(city):
    edition = make_edition(city)
    return make_action_field(edition, name="Sprache und Bildung", slug="sprache")


@pytest.fixture
def process(city, field):
    return make_process(city, edition=field.edition)


def goal_url(goal) -> str:
    """The goal's own page; until it exists, its action field's page."""
    field = goal.action_field
    try:
        return reverse(
            "contributions:goal",
            kwargs={"year": field.edition.year, "slug": field.slug, "pk": goal.pk},
        )
    except NoReverseMatch:
        return f"{field.get_absolute_url()}#goal-{goal.pk}"


def test_a_past_events_documentation_lists_its_goals_and_measures(
    client, field, process
):
    goal = field.goals.create(order=1, title="Sprachkurse für alle")
    measure = Measure.objects.create(goal=goal, title="Kurse am Abend")
    adopt(field.edition)
    event = make_event(process, days=-10)
    event.goals.add(goal)
    event.measures.add(measure)

    html = html_of(client, event.get_absolute_url())

    documentation = html[html.index('id="results-heading"') :]
    documentation = documentation[: documentation.index("</section>")]
    assert "Ziele, an denen diese Veranstaltung gearbeitet hat" in documentation
    assert f'<a href="{goal_url(goal)}">Sprachkurse für alle</a>' in documentation
    assert "Maßnahmen, die daraus hervorgegangen sind" in documentation
    assert f'<a href="{goal_url(goal)}">Kurse am Abend</a>' in documentation
    assert "Handlungsfeld „Sprache und Bildung“, 2025–2030" in documentation


def test_an_upcoming_event_lists_no_goals_yet(client, field, process):
    goal = field.goals.create(order=1, title="Sprachkurse für alle")
    event = make_event(process, days=10)
    event.goals.add(goal)

    html = html_of(client, event.get_absolute_url())

    assert 'id="results-heading"' not in html
    assert "Sprachkurse für alle" not in html


def test_a_past_event_without_anything_to_document_has_no_documentation(
    client, process
):
    event = make_event(process, days=-10)

    assert 'id="results-heading"' not in html_of(client, event.get_absolute_url())


def test_the_event_page_costs_the_same_queries_for_many_goals(client, field, process):
    event = make_event(process, days=-10)

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert get(client, event.get_absolute_url()).status_code == 200
        return len(captured)

    goal = field.goals.create(order=1, title="Ziel 1")
    event.goals.add(goal)
    event.measures.add(Measure.objects.create(goal=goal, title="Maßnahme 1"))
    few = queries()
    other = make_action_field(field.edition, name="Arbeit", slug="arbeit")
    for index in range(12):
        goal = (field if index % 2 else other).goals.create(title=f"Ziel {index}")
        event.goals.add(goal)
        event.measures.add(Measure.objects.create(goal=goal, title=f"M {index}"))

    assert queries() == few
