"""The action fields on an event's page in the back office: each named with
its edition, only those of the edition the process prepares on offer, and a
field of another edition refused."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.forms import EventAdminForm
from tests.conftest import (
    FormValues,
    make_action_field,
    make_edition,
    make_event,
    make_process,
    staff_client,
)

ADD = reverse("admin:events_event_add")


def change_url(event) -> str:
    return reverse("admin:events_event_change", args=[event.pk])


@pytest.fixture
def editions(city):
    """Two editions that both have a field "Bildung und Sprachen"."""
    old = make_edition(city, number=3, year=2019, period_start=2019, period_end=2024)
    new = make_edition(city, number=4, year=2025, period_start=2025, period_end=2030)
    return old, new


@pytest.fixture
def fields(editions):
    old, new = editions
    return {
        "old": make_action_field(old, name="Bildung und Sprachen", slug="bildung"),
        "new": make_action_field(new, name="Bildung und Sprachen", slug="bildung"),
        "work": make_action_field(new, name="Wirtschaft und Arbeit", slug="arbeit"),
    }


@pytest.fixture
def process(city, editions):
    return make_process(city, edition=editions[1])


def offered(response) -> list[str]:
    """The labels of the action fields the page offers, in order."""
    field = response.context["adminform"].form.fields["action_fields"]
    return [label for _value, label in field.choices]


def page_data(client, url) -> dict:
    """What the browser would send back for the page unchanged."""
    parser = FormValues()
    parser.feed(client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode())
    data = {
        name: values
        for name, values in parser.data.items()
        if not name.startswith(("CHANGE_FORM-", ACTION_CHECKBOX_NAME))
        and name != "csrfmiddlewaretoken"
    }
    data["_save"] = ["Sichern"]
    return data


def test_new_event_offers_the_fields_of_every_edition_named_with_it_newest_first(
    admin_client, fields
):
    response = admin_client.get(ADD, HTTP_ACCEPT_LANGUAGE="de")
    assert offered(response) == [
        "Bildung und Sprachen (2025–2030)",
        "Wirtschaft und Arbeit (2025–2030)",
        "Bildung und Sprachen (2019–2024)",
    ]
    assert "Bildung und Sprachen (2019–2024)</option>" in response.content.decode()


def test_process_without_edition_offers_the_fields_of_every_edition(
    admin_client, city, fields
):
    event = make_event(make_process(city, edition=None))
    response = admin_client.get(change_url(event), HTTP_ACCEPT_LANGUAGE="de")
    assert len(offered(response)) == 3


def test_event_page_offers_only_the_fields_of_the_process_edition(
    admin_client, process, fields
):
    event = make_event(process)
    response = admin_client.get(change_url(event), HTTP_ACCEPT_LANGUAGE="de")
    assert offered(response) == [
        "Bildung und Sprachen (2025–2030)",
        "Wirtschaft und Arbeit (2025–2030)",
    ]


def test_event_page_keeps_a_ticked_field_of_another_edition_ticked(
    admin_client, process, fields
):
    event = make_event(process)
    event.action_fields.add(fields["old"], fields["new"])
    response = admin_client.get(change_url(event), HTTP_ACCEPT_LANGUAGE="de")
    assert offered(response) == [
        "Bildung und Sprachen (2025–2030)",
        "Wirtschaft und Arbeit (2025–2030)",
        "Bildung und Sprachen (2019–2024)",
    ]
    ticked = page_data(admin_client, change_url(event))["action_fields"]
    assert sorted(ticked) == sorted([str(fields["old"].pk), str(fields["new"].pk)])


def test_event_page_saves_fields_of_the_process_edition(admin_client, process, fields):
    event = make_event(process)
    data = page_data(admin_client, change_url(event))
    data["action_fields"] = [str(fields["new"].pk), str(fields["work"].pk)]
    response = admin_client.post(change_url(event), data)
    assert response.status_code == 302, response.context["errors"]
    assert set(event.action_fields.all()) == {fields["new"], fields["work"]}


def test_event_page_refuses_a_field_of_another_edition_and_keeps_the_input(
    admin_client, process, fields
):
    event = make_event(process, title="Werkstatt Bildung")
    data = page_data(admin_client, change_url(event))
    data["action_fields"] = [str(fields["old"].pk), str(fields["work"].pk)]
    data["title_de"] = ["Werkstatt Bildung und Arbeit"]
    response = admin_client.post(change_url(event), data, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.has_error("action_fields", code="action_field_of_other_edition")
    assert list(form.errors) == ["action_fields"]
    html = response.content.decode()
    assert "Bitte wählen Sie nur Handlungsfelder dieser Auflage" in html
    assert "Bildung und Sprachen (2019–2024)" in form.errors["action_fields"][0]
    # The input is kept: both fields stay ticked, the new title too.
    kept = FormValues()
    kept.feed(html)
    assert sorted(kept.data["action_fields"]) == sorted(data["action_fields"])
    assert kept.data["title_de"] == ["Werkstatt Bildung und Arbeit"]
    event.refresh_from_db()
    assert event.title == "Werkstatt Bildung"
    assert not event.action_fields.exists()


def test_changing_the_process_refuses_the_fields_of_the_old_edition(
    city, editions, fields
):
    old_process = make_process(city, slug="alt", edition=editions[0])
    event = make_event(old_process)
    event.action_fields.add(fields["old"])
    new_process = make_process(city, slug="neu", edition=editions[1])
    form = EventAdminForm(
        data={"process": new_process.pk, "action_fields": [fields["old"].pk]},
        instance=event,
    )
    assert not form.is_valid()
    assert form.has_error("action_fields", code="action_field_of_other_edition")
    # Offered now: the new process's edition, and the field still ticked.
    choices = form.fields["action_fields"].queryset
    assert set(choices) == {fields["old"], fields["new"], fields["work"]}


def test_new_event_refuses_a_field_of_another_edition_than_its_process(process, fields):
    form = EventAdminForm(
        data={"process": process.pk, "action_fields": [fields["old"].pk]}
    )
    assert not form.is_valid()
    assert form.has_error("action_fields", code="action_field_of_other_edition")


def test_event_page_takes_as_many_queries_for_20_action_fields_as_for_2(
    admin_client, process, editions
):
    event = make_event(process)
    url = change_url(event)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured)

    for edition in editions:
        make_action_field(edition)
    queries()  # warm-up: the city and the session are cached
    few = queries()
    for _ in range(9):
        for edition in editions:
            make_action_field(edition)
    event.action_fields.add(*editions[0].action_fields.all()[:3])
    assert queries() == few


def test_event_page_for_a_viewer_lists_the_fields_read_only(
    client, django_user_model, process, fields
):
    event = make_event(process)
    event.action_fields.add(fields["new"])
    viewer = staff_client(client, django_user_model, "events.view_event")
    response = viewer.get(change_url(event), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert "action_fields" not in response.context["adminform"].form.fields
    assert "Bildung und Sprachen" in response.content.decode()
