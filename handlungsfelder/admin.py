from django.contrib import admin

from .models import ActionField, Goal, Measure


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0
    fields = ["order", "title", "description"]
    show_change_link = True


class MeasureInline(admin.StackedInline):
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


@admin.register(ActionField)
class ActionFieldAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "is_priority", "order"]
    list_filter = ["edition", "is_priority"]
    list_editable = ["order"]
    search_fields = ["name", "short_description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["continues"]
    inlines = [GoalInline]
    list_select_related = ["edition"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["title", "action_field", "order"]
    list_filter = ["action_field__edition", "action_field"]
    search_fields = ["title"]
    inlines = [MeasureInline]
    list_select_related = ["action_field"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "timeframe", "goal"]
    list_filter = ["status", "kind", "goal__action_field__edition"]
    search_fields = ["title", "description", "responsible_actors"]
    list_select_related = ["goal"]
