"""The edition's lifecycle in the admin: consultation, adoption (which stores
the PDF), archive and a new draft with all its action fields.

Buttons on the edition's page call the services; the status is never a form
field. Once adopted, an edition's text is read-only here as it is in the
models (Edition.check_frozen), and every page of it says why. It lives here,
at the top, because adoption stores the edition's PDF with its process
appendix and a new draft copies the action fields.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import TranslationAdmin
from core.forms import form_errors_from
from handlungsfelder.services import edition_copy_as_draft
from leitbild.admin import FrozenTextAdminMixin, SectionInline, TermInline
from leitbild.models import Edition
from leitbild.services import EDITION_TRANSITIONS

from .services import edition_status_change

Status = Edition.Status


class EditionAdminForm(forms.ModelForm):
    """The edition's own fields; the consultation's window is checked here so
    that a wrong closing date is shown beside its field (the model's
    constraint would name no field)."""

    class Meta:
        model = Edition
        fields = []  # the admin's fieldsets name them
        help_texts = {
            "consultation_opens": _(
                "From this moment residents can contribute, if the edition "
                "is in consultation."
            ),
            "consultation_closes": _(
                "From this moment nobody can contribute any more; what was "
                "published stays readable. Must be after the opening."
            ),
        }

    def clean(self):
        cleaned_data = super().clean()
        opens = cleaned_data.get("consultation_opens")
        closes = cleaned_data.get("consultation_closes")
        if opens and closes and closes <= opens:
            self.add_error(
                "consultation_closes",
                ValidationError(
                    _("The consultation must close after it opens."),
                    code="consultation_window",
                ),
            )
        return cleaned_data


class EditionAdoptForm(forms.Form):
    council_decision_date = forms.DateField(
        label=capfirst(_("date of the council decision")),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    council_decision_reference = forms.CharField(
        label=capfirst(_("reference of the council decision")),
        max_length=100,
        required=False,
        help_text=_("For example the number of the council's printed matter."),
    )


class EditionCopyForm(forms.Form):
    year = forms.IntegerField(
        label=capfirst(_("year")),
        min_value=1900,
        max_value=2999,
        help_text=_("The year of the new edition; its period starts then."),
    )
    title = forms.CharField(
        label=capfirst(_("title")),
        max_length=200,
        required=False,
        help_text=_("Leave empty to keep the title of this edition."),
    )


# Each lifecycle step: its button, the confirming button, the message once
# done.
STATUS_ACTIONS = {
    Status.CONSULTATION: (
        _("Submit for consultation"),
        _("Submit for consultation"),
        _("The edition “%(edition)s” is now in consultation."),
    ),
    Status.DRAFT: (
        _("Return to draft"),
        _("Return to draft"),
        _("The edition “%(edition)s” is a draft again."),
    ),
    Status.ADOPTED: (
        _("Adopt…"),
        _("Adopt"),
        _(
            "The edition “%(edition)s” is adopted; its text is frozen and its PDF "
            "archived."
        ),
    ),
    Status.ARCHIVED: (
        _("Archive"),
        _("Archive"),
        _("The edition “%(edition)s” is archived."),
    ),
}


@admin.register(Edition)
class EditionAdmin(FrozenTextAdminMixin, TranslationAdmin):
    list_display = [
        "year",
        "number",
        "title",
        "period_label",
        "status",
        "council_decision_date",
    ]
    list_filter = ["status", "city", "is_example"]
    search_fields = ["title", "summary"]
    inlines = [SectionInline, TermInline]
    date_hierarchy = "council_decision_date"
    change_form_template = "admin/leitbild/edition/change_form.html"
    form = EditionAdminForm
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "city",
                    "number",
                    "year",
                    "title",
                    "period_start",
                    "period_end",
                    "summary",
                    "status",
                    "council_decision_date",
                    "council_decision_reference",
                    "pdf_file",
                    "pdf_sha256",
                ]
            },
        ),
        (
            _("Public consultation"),
            {
                "fields": [
                    "consultation_opens",
                    "consultation_closes",
                    "contributions_publish_directly",
                ],
                "description": _(
                    "While the edition is in consultation and between these two "
                    "moments, residents can comment on its sections, action "
                    "fields and goals and suggest new wording. Without both "
                    "dates nobody can contribute."
                ),
            },
        ),
        (None, {"fields": ["is_example"]}),
    ]
    # The status and the council decision change only through the lifecycle
    # buttons (edition_status_change); the PDF is stored at adoption.
    readonly_fields = [
        "status",
        "council_decision_date",
        "council_decision_reference",
        "pdf_file",
        "pdf_sha256",
    ]

    def edition_of(self, obj):
        return obj

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/status/<str:status>/",
                self.admin_site.admin_view(self.status_view),
                name="{}_{}_status".format(*info),
            ),
            path(
                "<path:object_id>/new-draft/",
                self.admin_site.admin_view(self.copy_view),
                name="{}_{}_copy".format(*info),
            ),
            *super().get_urls(),
        ]

    def frozen_context(self, request, obj) -> dict:
        context = super().frozen_context(request, obj)
        if obj is None:
            return context
        if self.has_change_permission(request, obj):
            context["lifecycle_links"] = [
                (
                    reverse("admin:leitbild_edition_status", args=[obj.pk, status]),
                    label,
                )
                for status, (label, _confirm, _done) in STATUS_ACTIONS.items()
                if (obj.status, status) in EDITION_TRANSITIONS
            ]
        if self.has_add_permission(request):
            context["new_draft_url"] = reverse(
                "admin:leitbild_edition_copy", args=[obj.pk]
            )
        return context

    def _edition_or_404(self, request, object_id) -> Edition:
        edition = self.get_object(request, unquote(object_id))
        if edition is None:
            raise Http404(gettext("This edition does not exist."))
        return edition

    def _render(self, request, edition, template, **context):
        return TemplateResponse(
            request,
            f"admin/leitbild/edition/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": edition,
                **context,
            },
        )

    def status_view(self, request, object_id, status):
        """Confirm and take one step of the lifecycle; adopting asks for the
        council decision."""
        edition = self._edition_or_404(request, object_id)
        if not self.has_change_permission(request, edition):
            raise PermissionDenied
        if status not in STATUS_ACTIONS:
            raise Http404(gettext("Unknown status."))
        _label, confirm, done = STATUS_ACTIONS[status]
        adopting = status == Status.ADOPTED
        allowed = (edition.status, status) in EDITION_TRANSITIONS
        form_class = EditionAdoptForm if adopting else forms.Form
        form = form_class(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                edition_status_change(
                    edition=edition,
                    status=status,
                    decision_date=form.cleaned_data.get("council_decision_date"),
                    decision_reference=form.cleaned_data.get(
                        "council_decision_reference", ""
                    ),
                )
            except ValidationError as error:
                form_errors_from(form, error)
                self.message_user(
                    request,
                    gettext("The status of “%(edition)s” was not changed.")
                    % {"edition": edition},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request, done % {"edition": edition}, messages.SUCCESS
                )
                return HttpResponseRedirect(
                    reverse("admin:leitbild_edition_change", args=[edition.pk])
                )
        return self._render(
            request,
            edition,
            "status_change.html",
            title=f"{confirm}: {edition}",
            form=form,
            target=Status(status),
            adopting=adopting,
            allowed=allowed,
            show_form=allowed,
            submit_label=confirm,
        )

    def copy_view(self, request, object_id):
        """Ask for the year and start a new draft from the edition."""
        edition = self._edition_or_404(request, object_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = EditionCopyForm(
            request.POST if request.method == "POST" else None,
            initial={"year": edition.year + 1},
        )
        if form.is_valid():
            try:
                draft = edition_copy_as_draft(
                    edition=edition,
                    year=form.cleaned_data["year"],
                    title=form.cleaned_data["title"] or None,
                )
            except ValidationError as error:
                form_errors_from(form, error)
                self.message_user(
                    request,
                    gettext("No new draft was started."),
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    gettext(
                        "The new draft “%(draft)s” starts from “%(edition)s”: "
                        "edit it here."
                    )
                    % {"draft": draft, "edition": edition},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:leitbild_edition_change", args=[draft.pk])
                )
        return self._render(
            request,
            edition,
            "copy.html",
            title=gettext("Start a new draft from “%(edition)s”")
            % {"edition": edition},
            form=form,
            show_form=True,
            submit_label=gettext("Start the new draft"),
        )
