"""Plain text from staff Markdown, for places that take no HTML: a page's
meta description, a link preview, structured data."""

import html
import re

from django.utils.html import strip_tags

from .markdown import render_markdown


def markdown_to_text(text: str, *, max_chars: int | None = None) -> str:
    """The words of a Markdown text on one line, without markup; cut at a
    word boundary when longer than `max_chars` (with "…" unless the cut
    falls after a full sentence)."""
    plain = html.unescape(strip_tags(render_markdown(text or "")))
    plain = re.sub(r"\s+", " ", plain).strip()
    if max_chars is None or len(plain) <= max_chars:
        return plain
    cut = plain[: max_chars - 1]
    if " " in cut and plain[max_chars - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    cut = cut.rstrip(" ,;:–-")
    # A cut after a full sentence needs no ellipsis.
    return cut if cut.endswith((".", "!", "?")) else cut + "…"
