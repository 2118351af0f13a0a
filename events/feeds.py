"""Calendar downloads and feeds (iCalendar) of the current city's events."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.models import City
from core.selectors import city_or_404
from handlungsfelder.selectors import action_field_by_address

from .ical import render_calendar_ics, render_event_ics
from .models import Event

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _events_of(city: City):
    """Every published event of the city, past and upcoming, cancelled too:
    a subscriber's calendar must learn that an event was called off."""
    return (
        Event.objects.published()
        .filter(process__city=city)
        .select_related("venue", "process__city")
        .prefetch_related("action_fields")
        .order_by("start")
    )


def _portal(city: City) -> str:
    return city.portal_name or city.name


def event_ics(request, slug):
    """One event as an .ics file to download."""
    event = get_object_or_404(_events_of(city_or_404()), slug=slug)
    response = HttpResponse(render_event_ics(event), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def calendar_feed(request):
    """All events of the city as a calendar to subscribe to."""
    city = city_or_404()
    body = render_calendar_ics(
        _events_of(city),
        name=_("%(portal)s: events") % {"portal": _portal(city)},
        description=_("Events of the participatory process in %(city)s.")
        % {"city": city.name},
    )
    return HttpResponse(body, content_type=CONTENT_TYPE)


def action_field_feed(request, slug):
    """The events of one action field as a calendar to subscribe to."""
    city = city_or_404()
    action_field = action_field_by_address(city=city, slug=slug)
    body = render_calendar_ics(
        _events_of(city).filter(action_fields=action_field),
        name=_("%(portal)s: events on “%(action_field)s”")
        % {"portal": _portal(city), "action_field": action_field.name},
        description=_(
            "Events of the participatory process on the action field "
            "“%(action_field)s”."
        )
        % {"action_field": action_field.name},
    )
    return HttpResponse(body, content_type=CONTENT_TYPE)
