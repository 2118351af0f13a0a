"""The comparison's choice of two editions (a GET form)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leitbild.models import Edition


class EditionCompareForm(forms.Form):
    """Two editions of the city, by year, to compare. A GET form: the
    comparison has an address to share and works without JavaScript."""

    von = forms.TypedChoiceField(
        label=_("From the edition"),
        coerce=int,
        error_messages={"invalid_choice": _("There is no edition of that year.")},
    )
    zu = forms.TypedChoiceField(
        label=_("To the edition"),
        coerce=int,
        error_messages={"invalid_choice": _("There is no edition of that year.")},
    )

    def __init__(self, *args, editions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(edition.year, self._label(edition)) for edition in editions]
        self.fields["von"].choices = choices
        self.fields["zu"].choices = choices

    @staticmethod
    def _label(edition: Edition) -> str:
        number = gettext("Edition %(number)s") % {"number": edition.number}
        label = f"{edition.year}: {number}, {edition.get_status_display()}"
        return f"{label} ({gettext('Example')})" if edition.is_example else label

    def clean(self):
        cleaned_data = super().clean()
        von, zu = cleaned_data.get("von"), cleaned_data.get("zu")
        if von is not None and von == zu:
            self.add_error(
                "zu",
                ValidationError(
                    _("Choose two different editions."), code="same_edition"
                ),
            )
        return cleaned_data
