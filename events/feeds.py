"""Calendar downloads and feeds (iCalendar) of the current city's events."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from handlungsfelder.models import ActionField
from leitbild.models import City
from leitbild.selectors import city_current, edition_in_force

from .ical import render_calendar_ics, render_event_ics
from .models import Event

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _city() -> City:
    city = city_current()
    if city is None:
        raise Http404("No city data loaded.")
    return city


def _events_of(city: City):
    """Every published event of the city, past and upcoming, cancelled too:
    a subscriber's calendar must learn that an event was called off."""
    return (
        Event.objects.published()
        .filter(process__city=city)
        .select_related("venue")
        .order_by("start")
    )


def _portal(city: City) -> str:
    return city.portal_name or city.name


def event_ics(request, slug):
    """One event as an .ics file to download."""
    event = get_object_or_404(_events_of(_city()), slug=slug)
    response = HttpResponse(render_event_ics(event), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def calendar_feed(request):
    """All events of the city as a calendar to subscribe to."""
    city = _city()
    body = render_calendar_ics(
        _events_of(city),
        name=_("%(portal)s: events") % {"portal": _portal(city)},
        description=_("Events of the participatory process in %(city)s.")
        % {"city": city.name},
    )
    return HttpResponse(body, content_type=CONTENT_TYPE)


def _action_field(city: City, slug: str) -> ActionField:
    """The action field as its page finds it: of the edition in force, else
    the newest earlier edition that had this slug (the address stays)."""
    edition = edition_in_force(city=city)
    if edition is None:
        raise Http404("No edition yet.")
    action_field = (
        ActionField.objects.filter(edition=edition, slug=slug).first()
        or ActionField.objects.filter(edition__city=city, slug=slug)
        .order_by("-edition__year")
        .first()
    )
    if action_field is None:
        raise Http404("No such action field.")
    return action_field


def action_field_feed(request, slug):
    """The events of one action field as a calendar to subscribe to."""
    city = _city()
    action_field = _action_field(city, slug)
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
