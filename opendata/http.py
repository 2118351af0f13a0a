"""How open data is served: cached whole, revalidated by ETag, with the
city's licence in a Link header.

Downloads and API answers are the same for everyone and change only when
the portal's content does, so they are keyed by the content version
(core.cache, which moves on every save) and the full path. The version is
also the ETag: a client that sends it back in If-None-Match gets a 304
without a query, until staff or a loader change something.

They are rendered in the portal's own language (settings.LANGUAGE_CODE),
the language of the data, whatever the visitor's browser prefers, so that
a download's labels never depend on who fetched it first.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.encoding import iri_to_uri

from core.cache import PAGE_CACHE_SECONDS, content_version
from core.models import City
from core.selectors import city_current


def licence_link(city: City | None) -> str:
    """The value of an HTTP Link header naming the city's data licence
    (RFC 8288, relation "license"), or "" when none is set."""
    if city is None or not city.data_licence_url:
        return ""
    return f'<{iri_to_uri(city.data_licence_url)}>; rel="license"'


def _finish(response, etag: str) -> None:
    response.headers.setdefault("ETag", etag)
    if link := licence_link(city_current()):
        response.headers.setdefault("Link", link)
    # Anyone may keep a copy, but must ask again (cheaply, with the ETag)
    # before using it: an edit shows at once, as on the pages.
    patch_cache_control(response, public=True, max_age=0)


def open_data(view):
    """Serve a download or API view from the cache, answer a matching
    If-None-Match with 304, and name the licence in a Link header.

    Only successful answers are kept; an error is rendered anew each time.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        version = content_version()
        etag = f'"{version}"'
        response = get_conditional_response(request, etag=etag)
        if response is not None:
            _finish(response, etag)
            return response
        # Hashed: a query string can be longer than a cache key may be.
        path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False)
        key = f"opendata:{version}:{path.hexdigest()}"
        response = cache.get(key)
        if response is None:
            with translation.override(settings.LANGUAGE_CODE):
                response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            _finish(response, etag)
            cache.set(key, response, PAGE_CACHE_SECONDS)
        return response

    return wrapper
