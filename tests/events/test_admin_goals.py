"""The goals and measures an event worked on, on its page in the back office:
those of the edition its process prepares on offer, each named with its
action field, one of another edition refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.forms import EventAdminForm
from handlungsfelder.models import Measure
from tests.conftest import (
    make_action_field,
    make_edition,
    make_event,
    make_process,
    staff_client,
)
from tests.events.test_admin_staff_form import page_data


def change_url(event) -> str:
    return reverse("admin:events_event_change", args=[event.pk])


@pytest.fixture
def goals(city):
    """A goal of the same name in two editions, and one more in the newer."""
    old = make_edition(city, number=3, year=2019, period_start=2019, period_end=2024)
    new = make_edition(city, number=4, year=2025, period_start=2025, period_end=2030)
    old_field = make_action_field(old, name="Bildung und Sprachen", slug="bildung")
    new_field = make_action_field(new, name="Bildung und Sprachen", slug="bildung")
    work = make_action_field(new, name="Wirtschaft und Arbeit", slug="arbeit")
    return {
        "old": old_field.goals.create(order=1, title="Sprachkurse für alle"),
        "new": new_field.goals.create(order=1, title="Sprachkurse für alle"),
        "work": work.goals.create(order=1, title="Anerkennung von Abschlüssen"),
    }


@pytest.fixture
def measures(goals):
    return {
        name: Measure.objects.create(goal=goal, title=f"Kursprogramm {name}")
        for name, goal in goals.items()
    }


@pytest.fixture
def process(city, goals):
    return make_process(city, edition=goals["new"].action_field.edition)


def offered(response, name) -> list[str]:
    field = response.context["adminform"].form.fields[name]
    return [label for _value, label in field.choices]


def test_event_page_offers_the_goals_and_measures_of_the_process_edition(
    admin_client, process, measures
):
    event = make_event(process)

    response = admin_client.get(change_url(event), HTTP_ACCEPT_LANGUAGE="de")

    assert offered(response, "goals") == [
        "Sprachkurse für alle – Bildung und Sprachen (2025–2030)",
        "Anerkennung von Abschlüssen – Wirtschaft und Arbeit (2025–2030)",
    ]
    assert offered(response, "measures") == [
        "Kursprogramm new – Bildung und Sprachen (2025–2030)",
        "Kursprogramm work – Wirtschaft und Arbeit (2025–2030)",
    ]
    html = response.content.decode()
    assert "Bearbeitete Ziele und Maßnahmen" in html
    # Chosen in a two-box selector (filter_horizontal) that works without it.
    assert 'class="selectfilter"' in html


def test_a_ticked_goal_of_another_edition_stays_on_offer(admin_client, process, goals):
    event = make_event(process)
    event.goals.add(goals["old"])

    response = admin_client.get(change_url(event), HTTP_ACCEPT_LANGUAGE="de")

    assert "Sprachkurse für alle – Bildung und Sprachen (2019–2024)" in offered(
        response, "goals"
    )


def test_event_page_saves_the_goals_and_measures_it_worked_on(
    admin_client, process, goals, measures
):
    event = make_event(process)
    data = page_data(admin_client, change_url(event))
    data["goals"] = [str(goals["new"].pk), str(goals["work"].pk)]
    data["measures"] = [str(measures["new"].pk)]

    response = admin_client.post(change_url(event), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(event.goals.all()) == {goals["new"], goals["work"]}
    assert list(event.measures.all()) == [measures["new"]]
    assert list(goals["new"].events.all()) == [event]


def test_a_goal_or_measure_of_another_edition_is_refused(process, goals, measures):
    form = EventAdminForm(
        data={
            "process": process.pk,
            "goals": [goals["old"].pk],
            "measures": [measures["old"].pk],
        }
    )

    assert not form.is_valid()
    assert form.has_error("goals", code="goal_of_other_edition")
    assert form.has_error("measures", code="measure_of_other_edition")
    assert "Bildung und Sprachen (2019–2024)" in form.errors["goals"][0]


def test_the_admin_refuses_a_goal_of_another_edition_beside_the_field(
    admin_client, process, goals
):
    event = make_event(process)
    event.goals.add(goals["old"])
    data = page_data(admin_client, change_url(event))

    response = admin_client.post(change_url(event), data, HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.has_error("goals", code="goal_of_other_edition")
    assert "Wählen Sie nur Ziele dieser Auflage" in response.content.decode()


def test_event_page_takes_as_many_queries_for_30_goals_as_for_3(
    admin_client, process, goals
):
    event = make_event(process)
    url = change_url(event)
    field = goals["new"].action_field

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured)

    queries()  # warm-up: the city and the session are cached
    few = queries()
    for index in range(27):
        goal = field.goals.create(order=index + 2, title=f"Ziel {index}")
        Measure.objects.create(goal=goal, title=f"Maßnahme {index}")
    event.goals.add(*field.goals.all()[:5])
    event.measures.add(*Measure.objects.all()[:5])

    assert queries() == few


def test_a_viewer_sees_the_goals_read_only(client, django_user_model, process, goals):
    event = make_event(process)
    event.goals.add(goals["new"])
    viewer = staff_client(client, django_user_model, "events.view_event")

    response = viewer.get(change_url(event), HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 200
    assert "goals" not in response.context["adminform"].form.fields
    assert "Sprachkurse für alle" in response.content.decode()
