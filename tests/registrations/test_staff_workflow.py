"""The issue's "done means" for staff: a member of the KI staff group, not a
superuser, runs a whole event in the admin."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from events.models import Event
from registrations.models import EventMessage, Registration
from registrations.services import registration_create
from tests.conftest import make_event, make_process

Status = Registration.Status
EVENTS = reverse("admin:events_event_changelist")
REGISTRATIONS = reverse("admin:registrations_registration_changelist")


@pytest.fixture
def staff(client, db, django_user_model):
    call_command("ensure_staff_group", stdout=io.StringIO())
    user = django_user_model.objects.create_user(
        "ki", "ki@example.org", None, is_staff=True
    )
    user.groups.add(Group.objects.get(name="KI staff"))
    client.force_login(user)
    return client


def act(client, url, action, *objects, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects]}
    return client.post(url, {**data, **extra})


def test_a_ki_staff_member_runs_an_event_without_being_superuser(
    staff, city, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(make_process(city), title="Werkstatt Sprache", capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        web = registration_create(
            event=event, name="Web Person", email="web@example.org", consent=True
        )
        # A phone sign-up goes through the same service: the event is full,
        # so it lands on the waiting list, and a confirmation goes out.
        response = staff.post(
            reverse("admin:registrations_registration_add"),
            {
                "event": event.pk,
                "channel": Registration.Channel.PHONE,
                "language": "de",
                "name": "Telefon Person",
                "email": "telefon@example.org",
                "organisation": "Moscheeverein",
                "stakeholder_group": "",
                "district": "",
                "interpretation_language": "",
                "accessibility_needs": "",
                "_save": "Speichern",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    phone = Registration.objects.get(email="telefon@example.org")
    assert phone.status == Status.WAITLISTED
    assert phone.channel == Registration.Channel.PHONE

    # The list shows the counts and people's addresses.
    html = staff.get(EVENTS).content.decode()
    assert "Werkstatt Sprache" in html
    html = staff.get(REGISTRATIONS, {"q": phone.code}).content.decode()
    assert "telefon@example.org" in html

    # Cancel the web sign-up: the person waiting moves up.
    with django_capture_on_commit_callbacks(execute=True):
        act(staff, REGISTRATIONS, "cancel_registrations", web)
    phone.refresh_from_db()
    assert phone.status == Status.CONFIRMED

    # Exports and the sign-in sheet.
    response = act(staff, EVENTS, "export_attendees_csv", event)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert any("Telefon Person" in row for row in rows)
    response = act(staff, EVENTS, "print_signin_sheet", event)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    # Check in at the door, by code.
    act(staff, REGISTRATIONS, "check_in", phone)
    phone.refresh_from_db()
    assert phone.status == Status.ATTENDED

    # Write to everyone confirmed.
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("admin:registrations_eventmessage_add"),
            {
                "event": event.pk,
                "subject": "Raumänderung",
                "body": "Saal 3",
                "_save": "Speichern",
            },
        )
    assert response.status_code == 302
    assert EventMessage.objects.get().recipient_count == 1

    # Duplicate, then cancel the event.
    act(staff, EVENTS, "duplicate_events", event)
    assert Event.objects.filter(is_published=False).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        act(staff, EVENTS, "cancel_events", event, post="yes")
    event.refresh_from_db()
    assert event.is_cancelled

    # The statistics page.
    assert staff.get(reverse("registration_statistics")).status_code == 200


def test_a_ki_staff_member_cannot_delete_registrations_or_manage_users(staff, city):
    event = make_event(make_process(city))
    registration = registration_create(
        event=event, name="A", email="a@example.org", consent=True
    )
    delete = reverse("admin:registrations_registration_delete", args=[registration.pk])
    assert staff.post(delete, {"post": "yes"}).status_code == 403
    assert Registration.objects.filter(pk=registration.pk).exists()
    assert staff.get(reverse("admin:auth_user_changelist")).status_code == 403
