"""The KI staff's back office: their group's permissions and the sign-up
statistics they read.

The group is defined in code, so that what staff may do is reviewed like
any other change instead of being clicked together in the admin: here the
part for events, sign-ups and the Leitbild's text (STAFF_PERMISSIONS), in
contributions.staff the part for residents' contributions. `manage.py
ensure_staff_group` (in contributions, the highest app it needs) applies
both.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Lower, Trim
from django.utils.translation import gettext_lazy as _

from core.models import City
from events.models import Event, Process
from events.services import EXAMPLE_PROCESS_SLUG

from .models import District, Registration, StakeholderGroup

# The stored name never changes (code and fixtures look the group up by it);
# the admin shows the translated label below.
STAFF_GROUP_NAME = "KI staff"
STAFF_GROUP_LABEL = _("KI staff")

# Exactly what the back-office work on events, sign-ups and the text needs
# (contributions.staff adds the moderation of contributions). Deliberately
# absent: deleting events, registrations or editions (cancel instead, the
# record stays), any user, group or permission, the task queue, sessions and
# allauth's tables.
# What the admin actions need: exports of participant lists →
# view_personal_data; check-in, moving up, cancelling a registration →
# change_registration; cancelling an event → change_event; duplicating →
# add_event; writing to participants → add_eventmessage; sending a mail again →
# change_outgoingmail; the statistics page → view_statistics.
STAFF_PERMISSIONS = [
    # events
    "events.view_event",
    "events.add_event",
    "events.change_event",
    "events.view_eventdocument",
    "events.add_eventdocument",
    "events.change_eventdocument",
    "events.delete_eventdocument",
    "events.view_venue",
    "events.add_venue",
    "events.change_venue",
    "events.view_process",
    "events.add_process",
    "events.change_process",
    "events.view_phase",
    "events.add_phase",
    "events.change_phase",
    # registrations
    "registrations.view_registration",
    "registrations.add_registration",
    "registrations.change_registration",
    "registrations.view_personal_data",
    "registrations.view_statistics",
    "registrations.view_eventmessage",
    "registrations.add_eventmessage",
    "registrations.view_outgoingmail",
    "registrations.change_outgoingmail",
    "registrations.view_district",
    "registrations.view_stakeholdergroup",
    # core
    "core.view_city",
    "core.change_city",
    # leitbild
    "leitbild.view_edition",
    "leitbild.add_edition",
    "leitbild.change_edition",
    "leitbild.view_section",
    "leitbild.add_section",
    "leitbild.change_section",
    "leitbild.view_term",
    "leitbild.add_term",
    "leitbild.change_term",
    # handlungsfelder
    "handlungsfelder.view_actionfield",
    "handlungsfelder.add_actionfield",
    "handlungsfelder.change_actionfield",
    "handlungsfelder.view_goal",
    "handlungsfelder.add_goal",
    "handlungsfelder.change_goal",
    "handlungsfelder.view_measure",
    "handlungsfelder.add_measure",
    "handlungsfelder.change_measure",
]


def staff_permissions(names: Sequence[str]) -> list[Permission]:
    """The Permission rows of `names` ("app_label.codename"), in one query.
    Raises ImproperlyConfigured when one does not exist (a typo, or
    migrations not run)."""
    match = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        match |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(match).select_related("content_type"))
    found_names = {f"{p.content_type.app_label}.{p.codename}" for p in found}
    missing = sorted(set(names) - found_names)
    if missing:
        raise ImproperlyConfigured(
            "These permissions do not exist (run migrate first?): " + ", ".join(missing)
        )
    return found


@dataclass(frozen=True)
class StaffGroupReport:
    group: Group
    created: bool
    added: list[str]
    removed: list[str]


@transaction.atomic
def staff_group_ensure(*, permissions: Sequence[str]) -> StaffGroupReport:
    """Create the KI staff group or bring it to exactly `permissions`,
    removing any other permission. Safe to run any number of times.

    The whole list is the caller's (contributions.staff composes it): a
    list of this app's part alone would strip what the higher apps add."""
    group, created = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    wanted = staff_permissions(permissions)
    before = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    group.permissions.set(wanted)
    return StaffGroupReport(
        group=group,
        created=created,
        added=sorted(set(permissions) - before),
        removed=sorted(before - set(permissions)),
    )


# --------------------------------------------------------------------------
# Statistics

Status = Registration.Status
SIGNED_UP = ~Q(status=Status.CANCELLED)
CONFIRMED = Q(status__in=[Status.CONFIRMED, Status.ATTENDED])
ATTENDED = Q(status=Status.ATTENDED)
WAITING = Q(status=Status.WAITLISTED)
CANCELLED = Q(status=Status.CANCELLED)


@dataclass(frozen=True)
class Counts:
    """Registrations by state. `signups` are all ever made that were not
    cancelled; `confirmed` includes those who attended."""

    signups: int = 0
    confirmed: int = 0
    attended: int = 0
    waiting: int = 0
    cancelled: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(
            *(getattr(self, name) + getattr(other, name) for name in COUNT_NAMES)
        )


COUNT_NAMES = ("signups", "confirmed", "attended", "waiting", "cancelled")
CONDITIONS = dict(
    zip(COUNT_NAMES, (SIGNED_UP, CONFIRMED, ATTENDED, WAITING, CANCELLED), strict=True)
)


