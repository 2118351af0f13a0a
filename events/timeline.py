"""The process at a glance: where the current participation process stands.

`process_timeline` collects the process's work phases, its published events
and the consultation window of the edition it prepares, in three queries
however many events there are; `render_timeline_svg` draws them on the
server as inline SVG, a pure function like the implementation chart
(handlungsfelder.charts), and with its approach to accessibility:

- role="img" named by a <title> and described by a <desc> that gives the
  figures in words; the page shows a text equivalent next to it (the
  template events/includes/timeline.html), and a legend in HTML;
- no meaning by colour alone: phases are solid bars, the consultation a
  hatched bar, past events filled dots, upcoming ones rings, today a dashed
  line with its label; every row is labelled in words;
- it scales with its viewBox, so at 320 px the picture shrinks and the text
  equivalent carries the detail;
- in right-to-left languages time runs from right to left: the x axis is
  mirrored and the labels start at the right.

Which process it shows: the newest real process (one without example
events) that has events or a consultation window. The example process that
`load_examples` adds is shown only when it is running and no real process
is: on a development machine the timeline then shows an open consultation
and sign-ups, while a real process always takes precedence.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import (
    get_language,
    get_language_bidi,
    gettext,
    ngettext,
)
from django.utils.translation import gettext_lazy as _

from core.content_language import shown_language
from core.models import City
from leitbild.models import Edition

from .models import Event, Phase, Process

WIDTH = 560
PAD = 14  # room for a dot at either end of the axis
AXIS_TOP = 34  # the "Today" label above, the tick labels below this line
AXIS_HEIGHT = 22
ROW_HEIGHT = 50
BAR_HEIGHT = 14
DOT_RADIUS = 7
LABEL_MAX_CHARS = 58  # a longer label is cut in the picture; the text has it whole
TEXT = "#212529"
# Contrast against white: #0a53be 6.9:1, #146c2e 6.6:1, #8a4b00 6.8:1.
PHASE = "#0a53be"
CONSULTATION = "#146c2e"
TODAY = "#8a4b00"
GRID = "#6c757d"


@dataclass(frozen=True)
class TimelineRow:
    """One line of the timeline: a work phase with its events, the events
    without a phase, or the consultation window."""

    kind: Literal["phase", "events", "consultation"]
    label: str  # or a lazy translation
    period: str = ""  # as announced (a phase's free text)
    start: dt.date | None = None
    end: dt.date | None = None
    events: tuple[Event, ...] = ()
    phase: Phase | None = None  # a phase's row: its title may be German only

    @property
    def has_span(self) -> bool:
        return self.start is not None and self.end is not None


@dataclass(frozen=True)
class NextStep:
    """The next chance to take part, when nothing is open now."""

    kind: Literal["consultation", "signup"]
    when: dt.datetime
    title: str
    url: str


@dataclass(frozen=True)
class Timeline:
    process: Process
    is_example: bool
    now: dt.datetime
    start: dt.date
    end: dt.date
    rows: tuple[TimelineRow, ...]
    edition: Edition | None
    consultation_open: bool
    signup_events: tuple[Event, ...]
    next_step: NextStep | None

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.now)

    @property
    def events(self) -> list[Event]:
        return [event for row in self.rows for event in row.events]

    @property
    def phases(self) -> list[Phase]:
        return [row.phase for row in self.rows if row.phase is not None]

    @property
    def past_count(self) -> int:
        return sum(1 for event in self.events if event.end < self.now)

    @property
    def upcoming_count(self) -> int:
        return len(self.events) - self.past_count

    @property
    def consultation(self) -> TimelineRow | None:
        return next((row for row in self.rows if row.kind == "consultation"), None)

    @property
    def is_open(self) -> bool:
        """Whether there is anything to take part in right now."""
        return self.consultation_open or bool(self.signup_events)

    def svg(self) -> SafeString:
        """The picture, in the language (and direction) of the page."""
        return render_timeline_svg(self)


def _running(process: Process, now: dt.datetime) -> bool:
    """Whether a process still has an event to come or a consultation that
    has not closed."""
    edition = process.edition
    consulting = (
        edition is not None
        and edition.status == Edition.Status.CONSULTATION
        and edition.consultation_closes is not None
        and edition.consultation_closes > now
    )
    return consulting or (process.last_end is not None and process.last_end >= now)


def timeline_process(*, city: City, now: dt.datetime | None = None) -> Process | None:
    """The process the timeline shows (see the module's docstring), in one
    query."""
    now = now or timezone.now()
    published = Q(events__is_published=True)
    processes = list(
        Process.objects.filter(city=city)
        .annotate(
            has_examples=Exists(
                Event.objects.filter(process=OuterRef("pk"), is_example=True)
            ),
            event_count=Count("events", filter=published),
            last_end=Max("events__end", filter=published),
        )
        .select_related("edition")
        .order_by("-start_year", "-pk")
    )
    real = [
        process
        for process in processes
        if not process.has_examples
        and (
            process.event_count
            or (process.edition and process.edition.consultation_opens)
        )
    ]
    if not any(_running(process, now) for process in real):
        running_examples = [
            process
            for process in processes
            if process.has_examples and _running(process, now)
        ]
        if running_examples:
            return running_examples[0]
    return real[0] if real else None


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def _signup_open(event: Event, now: dt.datetime) -> bool:
    """Whether an event takes sign-ups now (a full one still takes them,
    for its waiting list): as registrations.selectors.event_signup_state
    decides, without the seat count."""
    return (
        not event.is_cancelled
        and event.start > now
        and (event.registration_opens is None or event.registration_opens <= now)
        and (event.registration_closes is None or now < event.registration_closes)
    )


def _next_step(
    edition: Edition | None, events: list[Event], now: dt.datetime
) -> NextStep | None:
    """The earliest chance to take part that has not opened yet."""
    steps = []
    if (
        edition is not None
        and edition.status == Edition.Status.CONSULTATION
        and edition.consultation_opens is not None
        and edition.consultation_opens > now
    ):
        steps.append(
            NextStep(
                kind="consultation",
                when=edition.consultation_opens,
                title=f"{edition.title} {edition.period_label}",
                url=edition.get_absolute_url(),
            )
        )
    for event in events:
        opens = event.registration_opens
        if (
            not event.is_cancelled
            and opens is not None
            and now < opens < event.start
            and (event.registration_closes is None or opens < event.registration_closes)
        ):
            steps.append(
                NextStep(
                    kind="signup",
                    when=opens,
                    title=event.title,
                    url=event.get_absolute_url(),
                )
            )
    return min(steps, key=lambda step: step.when, default=None)


def process_timeline(*, city: City, now: dt.datetime | None = None) -> Timeline | None:
    """The timeline of the process the home page and the agenda show, or
    None when the city has none. Three queries: the process (with its
    edition), its phases and its published events."""
    now = now or timezone.now()
    process = timeline_process(city=city, now=now)
    if process is None:
        return None
    phases = list(process.phases.order_by("number"))
    events = list(
        Event.objects.published().filter(process=process).order_by("start", "pk")
    )
    by_phase: dict[int | None, list[Event]] = {}
    for event in events:
        by_phase.setdefault(event.phase_id, []).append(event)

    def row(kind, label, period, of_row, phase=None) -> TimelineRow:
        return TimelineRow(
            kind=kind,
            label=label,
            period=period,
            phase=phase,
            start=min((_local_date(e.start) for e in of_row), default=None),
            end=max((_local_date(e.end) for e in of_row), default=None),
            events=tuple(of_row),
        )

    rows = [
        row(
            "phase",
            f"{phase.numeral}. {phase.title}",
            phase.period,
            by_phase.get(phase.pk, []),
            phase,
        )
        for phase in phases
    ]
    known = {phase.pk for phase in phases}
    others = [event for event in events if event.phase_id not in known]
    if others:
        rows.append(row("events", _("Further events"), "", others))
    edition = process.edition
    if (
        edition is not None
        and edition.consultation_opens
        and edition.consultation_closes
    ):
        rows.append(
            TimelineRow(
                kind="consultation",
                label=_("Consultation on the draft"),
                start=_local_date(edition.consultation_opens),
                end=_local_date(edition.consultation_closes),
            )
        )
    today = _local_date(now)
    dates = [today]
    for entry in rows:
        if entry.has_span:
            dates += [entry.start, entry.end]
    start, end = min(dates), max(dates)
    if (end - start).days < 30:
        # A few days only: give the axis a month, centred on them.
        margin = dt.timedelta(days=(30 - (end - start).days) // 2 + 1)
        start, end = start - margin, end + margin
    return Timeline(
        process=process,
        is_example=process.has_examples,
        now=now,
        start=start,
        end=end,
        rows=tuple(rows),
        edition=edition,
        consultation_open=bool(edition and edition.consultation_is_open(now)),
        signup_events=tuple(event for event in events if _signup_open(event, now)),
        next_step=_next_step(edition, events, now),
    )


# Drawing


class _Axis:
    """Dates to x positions, left to right or, mirrored, right to left."""

    def __init__(self, start: dt.date, end: dt.date, *, rtl: bool):
        self.start = start
        self.days = max((end - start).days, 1)
        self.rtl = rtl

    def x(self, day: dt.date) -> float:
        share = (day - self.start).days / self.days
        x = PAD + share * (WIDTH - 2 * PAD)
        return WIDTH - x if self.rtl else x

    def edge(self, inset: float = 0) -> float:
        """Where labels start: the left edge, or the right one in RTL."""
        return WIDTH - inset if self.rtl else inset


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _text(
    x, y, text, *, size=13, anchor="start", weight="normal", lang=""
) -> SafeString:
    # A white halo keeps a label readable where a line runs through it.
    return format_html(
        '<text x="{}" y="{}" font-size="{}" text-anchor="{}" font-weight="{}" '
        'fill="{}" stroke="#fff" stroke-width="4" paint-order="stroke"{}>{}</text>',
        _number(x),
        y,
        size,
        anchor,
        weight,
        TEXT,
        format_html(' lang="{}"', lang) if lang else "",
        text,
    )


def _label_language(row: TimelineRow) -> str:
    """The language of a phase's title where it is not the page's (German,
    for a missing translation): the label is marked with it."""
    if row.phase is None:
        return ""
    shown = shown_language(row.phase, "title")
    return shown if shown and shown != get_language() else ""


def _short(label: str) -> str:
    if len(label) <= LABEL_MAX_CHARS:
        return label
    return label[: LABEL_MAX_CHARS - 1].rstrip() + "…"


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    day = dt.date(start.year, start.month, 1)
    months = []
    while day <= end:
        if day >= start:
            months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def _ticks(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """Gridlines with their labels: months on a short axis, then quarters,
    half-years and years as the axis grows."""
    months = _month_starts(start, end)
    span = len(months)
    if span <= 6:
        every, fmt = 1, "M Y"
    elif span <= 18:
        every, fmt = 3, "M Y"
    elif span <= 30:
        every, fmt = 6, "M Y"
    else:
        every, fmt = 12, "Y"
    return [
        (month, date_format(month, fmt))
        for month in months
        if (month.month - 1) % every == 0
    ]


def _description(timeline: Timeline) -> str:
    parts = [
        gettext(
            "Timeline of “%(process)s” from %(start)s to %(end)s, one line per "
            "work phase, with its events as dots."
        )
        % {
            "process": timeline.process.title,
            "start": date_format(timeline.start, "DATE_FORMAT"),
            "end": date_format(timeline.end, "DATE_FORMAT"),
        },
        ngettext("%(count)s past event", "%(count)s past events", timeline.past_count)
        % {"count": timeline.past_count}
        + ", "
        + ngettext(
            "%(count)s upcoming event",
            "%(count)s upcoming events",
            timeline.upcoming_count,
        )
        % {"count": timeline.upcoming_count}
        + ".",
    ]
    consultation = timeline.consultation
    if consultation is not None:
        parts.append(
            gettext("Consultation from %(start)s to %(end)s.")
            % {
                "start": date_format(consultation.start, "DATE_FORMAT"),
                "end": date_format(consultation.end, "DATE_FORMAT"),
            }
        )
    parts.append(
        gettext("Today is %(date)s.")
        % {"date": date_format(timeline.today, "DATE_FORMAT")}
    )
    return " ".join(parts)


def _defs(prefix: str) -> SafeString:
    return format_html(
        '<defs><pattern id="{}-hatch" width="8" height="8" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="8" height="8" fill="#fff"/>'
        '<rect width="4" height="8" fill="{}"/></pattern></defs>',
        prefix,
        CONSULTATION,
    )


def _bar(axis: _Axis, row: TimelineRow, y: float, prefix: str) -> SafeString:
    left, right = sorted((axis.x(row.start), axis.x(row.end)))
    # At least a dot's width, so a one-day phase still shows as a bar.
    if right - left < 2 * DOT_RADIUS:
        middle = (left + right) / 2
        left, right = middle - DOT_RADIUS, middle + DOT_RADIUS
    fill = f"url(#{prefix}-hatch)" if row.kind == "consultation" else PHASE
    colour = CONSULTATION if row.kind == "consultation" else PHASE
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}" '
        'stroke="{}" stroke-width="2" class="timeline-{}"/>',
        _number(left),
        _number(y),
        _number(right - left),
        BAR_HEIGHT,
        fill,
        colour,
        row.kind,
    )


def _dot(axis: _Axis, event: Event, y: float, now: dt.datetime) -> SafeString:
    past = event.end < now
    day = date_format(_local_date(event.start), "DATE_FORMAT")
    return format_html(
        '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="{}" '
        'class="timeline-event timeline-event-{}"><title>{}: {}</title></circle>',
        _number(axis.x(_local_date(event.start))),
        _number(y),
        DOT_RADIUS,
        TEXT if past else "#fff",
        "#fff" if past else TEXT,
        2 if past else 3,
        "past" if past else "upcoming",
        day,
        event.title,
    )


def render_timeline_svg(
    timeline: Timeline, *, id_prefix: str = "timeline"
) -> SafeString:
    """The process as a timeline: a line per work phase with its span and
    its events, a line for the consultation window, and today."""
    rtl = get_language_bidi()
    axis = _Axis(timeline.start, timeline.end, rtl=rtl)
    rows_top = AXIS_TOP + AXIS_HEIGHT
    height = rows_top + len(timeline.rows) * ROW_HEIGHT + 6
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
            'role="img" aria-labelledby="{p}-title" aria-describedby="{p}-desc" '
            'direction="{}" class="process-timeline">'
            '<title id="{p}-title">{}</title><desc id="{p}-desc">{}</desc>',
            WIDTH,
            height,
            "rtl" if rtl else "ltr",
            gettext("Timeline of the process: %(process)s")
            % {"process": timeline.process.title},
            _description(timeline),
            p=id_prefix,
        ),
        _defs(id_prefix),
    ]
    # Labels come last, over the lines.
    labels: list[SafeString] = []
    # The axis: a line, and a gridline with its label at each tick.
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5"/>',
            PAD,
            AXIS_TOP,
            WIDTH - PAD,
            AXIS_TOP,
            GRID,
        )
    )
    for day, label in _ticks(timeline.start, timeline.end):
        x = axis.x(day)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" '
                'stroke-width="1" stroke-dasharray="1 3"/>',
                _number(x),
                AXIS_TOP,
                _number(x),
                height - 4,
                GRID,
            )
        )
        # Kept inside the picture: a label near an edge is not centred.
        clamped = min(max(x, 34), WIDTH - 34)
        labels.append(_text(clamped, AXIS_TOP + 16, label, size=12, anchor="middle"))
    for index, row in enumerate(timeline.rows):
        top = rows_top + index * ROW_HEIGHT
        bar_y = top + 24
        labels.append(
            _text(
                axis.edge(),
                top + 16,
                _short(str(row.label)),
                size=15,
                weight="600",
                lang=_label_language(row),
            )
        )
        if not row.has_span:
            labels.append(
                _text(
                    axis.edge(),
                    bar_y + 12,
                    row.period or gettext("No dates yet"),
                    size=13,
                )
            )
            continue
        parts.append(_bar(axis, row, bar_y, id_prefix))
        for event in row.events:
            parts.append(_dot(axis, event, bar_y + BAR_HEIGHT / 2, timeline.now))
    # Today: a dashed line across every row, labelled above the axis.
    x = axis.x(timeline.today)
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.5" '
            'stroke-dasharray="6 4" class="timeline-today"/>',
            _number(x),
            AXIS_TOP - 10,
            _number(x),
            height - 2,
            TODAY,
        )
    )
    # The label stands beside the line, on the side with room for it.
    after = x <= WIDTH / 2
    if rtl:
        anchor = "end" if after else "start"
    else:
        anchor = "start" if after else "end"
    offset = 5 if after else -5
    labels.append(
        _text(
            x + offset,
            AXIS_TOP - 12,
            gettext("Today, %(date)s")
            % {"date": date_format(timeline.today, "DATE_FORMAT")},
            size=13,
            anchor=anchor,
            weight="600",
        )
    )
    parts += labels
    parts.append(SafeString("</svg>"))
    return format_html_join("", "{}", ((part,) for part in parts))
