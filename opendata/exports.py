"""Open data as files: CSV for spreadsheets and JSON for programs.

Pure functions from records (the schemas of opendata.schemas, the same the
API returns) to bytes. Both files carry the licence: JSON as a `licence`
object beside the items, CSV as two columns at the end of every row (a
spreadsheet keeps no other place for it).

CSV is written the way German Excel opens it by double-click, as the
attendee lists of the back office are (registrations.exports): UTF-8 with a
byte order mark, semicolons between the fields, CRLF line ends, and a
leading apostrophe on text that a spreadsheet would run as a formula. Its
columns are the records' fields, a nested record's fields joined with an
underscore (`venue_name`); times are local wall-clock times
(YYYY-MM-DD HH:MM).
"""

import csv
import datetime as dt
import io
import json
import types
import typing
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema

from core.exports import spreadsheet_text

from .schemas import Licence

# A spreadsheet takes a cell that starts with one of these for a formula.
LICENCE_COLUMNS = ["licence", "licence_url"]


def _nested_schema(annotation) -> type[Schema] | None:
    """The schema a field holds, also when it may be null; else None."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        annotation = inner[0] if len(inner) == 1 else None
    if isinstance(annotation, type) and issubclass(annotation, Schema):
        return annotation
    return None


def csv_columns(schema: type[Schema]) -> list[str]:
    """The columns of a record type: its fields, a nested record's fields
    as `outer.inner`."""
    columns = []
    for name, field in schema.model_fields.items():
        nested = _nested_schema(field.annotation)
        if nested is None:
            columns.append(name)
        else:
            columns += [f"{name}.{inner}" for inner in csv_columns(nested)]
    return columns


def _lookup(record: dict, column: str):
    value = record
    for part in column.split("."):
        if value is None:
            return None
        value = value[part]
    return value


def csv_cell(value) -> str:
    """One value as the text of a cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(
            ", ".join(csv_cell(part) for part in item.values())
            if isinstance(item, dict)
            else csv_cell(item)
            for item in value
        )
    return spreadsheet_text(str(value))


def render_csv(
    records: Iterable[Schema], *, schema: type[Schema], licence: Licence | None
) -> bytes:
    """Records as a CSV table with a header row of their field names and the
    licence in the last two columns."""
    columns = csv_columns(schema)
    licence_cells = [licence.name, licence.url] if licence else ["", ""]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.replace(".", "_") for column in columns] + LICENCE_COLUMNS)
    for record in records:
        data = record.model_dump()
        writer.writerow(
            [csv_cell(_lookup(data, column)) for column in columns]
            + [csv_cell(cell) for cell in licence_cells]
        )
    return buffer.getvalue().encode("utf-8-sig")


def render_json(records: Iterable[Schema], *, licence: Licence | None) -> bytes:
    """Records as a JSON document: the licence, how many there are, and the
    items as the API gives them."""
    items = [record.model_dump(mode="json") for record in records]
    document = {
        "licence": licence.model_dump(mode="json") if licence else None,
        "count": len(items),
        "items": items,
    }
    return (json.dumps(document, ensure_ascii=False) + "\n").encode()
