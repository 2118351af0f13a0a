"""What the portal publishes as open data: the public records of one city.

Every download and every API answer reads through these functions, so the
rules of what is public live in one place: only the portal's city; only
published events; no example data (example events, the process that holds
them, as on the home page, and the example draft with its text); never a
registration (this app cannot import them: see the layers contract in
pyproject.toml). Each queryset carries what its rows show in a fixed number
of queries and a stable order that ends on the primary key, so pages of a
list never overlap.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from core.models import City
from events.models import Event, EventDocument, Phase, Process
from handlungsfelder.models import ActionField, Goal, Measure
from leitbild.models import Edition, Section

MEASURE_STATUSES = tuple(Measure.Status.values)


def open_editions(*, city: City) -> QuerySet[Edition]:
    """The city's editions, newest first (drafts too: the portal shows them,
    marked as drafts), without the example draft that `load_examples` adds."""
    return (
        Edition.objects.for_city(city)
        .public()
        .filter(is_example=False)
        .order_by("-year", "pk")
    )


def open_sections(*, city: City) -> QuerySet[Section]:
    """The sections of the city's editions, newest edition first, each in
    its own order."""
    return (
        Section.objects.filter(edition__city=city, edition__is_example=False)
        .select_related("edition")
        .order_by("-edition__year", "order", "pk")
    )


def open_action_fields(*, city: City) -> QuerySet[ActionField]:
    """The action fields of the city's editions, newest edition first and
    priorities first within it, each with how many goals it has, how many
    measures are in each status, and which earlier fields it continues."""
    measure_counts = {
        f"measures_{status}": Count(
            "goals__measures", filter=Q(goals__measures__status=status)
        )
        for status in MEASURE_STATUSES
    }
    return (
        ActionField.objects.filter(edition__city=city, edition__is_example=False)
        .select_related("edition")
        .prefetch_related(
            Prefetch(
                "continues",
                queryset=ActionField.objects.select_related("edition").order_by(
                    "-edition__year", "order", "pk"
                ),
            )
        )
        .annotate(goal_count=Count("goals", distinct=True), **measure_counts)
        .order_by("-edition__year", "-is_priority", "order", "name", "pk")
    )


def open_goals(*, city: City) -> QuerySet[Goal]:
    """The goals of the city's action fields, in the order of their fields."""
    return (
        Goal.objects.filter(
            action_field__edition__city=city, action_field__edition__is_example=False
        )
        .select_related("action_field__edition")
        .order_by(
            "-action_field__edition__year",
            "-action_field__is_priority",
            "action_field__order",
            "action_field__name",
            "action_field_id",
            "order",
            "pk",
        )
    )


def open_measures(*, city: City) -> QuerySet[Measure]:
    """The measures of the city's goals, in the order of their goals."""
    return (
        Measure.objects.filter(
            goal__action_field__edition__city=city,
            goal__action_field__edition__is_example=False,
        )
        .select_related("goal__action_field__edition")
        .order_by(
            "-goal__action_field__edition__year",
            "-goal__action_field__is_priority",
            "goal__action_field__order",
            "goal__action_field__name",
            "goal__action_field_id",
            "goal__order",
            "goal_id",
            "order",
            "pk",
        )
    )


def open_processes(*, city: City) -> QuerySet[Process]:
    """The city's participation processes, newest first, without the example
    process that `load_examples` adds for trying sign-ups out."""
    example = Event.objects.filter(process=OuterRef("pk"), is_example=True)
    return (
        Process.objects.filter(city=city)
        .exclude(Exists(example))
        .select_related("edition")
        .order_by("-start_year", "slug", "pk")
    )


def open_phases(*, city: City) -> QuerySet[Phase]:
    """The work phases of the city's open processes, in their order."""
    return (
        Phase.objects.filter(process__in=open_processes(city=city))
        .select_related("process")
        .order_by("-process__start_year", "process__slug", "number", "pk")
    )


def open_events(*, city: City) -> QuerySet[Event]:
    """The city's published events that are real (no examples), cancelled
    ones too (marked), oldest first, with everything a row shows."""
    return (
        Event.objects.published()
        .filter(process__city=city, is_example=False)
        .select_related("venue", "phase", "process__edition")
        .prefetch_related(
            Prefetch(
                "action_fields",
                queryset=ActionField.objects.order_by(
                    "-is_priority", "order", "name", "pk"
                ),
            ),
            Prefetch(
                "documents", queryset=EventDocument.objects.order_by("order", "pk")
            ),
        )
        .order_by("start", "slug", "pk")
    )
