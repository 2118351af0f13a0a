"""The shape of the open data: one schema per record, the same for the API
(/api/v1/, described by its OpenAPI document) and for the JSON and CSV
downloads (/daten/).

Records name each other by what identifies them in the data, not by
database ids: an edition by its year, an action field by its edition and
slug, a process by its slug, a phase by its process and number, an event
by its slug. Goals and measures have no such name; their `id` is the
database id, stable while the database lives, not across a rebuild.

Codes (status, kind, type) are stable; their `*_label` is the wording the
portal shows, in the portal's own language. Texts marked Markdown are as
staff wrote them. Times carry their UTC offset and are given in the city's
local time. Nothing here names a person: no registrations, no contacts.
"""

import datetime as dt
import re
from typing import Annotated, Literal

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, Schema
from pydantic import BeforeValidator

from core.models import City
from events.models import Event
from handlungsfelder.models import ActionField, Measure
from leitbild.models import Edition, Section

EditionStatus = Literal[tuple(Edition.Status.values)]
SectionKind = Literal[tuple(Section.Kind.values)]
MeasureKind = Literal[tuple(Measure.Kind.values)]
MeasureStatus = Literal[tuple(Measure.Status.values)]
EventType = Literal[tuple(Event.Type.values)]

MARKDOWN = " (Markdown)"

# What a query or path parameter may hold: a year the database can store, a
# slug as Django's SlugField takes it (no NUL byte reaches the database).
Year = Annotated[int, Field(ge=0, le=32767)]
Slug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=120)]


def _iso_day(value):
    """Only YYYY-MM-DD, as the document says (pydantic would also read a
    number as seconds since 1970)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("Give the day as YYYY-MM-DD.")
    return value


Day = Annotated[dt.date, BeforeValidator(_iso_day)]


def absolute(path: str) -> str:
    """The address of a path of the portal, under its public SITE_URL."""
    return settings.SITE_URL + path


def local(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time in the city's local time, with its offset, to the
    second (the same in every JSON encoder)."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0)


class Licence(Schema):
    """The licence under which the city publishes these data."""

    name: str = Field(description="The licence's name.")
    url: str = Field(description="Where the licence text is; may be empty.")
    attribution: str = Field(
        description="Whom to name as the source when reusing the data."
    )

    @classmethod
    def of(cls, city: City | None) -> "Licence | None":
        """The city's licence, or None when the city has not named one."""
        if city is None or not city.data_licence_name:
            return None
        return cls(
            name=city.data_licence_name,
            url=city.data_licence_url,
            attribution=city.authority,
        )


class Error(Schema):
    """An error: what was not found or not understood."""

    detail: str | list[dict] = Field(
        description="Why the request failed: a message, or one entry per "
        "query parameter that was not understood."
    )


# --------------------------------------------------------------------------
# The Leitbild: editions and their sections


class EditionOut(Schema):
    """An edition (Auflage) of the Leitbild."""

    year: int = Field(description="The year of the edition; it names the edition.")
    number: int = Field(description="1 for the first edition, 2 for the second …")
    title: str = Field(description="The title of the edition.")
    status: EditionStatus = Field(
        description="draft and consultation: not adopted yet; adopted: in "
        "force; archived: replaced by a later edition."
    )
    status_label: str = Field(description="The status as the portal words it.")
    period_start: int = Field(description="The first year it is meant for.")
    period_end: int | None = Field(description="The last year it is meant for.")
    council_decision_date: dt.date | None = Field(
        description="When the city council adopted it."
    )
    council_decision_reference: str = Field(
        description="The reference of the council's decision."
    )
    summary: str = Field(description="A summary" + MARKDOWN + ".")
    url: str = Field(description="The edition's page on the portal.")
    pdf_url: str = Field(description="The edition as a PDF.")
    pdf_sha256: str = Field(
        description="SHA-256 of the PDF the council adopted; empty before adoption."
    )

    @staticmethod
    def resolve_status_label(obj: Edition) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_url(obj: Edition) -> str:
        return absolute(obj.get_absolute_url())

    @staticmethod
    def resolve_pdf_url(obj: Edition) -> str:
        return absolute(reverse("leitbild:edition_pdf", kwargs={"year": obj.year}))


