"""The back office for sign-ups.

Staff enter sign-ups that came by phone, e-mail or at the door, check people
in, move them up from the waiting list, cancel, write to everyone confirmed
and see which e-mails went out. Every change to a seat goes through
registrations.services, exactly as a sign-up from the web form does.

Personal data (names, addresses, organisations, needs) is shown only to
users with the permission registrations.view_personal_data; everyone else
sees registration codes and figures.

Events carry their sign-ups: the event admin of the events app is registered
again here (EventWithRegistrationsAdmin) with counts in the list, the
registrations on each event's page, attendee lists and a sign-in sheet to
download, and the actions that cancel or copy an event or write to everyone
confirmed.
"""

import io
import logging
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation, helpers
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdminMixin
from events.admin import EventAdmin, EventDocumentInline
from events.models import Event

from .emails import mail_send
from .exports import (
    name_sort_key,
    person_name,
    render_attendees_csv,
    render_attendees_xlsx,
    render_signin_sheet_pdf,
)
from .models import (
    District,
    EventMessage,
    OutgoingMail,
    Registration,
    StakeholderGroup,
)
from .services import (
    AlreadyRegistered,
    event_cancel,
    event_duplicate,
    event_message_create,
    registration_cancel,
    registration_check_in,
    registration_create,
    waitlist_position,
    waitlist_promote,
)

logger = logging.getLogger(__name__)

Status = Registration.Status

# Actions offered both on the list and on one object's own page.
LIST_AND_FORM = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]

# What only users with registrations.view_personal_data see.
PERSONAL_FIELDS = frozenset(
    {
        "name",
        "person",
        "email",
        "organisation",
        "user",
        "interpretation_language",
        "accessibility_needs",
        "needs_childcare",
        "recipient",
    }
)


def can_view_personal_data(request) -> bool:
    return request.user.has_perm("registrations.view_personal_data")


def person_html(registration):
    """The name, or in italics the note that it was removed."""
    if registration.anonymised_at is not None:
        return format_html("<em>{}</em>", person_name(registration))
    return registration.name


def language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        help_text=_("E-mails to the person are written in this language."),
    )


def without_personal(names, request) -> list:
    """`names` as they are for users who may see personal data, else without
    the personal ones."""
    if can_view_personal_data(request):
        return list(names)
    return [name for name in names if name not in PERSONAL_FIELDS]


class PrivateLabelMixin:
    """Name objects by a neutral label (a code) wherever the admin would print
    str(obj), for users who may not see personal data: a registration's str
    holds the person's name, an e-mail's its recipient."""

    def object_label(self, obj) -> str:
        raise NotImplementedError

    def action_checkbox(self, obj):
        # As Django's, but labelled for screen readers by the neutral label.
        # (Django's own translation of the label applies.)
        checkbox = forms.CheckboxInput(
            {
                "class": "action-select",
                "aria-label": format_html(
                    gettext("Select this object for an action - {}"),
                    self.object_label(obj),
                ),
            },
            lambda value: False,
        )
        return checkbox.render(helpers.ACTION_CHECKBOX_NAME, str(obj.pk))

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None and not can_view_personal_data(request):
            # Read by templates/admin/registrations/change_form.html.
            label = self.object_label(obj)
            context.update(subtitle=label, object_label=label)
        return super().render_change_form(request, context, add, change, form_url, obj)


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


# Sign-ups staff take down themselves; "web" is the public form's alone.
STAFF_CHANNELS = [
    (value, label)
    for value, label in Registration.Channel.choices
    if value != Registration.Channel.WEB
]


