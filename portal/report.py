"""The participation report of an edition: the document the integration
centre attaches to its submission to the city council, as a page and as a
PDF (portal.pdf).

`participation_report(edition)` gathers the figures in a fixed number of
queries, counting in the database, and returns them as plain data with the
small-number protection of portal.privacy applied: no figure of 1 to 4
people, none that can be worked out from the others. No name, address or
text of anyone goes into it.

Who counts:
- In person: sign-ups for the events held (published, not cancelled, not
  examples, ended) that were confirmed or checked in.
- Online: contributions confirmed by e-mail (whatever became of them) and
  confirmed supports, on this edition's sections, action fields and goals.
- People are counted once: by their e-mail address, ignoring case. A sign-up
  or contribution without one (taken by phone, or whose personal data has
  been removed) counts as a person of its own.
- A person's stakeholder group and district are the ones they gave most
  recently; supporters are not asked, and count as "no answer".
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language, pgettext, pgettext_lazy
from django.utils.translation import gettext as _

from contributions.models import Contribution, Support
from core.content_language import shown_language
from events.models import Event, Phase, Process
from handlungsfelder.models import ActionField
from leitbild.models import Edition
from registrations.models import District, Registration, StakeholderGroup

from .privacy import WITHHELD, Figure, K, Linked, figure, protect

SIGNED_UP = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)
# The state table's lines, in order; unconfirmed contributions never count.
STATES = (
    (
        Contribution.State.RECEIVED,
        pgettext_lazy("participation report", "Awaiting moderation"),
    ),
    (
        Contribution.State.PUBLISHED,
        pgettext_lazy("participation report", "Published, not decided yet"),
    ),
    (Contribution.State.TAKEN_UP, pgettext_lazy("participation report", "Taken up")),
    (
        Contribution.State.NOT_TAKEN_UP,
        pgettext_lazy("participation report", "Not taken up"),
    ),
    (
        Contribution.State.MERGED,
        pgettext_lazy("participation report", "Merged with a similar one"),
    ),
    (
        Contribution.State.REJECTED,
        pgettext_lazy("participation report", "Not published"),
    ),
    (
        Contribution.State.WITHDRAWN,
        pgettext_lazy("participation report", "Withdrawn by their authors"),
    ),
)
# Cells of the table of how people took part.
ONLY_IN_PERSON, ONLY_ONLINE, BOTH = 0, 1, 2


# --------------------------------------------------------------------------
# What the report holds: plain data, safe to publish


@dataclass(frozen=True)
class Row:
    """A line of a table; the line "others together" lists its members."""

    label: str
    figure: Figure
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A population split by one property. Without `broken_down` only the
    total may be shown."""

    rows: tuple[Row, ...]
    total: Figure
    broken_down: bool


@dataclass(frozen=True)
class EventLine:
    title: str
    type: str
    start: dt.datetime
    end: dt.datetime
    sign_ups: Figure
    attended: Figure | None  # None: attendance was not recorded
    waitlisted: Figure
    # The language of a title shown without its translation (German), else "".
    title_language: str = ""


@dataclass(frozen=True)
class PhaseLines:
    numeral: str
    title: str
    period: str
    events: tuple[EventLine, ...]
    title_language: str = ""


@dataclass(frozen=True)
class ProcessLines:
    slug: str
    title: str
    years: str
    phases: tuple[PhaseLines, ...]
    other_events: tuple[EventLine, ...]
    title_language: str = ""

    @property
    def events_held(self) -> int:
        return len(self.other_events) + sum(len(p.events) for p in self.phases)


@dataclass(frozen=True)
class Participation:
    """People by how they took part; `in_person` and `online` include those
    who did both."""

    only_in_person: Figure
    only_online: Figure
    both: Figure
    in_person: Figure
    online: Figure
    total: Figure
    broken_down: bool


@dataclass(frozen=True)
class Result:
    kind: str
    title: str


@dataclass(frozen=True)
class Report:
    language: str
    as_of: dt.date
    k: int
    city: str
    authority: str
    organisation: str
    year: int
    title: str
    period: str
    status: str
    processes: tuple[ProcessLines, ...]
    participation: Participation
    stakeholder_groups: Table
    districts: Table
    contributions: Figure
    by_part: Table
    by_state: Table
    results: tuple[Result, ...]
    title_language: str = ""

    @property
    def events_held(self) -> int:
        return sum(process.events_held for process in self.processes)

    @property
    def shows_german_only(self) -> bool:
        """Whether a title is shown in German for want of a translation."""
        return bool(self.title_language) or any(
            process.title_language
            or any(event.title_language for event in process.other_events)
            or any(
                phase.title_language
                or any(event.title_language for event in phase.events)
                for phase in process.phases
            )
            for process in self.processes
        )


