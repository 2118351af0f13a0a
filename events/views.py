from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from leitbild.selectors import city_current

from .models import Event
from .selectors import agenda_for_city


class AgendaView(TemplateView):
    template_name = "events/event_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        city = city_current()
        if city is None:
            raise Http404("No city data loaded.")
        context["agenda"] = agenda_for_city(city=city)
        return context


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        city = city_current()
        if city is None:
            raise Http404("No city data loaded.")
        return get_object_or_404(
            Event.objects.published()
            .filter(process__city=city)
            .select_related("venue", "phase", "process")
            .prefetch_related("action_fields"),
            slug=self.kwargs["slug"],
        )
