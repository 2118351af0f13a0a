from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from contributions.staff import KI_STAFF_PERMISSIONS, ki_staff_group_ensure


class Command(BaseCommand):
    help = (
        "Create the KI staff group or reset it to exactly the permissions the "
        "back-office work needs (registrations/staff.py and "
        "contributions/staff.py). Safe to run again."
    )

    def handle(self, *args, **options):
        try:
            report = ki_staff_group_ensure()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        verb = "Created" if report.created else "Checked"
        self.stdout.write(
            f"{verb} group {report.group.name!r}: "
            f"{len(KI_STAFF_PERMISSIONS)} permissions, "
            f"{len(report.added)} added, {len(report.removed)} removed."
        )
        for name in report.removed:
            self.stdout.write(f"  removed {name}")
