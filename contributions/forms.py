"""The public forms of the consultation: a comment or idea, a text
suggestion on a passage of a section, and support for a contribution.

Field names are the service's argument names, so that its errors land
beside the right field (core.forms.form_errors_from). Each page may show
several forms, so each has a prefix and its ids stay unique.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from registrations.forms import HONEYPOT_FIELD, honeypot_field
from registrations.models import District, StakeholderGroup

from .models import BODY_MAX_LENGTH, PASSAGE_MAX_LENGTH, Contribution

NUL_ERROR = _(
    "The text contains an invisible control character (NUL). Please type "
    "it again instead of pasting it."
)


class _PublicForm(forms.Form):
    """What the public forms share: the e-mail address and consent of
    residents without an account, the trap for scripts, clear errors for
    text with NUL bytes, and crispy's helper without its own <form> tag."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=Contribution._meta.get_field("email").max_length,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my details are stored for this consultation, as "
            "described in the privacy notice."
        ),
        error_messages={
            "required": _(
                "Please agree to the privacy notice, or we cannot take your "
                "contribution."
            )
        },
    )
    homepage = honeypot_field()

    def __init__(self, *args, signed_in=False, privacy_url="", **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            # The account's address is used, and the account holder agreed.
            del self.fields["email"]
        if privacy_url:
            self.fields["consent"].help_text = format_html(
                '<a href="{}">{}</a>', privacy_url, _("Read the privacy notice")
            )
        for field in self.fields.values():
            # Django refuses NUL bytes in text; say so in words people know.
            field.error_messages["null_characters_not_allowed"] = NUL_ERROR
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template writes the <form>
        self.helper.disable_csrf = True  # {% csrf_field %}: the page is cached
        self.helper.layout = self.layout()

    def layout(self) -> Layout:
        raise NotImplementedError

    def trap(self) -> Div:
        return Div(Field(HONEYPOT_FIELD), css_class="portal-trap", aria_hidden="true")

    @property
    def is_spam(self) -> bool:
        """The hidden field was filled in: a script, not a person."""
        return bool(self.data.get(self.add_prefix(HONEYPOT_FIELD), "").strip())


class ContributionForm(_PublicForm):
    """A comment or idea on a section, an action field or a goal."""

    kind = Contribution.Kind.COMMENT

    body = forms.CharField(
        label=_("Your comment or idea"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        error_messages={"required": _("Please write your comment or idea.")},
    )
    author_name = forms.CharField(
        label=_("Name or pseudonym (optional)"),
        required=False,
        max_length=Contribution._meta.get_field("author_name").max_length,
        help_text=_(
            "Shown with your contribution. Without one it is shown as “a resident”."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "dir": "auto"}),
    )
    stakeholder_group = forms.ModelChoiceField(
        label=_("I take part as (optional)"),
        queryset=StakeholderGroup.objects.none(),
        required=False,
        empty_label=_("No answer"),
    )
    district = forms.ModelChoiceField(
        label=_("City district (optional)"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("No answer"),
    )

    field_order = [
        "body",
        "author_name",
        "email",
        "stakeholder_group",
        "district",
        "consent",
        HONEYPOT_FIELD,
    ]

    def __init__(self, *args, city=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder_group"].queryset = StakeholderGroup.objects.filter(
            city=city
        )
        self.fields["district"].queryset = District.objects.filter(city=city)

    def text_fields(self) -> list:
        return ["body"]

    def layout(self) -> Layout:
        about_you = ["author_name", "email", "stakeholder_group", "district"]
        return Layout(
            *self.text_fields(),
            Fieldset(
                _("About you"), *[name for name in about_you if name in self.fields]
            ),
            Field("consent"),
            self.trap(),
        )

    def clean_author_name(self):
        return " ".join(self.cleaned_data["author_name"].split())


class SuggestionForm(ContributionForm):
    """A new wording for a passage of a section, with a short reason."""

    kind = Contribution.Kind.SUGGESTION

    passage = forms.CharField(
        label=_("The passage you want to change"),
        max_length=PASSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Copy the words exactly as they stand in the text above."),
        error_messages={
            "required": _("Please copy the passage you want to change from the text.")
        },
    )
    proposal = forms.CharField(
        label=_("Your proposed wording"),
        max_length=PASSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        error_messages={"required": _("Please write the new wording.")},
    )

    field_order = ["passage", "proposal", *ContributionForm.field_order]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        body.label = _("Why? A short reason")
        body.error_messages["required"] = _(
            "Please say in a few words why the text should change."
        )
        body.widget.attrs["rows"] = 3

    def text_fields(self) -> list:
        return ["passage", "proposal", "body"]


class SupportForm(_PublicForm):
    """Support for a published contribution: an e-mail address to confirm
    from, or one button for a signed-in resident."""

    field_order = ["email", "consent", HONEYPOT_FIELD]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "email" in self.fields:
            self.fields["email"].help_text = _(
                "We send you a link: your support counts once you confirm it."
            )
            self.fields["consent"].label = _(
                "I agree that my e-mail address is stored to count my support, "
                "as described in the privacy notice."
            )
        else:
            del self.fields["consent"]

    def layout(self) -> Layout:
        return Layout(
            *[name for name in ("email", "consent") if name in self.fields], self.trap()
        )
