"""Charts drawn on the server as inline SVG: pure functions, no JavaScript.

Colour is never the only cue: each status has its own pattern as well (in
the bars and in the legend), every segment wide enough carries its number,
each bar ends with its total, and <title>/<desc> give screen readers the
same figures. Segments are separated by white gaps, and every colour has at
least 3:1 contrast against white (WCAG 1.4.11). In a right-to-left
language the chart is mirrored: the legend and the names start at the right
and the bars grow leftwards, as the page around it does.
"""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_bidi, gettext, ngettext

from .models import Measure
from .selectors import STATUSES, StatusRow

WIDTH = 640
LEGEND_HEIGHT = 40
ROW_HEIGHT = 72
BAR_HEIGHT = 22
BAR_MAX = 520  # the rest of the width holds the total after the longest bar
GAP = 3  # white space between two segments
TEXT = "#212529"
NAME_MAX_CHARS = 78  # a longer name is cut in the chart; the table has it whole

# Colour and pattern per status. Contrast against white: #595959 7.0:1,
# #0a53be 6.9:1, #146c2e 6.6:1, #8a4b00 6.8:1.
STYLE = {
    Measure.Status.PLANNED: ("#595959", "dots"),
    Measure.Status.IN_PROGRESS: ("#0a53be", "stripes"),
    Measure.Status.DONE: ("#146c2e", "solid"),
    Measure.Status.PAUSED: ("#8a4b00", "crosshatch"),
}


def _join(parts) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _pattern(pattern_id: str, colour: str, kind: str) -> SafeString:
    shapes = {
        "dots": '<circle cx="4" cy="4" r="1.8" fill="{colour}"/>',
        "stripes": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" '
        'stroke="{colour}" stroke-width="2.5"/>',
        "crosshatch": '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="{colour}" '
        'stroke-width="1.5"/>',
    }
    return format_html(
        '<pattern id="{id}" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#fff"/>' + shapes[kind] + "</pattern>",
        id=pattern_id,
        colour=colour,
    )


def _fill(id_prefix: str, status: str) -> str:
    colour, kind = STYLE[status]
    return colour if kind == "solid" else f"url(#{id_prefix}-{status})"


def _segment(id_prefix: str, status: str, x: float, y: float, width: float):
    """A segment, inset so that its outline stays inside its share."""
    colour, _kind = STYLE[status]
    return format_html(
        '<rect x="{x}" y="{y}" width="{width}" height="{height}" fill="{fill}" '
        'stroke="{colour}" stroke-width="2"/>',
        x=f"{x + 1:.1f}",
        y=y + 1,
        width=f"{max(width - 2, 1):.1f}",
        height=BAR_HEIGHT - 2,
        fill=_fill(id_prefix, status),
        colour=colour,
    )


def _text(
    x, y, text, *, size=13, anchor="start", weight="normal", lang=""
) -> SafeString:
    return format_html(
        '<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}" '
        'font-weight="{weight}" fill="{fill}"{lang}>{text}</text>',
        x=x if isinstance(x, int) else f"{x:.1f}",
        y=y,
        size=size,
        anchor=anchor,
        weight=weight,
        fill=TEXT,
        lang=format_html(' lang="{}"', lang) if lang else "",
        text=text,
    )


def _short(name: str) -> str:
    if len(name) <= NAME_MAX_CHARS:
        return name
    return name[: NAME_MAX_CHARS - 1].rstrip() + "…"


def _description(rows: Sequence[StatusRow]) -> str:
    lines = [
        gettext(
            "One bar per action field, divided by the status of its measures. "
            "The table below gives the same figures."
        )
    ]
    for row in rows:
        figures = "; ".join(
            gettext("%(status)s: %(count)s") % {"status": status.label, "count": count}
            for status, count in row.cells
        )
        lines.append(f"{row.name}: {figures}.")
    return " ".join(lines)


def render_status_chart(
    rows: Sequence[StatusRow], *, id_prefix: str = "status-chart"
) -> SafeString:
    """A horizontal stacked bar per action field: how many of its measures
    are planned, in progress, done and paused; mirrored in right to left."""
    rtl = get_language_bidi()

    def at(x: float, width: float = 0) -> float:
        """Where a box of this width starting at x lies: mirrored in rtl."""
        return WIDTH - x - width if rtl else x

    height = LEGEND_HEIGHT + len(rows) * ROW_HEIGHT + 8
    scale = BAR_MAX / max([row.total for row in rows] + [1])
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            'role="img" aria-labelledby="{p}-title" aria-describedby="{p}-desc" '
            'direction="{direction}" class="status-chart">'
            '<title id="{p}-title">{title}</title><desc id="{p}-desc">{desc}</desc>',
            width=WIDTH,
            height=height,
            direction="rtl" if rtl else "ltr",
            p=id_prefix,
            title=gettext("Measures by status in each action field"),
            desc=_description(rows),
        ),
        format_html(
            "<defs>{}</defs>",
            _join(
                _pattern(f"{id_prefix}-{status}", *STYLE[status])
                for status in STATUSES
                if STYLE[status][1] != "solid"
            ),
        ),
    ]
    # The legend: a swatch in the status's colour and pattern, and its name.
    for number, status in enumerate(STATUSES):
        x = number * (WIDTH // len(STATUSES))
        parts.append(_segment(id_prefix, status, at(x, 20), 6, 20))
        parts.append(_text(at(x + 26), 22, status.label, size=14))
    for index, row in enumerate(rows):
        top = LEGEND_HEIGHT + index * ROW_HEIGHT
        bar_top = top + 24
        # A name shown in German on a page in another language says so.
        language = row.name_language if row.name_language != get_language() else ""
        parts.append(
            _text(
                at(0), top + 16, _short(row.name), size=15, weight="600", lang=language
            )
        )
        if not row.total:
            parts.append(_text(at(0), bar_top + 16, gettext("No measures yet")))
            continue
        x = 0.0
        for status, count in row.cells:
            if not count:
                continue
            width = count * scale
            # The white gap comes out of the segment's own share.
            parts.append(
                _segment(id_prefix, status, at(x, width - GAP), bar_top, width - GAP)
            )
            if width - GAP >= 9 * len(str(count)) + 4:
                centre = x + (width - GAP) / 2
                parts.append(
                    _text(at(centre), bar_top + BAR_HEIGHT + 16, count, anchor="middle")
                )
            x += width
        total = ngettext("%(count)s measure", "%(count)s measures", row.total) % {
            "count": row.total
        }
        parts.append(_text(at(x + 6), bar_top + 16, total))
    parts.append(SafeString("</svg>"))
    return _join(parts)
