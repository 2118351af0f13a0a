from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load Münster's shipped data (shortcut for load_city data/muenster.yaml)."

    def handle(self, *args, **options):
        call_command("load_city", settings.BASE_DIR / "data" / "muenster.yaml")
