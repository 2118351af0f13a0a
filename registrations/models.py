"""Registrations for events, and the city's lists a registration draws on."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import City, TimeStampedModel
from events.models import Event

# Crockford's base32 without look-alikes (no I, L, O, U): easy to read out at
# the door and to type into the admin's search.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8


def generate_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class District(models.Model):
    """A city district (Stadtbezirk), or the entry for people from elsewhere."""

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="districts", verbose_name=_("city")
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_outside = models.BooleanField(
        _("outside the city"),
        default=False,
        help_text=_("The choice for people who live outside the city."),
    )

    class Meta:
        verbose_name = _("city district")
        verbose_name_plural = _("city districts")
        ordering = ["city", "is_outside", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "slug"], name="district_unique_slug_per_city"
            ),
            models.UniqueConstraint(
                fields=["city"],
                condition=Q(is_outside=True),
                name="district_one_outside_entry_per_city",
            ),
        ]

    def __str__(self):
        return self.name


class StakeholderGroup(models.Model):
    """A group of actors the city invites (administration, police, clubs …)."""

    city = models.ForeignKey(
        City,
        on_delete=models.CASCADE,
        related_name="stakeholder_groups",
        verbose_name=_("city"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("stakeholder group")
        verbose_name_plural = _("stakeholder groups")
        ordering = ["city", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "slug"], name="stakeholdergroup_unique_slug_per_city"
            ),
        ]

    def __str__(self):
        return self.name


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that hold a seat or a waiting-list place."""
        return self.exclude(status=Registration.Status.CANCELLED)

    def holding_seat(self):
        """Registrations that occupy one of the event's seats."""
        return self.filter(status__in=Registration.SEAT_STATUSES)


class Registration(TimeStampedModel):
    """One person's registration for one event."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")
        ATTENDED = "attended", _("Attended")

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        DOOR = "door", _("At the door")

    SEAT_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.ATTENDED)

    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("event"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("user account"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    stakeholder_group = models.ForeignKey(
        StakeholderGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("stakeholder group"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("city district"),
    )
    interpretation_language = models.CharField(
        _("interpretation into"), max_length=100, blank=True
    )
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    needs_childcare = models.BooleanField(_("needs childcare"), default=False)
    consent_at = models.DateTimeField(
        _("consented to the privacy notice at"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    code = models.CharField(
        _("registration code"),
        max_length=CODE_LENGTH,
        unique=True,
        default=generate_code,
        editable=False,
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the person used; e-mails are sent in it."),
    )
    expires_at = models.DateTimeField(
        _("seat held until"),
        null=True,
        blank=True,
        help_text=_("An unconfirmed sign-up lapses at this time."),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(
        _("personal data removed at"), null=True, blank=True
    )
    # The random key the e-mail links are signed over: it reveals nothing
    # about the registration and cannot be guessed.
    public_id = models.UUIDField(
        _("public key"), default=uuid.uuid4, unique=True, editable=False
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at"]
        permissions = [
            ("view_personal_data", _("Can see personal data of registrations")),
            ("view_statistics", _("Can see sign-up statistics")),
        ]
        constraints = [
            # At most one active registration per address and event; a
            # cancelled one does not block signing up again.
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=~Q(status="cancelled") & ~Q(email=""),
                name="registration_one_active_per_email_and_event",
                violation_error_message=_(
                    "This e-mail address is already registered for this event."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(channel="web") | Q(consent_at__isnull=False),
                name="registration_web_requires_consent",
                violation_error_message=_(
                    "A registration from the web form needs consent to the "
                    "privacy notice."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(channel="web")
                | ~Q(email="")
                | Q(anonymised_at__isnull=False),
                name="registration_web_requires_email",
                violation_error_message=_(
                    "A registration from the web form needs an e-mail address."
                ),
            ),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self):
        # The code, not the name: this shows in admin history and messages,
        # also to staff who may not see personal data.
        return f"{self.code} – {self.event}"


class EventMessage(TimeStampedModel):
    """A message staff wrote to everyone confirmed for an event, on record."""

    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        related_name="messages",
        verbose_name=_("event"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class OutgoingMail(TimeStampedModel):
    """One e-mail the portal owes someone: written in the same transaction
    as the change it reports, then sent by a background task. A failed send
    stays here with its error and is tried again."""

    class Kind(models.TextChoices):
        CONFIRM_REQUEST = "confirm_request", _("Please confirm your sign-up")
        CONFIRMED = "confirmed", _("Registration confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        PROMOTED = "promoted", _("Moved up from the waiting list")
        CANCELLED = "cancelled", _("Registration cancelled")
        DUPLICATE = "duplicate", _("Already registered")
        REMINDER = "reminder", _("Reminder")
        EVENT_CANCELLED = "event_cancelled", _("Event cancelled")
        MESSAGE = "message", _("Message to participants")
        CAPACITY = "capacity", _("Capacity alert for staff")
        # Queued by the contributions app, which registers how they are
        # rendered (`mail_kind_register`).
        CONTRIBUTION_CONFIRM = (
            "contribution_confirm",
            _("Please confirm your contribution"),
        )
        CONTRIBUTION_STATE = "contribution_state", _("Your contribution's state")
        SUPPORT_CONFIRM = "support_confirm", _("Please confirm your support")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will be retried")
        GAVE_UP = "gave_up", _("Failed for good")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    recipient = models.EmailField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=10, blank=True)
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mails",
        verbose_name=_("registration"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mails",
        verbose_name=_("event"),
    )
    message = models.ForeignKey(
        EventMessage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mails",
        verbose_name=_("message to participants"),
    )
    extra = models.JSONField(_("details"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"
