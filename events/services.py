"""Services of the events app."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core.models import City

from .models import Event, Phase, Process, Venue

EXAMPLE_PROCESS_SLUG = "beispiele"


@transaction.atomic
def examples_load(*, city: City, today: dt.date | None = None) -> list[Event]:
    """Create or move a few upcoming example events, clearly marked as such,
    so that sign-ups can be tried. Idempotent: re-running moves the same
    events to new dates relative to today."""
    today = today or timezone.localdate()
    process, _ = Process.objects.update_or_create(
        city=city,
        slug=EXAMPLE_PROCESS_SLUG,
        defaults={
            "title": "Beispiel: Beteiligungsprozess zum Ausprobieren",
            "start_year": today.year,
            "end_year": today.year + 1,
            "description": "Beispieldaten: Diese Veranstaltungen finden nicht statt.",
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
    return events
