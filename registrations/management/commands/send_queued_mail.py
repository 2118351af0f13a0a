from django.core.management.base import BaseCommand

from registrations.emails import mail_retry_due
from registrations.services import waitlists_refresh


class Command(BaseCommand):
    help = (
        "Move people up from waiting lists where lapsed holds freed seats, then "
        "send e-mails that failed and are due for another attempt and any that "
        "have waited in the queue too long. Safe to run from cron at any rate."
    )

    def handle(self, *args, **options):
        promoted = waitlists_refresh()
        count = mail_retry_due()
        self.stdout.write(
            f"{promoted} person(s) moved up, {count} e-mail(s) attempted."
        )
