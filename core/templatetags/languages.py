"""The page in the portal's other languages: for the language switcher and
for the hreflang alternates in the page's head. And the language of the
content a page shows: lang attributes on German passages of a page in
another language, the note where a text exists in German only, and the note
that translations of an adopted edition are unofficial."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.translation import (
    get_language,
    get_language_from_path,
    get_language_info,
)

from core.content_language import any_falls_back, shown_language

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


@register.simple_tag
def lang_attr(obj, field=None):
    """` lang="de" dir="ltr"` where `obj.<field>` is shown in another language
    than the page's (German, for a missing translation); nothing otherwise.

    `<h1{% lang_attr section "title" %}>{{ section.title }}</h1>`; or with a
    language code alone, where the caller knows it (`values_language`):
    `{% lang_attr row.name_language %}`.
    """
    shown = obj if field is None else shown_language(obj, field)
    if not shown or shown == get_language():
        return ""
    direction = "rtl" if get_language_info(shown)["bidi"] else "ltr"
    return format_html(' lang="{}" dir="{}"', shown, direction)


@register.simple_tag
def lang_text(obj, field=None, *, language=None):
    """`obj.<field>`, in a `<span lang="de" dir="ltr">` where it is shown in
    another language than the page's; plain where not, so a page in the
    text's own language carries no empty spans. For a text whose language
    the caller knows: `{% lang_text row.title language=row.title_language %}`.
    """
    if language is None:
        text = getattr(obj, field)
        attributes = lang_attr(obj, field)
    else:
        text = obj
        attributes = lang_attr(language)
    if not attributes:
        return conditional_escape(text)
    return format_html("<span{}>{}</span>", attributes, text)


def _groups(args):
    """(objects, fields) pairs from `obj "field" "field" objects "field" …`."""
    groups = []
    for arg in args:
        if isinstance(arg, str) and groups:
            groups[-1][1].append(arg)
        elif not isinstance(arg, str):
            groups.append((arg, []))
    return groups


@register.inclusion_tag("components/german_only_note.html")
def german_only_note(*args):
    """The note "This text is available in German only", where any of the
    objects shows a German text on a page in another language. Arguments: an
    object (or a list of them) followed by its field names, as often as
    needed: `{% german_only_note edition "summary" sections "title" "body" %}`.
    Reads the rows already loaded (a list must be evaluated anyway)."""
    return {"show": any_falls_back(_groups(args))}


@register.inclusion_tag(
    "components/unofficial_translation_note.html", takes_context=True
)
def unofficial_translation_note(context, edition):
    """On a page in another language than German that shows an adopted or
    archived edition's text: its translation is not binding; a link to the
    German version of the page. For a draft whose summary is translated: the
    translation may lag behind the German text, which still changes."""
    language = get_language()
    if edition is None or language == settings.LANGUAGE_CODE:
        return {"show": False}
    if not getattr(edition, "is_frozen", False):
        translated = shown_language(edition, "summary") == language
        return {"show": False, "draft_translated": translated}
    request = context.get("request")
    path = request.path if request is not None else "/"
    return {
        "show": True,
        "german_url": translate_url(path, settings.LANGUAGE_CODE),
        "german_code": settings.LANGUAGE_CODE,
    }
