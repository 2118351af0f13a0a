"""Reads of the handlungsfelder app that are more than one queryset method."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext

from core.content_language import values_columns, values_language
from core.models import City
from leitbild.models import Edition
from leitbild.selectors import edition_in_force

from .models import ActionField, Measure

STATUSES = tuple(Measure.Status)


def action_field_by_address(*, city: City, slug: str, queryset=None) -> ActionField:
    """The action field at /handlungsfelder/<slug>/: the one of the edition
    in force, else the newest earlier edition's (its address stays). 404
    when there is none."""
    edition = edition_in_force(city=city)
    if edition is None:
        raise Http404("No edition yet.")
    queryset = (queryset if queryset is not None else ActionField.objects).filter(
        slug=slug
    )
    action_field = queryset.filter(edition=edition).first() or (
        queryset.filter(edition__city=city).order_by("-edition__year").first()
    )
    if action_field is None:
        raise Http404("No such action field.")
    return action_field


@dataclass(frozen=True)
class StatusRow:
    """How many measures of one action field (or of all: the totals) are in
    each status."""

    name: str
    counts: dict[str, int]
    slug: str = ""
    is_priority: bool = False
    name_language: str | None = None  # German, where it has no translation

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[tuple[Measure.Status, int]]:
        """(status, count) in the order of Measure.Status."""
        return [(status, self.counts.get(status, 0)) for status in STATUSES]

    @property
    def url(self) -> str:
        return reverse("handlungsfelder:detail", kwargs={"slug": self.slug})


def implementation_overview(edition: Edition) -> list[StatusRow]:
    """Measures by status for each action field of the edition, priorities
    first, in one query."""
    counts = {
        status.value: Count("goals__measures", filter=Q(goals__measures__status=status))
        for status in STATUSES
    }
    rows = (
        ActionField.objects.of_edition(edition)
        .values(
            "id",
            "name",
            "slug",
            "is_priority",
            *values_columns(ActionField, "name"),
        )
        .annotate(**{f"count_{status}": count for status, count in counts.items()})
    )
    return [
        StatusRow(
            name=row["name"],
            name_language=values_language(ActionField, row, "name"),
            slug=row["slug"],
            is_priority=row["is_priority"],
            counts={status: row[f"count_{status}"] for status in counts},
        )
        for row in rows
    ]


def status_totals(rows: list[StatusRow]) -> StatusRow:
    """The sum of the rows' counts, status by status."""
    return StatusRow(
        name=gettext("Total"),
        counts={
            status.value: sum(row.counts.get(status, 0) for row in rows)
            for status in STATUSES
        },
    )