class SectionOut(Schema):
    """A section (chapter) of an edition's text."""

    edition: int = Field(description="The year of the edition it belongs to.")
    slug: str = Field(description="Names the section within its edition.")
    order: int = Field(description="Its place in the edition.")
    kind: SectionKind = Field(description="What kind of section it is.")
    kind_label: str = Field(description="The kind as the portal words it.")
    title: str = Field(description="The section's heading.")
    body: str = Field(description="The section's text" + MARKDOWN + ".")
    url: str = Field(description="The section on the edition's page.")

    @staticmethod
    def resolve_edition(obj: Section) -> int:
        return obj.edition.year

    @staticmethod
    def resolve_kind_label(obj: Section) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_url(obj: Section) -> str:
        return absolute(f"{obj.edition.get_absolute_url()}#{obj.slug}")


# --------------------------------------------------------------------------
# Action fields, goals, measures


class ActionFieldRef(Schema):
    """Names an action field: its edition and slug."""

    edition: int = Field(description="The year of the field's edition.")
    slug: str = Field(description="Names the field within its edition.")

    @staticmethod
    def resolve_edition(obj: ActionField) -> int:
        return obj.edition.year


class MeasureCounts(Schema):
    """How many measures are in each status: the implementation status."""

    planned: int = Field(description="Measures planned.")
    in_progress: int = Field(description="Measures in progress.")
    done: int = Field(description="Measures done.")
    paused: int = Field(description="Measures paused.")


class ActionFieldOut(Schema):
    """An action field (Handlungsfeld) of an edition, with how far its
    measures have come."""

    edition: int = Field(description="The year of the edition it belongs to.")
    slug: str = Field(description="Names the field within its edition.")
    name: str = Field(description="The field's name.")
    short_description: str = Field(description="One or two sentences on it.")
    description: str = Field(description="A description" + MARKDOWN + ".")
    order: int = Field(description="Its place among the edition's fields.")
    priority: bool = Field(description="Whether the edition prioritises it.")
    goal_count: int = Field(description="How many goals it has.")
    measures: MeasureCounts = Field(
        description="How many of its measures are in each status."
    )
    continues: list[ActionFieldRef] = Field(
        description="Fields of earlier editions that it continues (renamed or merged)."
    )

    @staticmethod
    def resolve_edition(obj: ActionField) -> int:
        return obj.edition.year

    @staticmethod
    def resolve_priority(obj: ActionField) -> bool:
        return obj.is_priority

    @staticmethod
    def resolve_measures(obj: ActionField) -> dict[str, int]:
        # Counted by opendata.selectors.open_action_fields.
        return {
            status: getattr(obj, f"measures_{status}")
            for status in Measure.Status.values
        }

    @staticmethod
    def resolve_continues(obj: ActionField) -> list[ActionField]:
        return list(obj.continues.all())


class GoalOut(Schema):
    """A goal (Ziel) agreed for an action field."""

    id: int = Field(description="The goal's number in this portal's database.")
    edition: int = Field(description="The year of the edition.")
    action_field: str = Field(description="The slug of its action field.")
    order: int = Field(description="Its place among the field's goals.")
    title: str = Field(description="The goal.")
    description: str = Field(description="An explanation" + MARKDOWN + ".")

    @staticmethod
    def resolve_edition(obj) -> int:
        return obj.action_field.edition.year

    @staticmethod
    def resolve_action_field(obj) -> str:
        return obj.action_field.slug


class MeasureOut(Schema):
    """A measure, concept or project that serves a goal, and how far it has
    come."""

    id: int = Field(description="The measure's number in this portal's database.")
    edition: int = Field(description="The year of the edition.")
    action_field: str = Field(description="The slug of its action field.")
    action_field_name: str = Field(description="The name of its action field.")
    goal: int = Field(description="The id of the goal it serves.")
    goal_title: str = Field(description="The goal it serves.")
    order: int = Field(description="Its place among the goal's measures.")
    kind: MeasureKind = Field(description="Measure, concept or project.")
    kind_label: str = Field(description="The kind as the portal words it.")
    title: str = Field(description="The measure.")
    description: str = Field(description="An explanation" + MARKDOWN + ".")
    responsible_actors: str = Field(
        description="The offices and organisations responsible for it."
    )
    timeframe: str = Field(description="When it is meant to happen, as announced.")
    status: MeasureStatus = Field(description="How far it has come.")
    status_label: str = Field(description="The status as the portal words it.")
    updated_at: dt.datetime = Field(description="When it was last changed.")

    @staticmethod
    def resolve_edition(obj: Measure) -> int:
        return obj.goal.action_field.edition.year

    @staticmethod
    def resolve_action_field(obj: Measure) -> str:
        return obj.goal.action_field.slug

    @staticmethod
    def resolve_action_field_name(obj: Measure) -> str:
        return obj.goal.action_field.name

    @staticmethod
    def resolve_goal(obj: Measure) -> int:
        return obj.goal_id

    @staticmethod
    def resolve_goal_title(obj: Measure) -> str:
        return obj.goal.title

    @staticmethod
    def resolve_kind_label(obj: Measure) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj: Measure) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_updated_at(obj: Measure) -> dt.datetime:
        return local(obj.updated_at)


