from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from leitbild.models import Edition
from portal.pdf import edition_pdf_archive


class Command(BaseCommand):
    help = (
        "Store the PDF (and its SHA-256) of each adopted edition that has none "
        "yet, as adoption in the admin does: for editions that came in through "
        "a data file. Editions with a stored PDF are left alone."
    )

    def handle(self, *args, **options):
        editions = Edition.objects.filter(status=Edition.Status.ADOPTED)
        stored = 0
        with translation.override(settings.LANGUAGE_CODE):
            for edition in editions.select_related("city"):
                if edition.pdf_sha256 and edition.pdf_file:
                    if edition.pdf_file.storage.exists(edition.pdf_file.name):
                        continue
                sha256 = edition_pdf_archive(edition)
                stored += 1
                self.stdout.write(f"{edition}: stored, SHA-256 {sha256}")
        self.stdout.write(f"{stored} PDF(s) stored.")
