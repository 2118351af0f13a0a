from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from contributions.services import contributions_personal_data_purge
from registrations.services import personal_data_purge


class Command(BaseCommand):
    help = (
        "Remove names, e-mail addresses and needs of sign-ups for events that "
        "ended more than PERSONAL_DATA_RETENTION_DAYS days ago (default 180), "
        "keeping the counts the statistics need; and names, addresses and "
        "accounts of contributors and supporters of consultations that closed "
        'as long ago, keeping the contributions credited to "a resident".'
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.PERSONAL_DATA_RETENTION_DAYS,
            help=(
                "Purge sign-ups of events that ended, and contributions to "
                "consultations that closed, more than this many days ago."
            ),
        )

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError("--days must not be negative.")
        registrations = personal_data_purge(days=days)
        contributions = contributions_personal_data_purge(days=days)
        self.stdout.write(
            f"Personal data removed from {registrations} registration(s)."
        )
        self.stdout.write(
            f"Personal data removed from {contributions} contribution(s)."
        )