class RegistrationAddForm(forms.ModelForm):
    """A sign-up staff enter for someone who called, wrote or came to the
    door. It is made by registration_create, like one from the web form: the
    same capacity and waiting list, a confirmation e-mail when an address is
    given, and the service's refusals shown as form errors."""

    channel = forms.ChoiceField(
        label=_("Came in by"),
        choices=STAFF_CHANNELS,
        initial=Registration.Channel.PHONE,
    )
    language = language_field()
    consent = forms.BooleanField(
        label=_("Agreed to the privacy notice"),
        required=False,
        help_text=_("Tick when the person was told about the privacy notice."),
    )

    class Meta:
        model = Registration
        fields = [
            "event",
            "channel",
            "language",
            "name",
            "email",
            "organisation",
            "stakeholder_group",
            "district",
            "interpretation_language",
            "accessibility_needs",
            "needs_childcare",
        ]

    def clean_event(self):
        event = self.cleaned_data["event"]
        if event.is_cancelled:
            raise ValidationError(_("This event has been cancelled."), code="cancelled")
        return event

    def clean(self):
        # Asked before the service runs: for a duplicate it would also send
        # the person their link again, which staff typing a sign-up twice do
        # not mean to. (The service still refuses one that slips past.)
        cleaned_data = super().clean()
        event, email = cleaned_data.get("event"), cleaned_data.get("email")
        if event is not None and email:
            existing = (
                event.registrations.active()
                .filter(email__iexact=email)
                .exclude(
                    status=Registration.Status.PENDING,
                    expires_at__lte=timezone.now(),  # lapsed: the service frees it
                )
                .first()
            )
            if existing is not None:
                self.add_error("email", AlreadyRegistered(existing))
        return cleaned_data

    def _post_clean(self):
        # Model validation first (it passes: the channel is never "web"),
        # then the sign-up itself. It is made here, during validation, so that
        # what the service refuses (an address already registered) becomes a
        # form error. The admin's add view runs in one transaction, and the
        # service's own transaction saves nothing when it refuses.
        super()._post_clean()
        if self.errors:
            return
        data = self.cleaned_data
        try:
            self.instance = registration_create(
                event=data["event"],
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                stakeholder_group=data["stakeholder_group"],
                district=data["district"],
                interpretation_language=data["interpretation_language"],
                accessibility_needs=data["accessibility_needs"],
                needs_childcare=data["needs_childcare"],
                consent=data["consent"],
                channel=data["channel"],
                language=data["language"],
                confirmed=True,
            )
        except AlreadyRegistered as error:
            self.add_error("email", error)
        except ValidationError as error:
            self._update_errors(error)


