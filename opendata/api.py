"""The read-only JSON API under /api/v1/ (django-ninja).

Its OpenAPI 3 document is /api/v1/openapi.json, browsable at /api/v1/docs
(Swagger UI from the app's own static files; it asks no other server,
not even Swagger's online validator). Every list is paged by `limit` and
`offset` and names the licence; every answer is cached, carries an ETag
and the licence in a Link header (opendata.http.open_data), and may be read
from any web page (CORS for GET, see settings). The records and their rules
are in opendata.schemas and opendata.selectors.
"""

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.conf import settings as ninja_settings
from ninja.openapi.docs import Swagger
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.renderers import JSONRenderer

from core.selectors import city_current, city_or_404

from . import schemas, selectors
from .http import open_data

# The largest offset the databases take safely; any list is far shorter.
MAX_OFFSET = 10**9
YEAR = {"ge": 0, "le": 32767, "description": "The year of the edition."}
SLUG = {"pattern": r"^[-a-zA-Z0-9_]+$", "max_length": 120}
ID = {"ge": 1, "le": 2**63 - 1}


class Renderer(JSONRenderer):
    """JSON with umlauts as they are, not escaped."""

    json_dumps_params = {"ensure_ascii": False}


class Page(LimitOffsetPagination):
    """Pages by limit and offset, and names the licence with each page."""

    class Input(Schema):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE,
            ge=1,
            le=ninja_settings.PAGINATION_MAX_LIMIT,
            description="How many items to return (at most "
            f"{ninja_settings.PAGINATION_MAX_LIMIT}).",
        )
        offset: int = Field(
            0, ge=0, le=MAX_OFFSET, description="How many items to skip."
        )

    class Output(Schema):
        count: int = Field(description="How many items match, on all pages.")
        limit: int = Field(description="The page size asked for.")
        offset: int = Field(description="How many items were skipped.")
        licence: schemas.Licence | None = Field(
            description="The licence of the data; null when the city has not named one."
        )
        items: list[Any]

    def paginate_queryset(self, queryset, pagination, request, **params):
        offset, limit = pagination.offset, pagination.limit
        return {
            "count": queryset.count(),
            "limit": limit,
            "offset": offset,
            "licence": schemas.Licence.of(city_current()),
            "items": queryset[offset : offset + limit],
        }


