"""Admin of the city: its names, contact and legal pages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedDjangoJqueryTranslationAdmin

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


@admin.register(City)
class CityAdmin(TabbedDjangoJqueryTranslationAdmin):
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
