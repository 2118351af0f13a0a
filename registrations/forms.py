"""The public sign-up form."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import District, Registration, StakeholderGroup

HONEYPOT_FIELD = "homepage"


def honeypot_field() -> forms.CharField:
    """A trap for scripts: hidden from people and from screen readers (the
    layout wraps it in `portal-trap`), filled in only by bots that complete
    every field they find. Name it HONEYPOT_FIELD."""
    return forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class RegistrationForm(forms.Form):
    """Sign up for one event, without an account. Field limits follow the
    model, so nothing valid here fails later in the database."""

    name = forms.CharField(
        label=_("Name"),
        max_length=Registration._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=Registration._meta.get_field("email").max_length,
        help_text=_("We send the link that confirms your registration here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        required=False,
        max_length=Registration._meta.get_field("organisation").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    stakeholder_group = forms.ModelChoiceField(
        label=_("I take part as"),
        queryset=StakeholderGroup.objects.none(),
        empty_label=_("Please choose"),
    )
    district = forms.ModelChoiceField(
        label=_("City district (optional)"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("No answer"),
    )
    interpretation_language = forms.CharField(
        label=_("I need interpretation into (optional)"),
        required=False,
        max_length=Registration._meta.get_field("interpretation_language").max_length,
        help_text=_("For example: Arabic, Turkish, Ukrainian, German Sign Language"),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: step-free access, hearing loop, large print"),
    )
    needs_childcare = forms.BooleanField(
        label=_("I need childcare during the event"), required=False
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my details are stored to organise this event, as "
            "described in the privacy notice."
        ),
        error_messages={
            "required": _(
                "Please agree to the privacy notice, or we cannot register you."
            )
        },
    )
    homepage = honeypot_field()

    def __init__(self, *args, city=None, privacy_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder_group"].queryset = StakeholderGroup.objects.filter(
            city=city
        )
        self.fields["district"].queryset = District.objects.filter(city=city)
        if privacy_url:
            self.fields["consent"].help_text = format_html(
                '<a href="{}">{}</a>', privacy_url, _("Read the privacy notice")
            )
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template writes the <form>
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                _("About you"),
                "name",
                "email",
                "organisation",
                "stakeholder_group",
                "district",
            ),
            Fieldset(
                _("What you need to take part"),
                "interpretation_language",
                "accessibility_needs",
                "needs_childcare",
            ),
            Field("consent"),
            Div(
                Field(HONEYPOT_FIELD),
                css_class="portal-trap",
                aria_hidden="true",
            ),
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter your name."), code="required")
        return name

    @property
    def is_spam(self) -> bool:
        """The hidden field was filled in: a script, not a person."""
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())
