"""Whole-page caching of the public pages for anonymous visitors.

Public pages are the same for every anonymous visitor in one language, so
their rendered HTML is kept for a minute. Any change to the portal's content
(a save or delete in one of its apps, in the admin or by a loader) moves the
content version on, so an edit shows at once; the minute bounds how long a
page can lag behind the clock (an event moving from "upcoming" to "review").
"""

import functools
import uuid

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

PAGE_CACHE_SECONDS = 60
VERSION_KEY = "portal:content-version"
# The apps whose rows the public pages show. Named, not imported: the base
# app knows the labels of the apps above it, never their code.
CONTENT_APPS = {
    "core",
    "leitbild",
    "handlungsfelder",
    "events",
    "registrations",
    "contributions",
}
# A cached page holds this in place of a CSRF token; each visitor's copy gets
# their own token when it is served (see `{% csrf_field %}`).
CSRF_PLACEHOLDER = "__portal_csrf_token__"


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


# Rows of the content apps that no public page shows: writing them (every
# e-mail sent updates its record) must not empty the page cache.
# A support shows only through its contribution's count, which
# `support_confirm` updates (and announces) itself.
NOT_SHOWN = {
    "registrations.outgoingmail",
    "registrations.eventmessage",
    "contributions.support",
}


def content_changed(sender=None, **kwargs) -> None:
    """Signal receiver: content of a portal app changed; drop cached pages."""
    if sender is None or (
        sender._meta.app_label in CONTENT_APPS
        and sender._meta.label_lower not in NOT_SHOWN
    ):
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def public_page(view):
    """Serve the view from the page cache for anonymous GET requests."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        cacheable = (
            request.method in ("GET", "HEAD")
            and "messages" not in request.COOKIES
            and not request.user.is_authenticated
        )
        if not cacheable:
            return view(request, *args, **kwargs)
        key = f"page:{content_version()}:{get_language()}:{request.get_full_path()}"
        response = cache.get(key)
        if response is None:
            request.portal_page_for_cache = True
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.cookies:
                cache.set(key, response, PAGE_CACHE_SECONDS)
        if not response.streaming and CSRF_PLACEHOLDER.encode() in response.content:
            # The cache hands out a fresh copy each time, so this visitor's
            # token (and CSRF cookie) never reach anyone else.
            response.content = response.content.replace(
                CSRF_PLACEHOLDER.encode(), get_token(request).encode()
            )
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        patch_cache_control(response, private=True, max_age=0)
        return response

    return wrapper
