from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEV_EMAIL = "admin@example.org"
DEV_PASSWORD = "leitbild-dev"


class Command(BaseCommand):
    help = "Development only: make sure a staff login exists and print it."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_dev_staff only runs with DEBUG=true.")
        User = get_user_model()
        user = User.objects.filter(username="admin").first()
        if user is None:
            user = User.objects.create_superuser("admin", DEV_EMAIL, DEV_PASSWORD)
            # allauth logs in by verified e-mail address.
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=user, email=DEV_EMAIL, defaults={"verified": True, "primary": True}
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Development staff login: {settings.SITE_URL}/admin/ "
                f"user 'admin' / password '{DEV_PASSWORD}' (e-mail {DEV_EMAIL})"
            )
        )
