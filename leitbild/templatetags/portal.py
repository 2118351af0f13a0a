from django import template

from leitbild.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text, heading_offset=1):
    """Render staff-written Markdown, sanitised."""
    return render_markdown(text, heading_offset=int(heading_offset))
