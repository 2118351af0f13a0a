"""Services that span every app: an edition's adoption with its PDF, and
loading a city's data file.

The loader writes through the models' own validation (full_clean) just as
the admin does, so shipped data obeys the same rules as staff input.
Running it again updates rows in place, found by their natural keys, and
never duplicates; rows staff added that the file does not name are kept.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from core.models import City
from core.selectors import city_cache_clear
from events.models import Event, Phase, Process, Venue
from handlungsfelder.models import ActionField, Goal, Measure
from leitbild.models import Edition, Section, Term, german_columns
from leitbild.services import edition_transition
from registrations.models import District, StakeholderGroup

from .pdf import edition_pdf_archive

Status = Edition.Status


@transaction.atomic
def edition_status_change(
    *,
    edition: Edition,
    status: str,
    decision_date: dt.date | None = None,
    decision_reference: str = "",
) -> Edition:
    """Move an edition one step along draft ⇄ consultation → adopted →
    archived (leitbild.services.edition_transition) and return it as stored.

    Adopting also archives the PDF of the adopted text with its SHA-256; a
    failing PDF rolls the whole adoption back.
    """
    edition = edition_transition(
        edition=edition,
        status=status,
        decision_date=decision_date,
        decision_reference=decision_reference,
    )
    if status == Status.ADOPTED:
        edition_pdf_archive(edition)
    return edition


@dataclass
class LoadReport:
    """What a load created and changed, per model."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        names = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return [
            f"{name}: {self.created[name]} created, {self.updated[name]} updated, "
            f"{self.unchanged[name]} unchanged"
            for name in names
        ]


def _frozen_load_error(edition: Edition, change: str) -> ValidationError:
    """The loader's error for a data file that changes adopted text."""
    return ValidationError(
        _(
            "The data file would change the edition “%(edition)s” (%(year)s), "
            "which is %(status)s and frozen: %(change)s. Corrections need a new "
            "edition; keep this edition's entry in the file as it was adopted."
        ),
        code="frozen",
        params={
            "edition": edition.title,
            "year": edition.year,
            "status": edition.get_status_display(),
            "change": change,
        },
    )


def _upsert[M: models.Model](
    report: LoadReport,
    model: type[M],
    lookup: dict,
    values: dict,
    *,
    frozen: Edition | None = None,
) -> M:
    """Create or update one row, validated like an admin form would.

    `frozen`: the adopted or archived edition the row belongs to; the load
    stops if it would add the row or change its part of the adopted text.
    """
    # Looked up by the German column too: django-modeltranslation would take
    # a translated field's name (a term's text) for the active language's.
    columns = german_columns(model, tuple(lookup))
    lookup = dict(zip(columns, lookup.values(), strict=True))
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup)
    changed = []
    for name, value in values.items():
        # The file's text is German: a translated field's German column,
        # whatever language is active (translations come as name_<code>).
        (column,) = german_columns(model, (name,))
        model_field = model._meta.get_field(column)
        if model_field.is_relation:
            current = getattr(obj, model_field.attname)
            new = value.pk if value is not None else None
        else:
            current, new = getattr(obj, column), value
        if current != new:
            setattr(obj, column, value)
            changed.append(name)
    name = model._meta.verbose_name_plural
    if frozen is not None:
        if created:
            raise _frozen_load_error(
                frozen,
                _("it adds the %(model)s “%(object)s”")
                % {"model": model._meta.verbose_name, "object": obj},
            )
        text = ", ".join(field for field in changed if field in model.frozen_fields)
        if text and model is Edition:
            raise _frozen_load_error(
                frozen, _("it changes its %(fields)s") % {"fields": text}
            )
        if text:
            raise _frozen_load_error(
                frozen,
                _("it changes %(fields)s of the %(model)s “%(object)s”")
                % {"fields": text, "model": model._meta.verbose_name, "object": obj},
            )
    if created or changed:
        obj.full_clean()
        obj.save()
        (report.created if created else report.updated)[str(name)] += 1
    else:
        report.unchanged[str(name)] += 1
    return obj


def _set_m2m(manager, objects, *, frozen: Edition | None = None) -> None:
    if set(manager.all()) != set(objects):
        if frozen is not None:
            raise _frozen_load_error(
                frozen,
                _("it changes which fields “%(object)s” continues")
                % {"object": manager.instance},
            )
        manager.set(objects)


def _decimal(model: type[models.Model], name: str, value) -> Decimal | None:
    """A number from the data file as the exact decimal it was written as
    (YAML reads 51.9618 as a float); a ValidationError for what is none."""
    text = None if value is None else str(value)
    return model._meta.get_field(name).to_python(text)


