"""Services of the events app."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core.languages import german_columns, language_columns
from core.models import City
from handlungsfelder.models import Goal
from handlungsfelder.services import edition_copy_as_draft
from leitbild.models import Edition
from leitbild.selectors import edition_in_force
from leitbild.services import edition_transition

from .models import Event, Phase, Process, Venue

EXAMPLE_PROCESS_SLUG = "beispiele"
EXAMPLE_EDITION_SUMMARY = (
    "**Beispiel:** Dieser Entwurf ist eine Kopie des geltenden Leitbildes, "
    "damit sich die Beteiligung ausprobieren lässt: Kommentare, Textvorschläge "
    "und Unterstützung. Er ist kein Entwurf der Stadt, und Beiträge dazu werden "
    "nicht ausgewertet."
)


def example_edition_load(*, city: City, today: dt.date) -> Edition | None:
    """The example draft edition in consultation, its window open from a week
    before `today` to four weeks after it, so that the consultation's forms
    can be tried.

    Made once, as a copy of the edition in force (text, action fields and
    goals) marked as an example: `is_example`, a title starting "Beispiel:"
    and a summary that says so. Its year is five after the copied edition's,
    or the next free one. Running it again only moves the window. None when
    the city has no edition to copy.
    """
    tz = timezone.get_current_timezone()
    edition = Edition.objects.filter(city=city, is_example=True).first()
    if edition is None:
        source = edition_in_force(city=city)
        if source is None:
            return None
        years = set(Edition.objects.filter(city=city).values_list("year", flat=True))
        year = source.year + 5
        while year in years:
            year += 1
        edition = edition_copy_as_draft(
            edition=source, year=year, title=f"Beispiel: {source.title}"
        )
        # The example's own summary, in German only: the translations
        # copied with the text describe the edition in force.
        summaries = language_columns("summary")
        (german,) = german_columns(Edition, ("summary",))
        for column in summaries:
            setattr(edition, column, None)
        setattr(edition, german, EXAMPLE_EDITION_SUMMARY)
        edition.is_example = True
        edition.full_clean()
        edition.save(update_fields=["summary", *summaries, "is_example", "updated_at"])
    if edition.status == Edition.Status.DRAFT:
        edition = edition_transition(
            edition=edition, status=Edition.Status.CONSULTATION
        )
    edition.consultation_opens = dt.datetime.combine(
        today - dt.timedelta(days=7), dt.time(0), tzinfo=tz
    )
    edition.consultation_closes = dt.datetime.combine(
        today + dt.timedelta(days=28), dt.time(23, 59), tzinfo=tz
    )
    edition.full_clean()
    edition.save(
        update_fields=["consultation_opens", "consultation_closes", "updated_at"]
    )
    return edition


@transaction.atomic
def examples_load(*, city: City, today: dt.date | None = None) -> list[Event]:
    """Create or move a few upcoming example events, clearly marked as such,
    so that sign-ups can be tried, and the example draft in consultation
    that their process prepares (`example_edition_load`); the first two
    events work on goals of it. Idempotent: re-running moves the same
    events to new dates relative to today, and the consultation window."""
    today = today or timezone.localdate()
    edition = example_edition_load(city=city, today=today)
    process, _ = Process.objects.update_or_create(
        city=city,
        slug=EXAMPLE_PROCESS_SLUG,
        defaults={
            "title": "Beispiel: Beteiligungsprozess zum Ausprobieren",
            "start_year": today.year,
            "end_year": today.year + 1,
            "description": "Beispieldaten: Diese Veranstaltungen finden nicht statt.",
            "edition": edition,
        },
    )
    phase, _ = Phase.objects.update_or_create(
        process=process,
        number=1,
        defaults={"title": "Beispiel-Arbeitsphase", "period": str(today.year)},
    )
    venue = Venue.objects.filter(city=city).exclude(street="").order_by("id").first()
    tz = timezone.get_current_timezone()
    specs = [
        ("beispiel-workshop", Event.Type.WORKSHOP,
         "Beispiel: Workshop zum Ausprobieren", 14, dt.time(16), dt.time(19), 25),
        ("beispiel-fachforum", Event.Type.SPECIALIST_FORUM,
         "Beispiel: Fachforum mit wenigen Plätzen", 21, dt.time(17), dt.time(20), 3),
        ("beispiel-plenum", Event.Type.PLENARY,
         "Beispiel: Plenumssitzung ohne Platzlimit", 35, dt.time(17), dt.time(20),
         None),
    ]  # fmt: skip
    events = []
    for slug, type_, title, days, start, end, capacity in specs:
        day = today + dt.timedelta(days=days)
        event, _ = Event.objects.update_or_create(
            slug=slug,
            defaults={
                "process": process,
                "phase": phase,
                "type": type_,
                "title": title,
                "description": (
                    "Dies ist eine **Beispielveranstaltung**. Sie findet nicht statt; "
                    "hier lässt sich die Anmeldung ausprobieren."
                ),
                "start": dt.datetime.combine(day, start, tzinfo=tz),
                "end": dt.datetime.combine(day, end, tzinfo=tz),
                "venue": venue,
                "room": "",
                "capacity": capacity,
                "registration_opens": dt.datetime.combine(
                    today - dt.timedelta(days=1), dt.time(8), tzinfo=tz
                ),
                "registration_closes": dt.datetime.combine(
                    day - dt.timedelta(days=1), dt.time(23, 59), tzinfo=tz
                ),
                "is_published": True,
                "is_cancelled": False,
                "is_example": True,
            },
        )
        event.full_clean()
        events.append(event)
    # What the first two example events work on: the first goal of each of
    # the draft's action fields in turn (the same ones every time), and its
    # field, so that the draft's field pages show their events.
    first_goals: dict[int, Goal] = {}
    if edition is not None:
        for goal in Goal.objects.filter(action_field__edition=edition).order_by(
            "action_field__order", "action_field_id", "order", "pk"
        ):
            first_goals.setdefault(goal.action_field_id, goal)
    goals = list(first_goals.values())
    for index, event in enumerate(events[:2] if goals else []):
        goal = goals[index % len(goals)]
        event.goals.set([goal])
        event.action_fields.set([goal.action_field_id])
    return events
