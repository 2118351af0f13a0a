"""The agenda's filter form (a GET form: works without JavaScript) and the
event form of the back office."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from handlungsfelder.models import ActionField

from .models import Event, Process


class AgendaFilterForm(forms.Form):
    handlungsfeld = forms.ChoiceField(label=_("Action field"), required=False)
    art = forms.ChoiceField(
        label=_("Type of event"),
        required=False,
        choices=[("", _("All types"))] + list(Event.Type.choices),
    )

    def __init__(self, *args, city=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Action fields that events worked on; one entry per slug, newest
        # edition's name first (a field keeps its slug across editions).
        fields = (
            ActionField.objects.filter(events__process__city=city)
            .order_by("slug", "-edition__year")
            .values_list("slug", "name")
            .distinct()
        )
        names = {}
        for slug, name in fields:
            names.setdefault(slug, name)
        self.fields["handlungsfeld"].choices = [("", _("All action fields"))] + sorted(
            names.items(), key=lambda item: item[1]
        )

    @property
    def is_active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


def _name_with_edition(action_field) -> str:
    """An action field's name and its edition's period: names repeat from
    edition to edition ("Bildung und Sprachen" in 2019 and in 2025)."""
    return f"{action_field.name} ({action_field.edition.period_label})"


class EventAdminForm(forms.ModelForm):
    """An event's page in the back office.

    The action fields it works on are those of the edition its process
    prepares: only they are offered, each named with its edition, and a field
    of another edition is refused. Fields already ticked stay on offer, so
    that none disappears unnoticed; with no edition to go by (a process
    without one, a new event without a process) every field is offered,
    newest edition first.
    """

    class Meta:
        model = Event
        # The admin's fieldsets name the rest; these are the fields this form
        # looks after.
        fields = ["process", "action_fields"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("action_fields")
        if field is None:  # read-only for this user
            return
        offered = ActionField.objects.select_related("edition").order_by(
            "-edition__year", "order", "name"
        )
        process = self._chosen_process()
        if process is not None and process.edition_id is not None:
            offered = offered.filter(
                Q(edition_id=process.edition_id) | Q(pk__in=self._ticked_ids())
            )
        field.queryset = offered
        field.label_from_instance = _name_with_edition

    def _event_process(self) -> Process | None:
        return self.instance.process if self.instance.process_id else None

    def _chosen_process(self) -> Process | None:
        """The process just chosen in the form, else the event's own."""
        if "process" not in self.fields:
            return self._event_process()
        try:
            return self.fields["process"].to_python(self["process"].value())
        except ValidationError:
            return None  # the process field says what is wrong

    def _ticked_ids(self) -> list[int]:
        """The action fields ticked: the event's, or those just sent."""
        values = self["action_fields"].value() or []
        return [int(value) for value in values if str(value).isdigit()]

    def clean(self):
        cleaned_data = super().clean()
        if "process" in self.fields:
            process = cleaned_data.get("process")
        else:
            process = self._event_process()
        action_fields = cleaned_data.get("action_fields")
        if process is None or process.edition_id is None or not action_fields:
            return cleaned_data
        others = [f for f in action_fields if f.edition_id != process.edition_id]
        if others:
            self.add_error(
                "action_fields",
                ValidationError(
                    _(
                        "The process “%(process)s” prepares the edition "
                        "%(edition)s: choose only action fields of that edition. "
                        "Of another edition: %(fields)s."
                    ),
                    code="action_field_of_other_edition",
                    params={
                        "process": process,
                        "edition": process.edition.period_label,
                        "fields": ", ".join(_name_with_edition(f) for f in others),
                    },
                ),
            )
        return cleaned_data
