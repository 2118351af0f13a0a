"""Admin building blocks for an edition's text.

The edition's own admin, with its lifecycle buttons, lives in portal.admin:
adoption stores the PDF and a new draft copies the action fields, both above
this app. Here: what makes a frozen edition's text read-only in the admin,
for the edition, its sections and terms and (in handlungsfelder) its action
fields and goals, and the inlines of sections and terms.
"""

from django.conf import settings
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from core.languages import german_columns

from .models import Edition, Section, Term


class FrozenTextMixin:
    """For the admins of an edition's text (the edition, its sections and
    terms, action fields, goals, measures).

    Once the edition is adopted or archived, every field but
    `tracking_fields` is read-only and nothing can be deleted. `fields` (or
    `fieldsets`) must be listed explicitly: they are what turns read-only.
    Of a translated field (django-modeltranslation), only the German column
    does: the council adopted the German text, and staff may add and correct
    its translations at any time.
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
            readonly += [name for name in self.frozen_columns() if name not in readonly]
        return readonly

    def frozen_columns(self) -> list[str]:
        """What a frozen edition's page shows read-only: each field listed
        but `tracking_fields`, of a translated one its German column alone.

        django-modeltranslation rewrites `fieldsets` in place on the first
        request, each translated field then named by its columns (title_de,
        title_en, ...): both spellings come here.
        """
        columns = []
        for name in self.fields or flatten_fieldsets(self.fieldsets):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            original = getattr(field, "translated_field", None)
            if original is not None and field.language != settings.LANGUAGE_CODE:
                continue  # a translation: open
            if (original.name if original else name) in self.tracking_fields:
                continue
            columns += german_columns(self.model, (name,))
        return columns

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
        # Translations stay open, so does what tracking_fields name.
        editable = (
            self.tracking_fields
            or self.trans_opts.all_fields
            or any(inline.tracking_fields for inline in self.inlines)
        )
        if not editable:
            context.update(show_save=False, show_save_and_continue=False)
        return context


class SectionInline(FrozenTextInlineMixin, TranslationStackedInline):
    model = Section
    extra = 0
    prepopulated_fields = {"slug": ["title"]}
    fields = ["order", "kind", "title", "slug", "body", "easy_language"]
    # Leichte Sprache is a rendering of the text, like a translation.
    tracking_fields = ("easy_language",)

    def edition_of(self, obj):
        return obj


class TermInline(FrozenTextInlineMixin, TranslationTabularInline):
    model = Term
    extra = 0
    fields = ["order", "term", "definition"]

    def edition_of(self, obj):
        return obj