class RegistrationChangeForm(forms.ModelForm):
    """Corrections to a registration's details; its seat is not edited here."""

    language = language_field()

    def validate_constraints(self):
        # Event, status and channel are read-only, so not on the form, and
        # Django would skip every constraint naming one of them (one address
        # per event, for instance). Their stored values are on the instance.
        try:
            self.instance.validate_constraints(exclude=set(self._errors))
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Registration)
class RegistrationAdmin(PrivateLabelMixin, admin.ModelAdmin):
    list_filter = ["event", "status", "channel", "stakeholder_group", "district"]
    list_select_related = ["event", "stakeholder_group", "district"]
    list_display_links = ["code"]
    autocomplete_fields = ["event", "user"]
    date_hierarchy = "created_at"
    actions = ["check_in", "move_up", "cancel_registrations"]

    add_fieldsets = [
        (None, {"fields": ["event", "channel", "language"]}),
        (
            _("Person"),
            {
                "fields": [
                    "name",
                    "email",
                    "organisation",
                    "stakeholder_group",
                    "district",
                    "consent",
                ]
            },
        ),
        (
            _("Needs"),
            {
                "fields": [
                    "interpretation_language",
                    "accessibility_needs",
                    "needs_childcare",
                ]
            },
        ),
    ]
    change_fieldsets = [
        (
            None,
            {
                "fields": [
                    "event",
                    "status",
                    "waiting_list_position",
                    "code",
                    "channel",
                    "language",
                ]
            },
        ),
        (
            _("Person"),
            {
                "fields": [
                    "person",
                    "email",
                    "organisation",
                    "stakeholder_group",
                    "district",
                    "user",
                ]
            },
        ),
        (
            _("Needs"),
            {
                "fields": [
                    "interpretation_language",
                    "accessibility_needs",
                    "needs_childcare",
                ]
            },
        ),
        (
            _("History"),
            {
                "fields": [
                    "created_at",
                    "consent_at",
                    "expires_at",
                    "confirmed_at",
                    "reminded_at",
                    "attended_at",
                    "cancelled_at",
                    "anonymised_at",
                    "updated_at",
                ],
                "classes": ["collapse"],
            },
        ),
    ]
    # Changed only through the actions (and the services behind them).
    change_readonly_fields = [
        "event",
        "status",
        "waiting_list_position",
        "code",
        "channel",
        "created_at",
        "consent_at",
        "expires_at",
        "confirmed_at",
        "reminded_at",
        "attended_at",
        "cancelled_at",
        "anonymised_at",
        "updated_at",
    ]

    def object_label(self, obj) -> str:
        return obj.code

    def get_list_display(self, request):
        return without_personal(
            [
                "code",
                "person",
                "email",
                "organisation",
                "event",
                "stakeholder_group",
                "district",
                "status",
                "channel",
                "created_at",
            ],
            request,
        )

    def get_search_fields(self, request):
        # "=code": a code typed or scanned at the door finds exactly its
        # registration, in any letter case.
        return ["=code", "event__title"] + without_personal(
            ["name", "email", "organisation"], request
        )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            # Entering a sign-up needs a name, whoever types it in.
            return self.add_fieldsets
        fieldsets = []
        for title, options in self.change_fieldsets:
            fields = without_personal(options["fields"], request)
            if obj.anonymised_at is None and "person" in fields:
                fields[fields.index("person")] = "name"
            if fields:
                fieldsets.append((title, {**options, "fields": fields}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return self.change_readonly_fields + ["person"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = RegistrationChangeForm if obj else RegistrationAddForm
        return super().get_form(request, obj, change, **kwargs)

    def has_change_permission(self, request, obj=None):
        # Once the personal data is removed, the record stays as it is.
        if obj is not None and obj.anonymised_at is not None:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # A new registration was already made by registration_create while the
        # add form was validated (RegistrationAddForm._post_clean).
        if change:
            super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        if obj.status == Registration.Status.WAITLISTED:
            self.message_user(
                request,
                gettext(
                    "The event is full: %(code)s is on the waiting list, "
                    "place %(position)d."
                )
                % {
                    "code": obj.code,
                    "position": waitlist_position(registration=obj),
                },
                messages.WARNING,
            )
        else:
            self.message_user(
                request,
                gettext("%(code)s has a confirmed seat.") % {"code": obj.code},
                messages.INFO,
            )
        if obj.email:
            self.message_user(
                request,
                gettext("A confirmation e-mail goes out to the address given."),
                messages.INFO,
            )
        return super().response_add(request, obj, post_url_continue)

    @admin.display(description=_("name"), ordering="name")
    def person(self, obj):
        return person_html(obj)

    @admin.display(description=_("place on the waiting list"))
    def waiting_list_position(self, obj):
        return waitlist_position(registration=obj)

    @admin.action(
        description=_("Check in (mark attended)"),
        permissions=["change"],
        location=LIST_AND_FORM,
    )
    def check_in(self, request, queryset):
        done = 0
        for registration in queryset:
            try:
                registration_check_in(registration=registration)
            except ValidationError as error:
                self._message_refusal(request, registration, error)
            else:
                self.log_change(request, registration, gettext("Checked in."))
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d person checked in.",
                    "%(count)d people checked in.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Move up from the waiting list"),
        permissions=["change"],
        location=LIST_AND_FORM,
    )
    def move_up(self, request, queryset):
        moved = 0
        for registration in queryset.select_related("event").order_by(
            "created_at", "pk"
        ):
            if registration.status != Registration.Status.WAITLISTED:
                self.message_user(
                    request,
                    gettext("%(code)s is not on the waiting list.")
                    % {"code": registration.code},
                    messages.WARNING,
                )
                continue
            try:
                promoted = waitlist_promote(
                    event=registration.event, registration=registration
                )
            except ValidationError as error:
                self._message_refusal(request, registration, error)
                continue
            if promoted:
                self.log_change(
                    request, registration, gettext("Moved up from the waiting list.")
                )
                moved += 1
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d person moved up from the waiting list and was "
                    "told by e-mail.",
                    "%(count)d people moved up from the waiting list and were "
                    "told by e-mail.",
                    moved,
                )
                % {"count": moved},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Cancel registration (moves the next person up)"),
        permissions=["change"],
        location=LIST_AND_FORM,
    )
    def cancel_registrations(self, request, queryset):
        cancelled = promoted = 0
        for registration in queryset.exclude(status=Registration.Status.CANCELLED):
            registration, moved_up = registration_cancel(registration=registration)
            self.log_change(request, registration, gettext("Cancelled."))
            cancelled += 1
            promoted += len(moved_up)
        if not cancelled:
            self.message_user(
                request,
                gettext("The selected registrations were already cancelled."),
                messages.WARNING,
            )
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d registration cancelled.",
                "%(count)d registrations cancelled.",
                cancelled,
            )
            % {"count": cancelled},
            messages.SUCCESS,
        )
        if promoted:
            self.message_user(
                request,
                ngettext(
                    "%(count)d person moved up from the waiting list.",
                    "%(count)d people moved up from the waiting list.",
                    promoted,
                )
                % {"count": promoted},
                messages.INFO,
            )

    def _message_refusal(self, request, registration, error):
        for message in error.messages:
            self.message_user(
                request,
                gettext("%(code)s: %(error)s")
                % {"code": registration.code, "error": message},
                messages.ERROR,
            )


