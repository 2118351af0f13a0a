"""The back office for the process, its venues and events.

Events carry their sign-ups: counts in the list, the registrations on each
event's page, attendee lists and a sign-in sheet to download, and the
actions that cancel or copy an event or write to everyone confirmed. What
changes sign-ups goes through registrations.services.
"""

import io
import logging
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import FileResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from registrations.admin import LIST_AND_FORM, person_html, without_personal
from registrations.exports import (
    name_sort_key,
    render_attendees_csv,
    render_attendees_xlsx,
    render_signin_sheet_pdf,
)
from registrations.models import Registration
from registrations.services import event_cancel, event_duplicate

from .forms import EventAdminForm
from .models import Event, EventDocument, Phase, Process, Venue

logger = logging.getLogger(__name__)

Status = Registration.Status


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


class EventDocumentInline(admin.TabularInline):
    model = EventDocument
    extra = 0
    fields = ["title", "file", "order"]


class RegistrationInline(admin.TabularInline):
    """The event's sign-ups at a glance, read-only: each is changed on its own
    page, and seats only through the registration actions."""

    model = Registration
    extra = 0
    can_delete = False
    # A table of its own: the standard one would print each registration's
    # str, which holds the name, also for users who may not see names.
    template = "admin/events/event/registration_inline.html"
    columns = [
        "person",
        "email",
        "organisation",
        "stakeholder_group",
        "status",
        "channel",
        "created_at",
    ]

    def get_fields(self, request, obj=None):
        return without_personal(self.columns, request)

    def get_readonly_fields(self, request, obj=None):
        return self.columns

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("stakeholder_group")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("name"))
    def person(self, obj):
        return person_html(obj)


