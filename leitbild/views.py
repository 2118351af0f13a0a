from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from events.models import Event, Process
from handlungsfelder.models import ActionField

from .models import Edition
from .selectors import city_current, edition_in_force


def _city_or_404():
    city = city_current()
    if city is None:
        raise Http404("No city data loaded.")
    return city


class HomeView(TemplateView):
    template_name = "leitbild/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        city = city_current()
        if city is None:
            return context
        edition = edition_in_force(city=city)
        process = (
            Process.objects.filter(city=city)
            .exclude(events__is_example=True)
            .select_related("edition")
            .order_by("-start_year")
            .first()
        )
        context.update(
            edition=edition,
            process=process,
            priority_fields=(
                ActionField.objects.of_edition(edition).filter(is_priority=True)
                if edition
                else []
            ),
            upcoming=Event.objects.published()
            .filter(process__city=city)
            .upcoming()
            .select_related("venue")[:3],
            latest_event=Event.objects.published()
            .filter(process__city=city, is_example=False)
            .past()
            .first(),
            now=timezone.now(),
        )
        return context


class EditionDetailView(DetailView):
    template_name = "leitbild/edition_detail.html"
    context_object_name = "edition"

    def get_object(self, queryset=None):
        city = _city_or_404()
        if "year" in self.kwargs:
            return get_object_or_404(Edition, city=city, year=self.kwargs["year"])
        edition = edition_in_force(city=city)
        if edition is None:
            raise Http404("No edition yet.")
        return edition

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.object
        context.update(
            sections=edition.sections.all(),
            terms=edition.terms.all(),
            action_fields=ActionField.objects.of_edition(
                edition
            ).with_goals_and_measures(),
            editions=Edition.objects.for_city(edition.city_id).order_by("-year"),
        )
        return context


class EditionArchiveView(ListView):
    template_name = "leitbild/edition_list.html"
    context_object_name = "editions"

    def get_queryset(self):
        return Edition.objects.for_city(_city_or_404()).order_by("-year")


class CityPageView(TemplateView):
    """Imprint, privacy notice and accessibility statement: text from the
    city's data."""

    template_name = "leitbild/city_page.html"
    field = ""
    title = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        city = _city_or_404()
        context.update(page_title=self.title, text=getattr(city, self.field))
        return context