# --------------------------------------------------------------------------
# The figures, counted in the database


def _fallback_language(obj, field: str) -> str:
    """The language `obj.<field>` is shown in where it is not the page's (a
    missing translation), else ""."""
    shown = shown_language(obj, field)
    return shown if shown and shown != get_language() else ""


def held_events(edition: Edition, now: dt.datetime) -> QuerySet[Event]:
    """The events of the edition's processes that took place."""
    return Event.objects.filter(
        process__edition=edition,
        is_published=True,
        is_cancelled=False,
        is_example=False,
        end__lt=now,
    )


def in_person(edition: Edition, now: dt.datetime) -> QuerySet[Registration]:
    """Confirmed or checked-in sign-ups for the events held."""
    return Registration.objects.filter(
        event__in=held_events(edition, now), status__in=SIGNED_UP
    )


def confirmed_contributions(edition: Edition) -> QuerySet[Contribution]:
    """Contributions confirmed by e-mail, on the edition's own text."""
    return Contribution.objects.filter(
        Q(section__edition=edition)
        | Q(action_field__edition=edition)
        | Q(goal__action_field__edition=edition),
        edition=edition,
    ).exclude(state=Contribution.State.UNCONFIRMED)


def confirmed_supports(edition: Edition) -> QuerySet[Support]:
    return Support.objects.filter(
        contribution__in=confirmed_contributions(edition),
        confirmed_at__isnull=False,
    )


HAS_ADDRESS = ~Q(email="")


def _same_person(rows: QuerySet) -> QuerySet:
    """The rows with the outer row's e-mail address, ignoring case."""
    return (
        rows.filter(HAS_ADDRESS)
        .annotate(person=Lower("email"))
        # The outer row's expression, not its annotation: an aggregate's
        # filter cannot refer to an annotation by name.
        .filter(person=Lower(OuterRef("email")))
    )


def people_counts(
    registrations: QuerySet, contributions: QuerySet, supports: QuerySet
) -> tuple[int, int, int]:
    """People who took part only in person, only online, and both; three
    queries."""
    online = Q(Exists(_same_person(contributions))) | Q(Exists(_same_person(supports)))
    offline = Q(Exists(_same_person(registrations)))
    person = Count("person", distinct=True, filter=HAS_ADDRESS)
    without_address = Count("pk", filter=~HAS_ADDRESS)
    present = registrations.annotate(person=Lower("email")).aggregate(
        people=person,
        without_address=without_address,
        both=Count("person", distinct=True, filter=HAS_ADDRESS & online),
    )
    writers = contributions.annotate(person=Lower("email")).aggregate(
        people=Count("person", distinct=True, filter=HAS_ADDRESS & ~offline),
        without_address=without_address,
    )
    supporters = supports.annotate(person=Lower("email")).aggregate(
        people=Count(
            "person",
            distinct=True,
            filter=HAS_ADDRESS & ~offline & ~Q(Exists(_same_person(contributions))),
        ),
        without_address=without_address,
    )
    both = present["both"]
    only_in_person = present["people"] + present["without_address"] - both
    only_online = sum(
        counts["people"] + counts["without_address"] for counts in (writers, supporters)
    )
    return only_in_person, only_online, both


def answer_counts(
    registrations: QuerySet, contributions: QuerySet, field: str
) -> Counter:
    """People by their most recent answer to `field` (a stakeholder group or
    a district: its id); two queries. People who never answered are not
    in it."""
    stated = Q(**{f"{field}__isnull": False})
    registrations = registrations.filter(stated)
    contributions = contributions.filter(stated)
    same_time = Q(created_at=OuterRef("created_at"))
    newer = Q(created_at__gt=OuterRef("created_at"))
    newer_in_own_table = newer | (same_time & Q(pk__gt=OuterRef("pk")))
    latest = [
        # On a tie between the two, the contribution's answer wins.
        (
            registrations,
            Q(
                ~Exists(_same_person(registrations).filter(newer_in_own_table)),
                ~Exists(_same_person(contributions).filter(newer | same_time)),
            ),
        ),
        (
            contributions,
            Q(
                ~Exists(_same_person(contributions).filter(newer_in_own_table)),
                ~Exists(_same_person(registrations).filter(newer)),
            ),
        ),
    ]
    counts = Counter()
    for rows, is_latest in latest:
        answers = (
            rows.annotate(person=Lower("email"))
            .filter(~HAS_ADDRESS | is_latest)
            .order_by()
            .values(field)
            .annotate(people=Count("pk"))
        )
        for answer in answers:
            counts[answer[field]] += answer["people"]
    return counts


