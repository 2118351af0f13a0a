"""Markdown written by staff, rendered to safe HTML.

Staff text is trusted to be well-meant, not to be safe: everything goes
through nh3 (an allow-list sanitiser), so no script, style or event handler
reaches a page, whatever the Markdown contains.
"""

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "ins", "li", "ol", "p", "pre",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"},
}  # fmt: skip


def render_markdown(text: str, *, heading_offset: int = 1) -> SafeString:
    """Markdown to sanitised HTML; headings get ids to link to.

    Staff write their top headings with "#"; heading_offset shifts them
    below the page's own headings: with 1 (the default) "# Title" becomes
    an h2 under the page's h1, with 2 an h3 inside an h2 section.
    """
    if not text:
        return mark_safe("")
    html = md.markdown(
        text,
        extensions=["toc", "tables", "sane_lists", "def_list"],
        extension_configs={"toc": {"baselevel": 1 + heading_offset}},
        output_format="html",
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 above
