"""Admin of the city and its Leitbild editions.

An edition's lifecycle (consultation, adoption, archive, a new draft) runs
through buttons on its page that call the services; its status is never a
form field. Once adopted, an edition's text is read-only here as it is in
the models (Edition.check_frozen), and every page of it says why.
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

from .models import City, Edition, Section, Term
from .selectors import city_cache_clear
from .services import EDITION_TRANSITIONS, edition_copy_as_draft, edition_status_change

Status = Edition.Status


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "portal_name", "organisation", "contact_email"]
    search_fields = ["name", "portal_name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["slug", "name", "portal_name", "leitbild_title", "intro"]}),
        (
            "Kontakt",
            {
                "fields": [
                    "authority",
                    "organisation",
                    "contact_person",
                    "contact_email",
                    "contact_phone",
                    "contact_address",
                    "website",
                ]
            },
        ),
        (_("Legal pages"), {"fields": ["imprint", "privacy", "accessibility"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        city_cache_clear()


class FrozenTextMixin:
    """For the admins of an edition's text (the edition, its sections and
    terms, action fields, goals, measures).

    Once the edition is adopted or archived, every field but
    `tracking_fields` is read-only and nothing can be deleted. `fields` must
    be listed explicitly: they are what turns read-only.
    """

    tracking_fields: tuple[str, ...] = ()

    def edition_of(self, obj) -> Edition | None:
        """The edition `obj` belongs to (for an inline: its parent's)."""
        raise NotImplementedError

    def is_frozen(self, obj) -> bool:
        edition = self.edition_of(obj) if obj is not None else None
        return edition is not None and edition.is_frozen

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self.is_frozen(obj):
            readonly += [
                name
                for name in self.fields
                if name not in self.tracking_fields and name not in readonly
            ]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        # A read-only slug cannot be filled in from the title.
        if self.is_frozen(obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.is_frozen(obj):
            return False
        return super().has_delete_permission(request, obj)


class FrozenTextInlineMixin(FrozenTextMixin):
    """Inline rows of a frozen edition's text: none can be added."""

    def has_add_permission(self, request, obj):
        if self.is_frozen(obj):
            return False
        return super().has_add_permission(request, obj)


class FrozenTextAdminMixin(FrozenTextMixin):
    """A change page of a frozen edition's text: a notice says why it is
    read-only and links to starting a new draft; without anything left to
    edit, the save buttons go."""

    change_form_template = "admin/leitbild/frozen_change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        context = {**(extra_context or {}), **self.frozen_context(request, obj)}
        return super().change_view(request, object_id, form_url, context)

    def frozen_context(self, request, obj) -> dict:
        if obj is None or not self.is_frozen(obj):
            return {}
        edition = self.edition_of(obj)
        context = {"frozen_notice": edition.frozen_error().messages[0]}
        if request.user.has_perm("leitbild.add_edition"):
            context["new_draft_url"] = reverse(
                "admin:leitbild_edition_copy", args=[edition.pk]
            )
        context["show_save_and_add_another"] = False
        editable = self.tracking_fields or any(
            inline.tracking_fields for inline in self.inlines
        )
        if not editable:
            context.update(show_save=False, show_save_and_continue=False)
        return context


def form_errors_from(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the form's fields; errors of
    fields the form does not have go above it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


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


class SectionInline(FrozenTextInlineMixin, admin.StackedInline):
    model = Section
    extra = 0
    prepopulated_fields = {"slug": ["title"]}
    fields = ["order", "kind", "title", "slug", "body"]

    def edition_of(self, obj):
        return obj


class TermInline(FrozenTextInlineMixin, admin.TabularInline):
    model = Term
    extra = 0
    fields = ["order", "term", "definition"]

    def edition_of(self, obj):
        return obj


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
class EditionAdmin(FrozenTextAdminMixin, admin.ModelAdmin):
    list_display = [
        "year",
        "number",
        "title",
        "period_label",
        "status",
        "council_decision_date",
    ]
    list_filter = ["status", "city"]
    search_fields = ["title", "summary"]
    inlines = [SectionInline, TermInline]
    date_hierarchy = "council_decision_date"
    change_form_template = "admin/leitbild/edition/change_form.html"
    fields = [
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