@admin.register(EventMessage)
class EventMessageAdmin(admin.ModelAdmin):
    """Messages to everyone confirmed for an event. Written once, sent by the
    service in the background, then kept as a record."""

    list_display = ["subject", "event", "created_by", "created_at", "recipient_count"]
    list_filter = [("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event", "created_by"]
    search_fields = ["subject", "event__title"]
    autocomplete_fields = ["event"]
    record_fields = [
        "event",
        "subject",
        "body",
        "created_by",
        "created_at",
        "recipient_count",
    ]

    def get_fields(self, request, obj=None):
        return ["event", "subject", "body"] if obj is None else self.record_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.record_fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_form(self, request, form, change):
        # Not form.save(): the service records the message and sends it.
        data = form.cleaned_data
        return event_message_create(
            event=data["event"],
            subject=data["subject"],
            body=data["body"],
            user=request.user,
        )

    def save_model(self, request, obj, form, change):
        pass  # saved by event_message_create in save_form

    def save_related(self, request, form, formsets, change):
        pass  # a message has no related objects to save

    def response_add(self, request, obj, post_url_continue=None):
        recipients = (
            obj.event.registrations.filter(
                status__in=[
                    Registration.Status.CONFIRMED,
                    Registration.Status.ATTENDED,
                ]
            )
            .exclude(email="")
            .count()
        )
        self.message_user(
            request,
            ngettext(
                "The message is being sent to %(count)d person confirmed for "
                "“%(event)s”.",
                "The message is being sent to the %(count)d people confirmed for "
                "“%(event)s”.",
                recipients,
            )
            % {"count": recipients, "event": obj.event},
            messages.INFO,
        )
        return super().response_add(request, obj, post_url_continue)


@admin.register(OutgoingMail)
class OutgoingMailAdmin(PrivateLabelMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """The record of every e-mail the portal owes someone, with its errors."""

    list_filter = ["status", "kind"]
    list_select_related = ["event"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    record_fields = [
        "kind",
        "recipient",
        "language",
        "event",
        "registration_link",
        "message",
        "status",
        "attempts",
        "last_error",
        "sent_at",
        "next_attempt_at",
        "created_at",
        "updated_at",
    ]

    def object_label(self, obj) -> str:
        return f"{obj.get_kind_display()} #{obj.pk}"

    def get_list_display(self, request):
        return without_personal(
            [
                "kind",
                "recipient",
                "event",
                "status",
                "attempts",
                "sent_at",
                "created_at",
            ],
            request,
        )

    def get_search_fields(self, request):
        return ["event__title"] + without_personal(["recipient"], request)

    def get_fields(self, request, obj=None):
        return without_personal(self.record_fields, request)

    def get_readonly_fields(self, request, obj=None):
        return self.record_fields

    def has_resend_permission(self, request):
        return request.user.has_perm("registrations.change_outgoingmail")

    @admin.display(description=_("registration"))
    def registration_link(self, obj):
        # By code: the registration's str would show the person's name.
        if obj.registration_id is None:
            return None
        url = reverse(
            "admin:registrations_registration_change", args=[obj.registration_id]
        )
        return format_html('<a href="{}">{}</a>', url, obj.registration.code)

    @admin.action(
        description=_("Send again now"),
        permissions=["resend"],
        location=LIST_AND_FORM,
    )
    def send_again(self, request, queryset):
        retry = list(
            queryset.filter(
                status__in=[OutgoingMail.Status.FAILED, OutgoingMail.Status.GAVE_UP]
            ).values_list("pk", flat=True)
        )
        skipped = queryset.count() - len(retry)
        sent = failed = 0
        for mail_id in retry:
            # mail_send leaves e-mails it gave up on alone; staff asking for
            # one more attempt puts it back among the failed ones.
            OutgoingMail.objects.filter(
                pk=mail_id, status=OutgoingMail.Status.GAVE_UP
            ).update(status=OutgoingMail.Status.FAILED, updated_at=timezone.now())
            mail = mail_send(mail_id=mail_id)
            if mail is not None and mail.status == OutgoingMail.Status.SENT:
                sent += 1
            else:
                failed += 1
        if sent:
            self.message_user(
                request,
                ngettext("%(count)d e-mail sent.", "%(count)d e-mails sent.", sent)
                % {"count": sent},
                messages.SUCCESS,
            )
        if failed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail failed again; its last error says why.",
                    "%(count)d e-mails failed again; their last errors say why.",
                    failed,
                )
                % {"count": failed},
                messages.ERROR,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail was left alone: only failed e-mails are "
                    "sent again.",
                    "%(count)d e-mails were left alone: only failed e-mails are "
                    "sent again.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


# --------------------------------------------------------------------------
# Events with their sign-ups


class RegistrationInline(ReadOnlyAdminMixin, admin.TabularInline):
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

    @admin.display(description=_("name"))
    def person(self, obj):
        return person_html(obj)


def _registration_count(status, **lookups):
    condition = Q(registrations__status=status)
    for lookup, value in lookups.items():
        condition &= Q(**{f"registrations__{lookup}": value})
    return Count("registrations", filter=condition)


class EventWithRegistrationsAdmin(EventAdmin):
    """The event admin (events.admin.EventAdmin) with its sign-ups. What
    changes sign-ups goes through registrations.services."""

    list_display = [
        *EventAdmin.list_display[: EventAdmin.list_display.index("capacity") + 1],
        "confirmed",
        "pending",
        "waiting",
        "attended",
        *EventAdmin.list_display[EventAdmin.list_display.index("capacity") + 1 :],
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


admin.site.unregister(Event)
admin.site.register(Event, EventWithRegistrationsAdmin)
