"""Admin of action fields, goals and measures.

Action fields and goals are part of an edition's text: once the edition is
adopted they are read-only (leitbild.admin.FrozenTextMixin). Measures are
not: they are derived from the goals while the edition is in force, so they
stay open to staff (see handlungsfelder.models.Measure).
"""

from django.contrib import admin
from modeltranslation.admin import TranslationStackedInline

from core.admin import TranslationAdmin
from leitbild.admin import FrozenTextAdminMixin, FrozenTextInlineMixin
from leitbild.models import Edition

from .models import ActionField, Goal, Measure


class GoalInline(FrozenTextInlineMixin, TranslationStackedInline):
    model = Goal
    extra = 0
    fields = ["order", "title", "description"]
    show_change_link = True

    def edition_of(self, obj):
        return obj.edition


class MeasureInline(TranslationStackedInline):
    model = Measure
    extra = 0
    fields = [
        "order",
        "kind",
        "title",
        "description",
        "responsible_actors",
        "timeframe",
        "status",
    ]
    # Editable on a frozen goal's page too: the goal's save button stays.
    tracking_fields = tuple(fields)


class OpenEditionChoicesMixin:
    """Offer only rows of editions that are not frozen as the parent of a new
    or moved row: adopted text takes no additions."""

    parent_field: str
    open_filter: dict

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.parent_field:
            kwargs["queryset"] = db_field.related_model.objects.exclude(
                **self.open_filter
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ActionField)
class ActionFieldAdmin(OpenEditionChoicesMixin, FrozenTextAdminMixin, TranslationAdmin):
    list_display = ["name", "edition", "is_priority", "order"]
    list_filter = ["edition", "is_priority"]
    list_editable = ["order"]
    search_fields = ["name", "short_description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["continues"]
    inlines = [GoalInline]
    list_select_related = ["edition"]
    fields = [
        "edition",
        "name",
        "slug",
        "short_description",
        "description",
        "easy_language",
        "order",
        "is_priority",
        "continues",
    ]
    # Leichte Sprache is a rendering of the text, like a translation.
    tracking_fields = ("easy_language",)
    parent_field = "edition"
    open_filter = {"status__in": Edition.FROZEN_STATUSES}

    def edition_of(self, obj):
        return obj.edition


@admin.register(Goal)
class GoalAdmin(OpenEditionChoicesMixin, FrozenTextAdminMixin, TranslationAdmin):
    list_display = ["title", "action_field", "order"]
    list_filter = ["action_field__edition", "action_field"]
    search_fields = ["title"]
    inlines = [MeasureInline]
    list_select_related = ["action_field"]
    fields = ["action_field", "order", "title", "description"]
    parent_field = "action_field"
    open_filter = {"edition__status__in": Edition.FROZEN_STATUSES}

    def edition_of(self, obj):
        return obj.action_field.edition


@admin.register(Measure)
class MeasureAdmin(TranslationAdmin):
    list_display = ["title", "kind", "status", "timeframe", "goal"]
    list_filter = ["status", "kind", "goal__action_field__edition"]
    search_fields = ["title", "description", "responsible_actors"]
    list_select_related = ["goal"]
    autocomplete_fields = ["goal"]
    fields = [
        "goal",
        "order",
        "kind",
        "title",
        "description",
        "responsible_actors",
        "timeframe",
        "status",
    ]
