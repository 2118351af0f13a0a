"""The KI staff group as a whole: `manage.py ensure_staff_group` applies the
part for events, sign-ups and the text (registrations.staff) and the part
for contributions (contributions.staff)."""

import io

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from contributions.staff import CONTRIBUTION_STAFF_PERMISSIONS, KI_STAFF_PERMISSIONS
from registrations.staff import STAFF_GROUP_NAME, STAFF_PERMISSIONS


def permission_names(group: Group) -> set[str]:
    return {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in group.permissions.select_related("content_type")
    }


def ensure_staff_group() -> str:
    out = io.StringIO()
    call_command("ensure_staff_group", stdout=out)
    return out.getvalue()


def test_ensure_staff_group_creates_the_group_with_exactly_its_permissions(db):
    output = ensure_staff_group()
    group = Group.objects.get(name=STAFF_GROUP_NAME)
    assert permission_names(group) == set(STAFF_PERMISSIONS) | set(
        CONTRIBUTION_STAFF_PERMISSIONS
    )
    assert output.startswith(
        f"Created group 'KI staff': {len(KI_STAFF_PERMISSIONS)} permissions, "
        f"{len(KI_STAFF_PERMISSIONS)} added, 0 removed."
    )


def test_ensure_staff_group_is_idempotent_and_removes_other_permissions(db):
    ensure_staff_group()
    group = Group.objects.get(name=STAFF_GROUP_NAME)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="auth", codename="delete_user"),
        Permission.objects.get(
            content_type__app_label="contributions", codename="delete_contribution"
        ),
    )
    output = ensure_staff_group()
    again = ensure_staff_group()
    assert Group.objects.filter(name=STAFF_GROUP_NAME).count() == 1
    assert permission_names(group) == set(KI_STAFF_PERMISSIONS)
    assert "removed auth.delete_user" in output
    assert "removed contributions.delete_contribution" in output
    assert again.startswith("Checked group 'KI staff'")
    assert "0 added, 0 removed." in again


def test_the_group_moderates_contributions_but_neither_adds_nor_deletes_them():
    assert {
        "contributions.view_contribution",
        "contributions.change_contribution",
        "contributions.moderate_contribution",
        "contributions.view_contributor_data",
        "contributions.view_support",
        "contributions.view_textchange",
        "contributions.add_reasontemplate",
        "contributions.change_reasontemplate",
        "contributions.delete_reasontemplate",
        "contributions.add_blockedterm",
        "contributions.change_blockedterm",
        "contributions.delete_blockedterm",
    } <= set(KI_STAFF_PERMISSIONS)
    assert not {
        "contributions.add_contribution",
        "contributions.delete_contribution",
        "contributions.change_support",
        "contributions.change_textchange",
    } & set(KI_STAFF_PERMISSIONS)
    assert len(set(KI_STAFF_PERMISSIONS)) == len(KI_STAFF_PERMISSIONS)
