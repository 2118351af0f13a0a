from django.conf import settings
from django.core.management.base import BaseCommand

from registrations.services import reminders_send


class Command(BaseCommand):
    help = (
        "Remind everyone confirmed for an event that starts within the next days "
        "(REGISTRATION_REMINDER_DAYS). Safe to run as often as a cron job likes: "
        "nobody is reminded twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.REGISTRATION_REMINDER_DAYS,
            help="Remind about events starting within this many days.",
        )

    def handle(self, *args, days, **options):
        count = reminders_send(days=days)
        self.stdout.write(f"{count} reminder(s) queued.")
