"""Services of the handlungsfelder app."""

from django.db import transaction

from core.cache import content_changed
from leitbild.models import Edition
from leitbild.services import edition_draft_start, row_copy

from .models import ActionField, Goal, Measure


@transaction.atomic
def edition_copy_as_draft(
    *, edition: Edition, year: int, title: str | None = None
) -> Edition:
    """Start a new draft edition from an edition: its sections, terms,
    action fields (each continuing its original), goals and measures.

    The draft gets the city's next number, the given year and a period of
    the same length starting that year. A fixed number of queries whatever
    the size of the edition: one read and one bulk insert per kind of row.
    """
    draft = edition_draft_start(edition=edition, year=year, title=title)
    originals = list(ActionField.objects.filter(edition=edition).order_by("pk"))
    copies = ActionField.objects.bulk_create(
        row_copy(original, edition_id=draft.pk) for original in originals
    )
    fields = {
        original.pk: copy.pk for original, copy in zip(originals, copies, strict=True)
    }
    link = ActionField.continues.through
    link.objects.bulk_create(
        link(from_actionfield_id=copy, to_actionfield_id=original)
        for original, copy in fields.items()
    )
    goals = list(Goal.objects.filter(action_field__edition=edition).order_by("pk"))
    goal_copies = Goal.objects.bulk_create(
        row_copy(goal, action_field_id=fields[goal.action_field_id]) for goal in goals
    )
    goal_ids = {goal.pk: copy.pk for goal, copy in zip(goals, goal_copies, strict=True)}
    # Measures keep their status, actors and timeframe: a measure carried
    # into the next edition goes on where it stood, it does not start over.
    Measure.objects.bulk_create(
        row_copy(measure, goal_id=goal_ids[measure.goal_id])
        for measure in Measure.objects.filter(goal__action_field__edition=edition)
    )
    # Bulk inserts send no signals: drop cached pages once the copy is in.
    transaction.on_commit(content_changed)
    return draft
