"""The back office for the process, its phases, venues and events.

The event admin here knows events only. registrations.admin registers it
again with what sign-ups add: counts in the list, the registrations on each
event's page, attendee lists and a sign-in sheet to download, and the
actions that cancel or copy an event or write to everyone confirmed.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from core.admin import TranslationAdmin

from .forms import EventAdminForm
from .models import Event, EventDocument, Phase, Process, Venue


class PhaseInline(TranslationStackedInline):
    model = Phase
    extra = 0
    fields = ["number", "title", "period", "description"]


@admin.register(Process)
class ProcessAdmin(TranslationAdmin):
    list_display = ["title", "start_year", "end_year", "edition"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PhaseInline]


@admin.register(Venue)
class VenueAdmin(TranslationAdmin):
    list_display = ["name", "street", "postcode", "locality"]
    search_fields = ["name", "street"]
    fieldsets = [
        (None, {"fields": ["city", "name", "street", "postcode", "locality"]}),
        (
            _("Position on the map"),
            {
                "fields": ["latitude", "longitude"],
                "description": _(
                    "Calendar programs show the place on a map (GEO in the "
                    "calendar files). Leave both empty if unsure."
                ),
            },
        ),
        (None, {"fields": ["accessibility_notes"]}),
    ]


class EventDocumentInline(admin.TabularInline):
    model = EventDocument
    extra = 0
    fields = ["title", "file", "order"]


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    form = EventAdminForm
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
    filter_horizontal = ["action_fields", "goals", "measures"]
    list_select_related = ["venue"]
    # Cancelling tells everyone registered: only the action of the admin in
    # registrations.admin does that, so the flag is not ticked by hand.
    readonly_fields = ["sequence", "is_cancelled"]
    fieldsets = [
        (
            None,
            {"fields": ["process", "phase", "type", "title", "slug", "description"]},
        ),
        (
            _("Date and place"),
            {"fields": ["start", "end", "venue", "room", "action_fields", "sequence"]},
        ),
        (
            _("Registration and publication"),
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
        (_("Documentation"), {"fields": ["results"]}),
        (
            _("Goals and measures worked on"),
            {
                "fields": ["goals", "measures"],
                "description": _(
                    "What the event worked on or produced: its page lists them "
                    "with its documentation once it is over. Offered are the "
                    "goals and measures of the edition its process prepares."
                ),
            },
        ),
    ]
    inlines = [EventDocumentInline]
