from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.services import city_data_read, city_load


class Command(BaseCommand):
    help = "Load or update a city's shipped data from its YAML data file."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="for example data/muenster.yaml")

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"No such data file: {path}")
        try:
            city, report = city_load(data=city_data_read(path=path))
        except (ValueError, KeyError, ValidationError) as error:
            raise CommandError(f"{path}: {error}") from error
        for line in report.lines():
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS(f"Loaded {city.name} from {path}."))
