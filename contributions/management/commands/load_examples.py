"""Example data for trying the portal out (development and demos only):
upcoming example events, an example draft in consultation with its window
open, and a few published example contributions on it. It lives here, in
the highest app it needs; events.services makes the events and the draft."""

from django.core.management.base import BaseCommand, CommandError

from contributions.examples import contribution_examples_load
from core.models import City
from events.services import examples_load


class Command(BaseCommand):
    help = (
        "Add a few upcoming example events, an example draft in consultation "
        "and example contributions (development and demos only)."
    )

    def handle(self, *args, **options):
        try:
            city = City.objects.current()
        except City.DoesNotExist as error:
            raise CommandError(
                "No city loaded yet: run load_city (or load_muenster) first."
            ) from error
        events = examples_load(city=city)
        for event in events:
            self.stdout.write(f"  {event.start:%Y-%m-%d %H:%M}  {event.title}")
        self.stdout.write(self.style.SUCCESS(f"{len(events)} example events ready."))
        edition = events[0].process.edition if events else None
        if edition is None:
            self.stdout.write("No edition to copy: no example draft, no contributions.")
            return
        contributions = contribution_examples_load(edition=edition)
        closes = edition.consultation_closes
        self.stdout.write(
            self.style.SUCCESS(
                f"Example draft “{edition.title}” ({edition.year}) in consultation "
                f"until {closes:%Y-%m-%d}, with {len(contributions)} example "
                "contributions."
            )
        )
