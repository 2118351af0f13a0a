"""The agenda's filter form (a GET form: works without JavaScript)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from handlungsfelder.models import ActionField

from .models import Event


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
