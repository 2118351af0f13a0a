"""The KI staff group's part for events, sign-ups and the text, and what a
member may do in their back office. (The command that applies the whole
group is tested in tests/contributions/test_staff.py.)"""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from contributions.staff import ki_staff_group_ensure
from registrations.staff import STAFF_GROUP_NAME, STAFF_PERMISSIONS, staff_group_ensure
from tests.conftest import make_event, make_process, make_registration


def permission_names(group: Group) -> set[str]:
    return {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in group.permissions.select_related("content_type")
    }


@pytest.fixture
def event(city):
    return make_event(make_process(city), capacity=20)


@pytest.fixture
def staff_user(db, django_user_model):
    ki_staff_group_ensure()
    user = django_user_model.objects.create_user(
        "ki", "ki@example.org", "not-used", is_staff=True
    )
    user.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
    return user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_staff_group_ensure_sets_exactly_the_permissions_it_is_given(db):
    report = staff_group_ensure(permissions=STAFF_PERMISSIONS)
    assert report.created
    assert permission_names(report.group) == set(STAFF_PERMISSIONS)
    report = staff_group_ensure(permissions=STAFF_PERMISSIONS[:2])
    assert not report.created
    assert permission_names(report.group) == set(STAFF_PERMISSIONS[:2])
    assert report.removed == sorted(STAFF_PERMISSIONS[2:])


def test_staff_group_ensure_refuses_a_permission_that_does_not_exist(db):
    with pytest.raises(ImproperlyConfigured, match="events.fly_event"):
        staff_group_ensure(permissions=["events.view_event", "events.fly_event"])
    assert not Group.objects.filter(name=STAFF_GROUP_NAME).exists()


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
