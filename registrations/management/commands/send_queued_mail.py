from django.core.management.base import BaseCommand

from registrations.emails import mail_retry_due


class Command(BaseCommand):
    help = (
        "Send e-mails that failed and are due for another attempt, and any that "
        "have waited in the queue too long. Safe to run from cron at any rate."
    )

    def handle(self, *args, **options):
        count = mail_retry_due()
        self.stdout.write(f"{count} e-mail(s) attempted.")
