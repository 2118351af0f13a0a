"""The agenda's filter form (a GET form: works without JavaScript) and the
event form of the back office."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from handlungsfelder.models import ActionField, Goal, Measure

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


def _goal_label(goal) -> str:
    """A goal with its action field and edition: goals are read as part of
    their field."""
    return f"{goal.title} – {_name_with_edition(goal.action_field)}"


def _measure_label(measure) -> str:
    return f"{measure.title} – {_name_with_edition(measure.goal.action_field)}"


@dataclass(frozen=True)
class _EditionRows:
    """A choice of rows of the process's edition on the event form: action
    fields, goals or measures. `edition` leads from a row to its edition's
    id (a lookup, and the same as attributes); the message names the rows of
    another edition when the form refuses them."""

    queryset: Callable[[], QuerySet]
    edition: str
    label: Callable[[object], str]
    message: str
    code: str

    def edition_id(self, row) -> int:
        value = row
        for name in self.edition.split("__"):
            value = getattr(value, name)
        return value


_OTHER_EDITION = {
    "action_fields": _EditionRows(
        queryset=lambda: ActionField.objects.select_related("edition").order_by(
            "-edition__year", "order", "name"
        ),
        edition="edition_id",
        label=_name_with_edition,
        message=_(
            "The process “%(process)s” prepares the edition %(edition)s: "
            "choose only action fields of that edition. "
            "Of another edition: %(fields)s."
        ),
        code="action_field_of_other_edition",
    ),
    "goals": _EditionRows(
        queryset=lambda: Goal.objects.select_related("action_field__edition").order_by(
            "-action_field__edition__year",
            "action_field__order",
            "action_field__name",
            "order",
            "pk",
        ),
        edition="action_field__edition_id",
        label=_goal_label,
        message=_(
            "The process “%(process)s” prepares the edition %(edition)s: "
            "choose only goals of that edition. Of another edition: %(fields)s."
        ),
        code="goal_of_other_edition",
    ),
    "measures": _EditionRows(
        queryset=lambda: Measure.objects.select_related(
            "goal__action_field__edition"
        ).order_by(
            "-goal__action_field__edition__year",
            "goal__action_field__order",
            "goal__action_field__name",
            "goal__order",
            "order",
            "pk",
        ),
        edition="goal__action_field__edition_id",
        label=_measure_label,
        message=_(
            "The process “%(process)s” prepares the edition %(edition)s: "
            "choose only measures of that edition. Of another edition: %(fields)s."
        ),
        code="measure_of_other_edition",
    ),
}


class EventAdminForm(forms.ModelForm):
    """An event's page in the back office.

    The action fields it works on, and the goals and measures it worked on
    (what its documentation lists), are those of the edition its process
    prepares: only they are offered, each named with its action field and
    edition, and one of another edition is refused. Those already ticked
    stay on offer, so that none disappears unnoticed; with no edition to go
    by (a process without one, a new event without a process) every one is
    offered, newest edition first.
    """

    class Meta:
        model = Event
        # The admin's fieldsets name the rest; these are the fields this form
        # looks after.
        fields = ["process", "action_fields", "goals", "measures"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        process = self._chosen_process()
        for name, rows in _OTHER_EDITION.items():
            field = self.fields.get(name)
            if field is None:  # read-only for this user
                continue
            offered = rows.queryset()
            if process is not None and process.edition_id is not None:
                offered = offered.filter(
                    Q(**{rows.edition: process.edition_id})
                    | Q(pk__in=self._ticked_ids(name))
                )
            field.queryset = offered
            field.label_from_instance = rows.label

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

    def _ticked_ids(self, name: str) -> list[int]:
        """The rows ticked: the event's, or those just sent."""
        values = self[name].value() or []
        return [int(value) for value in values if str(value).isdigit()]

    def clean(self):
        cleaned_data = super().clean()
        if "process" in self.fields:
            process = cleaned_data.get("process")
        else:
            process = self._event_process()
        if process is None or process.edition_id is None:
            return cleaned_data
        for name, rows in _OTHER_EDITION.items():
            chosen = cleaned_data.get(name) or []
            others = [
                row for row in chosen if rows.edition_id(row) != process.edition_id
            ]
            if others:
                self.add_error(
                    name,
                    ValidationError(
                        rows.message,
                        code=rows.code,
                        params={
                            "process": process,
                            "edition": process.edition.period_label,
                            "fields": ", ".join(rows.label(row) for row in others),
                        },
                    ),
                )
        return cleaned_data
