from django.http import Http404
from django.views.generic import DetailView, ListView, TemplateView

from events.models import Event
from leitbild.selectors import city_current, city_or_404, edition_in_force

from .charts import render_status_chart
from .models import ActionField
from .selectors import (
    STATUSES,
    action_field_by_address,
    implementation_overview,
    status_totals,
)


def _current_edition():
    city = city_current()
    edition = edition_in_force(city=city) if city else None
    if edition is None:
        raise Http404("No edition yet.")
    return edition


class ActionFieldListView(ListView):
    template_name = "handlungsfelder/actionfield_list.html"
    context_object_name = "action_fields"

    def get_queryset(self):
        self.edition = _current_edition()
        return ActionField.objects.of_edition(self.edition)

    def get_context_data(self, **kwargs):
        return super().get_context_data(edition=self.edition, **kwargs)


class ActionFieldDetailView(DetailView):
    template_name = "handlungsfelder/actionfield_detail.html"
    context_object_name = "action_field"

    def get_object(self, queryset=None):
        return action_field_by_address(
            city=city_or_404(),
            slug=self.kwargs["slug"],
            queryset=ActionField.objects.select_related(
                "edition"
            ).with_goals_and_measures(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action_field = self.object
        context.update(
            events=Event.objects.published()
            .filter(action_fields=action_field)
            .select_related("venue")
            .prefetch_related("documents")
            .order_by("start"),
            continues=action_field.continues.select_related("edition"),
            continued_by=action_field.continued_by.select_related("edition"),
        )
        return context


class ImplementationView(TemplateView):
    """How far the measures of the edition in force have got, field by
    field: a table and a chart of the same figures."""

    template_name = "handlungsfelder/implementation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = _current_edition()
        rows = implementation_overview(edition)
        context.update(
            edition=edition,
            rows=rows,
            totals=status_totals(rows),
            statuses=STATUSES,
            chart=render_status_chart(rows),
        )
        return context
