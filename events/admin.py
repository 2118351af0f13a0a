from django.contrib import admin

from .models import Event, Phase, Process, Venue


class PhaseInline(admin.StackedInline):
    model = Phase
    extra = 0
    fields = ["number", "title", "period", "description"]


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["title", "start_year", "end_year", "edition"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PhaseInline]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "street", "postcode", "locality"]
    search_fields = ["name", "street"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "start",
        "type",
        "venue",
        "capacity",
        "is_published",
        "is_cancelled",
    ]
    list_filter = ["process", "phase", "type", "is_published", "is_cancelled"]
    search_fields = ["title", "description", "slug"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["venue"]
    filter_horizontal = ["action_fields"]
    list_select_related = ["venue"]
    fieldsets = [
        (
            None,
            {"fields": ["process", "phase", "type", "title", "slug", "description"]},
        ),
        (None, {"fields": ["start", "end", "venue", "room", "action_fields"]}),
        (
            None,
            {
                "fields": [
                    "capacity",
                    "registration_opens",
                    "registration_closes",
                    "is_published",
                    "is_cancelled",
                    "is_example",
                ]
            },
        ),
    ]
