"""Reads of the events app that are more than one query."""

from dataclasses import dataclass, field

from django.utils import timezone

from leitbild.models import City
from registrations.selectors import event_signup_state, with_seats_taken

from .forms import AgendaFilterForm
from .models import Event, Phase, Process


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