def _prefixed(condition: Q, prefix: str) -> Q:
    """The condition on Registration, seen through a relation (`prefix`)."""
    if not prefix:
        return condition
    return Q(
        *(
            _prefixed(child, prefix)
            if isinstance(child, Q)
            else (prefix + child[0], child[1])
            for child in condition.children
        ),
        _connector=condition.connector,
        _negated=condition.negated,
    )


def _count_annotations(prefix: str = "", scope: Q | None = None) -> dict:
    """Count(filter=…) per state: over Registration itself (no prefix) or
    over the registrations of a related row (prefix "registrations__")."""
    target = prefix.removesuffix("__") or "pk"
    annotations = {}
    for name, condition in CONDITIONS.items():
        condition = _prefixed(condition, prefix)
        if scope is not None:
            condition &= scope
        annotations[name] = Count(target, filter=condition)
    return annotations


def _counts(row) -> Counts:
    """The counts of an aggregate() result or of an annotated row."""
    if isinstance(row, dict):
        return Counts(**{name: row[name] for name in COUNT_NAMES})
    return Counts(**{name: getattr(row, name) for name in COUNT_NAMES})


@dataclass(frozen=True)
class EventRow:
    event: Event
    counts: Counts


@dataclass(frozen=True)
class GroupRow:
    """One line of a breakdown: a stakeholder group, a district, or no
    answer (`label` set, `obj` None)."""

    label: str
    counts: Counts
    obj: object | None = None


@dataclass
class Statistics:
    """Sign-up figures of one process (or of all the city's processes)."""

    city: City
    process: Process | None
    totals: Counts
    organisations: int
    people: int
    events: list[EventRow] = field(default_factory=list)
    stakeholder_groups: list[GroupRow] = field(default_factory=list)
    districts: list[GroupRow] = field(default_factory=list)

    @property
    def events_total(self) -> Counts:
        return sum((row.counts for row in self.events), Counts())

    @property
    def capacity_total(self) -> int | None:
        """The seats of all events that have a limit; None when none has."""
        limits = [row.event.capacity for row in self.events if row.event.capacity]
        return sum(limits) if limits else None

    @property
    def unlimited_events(self) -> int:
        return sum(1 for row in self.events if row.event.capacity is None)


def processes_for(*, city: City):
    """The city's processes, newest first."""
    return Process.objects.filter(city=city).order_by("-start_year", "-pk")


def process_default(processes: list[Process]) -> Process | None:
    """The process the statistics show first, from processes_for(): the
    newest, leaving out the example process as long as there is a real one."""
    real = [process for process in processes if process.slug != EXAMPLE_PROCESS_SLUG]
    return (real or processes or [None])[0]


def statistics_for(*, city: City, process: Process | None = None) -> Statistics:
    """Sign-up figures of one process, or of all the city's processes when
    `process` is None, in four queries however many events there are."""
    if process is not None:
        scope = Q(event__process=process)
    else:
        scope = Q(event__process__city=city)
    registrations = Registration.objects.filter(scope)

    # People: distinct addresses, ignoring case. An empty address (an
    # anonymised sign-up, or one taken by phone without one) is one person
    # each: we cannot tell them apart and would rather not undercount.
    totals = registrations.aggregate(
        **_count_annotations(),
        organisations=Count(
            Lower(Trim("organisation")),
            distinct=True,
            filter=SIGNED_UP & ~Q(organisation=""),
        ),
        addresses=Count(Lower("email"), distinct=True, filter=SIGNED_UP & ~Q(email="")),
        without_address=Count("pk", filter=SIGNED_UP & Q(email="")),
        **{
            f"no_group_{name}": Count(
                "pk", filter=condition & Q(stakeholder_group__isnull=True)
            )
            for name, condition in CONDITIONS.items()
        },
        **{
            f"no_district_{name}": Count(
                "pk", filter=condition & Q(district__isnull=True)
            )
            for name, condition in CONDITIONS.items()
        },
    )

    if process is not None:
        events = Event.objects.filter(process=process)
    else:
        events = Event.objects.filter(process__city=city)
    events = events.annotate(**_count_annotations("registrations__")).order_by(
        "start", "pk"
    )

    related_scope = _prefixed(scope, "registrations__")
    groups = StakeholderGroup.objects.filter(city=city).annotate(
        **_count_annotations("registrations__", related_scope)
    )
    districts = District.objects.filter(city=city).annotate(
        **_count_annotations("registrations__", related_scope)
    )

    def no_answer(prefix: str) -> GroupRow:
        counts = Counts(**{name: totals[f"{prefix}{name}"] for name in COUNT_NAMES})
        return GroupRow(label=_("No answer"), counts=counts)

    return Statistics(
        city=city,
        process=process,
        totals=_counts(totals),
        organisations=totals["organisations"],
        people=totals["addresses"] + totals["without_address"],
        events=[EventRow(event=event, counts=_counts(event)) for event in events],
        stakeholder_groups=[
            GroupRow(label=group.name, counts=_counts(group), obj=group)
            for group in groups
        ]
        + [no_answer("no_group_")],
        districts=[
            GroupRow(label=district.name, counts=_counts(district), obj=district)
            for district in districts
        ]
        + [no_answer("no_district_")],
    )