@dataclass(frozen=True)
class _EventCounts:
    event: Event
    sign_ups: int
    attended: int
    waitlisted: int


def _event_counts(edition: Edition, now: dt.datetime) -> list[_EventCounts]:
    status = "registrations__status"
    events = (
        held_events(edition, now)
        .annotate(
            sign_ups=Count("registrations", filter=Q(**{f"{status}__in": SIGNED_UP})),
            attended=Count(
                "registrations",
                filter=Q(**{status: Registration.Status.ATTENDED}),
            ),
            waitlisted=Count(
                "registrations",
                filter=Q(**{status: Registration.Status.WAITLISTED}),
            ),
        )
        .order_by("start", "pk")
    )
    return [
        _EventCounts(event, event.sign_ups, event.attended, event.waitlisted)
        for event in events
    ]


# --------------------------------------------------------------------------
# Protected figures


def _table(labels: Sequence[str], values: Sequence[int]) -> Table:
    protection = protect(values)
    rows = []
    if protection.broken_down:
        rows = [
            Row(label, Figure(value))
            for index, (label, value) in enumerate(zip(labels, values, strict=True))
            if index not in protection.hidden
        ]
        if protection.hidden:
            members = tuple(labels[index] for index in sorted(protection.hidden))
            rows.append(
                Row(
                    pgettext("participation report", "Others together"),
                    protection.other,
                    members,
                )
            )
    return Table(tuple(rows), protection.total_figure, protection.broken_down)


def _event_line(counts: _EventCounts, *, withheld: bool) -> EventLine:
    event = counts.event
    if withheld:
        sign_ups, attended = WITHHELD, WITHHELD
    else:
        # Attended and not attended split the sign-ups.
        protection = protect([counts.attended, counts.sign_ups - counts.attended])
        sign_ups, attended = protection.total_figure, protection.cell(0)
    return EventLine(
        title=event.title,
        title_language=_fallback_language(event, "title"),
        type=event.get_type_display(),
        start=event.start,
        end=event.end,
        sign_ups=sign_ups,
        attended=None if counts.attended == 0 and not withheld else attended,
        waitlisted=figure(counts.waitlisted),
    )


def _in_person_bounds(lines: Sequence[EventLine]) -> tuple[int, int | None]:
    """What the events table tells about the people who came: at least as
    many as at the largest event, at most all sign-ups together."""
    lows, highs = [0], [0]
    for line in lines:
        if line.sign_ups.shown:
            lows.append(line.sign_ups.value)
            highs.append(line.sign_ups.value)
        elif line.sign_ups.small:
            lows.append(1)
            highs.append(K - 1)
        else:
            lows.append(K)
            highs.append(None)
    return max(lows), None if None in highs else sum(highs)


def _participation(
    counts: Sequence[_EventCounts], people: tuple[int, int, int]
) -> tuple[Participation, dict[int, EventLine]]:
    """How people took part, and the events' lines. The events tell how
    many came in person within bounds; where that would give a small count
    of this table away, the largest event's figures are withheld too."""
    withheld = set()
    while True:
        lines = {
            c.event.pk: _event_line(c, withheld=c.event.pk in withheld) for c in counts
        }
        low, high = _in_person_bounds(list(lines.values()))
        protection = protect(
            people, linked=Linked(frozenset({ONLY_IN_PERSON, BOTH}), low, high)
        )
        shown = [c for c in counts if lines[c.event.pk].sign_ups.shown]
        if protection.linked_safe or not shown:
            break
        # The largest event sets the lower bound.
        withheld.add(max(shown, key=lambda c: (c.sign_ups, -c.event.pk)).event.pk)
    participation = Participation(
        only_in_person=protection.cell(ONLY_IN_PERSON),
        only_online=protection.cell(ONLY_ONLINE),
        both=protection.cell(BOTH),
        in_person=protection.sum_of({ONLY_IN_PERSON, BOTH}),
        online=protection.sum_of({ONLY_ONLINE, BOTH}),
        total=protection.total_figure,
        broken_down=protection.broken_down,
    )
    return participation, lines


