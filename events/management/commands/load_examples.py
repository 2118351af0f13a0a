from django.core.management.base import BaseCommand, CommandError

from core.models import City
from events.services import examples_load


class Command(BaseCommand):
    help = "Add a few upcoming example events (development and demos only)."

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
