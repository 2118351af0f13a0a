"""The open-data downloads under /daten/: the agenda, and each edition's
sections, action fields, goals and measures, as CSV and as JSON.

Small function views: each selects through opendata.selectors, shapes the
rows with the API's schemas and hands them to a renderer in
opendata.exports. Served through opendata.http.open_data (cached, ETag,
licence Link header).
"""

from dataclasses import dataclass
from typing import Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Schema

from core.models import City
from core.selectors import city_or_404

from . import schemas, selectors
from .exports import render_csv, render_json
from .http import open_data

Format = Literal["csv", "json"]
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@dataclass(frozen=True)
class EditionDataset:
    """One kind of record of an edition, as a download."""

    name: str  # the file's name, German like every address of the portal
    select: object  # an opendata.selectors function
    schema: type[Schema]
    edition_lookup: str  # from the record to its edition


EDITION_DATASETS = {
    "sections": EditionDataset(
        "abschnitte", selectors.open_sections, schemas.SectionOut, "edition"
    ),
    "action_fields": EditionDataset(
        "handlungsfelder",
        selectors.open_action_fields,
        schemas.ActionFieldOut,
        "edition",
    ),
    "goals": EditionDataset(
        "ziele", selectors.open_goals, schemas.GoalOut, "action_field__edition"
    ),
    "measures": EditionDataset(
        "massnahmen",
        selectors.open_measures,
        schemas.MeasureOut,
        "goal__action_field__edition",
    ),
}


def _download(rows, *, schema, city: City, fmt: Format, filename: str):
    records = [schema.from_orm(row) for row in rows]
    licence = schemas.Licence.of(city)
    if fmt == "csv":
        body = render_csv(records, schema=schema, licence=licence)
    else:
        body = render_json(records, licence=licence)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@open_data
def events(request, fmt: Format):
    """Every published event, past and upcoming."""
    city = city_or_404()
    return _download(
        selectors.open_events(city=city),
        schema=schemas.EventOut,
        city=city,
        fmt=fmt,
        filename="veranstaltungen",
    )


@open_data
def edition_dataset(request, year: int, dataset: str, fmt: Format):
    """The sections, action fields, goals or measures of one edition."""
    city = city_or_404()
    edition = get_object_or_404(selectors.open_editions(city=city), year=year)
    spec = EDITION_DATASETS[dataset]
    return _download(
        spec.select(city=city).filter(**{spec.edition_lookup: edition}),
        schema=spec.schema,
        city=city,
        fmt=fmt,
        filename=f"leitbild-{year}-{spec.name}",
    )