def _processes(edition: Edition, lines: dict[int, EventLine], counts) -> tuple:
    processes = Process.objects.filter(edition=edition).order_by("start_year", "pk")
    processes = processes.prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("number"))
    )
    by_phase = defaultdict(list)
    for c in counts:
        event = c.event
        by_phase[event.process_id, event.phase_id].append(lines[event.pk])
    result = []
    for process in processes:
        years = str(process.start_year)
        if process.end_year and process.end_year != process.start_year:
            years += f"–{process.end_year}"
        result.append(
            ProcessLines(
                slug=process.slug,
                title=process.title,
                title_language=_fallback_language(process, "title"),
                years=years,
                phases=tuple(
                    PhaseLines(
                        numeral=phase.numeral,
                        title=phase.title,
                        title_language=_fallback_language(phase, "title"),
                        period=phase.period,
                        events=tuple(by_phase[process.pk, phase.pk]),
                    )
                    for phase in process.phases.all()
                ),
                other_events=tuple(by_phase[process.pk, None]),
            )
        )
    return tuple(result)


def _people_table(objects, counts: Counter, people: int) -> Table:
    labels = [str(obj) for obj in objects] + [_("No answer")]
    values = [counts.get(obj.pk, 0) for obj in objects]
    return _table(labels, values + [people - sum(values)])


def _contribution_tables(edition: Edition, contributions: QuerySet):
    sections = list(edition.sections.order_by("order", "pk"))
    fields = list(ActionField.objects.of_edition(edition))
    by_section, by_field, by_state = Counter(), Counter(), Counter()
    groups = (
        contributions.order_by()
        .values("state", "section_id", "action_field_id", "goal__action_field_id")
        .annotate(number=Count("pk"))
    )
    for group in groups:
        number = group["number"]
        by_state[group["state"]] += number
        if group["section_id"]:
            by_section[group["section_id"]] += number
        else:
            field = group["action_field_id"] or group["goal__action_field_id"]
            by_field[field] += number
    part_labels = [section.title for section in sections] + [
        _("Action field “%(name)s” and its goals") % {"name": field.name}
        for field in fields
    ]
    part_values = [by_section[s.pk] for s in sections] + [
        by_field[f.pk] for f in fields
    ]
    by_part = _table(part_labels, part_values)
    by_state_table = _table(
        [str(label) for _state, label in STATES],
        [by_state[state] for state, _label in STATES],
    )
    return figure(sum(part_values)), by_part, by_state_table


def _results(contributions: QuerySet) -> tuple[Result, ...]:
    """What the contributions that were taken up led to: goals, measures and
    changes of the text, each once."""
    rows = (
        contributions.filter(state=Contribution.State.TAKEN_UP)
        .order_by("result_goal__title", "result_measure__title", "pk")
        .values_list(
            "result_goal__title",
            "result_measure__title",
            "result_change__section__title",
        )
    )
    goals, measures, changes = {}, {}, {}
    for goal, measure, section in rows:
        if goal:
            goals[goal] = Result(pgettext("participation report", "Goal"), goal)
        if measure:
            measures[measure] = Result(_("Measure"), measure)
        if section:
            changes[section] = Result(
                pgettext("participation report", "Text change"),
                _("Section “%(title)s”") % {"title": section},
            )
    return tuple([*goals.values(), *measures.values(), *changes.values()])


def participation_report(edition: Edition, *, now: dt.datetime | None = None) -> Report:
    """The participation report of the edition in the active language, in a
    fixed number of queries however many events, people and contributions
    there are."""
    now = now or timezone.now()
    city = edition.city
    registrations = in_person(edition, now)
    contributions = confirmed_contributions(edition)
    supports = confirmed_supports(edition)

    counts = _event_counts(edition, now)
    people = people_counts(registrations, contributions, supports)
    participation, lines = _participation(counts, people)
    total = sum(people)
    groups = StakeholderGroup.objects.filter(city=city)
    districts = District.objects.filter(city=city)
    contributions_total, by_part, by_state = _contribution_tables(
        edition, contributions
    )
    return Report(
        language=get_language(),
        as_of=timezone.localdate(now),
        k=K,
        city=city.name,
        authority=city.authority,
        organisation=city.organisation,
        year=edition.year,
        title=edition.title or city.leitbild_title,
        title_language=(
            _fallback_language(edition, "title")
            if edition.title
            else _fallback_language(city, "leitbild_title")
        ),
        period=edition.period_label,
        status=str(edition.get_status_display()),
        processes=_processes(edition, lines, counts),
        participation=participation,
        stakeholder_groups=_people_table(
            groups,
            answer_counts(registrations, contributions, "stakeholder_group"),
            total,
        ),
        districts=_people_table(
            districts, answer_counts(registrations, contributions, "district"), total
        ),
        contributions=contributions_total,
        by_part=by_part,
        by_state=by_state,
        results=_results(contributions),
    )
