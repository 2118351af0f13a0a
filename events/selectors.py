"""Reads of the events app that are more than one query."""

from dataclasses import dataclass, field

from django.utils import timezone

from leitbild.models import City

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


def agenda_for_city(*, city: City, now=None) -> Agenda:
    """Upcoming events, then past ones by process and work phase (a review).

    Four queries however many events there are: processes, phases, events
    (with venue) and their action fields.
    """
    now = now or timezone.now()
    processes = list(Process.objects.filter(city=city).order_by("-start_year", "-id"))
    phases = list(Phase.objects.filter(process__city=city).order_by("number"))
    events = list(
        Event.objects.published()
        .filter(process__city=city)
        .for_listing()
        .order_by("start")
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
