"""Sign-ups as files for staff: attendee lists (CSV, Excel) and a sign-in
sheet to print (PDF).

Pure functions from registrations to bytes; the admin selects, sorts and
serves them. Pass registrations with `event`, `stakeholder_group` and
`district` selected, so a list of hundreds costs one query.
"""

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.exports import spreadsheet_text
from events.models import Event

from .models import Registration

# Empty rows at the end of the sign-in sheet, for people who come unannounced.
SIGNIN_BLANK_ROWS = 5


def _label(field_name: str) -> str:
    return str(capfirst(Registration._meta.get_field(field_name).verbose_name))


def attendee_headers() -> list[str]:
    """The column titles of the attendee list, in the active language."""
    return [
        str(capfirst(Event._meta.verbose_name)),
        _("Date"),
        _label("code"),
        _label("name"),
        _label("email"),
        _label("organisation"),
        _label("stakeholder_group"),
        _label("district"),
        _label("status"),
        _label("channel"),
        _label("interpretation_language"),
        _label("accessibility_needs"),
        _label("needs_childcare"),
        _("Registered at"),
    ]


def person_name(registration: Registration) -> str:
    """The name, or a note that it was removed after the retention period."""
    if registration.anonymised_at is not None:
        return _("(personal data removed)")
    return registration.name


def attendee_row(registration: Registration) -> list:
    """One registration as the values of one row; times in local time."""
    event = registration.event
    return [
        event.title,
        timezone.localtime(event.start),
        registration.code,
        person_name(registration),
        registration.email,
        registration.organisation,
        str(registration.stakeholder_group or ""),
        str(registration.district or ""),
        registration.get_status_display(),
        registration.get_channel_display(),
        registration.interpretation_language,
        registration.accessibility_needs,
        _("yes") if registration.needs_childcare else _("no"),
        timezone.localtime(registration.created_at),
    ]


def _csv_value(value) -> str:
    if isinstance(value, dt.datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    return spreadsheet_text(str(value))


def render_attendees_csv(registrations: Iterable[Registration]) -> bytes:
    """The attendee list as CSV the way German Excel opens it by double-click:
    UTF-8 with a byte order mark, semicolons between the fields."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(attendee_headers())
    for registration in registrations:
        writer.writerow([_csv_value(value) for value in attendee_row(registration)])
    return buffer.getvalue().encode("utf-8-sig")


# Column widths of the Excel sheet, in characters.
XLSX_WIDTHS = [40, 17, 11, 28, 32, 32, 28, 22, 22, 14, 20, 40, 12, 17]


def _xlsx_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, dt.datetime):
        # Excel knows no time zones: the local wall time it is.
        return value.replace(tzinfo=None)
    # Control characters typed into the public form would break the file.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def render_attendees_xlsx(registrations: Iterable[Registration]) -> bytes:
    """The attendee list as an Excel workbook: a bold, frozen header row,
    a filter on every column, real date cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    date_format = (
        "DD.MM.YYYY HH:MM" if translation.get_language() == "de" else "YYYY-MM-DD HH:MM"
    )
    workbook = Workbook()
    sheet = workbook.active
    # Excel allows 31 characters and none of []:*?/\ in a sheet title.
    sheet.title = re.sub(r"[\[\]:*?/\\]", "", _("Attendees"))[:31]
    sheet.append(attendee_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for registration in registrations:
        sheet.append([_xlsx_value(value) for value in attendee_row(registration)])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = date_format
            else:
                # openpyxl would store "=…" as a formula; text stays text.
                cell.data_type = "s"
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def name_sort_key(registration: Registration) -> str:
    """Alphabetical the way a German reader expects: Ö next to O, not after Z."""
    decomposed = unicodedata.normalize("NFKD", person_name(registration))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _page_counter_css() -> str:
    """ "Page 2 of 5" as a CSS `content` value, translated as one sentence so
    each language can order the words its own way."""
    text = _("Page %(page)s of %(pages)s")
    parts = []
    for part in re.split(r"(%\(pages?\)s)", text):
        if part == "%(page)s":
            parts.append("counter(page)")
        elif part == "%(pages)s":
            parts.append("counter(pages)")
        elif part:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"')
            parts.append('"' + escaped.replace("<", "\\3C ") + '"')
    return " ".join(parts)


def render_signin_sheet_pdf(
    event: Event, registrations: Iterable[Registration]
) -> bytes:
    """A sign-in sheet to print for the door: the event, then one row per
    person (sorted by name) with an empty field to sign, and a few empty rows
    for people who come unannounced. Language: the active one."""
    from weasyprint import HTML

    city = event.process.city
    start = timezone.localtime(event.start)
    end = timezone.localtime(event.end)
    context = {
        "event": event,
        "city": city,
        "rows": [
            {
                "name": person_name(registration),
                "removed": registration.anonymised_at is not None,
                "organisation": registration.organisation,
            }
            for registration in sorted(registrations, key=name_sort_key)
        ],
        "blank_rows": range(SIGNIN_BLANK_ROWS),
        "date": ", ".join(
            (formats.date_format(start, "l"), formats.date_format(start, "DATE_FORMAT"))
        ),
        "time": _("%(start)s to %(end)s")
        % {
            "start": formats.time_format(start, "TIME_FORMAT"),
            "end": formats.time_format(end, "TIME_FORMAT"),
        },
        "place": ", ".join(
            part
            for part in (
                event.venue.name if event.venue else "",
                event.room,
                event.venue.address if event.venue else "",
            )
            if part
        ),
        "page_counter": _page_counter_css(),
        "as_of": formats.date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT"),
        "language": translation.get_language() or "de",
    }
    html = render_to_string("registrations/signin_sheet.html", context)
    return HTML(string=html).write_pdf()