# --------------------------------------------------------------------------
# The participation process and its events


class ProcessOut(Schema):
    """A participation process that prepares an edition."""

    slug: str = Field(description="Names the process.")
    title: str = Field(description="The process's title.")
    start_year: int = Field(description="The year it started.")
    end_year: int | None = Field(description="The year it ended or is to end.")
    edition: int | None = Field(description="The year of the edition it prepares.")
    description: str = Field(description="A description" + MARKDOWN + ".")

    @staticmethod
    def resolve_edition(obj) -> int | None:
        return obj.edition.year if obj.edition_id else None


class PhaseOut(Schema):
    """A work phase (Arbeitsphase) of a process."""

    process: str = Field(description="The slug of its process.")
    number: int = Field(description="1, 2, 3 … within the process.")
    numeral: str = Field(description="The number as the city writes it: I, II …")
    title: str = Field(description="The phase's title.")
    period: str = Field(description="When it runs, as announced.")
    description: str = Field(description="A description" + MARKDOWN + ".")

    @staticmethod
    def resolve_process(obj) -> str:
        return obj.process.slug


class VenueOut(Schema):
    """Where an event takes place."""

    name: str = Field(description="The venue's name.")
    street: str = Field(description="Street and number.")
    postcode: str = Field(description="Postcode.")
    locality: str = Field(description="Town.")
    accessibility_notes: str = Field(description="How to get in without barriers.")


class DocumentOut(Schema):
    """A file that documents an event (minutes, slides, results)."""

    title: str = Field(description="The document's title.")
    url: str = Field(description="Where to download it.")

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.file.url)


class EventOut(Schema):
    """A published event of the participation process."""

    slug: str = Field(description="Names the event.")
    title: str = Field(description="The event's title.")
    type: EventType = Field(description="What kind of event it is.")
    type_label: str = Field(description="The kind as the portal words it.")
    description: str = Field(description="A description" + MARKDOWN + ".")
    start: dt.datetime = Field(description="When it starts (local time, offset).")
    end: dt.datetime = Field(description="When it ends (local time, offset).")
    cancelled: bool = Field(description="Whether it has been called off.")
    venue: VenueOut | None = Field(description="Where it takes place, if known.")
    room: str = Field(description="The room within the venue.")
    process: str = Field(description="The slug of its process.")
    phase: int | None = Field(description="The number of its work phase.")
    edition: int | None = Field(
        description="The year of the edition its process prepares."
    )
    action_fields: list[str] = Field(
        description="Slugs of the action fields it works on (of that edition)."
    )
    capacity: int | None = Field(description="Seats; null for no limit.")
    registration_opens: dt.datetime | None = Field(
        description="When sign-up opens, if set."
    )
    registration_closes: dt.datetime | None = Field(
        description="When sign-up closes, if set."
    )
    results: str = Field(description="What came out of it" + MARKDOWN + ".")
    documents: list[DocumentOut] = Field(description="Files that document it.")
    url: str = Field(description="The event's page on the portal.")
    ics_url: str = Field(description="The event as an iCalendar file.")
    updated_at: dt.datetime = Field(description="When it was last changed.")

    @staticmethod
    def resolve_type_label(obj: Event) -> str:
        return str(obj.get_type_display())

    @staticmethod
    def resolve_start(obj: Event) -> dt.datetime:
        return local(obj.start)

    @staticmethod
    def resolve_end(obj: Event) -> dt.datetime:
        return local(obj.end)

    @staticmethod
    def resolve_cancelled(obj: Event) -> bool:
        return obj.is_cancelled

    @staticmethod
    def resolve_process(obj: Event) -> str:
        return obj.process.slug

    @staticmethod
    def resolve_phase(obj: Event) -> int | None:
        return obj.phase.number if obj.phase_id else None

    @staticmethod
    def resolve_edition(obj: Event) -> int | None:
        return obj.process.edition.year if obj.process.edition_id else None

    @staticmethod
    def resolve_action_fields(obj: Event) -> list[str]:
        return [field.slug for field in obj.action_fields.all()]

    @staticmethod
    def resolve_registration_opens(obj: Event) -> dt.datetime | None:
        return local(obj.registration_opens)

    @staticmethod
    def resolve_registration_closes(obj: Event) -> dt.datetime | None:
        return local(obj.registration_closes)

    @staticmethod
    def resolve_documents(obj: Event) -> list:
        return list(obj.documents.all())

    @staticmethod
    def resolve_url(obj: Event) -> str:
        return absolute(obj.get_absolute_url())

    @staticmethod
    def resolve_ics_url(obj: Event) -> str:
        return absolute(reverse("events:event_ics", kwargs={"slug": obj.slug}))

    @staticmethod
    def resolve_updated_at(obj: Event) -> dt.datetime:
        return local(obj.updated_at)


