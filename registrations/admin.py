from django.contrib import admin

from .models import District, Registration, StakeholderGroup


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "order", "is_outside"]
    list_filter = ["city"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(StakeholderGroup)
class StakeholderGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "order"]
    list_filter = ["city"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "email", "event", "status", "channel", "created_at"]
    list_filter = ["status", "channel", "event__process", "stakeholder_group"]
    search_fields = ["code", "name", "email", "organisation", "event__title"]
    list_select_related = ["event", "stakeholder_group"]
    readonly_fields = ["code", "created_at", "updated_at"]
    autocomplete_fields = ["event", "user"]
