"""The page in the portal's other languages: for the language switcher and
for the hreflang alternates in the page's head."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import (
    get_language,
    get_language_from_path,
    get_language_info,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context, query=True):
    """One entry per language of settings.LANGUAGES: its code, its name in
    itself, the address of this page in it, and whether it is the one shown.

    With `query`, the address keeps the query string (the page of a list, a
    filter); alternates for crawlers leave it out.

    A page in Leichte Sprache (`easy_language_page`) is in none of these
    languages: each entry leads to the same content in everyday language
    (`normal_url`), and none is the one shown.
    """
    request = context.get("request")
    path = request.path if request is not None else "/"
    query_string = request.META.get("QUERY_STRING", "") if request else ""
    current = get_language()
    if context.get("easy_language_page"):
        path, query_string, current = context["normal_url"], "", None
    versions = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        url = translate_url(path, code)
        if query and query_string:
            url = f"{url}?{query_string}"
        versions.append(
            {
                "code": code,
                "name": info["name_local"],
                "bidi": info["bidi"],
                "url": url,
                "current": code == current,
            }
        )
    return versions


@register.simple_tag(takes_context=True)
def path_in_language(context):
    """The page's path without its language prefix (/en/leitbild/ gives
    /leitbild/), to tell which part of the site a page belongs to."""
    request = context.get("request")
    if request is None:
        return "/"
    path = request.path
    code = get_language_from_path(path)
    if code and path.startswith(f"/{code}/"):
        return path[len(code) + 1 :]
    return path