# --------------------------------------------------------------------------
# Filters of the API's lists (query parameters)

EDITION = "Only those of the edition of this year."
ACTION_FIELD = (
    "Only those of the action field with this slug (of every edition unless "
    "`edition` is given too)."
)


class EditionFilter(FilterSchema):
    status: Annotated[EditionStatus | None, FilterLookup("status")] = Field(
        None, description="Only editions in this status."
    )


class SectionFilter(FilterSchema):
    edition: Annotated[Year | None, FilterLookup("edition__year")] = Field(
        None, description=EDITION
    )
    kind: Annotated[SectionKind | None, FilterLookup("kind")] = Field(
        None, description="Only sections of this kind."
    )


class ActionFieldFilter(FilterSchema):
    edition: Annotated[Year | None, FilterLookup("edition__year")] = Field(
        None, description=EDITION
    )
    priority: Annotated[bool | None, FilterLookup("is_priority")] = Field(
        None, description="Only the prioritised fields (true) or only the others."
    )


class GoalFilter(FilterSchema):
    edition: Annotated[Year | None, FilterLookup("action_field__edition__year")] = (
        Field(None, description=EDITION)
    )
    action_field: Annotated[Slug | None, FilterLookup("action_field__slug")] = Field(
        None, description=ACTION_FIELD
    )


class MeasureFilter(FilterSchema):
    edition: Annotated[
        Year | None, FilterLookup("goal__action_field__edition__year")
    ] = Field(None, description=EDITION)
    action_field: Annotated[Slug | None, FilterLookup("goal__action_field__slug")] = (
        Field(None, description=ACTION_FIELD)
    )
    status: Annotated[MeasureStatus | None, FilterLookup("status")] = Field(
        None, description="Only measures in this status."
    )
    kind: Annotated[MeasureKind | None, FilterLookup("kind")] = Field(
        None, description="Only measures of this kind."
    )


class ProcessFilter(FilterSchema):
    edition: Annotated[Year | None, FilterLookup("edition__year")] = Field(
        None, description="Only the processes that prepare the edition of this year."
    )


class PhaseFilter(FilterSchema):
    process: Annotated[Slug | None, FilterLookup("process__slug")] = Field(
        None, description="Only the phases of the process with this slug."
    )


class EventFilter(FilterSchema):
    edition: Annotated[Year | None, FilterLookup("process__edition__year")] = Field(
        None, description="Only events of processes that prepare this edition."
    )
    process: Annotated[Slug | None, FilterLookup("process__slug")] = Field(
        None, description="Only events of the process with this slug."
    )
    action_field: Slug | None = Field(
        None, description="Only events on the action field with this slug."
    )
    type: Annotated[EventType | None, FilterLookup("type")] = Field(
        None, description="Only events of this kind."
    )
    cancelled: Annotated[bool | None, FilterLookup("is_cancelled")] = Field(
        None, description="Only cancelled events (true) or only the others (false)."
    )
    date_from: Day | None = Field(
        None,
        alias="from",
        description="Only events that end on this day or later (local time).",
    )
    date_to: Day | None = Field(
        None,
        alias="to",
        description="Only events that start on this day or earlier (local time).",
    )

    def filter_action_field(self, value: str | None) -> Q:
        # A subquery, not a join: an event on several matching fields stays
        # one row.
        if value is None:
            return Q()
        return Q(
            pk__in=Event.action_fields.through.objects.filter(
                actionfield__slug=value
            ).values("event_id")
        )

    def filter_date_from(self, value: dt.date | None) -> Q:
        return Q(end__date__gte=value) if value is not None else Q()

    def filter_date_to(self, value: dt.date | None) -> Q:
        return Q(start__date__lte=value) if value is not None else Q()
