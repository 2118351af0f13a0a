"""The events back office: sign-up figures in the list, the registrations on
an event's page, downloads, and the actions that cancel, copy and write."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from events.models import Event
from registrations.models import OutgoingMail, Registration, StakeholderGroup
from tests.conftest import (
    FormValues,
    make_event,
    make_process,
    make_registration,
    make_venue,
    staff_client,
)

Status = Registration.Status
CHANGELIST = reverse("admin:events_event_changelist")


@pytest.fixture
def process(city):
    return make_process(city)


@pytest.fixture
def event(process, city):
    return make_event(
        process,
        title="Werkstatt Teilhabe",
        capacity=10,
        venue=make_venue(city, name="Stadthaus"),
        room="Saal 2",
    )


def run_action(client, action, *objects, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects]}
    return client.post(CHANGELIST, {**data, **extra})


def action_choices(client) -> dict:
    action_form = client.get(CHANGELIST).context["action_form"]
    return dict(action_form.fields["action"].choices) if action_form else {}


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def register(event, name, status, **overrides):
    return make_registration(event, name=name, status=status, **overrides)


# The list


def test_event_list_counts_sign_ups_by_state(admin_client, event):
    soon = timezone.now() + dt.timedelta(hours=1)
    register(event, "A", Status.CONFIRMED)
    register(event, "B", Status.CONFIRMED)
    register(event, "C", Status.PENDING, expires_at=soon)
    register(event, "D", Status.PENDING, expires_at=timezone.now())  # lapsed
    register(event, "E", Status.WAITLISTED)
    register(event, "F", Status.ATTENDED)
    register(event, "G", Status.CANCELLED)
    response = admin_client.get(CHANGELIST)
    row = response.context["cl"].result_list[0]
    assert (
        row.confirmed_count,
        row.pending_count,
        row.waiting_count,
        row.attended_count,
    ) == (2, 1, 1, 1)
    html = response.content.decode()
    assert f"event__id__exact={event.pk}&amp;status__exact=confirmed" in html


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CHANGELIST).status_code == 200
    return len(queries)


def test_event_list_takes_as_many_queries_for_30_events_as_for_3(admin_client, process):
    def add_events(count):
        for _ in range(count):
            event = make_event(process, capacity=5)
            register(event, "A", Status.CONFIRMED)
            register(event, "B", Status.WAITLISTED)

    add_events(3)
    list_queries(admin_client)  # warm-up: the city and the session are cached
    few = list_queries(admin_client)
    add_events(27)
    assert list_queries(admin_client) == few


# The event's page


def test_event_page_lists_its_registrations_with_links(admin_client, event):
    registration = register(
        event, "Ada Lovelace", Status.CONFIRMED, organisation="Verein A"
    )
    html = admin_client.get(
        reverse("admin:events_event_change", args=[event.pk])
    ).content.decode()
    assert "Ada Lovelace" in html
    assert "Verein A" in html
    assert registration.code in html
    assert (
        reverse("admin:registrations_registration_change", args=[registration.pk])
        in html
    )


def test_event_page_shows_no_names_without_the_personal_data_permission(
    client, django_user_model, event
):
    registration = register(event, "Ada Lovelace", Status.CONFIRMED)
    client = staff_client(
        client,
        django_user_model,
        "events.view_event",
        "events.change_event",
        "registrations.view_registration",
    )
    html = client.get(
        reverse("admin:events_event_change", args=[event.pk])
    ).content.decode()
    assert registration.code in html
    assert "Ada Lovelace" not in html
    assert registration.email not in html


def test_event_page_has_documentation_and_a_read_only_calendar_revision(
    admin_client, event
):
    response = admin_client.get(reverse("admin:events_event_change", args=[event.pk]))
    form = response.context["adminform"].form
    assert "results_de" in form.fields and "results_ar" in form.fields
    assert "sequence" not in form.fields
    assert "is_cancelled" not in form.fields
    html = response.content.decode()
    assert 'name="documents-TOTAL_FORMS"' in html
    assert "Documentation" in html or "Dokumentation" in html


def test_event_page_saves_with_its_registrations_listed(admin_client, event):
    register(event, "Ada Lovelace", Status.CONFIRMED)
    register(event, "Grace Hopper", Status.WAITLISTED)
    url = reverse("admin:events_event_change", args=[event.pk])
    parser = FormValues()
    parser.feed(admin_client.get(url).content.decode())
    data = {
        name: values
        for name, values in parser.data.items()
        if not name.startswith(("CHANGE_FORM-", ACTION_CHECKBOX_NAME))
        and name != "csrfmiddlewaretoken"
    }
    data["room"] = ["Saal 3"]
    data["results_de"] = ["Es wurde viel besprochen."]
    data["_save"] = ["Save"]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    event.refresh_from_db()
    assert (event.room, event.results) == ("Saal 3", "Es wurde viel besprochen.")
    assert event.registrations.count() == 2


# Downloads


@pytest.fixture
def attendees(event, city):
    group = StakeholderGroup.objects.create(city=city, name="Verwaltung", slug="v")
    return [
        register(
            event,
            "Berta Beispiel",
            Status.CONFIRMED,
            organisation="=HYPERLINK(1)",
            stakeholder_group=group,
            needs_childcare=True,
        ),
        register(event, "Anna Ärger", Status.ATTENDED, organisation="Verein A"),
        register(event, "Carla Warte", Status.WAITLISTED),
        register(event, "Dora Weg", Status.CANCELLED),
    ]


def test_csv_export_lists_active_registrations_for_german_excel(
    admin_client, event, attendees
):
    response = run_action(admin_client, "export_attendees_csv", event)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows[0]) == 14
    names = [row[3] for row in rows[1:]]
    assert names == ["Anna Ärger", "Berta Beispiel", "Carla Warte"]
    berta = rows[2]
    assert berta[0] == "Werkstatt Teilhabe"
    assert berta[2] == attendees[0].code
    assert berta[4] == attendees[0].email
    assert berta[5] == "'=HYPERLINK(1)"  # never a formula
    assert berta[6] == "Verwaltung"


def test_excel_export_has_a_bold_frozen_header_and_one_row_per_person(
    admin_client, event, attendees
):
    response = run_action(admin_client, "export_attendees_xlsx", event)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.max_row == 4
    assert sheet.column_dimensions["A"].width > 10
    assert [sheet.cell(row, 4).value for row in (2, 3, 4)] == [
        "Anna Ärger",
        "Berta Beispiel",
        "Carla Warte",
    ]
    assert isinstance(sheet.cell(2, 2).value, dt.datetime)
    organisation = sheet.cell(3, 6)
    assert (organisation.value, organisation.data_type) == ("=HYPERLINK(1)", "s")


def test_excel_export_drops_control_characters_typed_into_the_form(admin_client, event):
    register(event, "Eva\x0bEcho", Status.CONFIRMED)
    response = run_action(admin_client, "export_attendees_xlsx", event)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(2, 4).value == "EvaEcho"


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_sign_in_sheet_lists_confirmed_and_attended_people_by_name(
    admin_client, event, attendees
):
    response = run_action(admin_client, "print_signin_sheet", event)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "Werkstatt Teilhabe" in text
    assert "Stadthaus" in text
    assert text.index("Anna Ärger") < text.index("Berta Beispiel")
    assert "Carla Warte" not in text  # waiting
    assert "Dora Weg" not in text  # cancelled


def test_sign_in_sheet_repeats_its_header_and_counts_pages(admin_client, event):
    for number in range(60):
        register(event, f"Person {number:02}", Status.CONFIRMED)
    reader = PdfReader(
        io.BytesIO(
            b"".join(
                run_action(admin_client, "print_signin_sheet", event).streaming_content
            )
        )
    )
    assert len(reader.pages) > 1
    last = reader.pages[-1].extract_text()
    assert f"{len(reader.pages)}" in last
    header = reader.pages[0].extract_text().split("\n")
    assert any(line in last for line in header if "Name" in line)


def test_sign_in_sheet_is_printed_for_one_event_at_a_time(admin_client, process):
    first, second = make_event(process), make_event(process)
    response = run_action(admin_client, "print_signin_sheet", first, second)
    assert response.status_code == 302
    # Messages are in the language of the request (German here).
    with translation.override("de"):
        expected = translation.gettext(
            "Choose exactly one event to print its sign-in sheet."
        )
    assert expected != "Choose exactly one event to print its sign-in sheet."
    assert expected in messages_of(response)


def test_sign_in_sheet_can_be_printed_from_the_event_page(
    admin_client, event, attendees
):
    response = admin_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        {"CHANGE_FORM-action": "print_signin_sheet", ACTION_CHECKBOX_NAME: event.pk},
    )
    assert "Anna Ärger" in pdf_text(response)


def test_staff_without_personal_data_permission_cannot_export(
    client, django_user_model, event, attendees
):
    client = staff_client(
        client,
        django_user_model,
        "events.view_event",
        "events.change_event",
        "registrations.view_registration",
    )
    choices = action_choices(client)
    assert "export_attendees_csv" not in choices
    assert "print_signin_sheet" not in choices
    for action in ("export_attendees_csv", "export_attendees_xlsx"):
        response = run_action(client, action, event)
        assert "Content-Disposition" not in response
        assert attendees[0].email.encode() not in response.content


def test_staff_with_personal_data_permission_can_export(
    client, django_user_model, event, attendees
):
    client = staff_client(
        client,
        django_user_model,
        "events.view_event",
        "registrations.view_registration",
        "registrations.view_personal_data",
    )
    response = run_action(client, "export_attendees_csv", event)
    assert attendees[0].email.encode() in b"".join(response.streaming_content)


# Cancelling, copying, writing


def test_cancelling_an_event_asks_first_then_tells_everyone_registered(
    admin_client, event, mailoutbox, django_capture_on_commit_callbacks
):
    told = [
        register(event, "A", Status.CONFIRMED),
        register(event, "B", Status.PENDING),
        register(event, "C", Status.WAITLISTED),
    ]
    register(event, "D", Status.CANCELLED)

    response = run_action(admin_client, "cancel_events", event)
    assert response.status_code == 200
    assert "3" in response.content.decode()
    assert 'name="post" value="yes"' in response.content.decode()
    event.refresh_from_db()
    assert not event.is_cancelled
    assert not OutgoingMail.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(admin_client, "cancel_events", event, post="yes")
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.email for r in told)
    assert any("3 people" in m or "3 Person" in m for m in messages_of(response))


def test_cancelling_needs_the_change_permission(client, django_user_model, event):
    client = staff_client(client, django_user_model, "events.view_event")
    run_action(client, "cancel_events", event, post="yes")
    event.refresh_from_db()
    assert not event.is_cancelled


def test_duplicating_an_event_makes_an_unpublished_copy(admin_client, event):
    register(event, "A", Status.CONFIRMED)
    response = run_action(admin_client, "duplicate_events", event)
    copy = Event.objects.exclude(pk=event.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:events_event_change", args=[copy.pk])
    assert not copy.is_published
    assert copy.registrations.count() == 0
    assert (copy.venue, copy.capacity, copy.start) == (
        event.venue,
        event.capacity,
        event.start,
    )
    assert any(
        reverse("admin:events_event_change", args=[copy.pk]) in m
        for m in messages_of(response)
    )


def test_writing_to_participants_opens_the_message_form_for_the_event(
    admin_client, event
):
    response = run_action(admin_client, "write_to_participants", event)
    url = reverse("admin:registrations_eventmessage_add")
    assert response["Location"] == f"{url}?event={event.pk}"
    form = admin_client.get(response["Location"]).context["adminform"].form
    assert str(form.initial["event"]) == str(event.pk)


def test_writing_to_participants_needs_the_message_permission(
    client, django_user_model, event
):
    client = staff_client(client, django_user_model, "events.view_event")
    choices = action_choices(client)
    assert "write_to_participants" not in choices
    assert "duplicate_events" not in choices
    assert "cancel_events" not in choices
