import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from registrations.staff import STAFF_GROUP_NAME, STAFF_PERMISSIONS, staff_group_ensure
from tests.conftest import make_event, make_process, make_registration


def permission_names(group: Group) -> set[str]:
    return {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in group.permissions.select_related("content_type")
    }


def ensure_staff_group() -> str:
    out = io.StringIO()
    call_command("ensure_staff_group", stdout=out)
    return out.getvalue()


@pytest.fixture
def event(city):
    return make_event(make_process(city), capacity=20)


@pytest.fixture
def staff_user(db, django_user_model):
    staff_group_ensure()
    user = django_user_model.objects.create_user(
        "ki", "ki@example.org", "not-used", is_staff=True
    )
    user.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
    return user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_ensure_staff_group_creates_the_group_with_exactly_its_permissions(db):
    output = ensure_staff_group()
    group = Group.objects.get(name=STAFF_GROUP_NAME)
    assert permission_names(group) == set(STAFF_PERMISSIONS)
    assert "Created" in output


def test_ensure_staff_group_is_idempotent_and_removes_other_permissions(db):
    ensure_staff_group()
    group = Group.objects.get(name=STAFF_GROUP_NAME)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="auth", codename="delete_user"),
        Permission.objects.get(
            content_type__app_label="events", codename="delete_event"
        ),
    )
    output = ensure_staff_group()
    ensure_staff_group()
    assert Group.objects.filter(name=STAFF_GROUP_NAME).count() == 1
    assert permission_names(group) == set(STAFF_PERMISSIONS)
    assert "removed auth.delete_user" in output
    assert "removed events.delete_event" in output


def test_staff_permissions_leave_out_deleting_records_and_managing_accounts():
    forbidden = {
        "events.delete_event",
        "registrations.delete_registration",
        "leitbild.delete_edition",
    }
    assert not forbidden & set(STAFF_PERMISSIONS)
    assert not [
        name
        for name in STAFF_PERMISSIONS
        if name.split(".")[0]
        in {"auth", "sessions", "django_tasks_db", "account", "contenttypes", "admin"}
    ]


def test_staff_member_has_the_permissions_the_admin_actions_need(staff_user):
    for permission in (
        "registrations.view_personal_data",
        "registrations.view_statistics",
        "registrations.change_registration",
        "registrations.add_eventmessage",
        "registrations.change_outgoingmail",
        "events.change_event",
        "events.add_event",
    ):
        assert staff_user.has_perm(permission), permission
    assert not staff_user.has_perm("events.delete_event")
    assert not staff_user.has_perm("registrations.delete_registration")


def test_staff_member_opens_the_back_office_pages(staff_client, event):
    make_registration(event, name="Ada Lovelace", email="ada@example.org")
    for url in (
        reverse("admin:index"),
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_add"),
        reverse("admin:registrations_registration_changelist"),
        reverse("registration_statistics"),
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url


def test_staff_member_sees_email_addresses_in_the_registration_list(
    staff_client, event
):
    make_registration(event, name="Ada Lovelace", email="ada@example.org")
    response = staff_client.get(reverse("admin:registrations_registration_changelist"))
    assert response.status_code == 200
    assert "ada@example.org" in response.content.decode()


def test_staff_member_cannot_manage_users_or_groups(staff_client):
    for url in (
        "/admin/auth/user/",
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_group_changelist"),
        reverse("admin:auth_user_add"),
    ):
        assert staff_client.get(url).status_code == 403, url


def test_staff_member_cannot_delete_events_or_registrations(staff_client, event):
    registration = make_registration(event)
    for url in (
        reverse("admin:events_event_delete", args=[event.pk]),
        reverse("admin:registrations_registration_delete", args=[registration.pk]),
    ):
        assert staff_client.get(url).status_code == 403, url
        assert staff_client.post(url, {"post": "yes"}).status_code == 403, url
    assert event.registrations.count() == 1


def test_statistics_page_refuses_staff_outside_the_group(
    client, city, django_user_model
):
    user = django_user_model.objects.create_user(
        "other", "other@example.org", "not-used", is_staff=True
    )
    client.force_login(user)
    assert client.get(reverse("registration_statistics")).status_code == 403
