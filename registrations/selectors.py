"""Reads about registrations: seat counts, the state of sign-ups, and the
agenda that shows each event with its sign-up state."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from core.models import City
from events.forms import AgendaFilterForm
from events.models import Event, Phase, Process

from .models import Registration


def seats_taken_filter(now: dt.datetime) -> Q:
    """Registrations (seen from the event) that occupy a seat at `now`:
    confirmed, attended, and pending ones whose 24-hour hold still runs."""
    return Q(
        registrations__status__in=[
            Registration.Status.CONFIRMED,
            Registration.Status.ATTENDED,
        ]
    ) | Q(
        registrations__status=Registration.Status.PENDING,
        registrations__expires_at__gt=now,
    )


def with_seats_taken(queryset, now: dt.datetime | None = None):
    """Annotate events with `seats_taken`, in the same query."""
    now = now or timezone.now()
    return queryset.annotate(
        seats_taken=Count("registrations", filter=seats_taken_filter(now))
    )


@dataclass(frozen=True)
class SignupState:
    """Whether an event takes sign-ups, for the agenda and the event page.

    code is one of: open, full (waiting list), not_open, closed, started,
    past, cancelled.
    """

    code: str
    seats_left: int | None = None
    opens: dt.datetime | None = None

    @property
    def accepts_signups(self) -> bool:
        return self.code in ("open", "full")


def event_signup_state(
    *, event, seats_taken: int | None = None, now: dt.datetime | None = None
) -> SignupState:
    """The sign-up state of an event. Pass `seats_taken` when the event was
    annotated by `with_seats_taken`, to save a query."""
    now = now or timezone.now()
    if event.is_cancelled:
        return SignupState("cancelled")
    if event.end < now:
        return SignupState("past")
    if event.start <= now:
        return SignupState("started")
    if event.registration_opens and now < event.registration_opens:
        return SignupState("not_open", opens=event.registration_opens)
    if event.registration_closes and now >= event.registration_closes:
        return SignupState("closed")
    if event.capacity is None:
        return SignupState("open")
    if seats_taken is None:
        seats_taken = getattr(event, "seats_taken", None)
    if seats_taken is None:
        from .services import event_seats_taken

        seats_taken = event_seats_taken(event=event, now=now)
    seats_left = max(event.capacity - seats_taken, 0)
    return SignupState("open" if seats_left else "full", seats_left=seats_left)


def registrations_of_user(user):
    """A signed-in person's sign-ups: those made while signed in and those
    made with one of their verified e-mail addresses."""
    from allauth.account.models import EmailAddress

    addresses = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    )
    match = Q(user=user)
    for address in addresses:
        match |= Q(email__iexact=address)
    return (
        Registration.objects.filter(match, anonymised_at__isnull=True)
        .select_related("event", "event__venue")
        .order_by("-event__start")
    )


@dataclass
class PhaseAgenda:
    phase: Phase | None
    events: list[Event] = field(default_factory=list)


@dataclass
class ProcessAgenda:
    process: Process
    phases: list[PhaseAgenda] = field(default_factory=list)

    @property
    def event_count(self) -> int:
        return sum(len(entry.events) for entry in self.phases)

    @property
    def events(self) -> list[Event]:
        return [event for entry in self.phases for event in entry.events]

    @property
    def phases_shown(self) -> list[Phase]:
        """The phases the agenda gives a section: with events or a text."""
        return [
            entry.phase
            for entry in self.phases
            if entry.phase is not None and (entry.events or entry.phase.description)
        ]


@dataclass
class Agenda:
    upcoming: list[Event]
    processes: list[ProcessAgenda]


@dataclass
class AgendaFilter:
    """What the visitor narrowed the agenda to, from the filter form."""

    form: AgendaFilterForm
    action_field: str = ""
    type: str = ""

    @classmethod
    def from_query(cls, query, *, city: City) -> "AgendaFilter":
        form = AgendaFilterForm(query or None, city=city)
        if query and form.is_valid():
            return cls(
                form=form,
                action_field=form.cleaned_data["handlungsfeld"],
                type=form.cleaned_data["art"],
            )
        return cls(form=form)

    @property
    def is_active(self) -> bool:
        return bool(self.action_field or self.type)

    def apply(self, events):
        if self.action_field:
            events = events.filter(
                pk__in=Event.action_fields.through.objects.filter(
                    actionfield__slug=self.action_field
                ).values("event_id")
            )
        if self.type:
            events = events.filter(type=self.type)
        return events


def agenda_for_city(
    *, city: City, now=None, agenda_filter: AgendaFilter | None = None
) -> Agenda:
    """Upcoming events, then past ones by process and work phase (a review),
    each with its seats taken (`seats_taken`) for the sign-up state.

    Four queries however many events there are: processes, phases, events
    (with venue and seat counts) and their action fields.
    """
    now = now or timezone.now()
    processes = list(Process.objects.filter(city=city).order_by("-start_year", "-id"))
    phases = list(Phase.objects.filter(process__city=city).order_by("number"))
    events = Event.objects.published().filter(process__city=city)
    if agenda_filter is not None:
        events = agenda_filter.apply(events)
    events = list(with_seats_taken(events.for_listing(), now=now).order_by("start"))
    for event in events:
        event.signup = event_signup_state(
            event=event, seats_taken=event.seats_taken, now=now
        )
    by_process = {
        process.id: ProcessAgenda(
            process=process,
            phases=[
                PhaseAgenda(phase=phase)
                for phase in phases
                if phase.process_id == process.id
            ],
        )
        for process in processes
    }
    by_phase = {
        entry.phase.id: entry
        for agenda in by_process.values()
        for entry in agenda.phases
    }
    upcoming = []
    for event in events:
        if event.end >= now:
            upcoming.append(event)
            continue
        if event.phase_id in by_phase:
            by_phase[event.phase_id].events.append(event)
        else:
            agenda = by_process[event.process_id]
            if not agenda.phases or agenda.phases[-1].phase is not None:
                agenda.phases.append(PhaseAgenda(phase=None))
            agenda.phases[-1].events.append(event)
    return Agenda(
        upcoming=upcoming,
        processes=[agenda for agenda in by_process.values() if agenda.event_count],
    )
