from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import City, Edition, Section, Term
from .selectors import city_cache_clear


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


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    prepopulated_fields = {"slug": ["title"]}
    fields = ["order", "kind", "title", "slug", "body"]


class TermInline(admin.TabularInline):
    model = Term
    extra = 0
    fields = ["order", "term", "definition"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
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
