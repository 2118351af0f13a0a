from django import template
from django.middleware.csrf import get_token
from django.utils.html import format_html

from core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text, heading_offset=1):
    """Render staff-written Markdown, sanitised."""
    return render_markdown(text, heading_offset=int(heading_offset))


@register.simple_tag(takes_context=True)
def csrf_field(context):
    """Like {% csrf_token %}, but safe on pages the page cache keeps: there
    it writes a placeholder that each visitor's copy replaces with their own
    token (core.cache.public_page)."""
    from core.cache import CSRF_PLACEHOLDER

    request = context.get("request")
    if request is None:
        return ""
    if getattr(request, "portal_page_for_cache", False):
        token = CSRF_PLACEHOLDER
    else:
        token = get_token(request)
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token
    )


@register.simple_tag
def webcal_url(view_name, *args):
    """The webcal:// address of a calendar feed, for "subscribe" links."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.urls import reverse

    host = urlsplit(settings.SITE_URL).netloc
    return f"webcal://{host}{reverse(view_name, args=args)}"
