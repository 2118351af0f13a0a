"""Downloads of the Leitbild: an edition as a PDF.

Not wrapped in the page cache (core.cache.public_page): portal.pdf keeps
its own copies, and the ETag and Last-Modified headers let browsers and
proxies ask again cheaply (304).
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import content_disposition_header, http_date, quote_etag
from django.views.decorators.http import require_safe

from core.selectors import city_or_404
from leitbild.models import Edition

from . import pdf


@require_safe
def edition_pdf(request, year):
    """The edition of the given year as a PDF; drafts too, marked as drafts."""
    city = city_or_404()
    edition = get_object_or_404(
        Edition.objects.select_related("city"), city=city, year=year
    )
    content, etag, last_modified = pdf.edition_pdf(edition)
    etag = quote_etag(etag)
    last_modified = int(last_modified.timestamp())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"{pdf.pdf_file_stem(edition)}.pdf"
    )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # The interface words follow the visitor's language; the ETag does too.
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    patch_cache_control(response, max_age=0)
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
