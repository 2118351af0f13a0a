"""Admin of the city: its names, contact and legal pages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation import admin as translation_admin

from .models import City
from .selectors import city_cache_clear


class ReadOnlyAdminMixin:
    """A record: it can be read, never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TranslationAdmin(translation_admin.TabbedDjangoJqueryTranslationAdmin):
    """The admin of a model with translated fields (the apps' translation.py):
    a tab per language (django-modeltranslation).

    django-modeltranslation hands Django's ModelAdmin.get_form an `exclude`
    of its own, which replaces the one Django works out, and with it
    Django's rule that a user who may only view an object gets a form
    without fields (the page shows them read-only, and no form field queries
    its choices). For such a user the form is therefore Django's own.
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        if (
            change
            and hasattr(request, "user")
            and not self.has_change_permission(request, obj)
        ):
            # Past django-modeltranslation's get_form, to Django's.
            parent = super(translation_admin.TranslationAdmin, self)
            return parent.get_form(request, obj, change=change, **kwargs)
        return super().get_form(request, obj, change=change, **kwargs)


@admin.register(City)
class CityAdmin(TranslationAdmin):
    list_display = ["name", "portal_name", "organisation", "contact_email"]
    search_fields = ["name", "portal_name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["slug", "name", "portal_name", "leitbild_title", "intro"]}),
        (
            _("Contact"),
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
        (
            _("Leichte Sprache"),
            {
                "fields": ["easy_home", "easy_participation"],
                "description": _(
                    "Plain German for the pages under Leichte Sprache. Without "
                    "a text there, those pages show the normal text with a note."
                ),
            },
        ),
        (_("Open data"), {"fields": ["data_licence_name", "data_licence_url"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        city_cache_clear()
