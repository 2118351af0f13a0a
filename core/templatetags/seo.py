"""Template tags for what search engines and link previews read: a page's
description, its absolute address, Open Graph and structured data."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import to_locale

from core.text import markdown_to_text

register = template.Library()

# A meta description longer than this is cut off in search results.
DESCRIPTION_CHARS = 160

# Open Graph wants language_TERRITORY; the portal's languages name no
# territory, so each gets the one it is most used in.
OG_LOCALES = {
    "de": "de_DE",
    "en": "en_GB",
    "tr": "tr_TR",
    "ar": "ar_AR",
    "uk": "uk_UA",
    "ru": "ru_RU",
}

# As Django's json_script: in a <script> element these would end it early
# ("</script>") or open a comment; JSON reads the escapes as the characters.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def plain_text(text, max_chars=DESCRIPTION_CHARS):
    """Staff Markdown as plain text on one line, cut at a word boundary
    (default: the length of a meta description)."""
    return markdown_to_text(str(text or ""), max_chars=int(max_chars))


@register.simple_tag
def absolute_url(path=""):
    """The public address of a path on this portal (settings.SITE_URL), for
    canonical links and link previews: never the request's host."""
    return settings.SITE_URL + str(path)


@register.simple_tag
def og_locale(language_code):
    """Open Graph's locale (de_DE) for a language code (de)."""
    code = str(language_code or settings.LANGUAGE_CODE).lower()
    return OG_LOCALES.get(code) or to_locale(code)


@register.filter
def json_ld(data):
    """A dict as a <script type="application/ld+json"> element, escaped so
    that no text in it can close the element."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308
    )


class CaptureNode(template.Node):
    # Blocks inside stay overridable: ExtendsNode finds them through
    # `nodelist`, and they render in this template's block context.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, variable):
        self.nodelist = nodelist
        self.variable = variable

    def render(self, context):
        context[self.variable] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}…{% endcapture %}: render the content once
    (already escaped) into a variable, so that a block a page overrides
    (its title, its description) can fill several tags of the layout."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])