def _registration_count(status, **lookups):
    condition = Q(registrations__status=status)
    for lookup, value in lookups.items():
        condition &= Q(**{f"registrations__{lookup}": value})
    return Count("registrations", filter=condition)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = [
        "title",
        "start",
        "type",
        "venue",
        "capacity",
        "confirmed",
        "pending",
        "waiting",
        "attended",
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
    # Cancelling tells everyone registered: only the action does that, so
    # the flag is not ticked by hand.
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
    ]
    actions = [
        "export_attendees_csv",
        "export_attendees_xlsx",
        "print_signin_sheet",
        "write_to_participants",
        "duplicate_events",
        "cancel_events",
    ]

    def get_queryset(self, request):
        # The sign-up figures of every row, in the list's one query.
        now = timezone.now()
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_count=_registration_count(Status.CONFIRMED),
                pending_count=_registration_count(Status.PENDING, expires_at__gt=now),
                waiting_count=_registration_count(Status.WAITLISTED),
                attended_count=_registration_count(Status.ATTENDED),
            )
        )

    def get_inlines(self, request, obj):
        if obj is None:
            return [EventDocumentInline]
        return [EventDocumentInline, RegistrationInline]

    def _count_link(self, event, count, status):
        url = reverse("admin:registrations_registration_changelist")
        query = urlencode({"event__id__exact": event.pk, "status__exact": status})
        return format_html('<a href="{}?{}">{}</a>', url, query, count)

    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed(self, obj):
        return self._count_link(obj, obj.confirmed_count, Status.CONFIRMED)

    @admin.display(description=_("pending"), ordering="pending_count")
    def pending(self, obj):
        return self._count_link(obj, obj.pending_count, Status.PENDING)

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, obj):
        return self._count_link(obj, obj.waiting_count, Status.WAITLISTED)

    @admin.display(description=_("attended"), ordering="attended_count")
    def attended(self, obj):
        return self._count_link(obj, obj.attended_count, Status.ATTENDED)

    # Permissions the actions name (`has_<name>_permission`).

    def has_view_personal_data_permission(self, request):
        user = request.user
        return user.has_perm("registrations.view_personal_data") and (
            user.has_perm("registrations.view_registration")
            or user.has_perm("registrations.change_registration")
        )

    def has_add_message_permission(self, request):
        return request.user.has_perm("registrations.add_eventmessage")

    # Downloads.

    def _attendees(self, request, queryset):
        """The active registrations of the selected events, by event and name."""
        event_ids = [event.pk for event in queryset]
        registrations = (
            Registration.objects.active()
            .filter(event_id__in=event_ids)
            .select_related("event", "stakeholder_group", "district")
        )
        logger.info(
            "%s downloaded the attendees of events %s", request.user.pk, event_ids
        )
        return sorted(
            registrations,
            key=lambda r: (r.event.start, r.event_id, name_sort_key(r)),
        )

    def _download(self, content: bytes, filename: str, content_type: str):
        return FileResponse(
            io.BytesIO(content),
            as_attachment=True,
            filename=filename,
            content_type=content_type,
        )

    def _filename(self, queryset, extension: str) -> str:
        events = list(queryset[:2])
        stem = slugify(gettext("attendees"))
        if len(events) == 1:
            return f"{stem}-{events[0].slug}.{extension}"
        return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"

    @admin.action(
        description=_("Export attendee list (CSV)"),
        permissions=["view_personal_data"],
        location=LIST_AND_FORM,
    )
    def export_attendees_csv(self, request, queryset):
        return self._download(
            render_attendees_csv(self._attendees(request, queryset)),
            self._filename(queryset, "csv"),
            "text/csv; charset=utf-8",
        )

    @admin.action(
        description=_("Export attendee list (Excel)"),
        permissions=["view_personal_data"],
        location=LIST_AND_FORM,
    )
    def export_attendees_xlsx(self, request, queryset):
        return self._download(
            render_attendees_xlsx(self._attendees(request, queryset)),
            self._filename(queryset, "xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    def _one_event(self, request, queryset, message):
        events = list(queryset.select_related("process__city", "venue")[:2])
        if len(events) != 1:
            self.message_user(request, message, messages.ERROR)
            return None
        return events[0]

    @admin.action(
        description=_("Print sign-in sheet (PDF)"),
        permissions=["view_personal_data"],
        location=LIST_AND_FORM,
    )
    def print_signin_sheet(self, request, queryset):
        event = self._one_event(
            request,
            queryset,
            gettext("Choose exactly one event to print its sign-in sheet."),
        )
        if event is None:
            return None
        registrations = event.registrations.filter(
            status__in=[Status.CONFIRMED, Status.ATTENDED]
        )
        logger.info(
            "%s downloaded the sign-in sheet of event %s", request.user.pk, event.pk
        )
        # A file name, translated like the rest of the interface.
        stem = slugify(gettext("sign-in sheet"))
        filename = f"{stem}-{event.slug}.pdf"
        return self._download(
            render_signin_sheet_pdf(event, registrations), filename, "application/pdf"
        )

    # Changes, each through a service.

    @admin.action(
        description=_("Write to all confirmed participants"),
        permissions=["add_message"],
        location=LIST_AND_FORM,
    )
    def write_to_participants(self, request, queryset):
        event = self._one_event(
            request,
            queryset,
            gettext("Choose exactly one event to write to its participants."),
        )
        if event is None:
            return None
        url = reverse("admin:registrations_eventmessage_add")
        return HttpResponseRedirect(f"{url}?{urlencode({'event': event.pk})}")

    @admin.action(
        description=_("Duplicate event"),
        permissions=["add"],
        location=LIST_AND_FORM,
    )
    def duplicate_events(self, request, queryset):
        copies = []
        for event in queryset:
            copy = event_duplicate(event=event)
            self.log_addition(
                request,
                copy,
                gettext("Copied from “%(title)s”.") % {"title": event.title},
            )
            copies.append(copy)
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:events_event_change", args=[copy.pk]), copy.title)
                for copy in copies
            ),
        )
        self.message_user(
            request,
            format_html(
                "{} {}",
                ngettext(
                    "Made an unpublished copy to plan from:",
                    "Made unpublished copies to plan from:",
                    len(copies),
                ),
                links,
            ),
            messages.SUCCESS,
        )
        if len(copies) == 1:
            # Straight to the copy: its date and place are what change next.
            return HttpResponseRedirect(
                reverse("admin:events_event_change", args=[copies[0].pk])
            )
        return None

    @admin.action(
        description=_("Cancel event (tell everyone registered)"),
        permissions=["change"],
        location=LIST_AND_FORM,
    )
    def cancel_events(self, request, queryset):
        """Asks first, on a page of its own (like Django's deletion), then
        cancels through event_cancel, which writes to everyone registered."""
        if request.POST.get("post") == "yes":
            cancelled = told = 0
            for event in queryset.filter(is_cancelled=False):
                count = event_cancel(event=event)
                self.log_change(
                    request,
                    event,
                    ngettext(
                        "Cancelled; %(count)d person told.",
                        "Cancelled; %(count)d people told.",
                        count,
                    )
                    % {"count": count},
                )
                cancelled += 1
                told += count
            if cancelled:
                self.message_user(
                    request,
                    ngettext(
                        "%(events)d event cancelled",
                        "%(events)d events cancelled",
                        cancelled,
                    )
                    % {"events": cancelled}
                    + "; "
                    + ngettext(
                        "%(count)d person is being told by e-mail.",
                        "%(count)d people are being told by e-mail.",
                        told,
                    )
                    % {"count": told},
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    gettext("The selected events were already cancelled."),
                    messages.WARNING,
                )
            return None

        events = list(
            queryset.annotate(
                to_tell=Count(
                    "registrations",
                    filter=Q(
                        registrations__status__in=[
                            Status.PENDING,
                            Status.CONFIRMED,
                            Status.WAITLISTED,
                        ]
                    )
                    & ~Q(registrations__email=""),
                )
            )
        )
        context = {
            **self.admin_site.each_context(request),
            "title": ngettext("Cancel event", "Cancel events", len(events)),
            "subtitle": None,
            "opts": self.opts,
            "events": [event for event in events if not event.is_cancelled],
            "already_cancelled": [event for event in events if event.is_cancelled],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/events/event/cancel_confirmation.html", context
        )