def _local(value: str | dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """A time from the data file: local time of the city unless it says
    otherwise (YAML reads an unquoted "2024-09-19 16:00:00" as a datetime)."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.fromisoformat(str(value))
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value.astimezone(tz)


def city_data_read(*, path: Path) -> dict:
    """Parse a city's YAML data file."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or "city" not in data:
        raise ValueError(f"{path} is not a city data file: it has no 'city' entry.")
    return data


@transaction.atomic
def city_load(*, data: dict) -> tuple[City, LoadReport]:
    """Load (or update) a city with its editions, action fields, process,
    venues and events from parsed data-file content."""
    report = LoadReport()
    info = data["city"]
    tz = ZoneInfo(info.get("timezone", "Europe/Berlin"))
    contact = info.get("contact", {})
    licence = info.get("data_licence") or {}
    city = _upsert(
        report,
        City,
        {"slug": info["slug"]},
        {
            "name": info["name"],
            "portal_name": info["portal_name"],
            "leitbild_title": info["leitbild_title"],
            "authority": info["authority"],
            "organisation": info["organisation"],
            "intro": info.get("intro", "").strip(),
            "contact_person": contact.get("person", ""),
            "contact_email": contact.get("email", ""),
            "contact_phone": contact.get("phone", ""),
            "contact_address": contact.get("address", "").strip(),
            "website": info.get("website", ""),
            "imprint": info.get("imprint", "").strip(),
            "privacy": info.get("privacy", "").strip(),
            "accessibility": info.get("accessibility", "").strip(),
            "data_licence_name": licence.get("name", ""),
            "data_licence_url": licence.get("url", ""),
        },
    )

    for order, item in enumerate(data.get("districts", []), start=1):
        _upsert(
            report,
            District,
            {"city": city, "slug": item["slug"]},
            {
                "name": item["name"],
                "order": order,
                "is_outside": bool(item.get("outside", False)),
            },
        )
    for order, item in enumerate(data.get("stakeholder_groups", []), start=1):
        _upsert(
            report,
            StakeholderGroup,
            {"city": city, "slug": item["slug"]},
            {"name": item["name"], "order": order},
        )

    # Adopted text is frozen (see Edition.frozen_fields), so a new edition's
    # text and content are loaded while it is a draft and every edition gets
    # its status from the file last. An edition adopted or archived before
    # this load must be in the file exactly as it is stored.
    editions: dict[int, Edition] = {}
    frozen: dict[int, Edition | None] = {}
    written: set[int] = set()
    fields_by_edition: dict[int, dict[str, ActionField]] = {}
    edition_items = sorted(data.get("editions", []), key=lambda e: e["year"])
    edition_count = str(Edition._meta.verbose_name_plural)
    for item in edition_items:
        period = item.get("period") or [item["year"], None]
        stored = Edition.objects.filter(city=city, year=item["year"]).first()
        frozen[item["year"]] = stored if stored and stored.is_frozen else None
        before = report.created[edition_count] + report.updated[edition_count]
        edition = _upsert(
            report,
            Edition,
            {"city": city, "year": item["year"]},
            {
                "number": item["number"],
                "title": item["title"],
                "period_start": period[0],
                "period_end": period[1],
                "council_decision_date": item.get("council_decision_date"),
                "council_decision_reference": item.get(
                    "council_decision_reference", ""
                ),
                "summary": item.get("summary", "").strip(),
            },
            frozen=frozen[item["year"]],
        )
        if report.created[edition_count] + report.updated[edition_count] > before:
            written.add(edition.pk)
        editions[item["year"]] = edition
        for order, section in enumerate(item.get("sections", []), start=1):
            _upsert(
                report,
                Section,
                {"edition": edition, "slug": section["slug"]},
                {
                    "order": order,
                    "kind": section.get("kind", Section.Kind.OTHER),
                    "title": section["title"],
                    "body": section.get("body", "").strip(),
                },
                frozen=frozen[item["year"]],
            )
        for order, term in enumerate(item.get("terms", []), start=1):
            _upsert(
                report,
                Term,
                {"edition": edition, "term": term["term"]},
                {"order": order, "definition": term.get("definition", "").strip()},
                frozen=frozen[item["year"]],
            )

    # Older editions first, so that later action fields can continue them.
    for item in edition_items:
        edition = editions[item["year"]]
        guard = frozen[item["year"]]
        fields = fields_by_edition.setdefault(item["year"], {})
        earlier = {
            slug: action_field
            for year, by_slug in fields_by_edition.items()
            if year < item["year"]
            for slug, action_field in by_slug.items()
        }
        for order, entry in enumerate(item.get("action_fields", []), start=1):
            action_field = _upsert(
                report,
                ActionField,
                {"edition": edition, "slug": entry["slug"]},
                {
                    "name": entry["name"],
                    "order": order,
                    "is_priority": bool(entry.get("priority", False)),
                    "short_description": entry.get("short_description", "").strip(),
                    "description": entry.get("description", "").strip(),
                },
                frozen=guard,
            )
            fields[entry["slug"]] = action_field
            _set_m2m(
                action_field.continues,
                [earlier[slug] for slug in entry.get("continues", [])],
                frozen=guard,
            )
            for goal_order, goal_item in enumerate(entry.get("goals", []), start=1):
                goal = _upsert(
                    report,
                    Goal,
                    {"action_field": action_field, "order": goal_order},
                    {
                        "title": " ".join(goal_item["title"].split()),
                        "description": goal_item.get("description", "").strip(),
                    },
                    frozen=guard,
                )
                for measure_order, measure in enumerate(
                    goal_item.get("measures", []), start=1
                ):
                    # Measures are not adopted text (see Measure): the file
                    # may add and update them on any edition.
                    _upsert(
                        report,
                        Measure,
                        {"goal": goal, "order": measure_order},
                        {
                            "title": measure["title"],
                            "kind": measure.get("kind", Measure.Kind.MEASURE),
                            "description": measure.get("description", "").strip(),
                            "responsible_actors": measure.get("responsible", ""),
                            "timeframe": measure.get("timeframe", ""),
                            "status": measure.get("status", Measure.Status.PLANNED),
                        },
                    )

    # Statuses last. A demoted edition must be saved before another is
    # adopted: the database allows one adopted edition per city. Set here,
    # not through edition_status_change(): the file records decisions taken
    # long ago (the oldest editions go straight to the archive, without a
    # recorded date), and a load renders no PDF.
    for item in sorted(
        edition_items, key=lambda e: (e["status"] == Status.ADOPTED, e["year"])
    ):
        edition = editions[item["year"]]
        status = item["status"]
        if edition.status == status:
            continue
        if frozen[item["year"]] is not None and (edition.status, status) != (
            Status.ADOPTED,
            Status.ARCHIVED,
        ):
            raise _frozen_load_error(
                edition,
                _(
                    "it sets the status to “%(status)s”; an adopted edition can "
                    "only be archived"
                )
                % {"status": Status(status).label if status in Status else status},
            )
        edition.status = status
        edition.full_clean()
        edition.save()
        if edition.pk not in written:
            report.updated[edition_count] += 1

    venues: dict[str, Venue] = {}
    for item in data.get("venues", []):
        venues[item["key"]] = _upsert(
            report,
            Venue,
            {"city": city, "name": item["name"], "street": item.get("street", "")},
            {
                "postcode": str(item.get("postcode", "")),
                "locality": item.get("locality", ""),
                "latitude": _decimal(Venue, "latitude", item.get("latitude")),
                "longitude": _decimal(Venue, "longitude", item.get("longitude")),
                "accessibility_notes": item.get("accessibility_notes", "").strip(),
            },
        )

    for item in data.get("processes", []):
        years = item["years"]
        process = _upsert(
            report,
            Process,
            {"city": city, "slug": str(item["slug"])},
            {
                "title": item["title"],
                "start_year": years[0],
                "end_year": years[1] if len(years) > 1 else None,
                "edition": editions.get(item.get("edition")),
                "description": item.get("description", "").strip(),
            },
        )
        phases: dict[int, Phase] = {}
        for phase_item in item.get("phases", []):
            phases[phase_item["number"]] = _upsert(
                report,
                Phase,
                {"process": process, "number": phase_item["number"]},
                {
                    "title": phase_item["title"],
                    "period": str(phase_item.get("period", "")),
                    "description": phase_item.get("description", "").strip(),
                },
            )
        edition_fields = fields_by_edition.get(item.get("edition"), {})
        for event_item in item.get("events", []):
            if (
                Event.objects.filter(slug=event_item["slug"])
                .exclude(process__city=city)
                .exists()
            ):
                raise ValidationError(
                    {
                        "slug": f"The event slug {event_item['slug']!r} is taken by "
                        "another city's event; choose another."
                    },
                    code="slug_of_other_city",
                )
            event = _upsert(
                report,
                Event,
                {"slug": event_item["slug"]},
                {
                    "process": process,
                    "phase": phases.get(event_item.get("phase")),
                    "type": event_item.get("type", Event.Type.WORKSHOP),
                    "title": event_item["title"],
                    "description": event_item.get("description", "").strip(),
                    "start": _local(event_item["start"], tz),
                    "end": _local(event_item["end"], tz),
                    "venue": venues.get(event_item.get("venue")),
                    "room": event_item.get("room", ""),
                    "capacity": event_item.get("capacity"),
                    "is_published": event_item.get("published", True),
                },
            )
            _set_m2m(
                event.action_fields,
                [edition_fields[slug] for slug in event_item.get("action_fields", [])],
            )

    city_cache_clear()
    return city, report