api = NinjaAPI(
    title="Leitbildportal: open data",
    version="1",
    description=(
        "The public records of the portal's participation process, read-only: "
        "the editions of the Leitbild with their sections, the action fields "
        "with their goals and measures, the processes with their work phases, "
        "and the published events. Lists are paged (`limit`, `offset`) and "
        "name the data's licence, which every answer also gives in a Link "
        'header (rel="license"). Answers carry an ETag: send it back in '
        "If-None-Match to get 304 Not Modified while nothing changed. "
        "Records never contain personal data."
    ),
    urls_namespace="api",
    renderer=Renderer(),
    docs=Swagger(settings={"validatorUrl": None, "defaultModelsExpandDepth": 0}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_decorator(open_data, mode="view")

LIST_ERRORS = {422: schemas.Error}
DETAIL_ERRORS = {404: schemas.Error, 422: schemas.Error}


def read(path: str, **kwargs):
    """Register a GET operation, and HEAD for the same path (kept out of the
    OpenAPI document, where it would repeat the GET)."""

    def decorator(func):
        api.api_operation(
            ["HEAD"], path, include_in_schema=False, response=kwargs["response"]
        )(func)
        return api.get(path, **kwargs)(func)

    return decorator


# --------------------------------------------------------------------------
# Editions and sections


@read(
    "/editions",
    response={200: list[schemas.EditionOut], **LIST_ERRORS},
    tags=["Leitbild"],
    summary="Editions of the Leitbild",
)
@paginate(Page)
def list_editions(request, filters: Query[schemas.EditionFilter]):
    """The editions of the Leitbild, newest first."""
    return filters.filter(selectors.open_editions(city=city_or_404()))


@read(
    "/editions/{year}",
    response={200: schemas.EditionOut, **DETAIL_ERRORS},
    tags=["Leitbild"],
    summary="One edition",
)
def get_edition(request, year: int = Path(..., **YEAR)):
    """The edition of the given year."""
    return get_object_or_404(selectors.open_editions(city=city_or_404()), year=year)


@read(
    "/sections",
    response={200: list[schemas.SectionOut], **LIST_ERRORS},
    tags=["Leitbild"],
    summary="Sections of the editions",
)
@paginate(Page)
def list_sections(request, filters: Query[schemas.SectionFilter]):
    """The sections (chapters) of the editions, newest edition first, each
    edition's in their order."""
    return filters.filter(selectors.open_sections(city=city_or_404()))


@read(
    "/editions/{year}/sections/{slug}",
    response={200: schemas.SectionOut, **DETAIL_ERRORS},
    tags=["Leitbild"],
    summary="One section",
)
def get_section(
    request,
    year: int = Path(..., **YEAR),
    slug: str = Path(..., description="The section's slug.", **SLUG),
):
    """The section with this slug of the edition of the given year."""
    return get_object_or_404(
        selectors.open_sections(city=city_or_404()), edition__year=year, slug=slug
    )


# --------------------------------------------------------------------------
# Action fields, goals and measures


@read(
    "/action-fields",
    response={200: list[schemas.ActionFieldOut], **LIST_ERRORS},
    tags=["Action fields"],
    summary="Action fields",
)
@paginate(Page)
def list_action_fields(request, filters: Query[schemas.ActionFieldFilter]):
    """The action fields of the editions, newest edition first and its
    priorities first, each with how many of its measures are in each status."""
    return filters.filter(selectors.open_action_fields(city=city_or_404()))


@read(
    "/editions/{year}/action-fields/{slug}",
    response={200: schemas.ActionFieldOut, **DETAIL_ERRORS},
    tags=["Action fields"],
    summary="One action field",
)
def get_action_field(
    request,
    year: int = Path(..., **YEAR),
    slug: str = Path(..., description="The action field's slug.", **SLUG),
):
    """The action field with this slug of the edition of the given year."""
    return get_object_or_404(
        selectors.open_action_fields(city=city_or_404()),
        edition__year=year,
        slug=slug,
    )


@read(
    "/goals",
    response={200: list[schemas.GoalOut], **LIST_ERRORS},
    tags=["Action fields"],
    summary="Goals of the action fields",
)
@paginate(Page)
def list_goals(request, filters: Query[schemas.GoalFilter]):
    """The goals of the action fields, in the order of their fields."""
    return filters.filter(selectors.open_goals(city=city_or_404()))


@read(
    "/goals/{goal_id}",
    response={200: schemas.GoalOut, **DETAIL_ERRORS},
    tags=["Action fields"],
    summary="One goal",
)
def get_goal(request, goal_id: int = Path(..., description="The goal's id.", **ID)):
    """The goal with this id."""
    return get_object_or_404(selectors.open_goals(city=city_or_404()), pk=goal_id)


@read(
    "/measures",
    response={200: list[schemas.MeasureOut], **LIST_ERRORS},
    tags=["Action fields"],
    summary="Measures and their status",
)
@paginate(Page)
def list_measures(request, filters: Query[schemas.MeasureFilter]):
    """The measures, concepts and projects derived from the goals, with how
    far each has come, in the order of their goals."""
    return filters.filter(selectors.open_measures(city=city_or_404()))


@read(
    "/measures/{measure_id}",
    response={200: schemas.MeasureOut, **DETAIL_ERRORS},
    tags=["Action fields"],
    summary="One measure",
)
def get_measure(
    request, measure_id: int = Path(..., description="The measure's id.", **ID)
):
    """The measure with this id."""
    return get_object_or_404(selectors.open_measures(city=city_or_404()), pk=measure_id)


# --------------------------------------------------------------------------
# Processes, phases and events


@read(
    "/processes",
    response={200: list[schemas.ProcessOut], **LIST_ERRORS},
    tags=["Process"],
    summary="Participation processes",
)
@paginate(Page)
def list_processes(request, filters: Query[schemas.ProcessFilter]):
    """The participation processes, newest first."""
    return filters.filter(selectors.open_processes(city=city_or_404()))


@read(
    "/processes/{slug}",
    response={200: schemas.ProcessOut, **DETAIL_ERRORS},
    tags=["Process"],
    summary="One process",
)
def get_process(
    request, slug: str = Path(..., description="The process's slug.", **SLUG)
):
    """The process with this slug."""
    return get_object_or_404(selectors.open_processes(city=city_or_404()), slug=slug)


@read(
    "/phases",
    response={200: list[schemas.PhaseOut], **LIST_ERRORS},
    tags=["Process"],
    summary="Work phases of the processes",
)
@paginate(Page)
def list_phases(request, filters: Query[schemas.PhaseFilter]):
    """The work phases of the processes, newest process first, each in its
    order."""
    return filters.filter(selectors.open_phases(city=city_or_404()))


@read(
    "/processes/{slug}/phases/{number}",
    response={200: schemas.PhaseOut, **DETAIL_ERRORS},
    tags=["Process"],
    summary="One work phase",
)
def get_phase(
    request,
    slug: str = Path(..., description="The slug of the phase's process.", **SLUG),
    number: int = Path(..., ge=1, le=32767, description="The phase's number."),
):
    """The work phase with this number of the process with this slug."""
    return get_object_or_404(
        selectors.open_phases(city=city_or_404()), process__slug=slug, number=number
    )


@read(
    "/events",
    response={200: list[schemas.EventOut], **LIST_ERRORS},
    tags=["Process"],
    summary="Events",
)
@paginate(Page)
def list_events(request, filters: Query[schemas.EventFilter]):
    """The published events of the processes, past and upcoming, cancelled
    ones too (marked), soonest first."""
    return filters.filter(selectors.open_events(city=city_or_404()))


@read(
    "/events/{slug}",
    response={200: schemas.EventOut, **DETAIL_ERRORS},
    tags=["Process"],
    summary="One event",
)
def get_event(request, slug: str = Path(..., description="The event's slug.", **SLUG)):
    """The event with this slug."""
    event = selectors.open_events(city=city_or_404()).filter(slug=slug).first()
    if event is None:
        raise Http404("No such event.")
    return event
