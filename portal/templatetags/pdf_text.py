"""Marking, in the PDFs, the passages shown in German because they have no
translation (portal.pdf gives each text's fallback language, or "")."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def in_lang(html, language):
    """Rendered Markdown, inside a <div lang dir> when it is the German
    fallback."""
    if not language or not html:
        return html
    return format_html('<div lang="{}" dir="ltr">{}</div>', language, html)


@register.filter
def lang_span(text, language):
    """Text, inside a <span lang dir> when it is the German fallback."""
    if not language or not text:
        return text
    return format_html('<span lang="{}" dir="ltr">{}</span>', language, text)
