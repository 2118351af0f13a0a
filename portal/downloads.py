"""Downloads of the Leitbild: an edition, and its participation report, as
a PDF.

Not wrapped in the page cache (core.cache.public_page): portal.pdf keeps
its own copies, and the ETag and Last-Modified headers let browsers and
proxies ask again cheaply (304).
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date, quote_etag
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core.selectors import city_or_404
from leitbild.models import Edition

from . import pdf


def _edition(year: int) -> Edition:
    city = city_or_404()
    return get_object_or_404(
        Edition.objects.select_related("city"), city=city, year=year
    )


def _pdf_response(request, *, content, etag, last_modified, filename):
    """The PDF inline, with validators that let the browser ask again
    cheaply (304)."""
    etag = quote_etag(etag)
    last_modified = int(last_modified.timestamp())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=filename
    )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # The language is the address's (/ar/leitbild/2025/pdf/), so one address
    # always gives the same file, whatever the browser asks for.
    response["Content-Language"] = get_language()
    patch_cache_control(response, max_age=0)
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


@require_safe
def edition_pdf(request, year):
    """The edition of the given year as a PDF; drafts too, marked as drafts."""
    edition = _edition(year)
    content, etag, last_modified = pdf.edition_pdf(edition)
    return _pdf_response(
        request,
        content=content,
        etag=etag,
        last_modified=last_modified,
        filename=f"{pdf.pdf_file_stem(edition)}.pdf",
    )


@require_safe
def participation_report_pdf(request, year):
    """The participation report of the edition of the given year as a PDF."""
    edition = _edition(year)
    content, etag, last_modified = pdf.participation_report_pdf(edition)
    return _pdf_response(
        request,
        content=content,
        etag=etag,
        last_modified=last_modified,
        filename=f"{pdf.participation_report_file_stem(edition)}.pdf",
    )
