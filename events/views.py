"""Public pages of the events app."""

from django.views.generic import DetailView

from core.selectors import city_or_404
from handlungsfelder.models import ActionField
from handlungsfelder.selectors import action_field_by_address

from .models import Event


class ActionFieldDetailView(DetailView):
    """An action field with its goals and measures, what it continues, and
    the events that worked on it: it shows events, so it lives here."""

    template_name = "events/actionfield_detail.html"
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
