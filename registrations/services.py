"""Sign-ups: capacity, waiting list, confirmation and cancellation.

Every decision about a seat is taken inside one transaction that first locks
the event row (select_for_update on PostgreSQL; SQLite serialises writers
with BEGIN IMMEDIATE, see settings). Whoever holds the lock counts the seats
and decides; the next sign-up waits for the commit and counts again. So the
event is never overbooked, whatever arrives at once.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.languages import german_columns, translation_values
from events.models import Event

from .emails import mail_queue, mail_queue_for_registration
from .models import (
    District,
    EventMessage,
    OutgoingMail,
    Registration,
    StakeholderGroup,
)

Kind = OutgoingMail.Kind

# An unconfirmed sign-up holds its seat this long, then lapses by itself:
# seat counts ignore it from then on, no cron job needed.
CONFIRMATION_HOLD = dt.timedelta(hours=24)


def _seat_holders(event: Event, now: dt.datetime):
    """Registrations that occupy a seat now: confirmed, attended, and pending
    ones whose hold has not lapsed."""
    return event.registrations.filter(
        Q(status__in=[Registration.Status.CONFIRMED, Registration.Status.ATTENDED])
        | Q(status=Registration.Status.PENDING, expires_at__gt=now)
    )


def event_seats_taken(*, event: Event, now: dt.datetime | None = None) -> int:
    """How many seats of the event are taken right now."""
    return _seat_holders(event, now or timezone.now()).count()


def event_registration_problem(*, event: Event, now: dt.datetime | None = None):
    """Why the event takes no sign-ups now, as a ValidationError, or None."""
    now = now or timezone.now()
    if not event.is_published:
        return ValidationError(_("This event is not published."), code="unpublished")
    if event.is_cancelled:
        return ValidationError(_("This event has been cancelled."), code="cancelled")
    if event.end < now:
        return ValidationError(_("This event is over."), code="past")
    if event.registration_opens and now < event.registration_opens:
        return ValidationError(
            _("Registration for this event has not opened yet."), code="not_open"
        )
    if event.registration_closes and now >= event.registration_closes:
        return ValidationError(
            _("Registration for this event has closed."), code="closed"
        )
    if event.start <= now:
        return ValidationError(_("This event has already started."), code="started")
    return None


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _lapse_expired(event: Event, email: str, now: dt.datetime) -> None:
    """Free the address of sign-ups that were never confirmed in time."""
    event.registrations.filter(
        email__iexact=email,
        status=Registration.Status.PENDING,
        expires_at__lte=now,
    ).update(status=Registration.Status.CANCELLED, cancelled_at=now, updated_at=now)


class AlreadyRegistered(ValidationError):
    """The address already holds a seat or a waiting place for the event."""

    def __init__(self, registration: Registration):
        super().__init__(
            _("This e-mail address is already registered for this event."),
            code="duplicate",
        )
        self.registration = registration


def registration_create(*, notify: bool = True, **kwargs) -> Registration:
    """Register one person for an event.

    Takes a seat (pending until the e-mail link is confirmed, or confirmed at
    once when staff enter a sign-up with `confirmed=True`) while seats are
    left, else a place on the waiting list. Raises AlreadyRegistered for an
    address that already holds a seat or waiting place (and sends that
    address its link again), and ValidationError when the event takes no
    sign-ups.
    """
    try:
        return _registration_create(notify=notify, **kwargs)
    except AlreadyRegistered as error:
        if notify:
            # Outside the rolled-back transaction. The link goes to the
            # address only: whoever typed it learns nothing new.
            with transaction.atomic():
                mail_queue_for_registration(
                    registration=error.registration, kind=Kind.DUPLICATE
                )
        raise


@transaction.atomic
def _registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    organisation: str = "",
    stakeholder_group: StakeholderGroup | None = None,
    district: District | None = None,
    interpretation_language: str = "",
    accessibility_needs: str = "",
    needs_childcare: bool = False,
    consent: bool = False,
    channel: str = Registration.Channel.WEB,
    language: str = "de",
    user=None,
    confirmed: bool = False,
    notify: bool = True,
    now: dt.datetime | None = None,
) -> Registration:
    now = now or timezone.now()
    event = _lock_event(event.pk)
    problem = event_registration_problem(event=event, now=now)
    if problem is not None and channel == Registration.Channel.WEB:
        raise problem
    email = email.strip()
    if email:
        _lapse_expired(event, email, now)
        existing = event.registrations.active().filter(email__iexact=email).first()
        if existing is not None:
            raise AlreadyRegistered(existing)

    # Seats freed by lapsed holds go to the people already waiting, before
    # anyone new.
    if event.registrations.filter(status=Registration.Status.WAITLISTED).exists():
        waitlist_promote(event=event, now=now)
    has_seat = event.capacity is None or (
        _seat_holders(event, now).count() < event.capacity
    )
    if has_seat:
        status = (
            Registration.Status.CONFIRMED if confirmed else Registration.Status.PENDING
        )
    else:
        status = Registration.Status.WAITLISTED
    registration = Registration(
        event=event,
        user=user,
        name=name.strip(),
        email=email,
        organisation=organisation.strip(),
        stakeholder_group=stakeholder_group,
        district=district,
        interpretation_language=interpretation_language.strip(),
        accessibility_needs=accessibility_needs.strip(),
        needs_childcare=needs_childcare,
        consent_at=now if consent else None,
        status=status,
        channel=channel,
        language=language,
        confirmed_at=now if confirmed else None,
        expires_at=now + CONFIRMATION_HOLD
        if status == Registration.Status.PENDING
        else None,
    )
    registration.full_clean()
    registration.save()
    if notify:
        kind = {
            Registration.Status.PENDING: Kind.CONFIRM_REQUEST,
            Registration.Status.CONFIRMED: Kind.CONFIRMED,
            Registration.Status.WAITLISTED: Kind.WAITLISTED,
        }[registration.status]
        mail_queue_for_registration(registration=registration, kind=kind)
        event_capacity_check(event=event, now=now)
    return registration


def event_capacity_check(*, event: Event, now: dt.datetime | None = None) -> int:
    """Tell staff once when an event reaches 80 % and once at 100 % of its
    capacity. Call with the event row locked. Returns the level reported now
    (0 for none)."""
    if event.capacity is None:
        return 0
    taken = _seat_holders(event, now or timezone.now()).count()
    percent = taken * 100 // event.capacity
    level = 100 if percent >= 100 else 80 if percent >= 80 else 0
    if level <= event.capacity_alert_level:
        return 0
    Event.objects.filter(pk=event.pk).update(capacity_alert_level=level)
    event.capacity_alert_level = level
    recipients = settings.STAFF_NOTIFICATION_EMAILS or [
        address for address in [event.process.city.contact_email] if address
    ]
    admin_path = reverse("admin:events_event_change", args=[event.pk])
    for recipient in recipients:
        mail_queue(
            kind=Kind.CAPACITY,
            recipient=recipient,
            language=settings.LANGUAGE_CODE,
            event=event,
            extra={
                "level": level,
                "taken": taken,
                "capacity": event.capacity,
                "admin_url": settings.SITE_URL + admin_path,
            },
        )
    return level


@transaction.atomic
def registration_confirm(
    *, registration: Registration, now: dt.datetime | None = None
) -> Registration:
    """Confirm a sign-up from its e-mail link.

    A pending seat becomes confirmed. A lapsed one is confirmed if a seat is
    still free, else moves to the waiting list. A waiting-list place stays
    one, now with a confirmed address, so moving up needs no further click.
    """
    now = now or timezone.now()
    event = _lock_event(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    status = registration.status
    if status in (Registration.Status.CANCELLED,):
        raise ValidationError(
            _("This registration was cancelled and cannot be confirmed."),
            code="cancelled",
        )
    first_confirmation = registration.confirmed_at is None
    if first_confirmation:
        registration.confirmed_at = now
    if status == Registration.Status.PENDING:
        lapsed = registration.expires_at is not None and registration.expires_at <= now
        if lapsed and not _has_free_seat(event, now, exclude=registration):
            registration.status = Registration.Status.WAITLISTED
        else:
            registration.status = Registration.Status.CONFIRMED
        registration.expires_at = None
    registration.save()
    if registration.status == Registration.Status.CONFIRMED and (
        status != Registration.Status.CONFIRMED
    ):
        mail_queue_for_registration(registration=registration, kind=Kind.CONFIRMED)
        event_capacity_check(event=event, now=now)
    return registration


def _has_free_seat(event: Event, now, exclude: Registration | None = None) -> bool:
    if event.capacity is None:
        return True
    holders = _seat_holders(event, now)
    if exclude is not None:
        holders = holders.exclude(pk=exclude.pk)
    return holders.count() < event.capacity


def waitlist_position(*, registration: Registration) -> int | None:
    """1 for the first person waiting, None when not on the waiting list."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return (
        registration.event.registrations.filter(status=Registration.Status.WAITLISTED)
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


@transaction.atomic
def waitlist_promote(
    *, event: Event, now: dt.datetime | None = None, registration=None
) -> list[Registration]:
    """Move people up from the waiting list while seats are free, first come
    first served (or one named registration, when staff choose). Returns the
    registrations that moved up."""
    now = now or timezone.now()
    event = _lock_event(event.pk)
    waiting = event.registrations.filter(status=Registration.Status.WAITLISTED)
    if registration is not None:
        waiting = waiting.filter(pk=registration.pk)
    promoted = []
    for candidate in waiting.order_by("created_at", "pk").select_for_update():
        if not _has_free_seat(event, now):
            if registration is not None:
                raise ValidationError(
                    _("There is no free seat to move this person up into."),
                    code="full",
                )
            break
        if candidate.confirmed_at is not None:
            candidate.status = Registration.Status.CONFIRMED
            candidate.expires_at = None
        else:
            candidate.status = Registration.Status.PENDING
            candidate.expires_at = now + CONFIRMATION_HOLD
        candidate.save(update_fields=["status", "expires_at", "updated_at"])
        mail_queue_for_registration(registration=candidate, kind=Kind.PROMOTED)
        promoted.append(candidate)
    if promoted:
        event_capacity_check(event=event, now=now)
    return promoted


@transaction.atomic
def registration_cancel(
    *, registration: Registration, notify: bool = True, now: dt.datetime | None = None
) -> tuple[Registration, list[Registration]]:
    """Cancel a sign-up and move the first people waiting up into the seat.
    Returns the cancelled registration and those who moved up."""
    now = now or timezone.now()
    event = _lock_event(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return registration, []
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.expires_at = None
    registration.save(
        update_fields=["status", "cancelled_at", "expires_at", "updated_at"]
    )
    if notify:
        mail_queue_for_registration(registration=registration, kind=Kind.CANCELLED)
    promoted = waitlist_promote(event=event, now=now) if event.end > now else []
    return registration, promoted


@transaction.atomic
def registration_check_in(
    *, registration: Registration, now: dt.datetime | None = None
) -> Registration:
    """Mark a person as present at the event (at the door, by code)."""
    now = now or timezone.now()
    _lock_event(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(
            _("A cancelled registration cannot be checked in."), code="cancelled"
        )
    if registration.status != Registration.Status.ATTENDED:
        registration.status = Registration.Status.ATTENDED
        registration.attended_at = now
        registration.expires_at = None
        if registration.confirmed_at is None:
            registration.confirmed_at = now
        registration.save(
            update_fields=[
                "status",
                "attended_at",
                "expires_at",
                "confirmed_at",
                "updated_at",
            ]
        )
    return registration


@transaction.atomic
def event_cancel(*, event: Event, now: dt.datetime | None = None) -> int:
    """Cancel an event: it stays on the agenda marked as cancelled, calendars
    get STATUS:CANCELLED, and everyone registered is told. Returns how many
    people were written to."""
    event = _lock_event(event.pk)
    if event.is_cancelled:
        return 0
    event.is_cancelled = True
    event.save()  # through save(), so the calendar SEQUENCE grows
    told = 0
    for registration in event.registrations.filter(
        status__in=[
            Registration.Status.PENDING,
            Registration.Status.CONFIRMED,
            Registration.Status.WAITLISTED,
        ]
    ).exclude(email=""):
        mail_queue_for_registration(
            registration=registration, kind=Kind.EVENT_CANCELLED
        )
        told += 1
    return told


def event_duplicate(*, event: Event) -> Event:
    """A copy of an event to plan the next one from: same texts, place,
    capacity and action fields, unpublished, without registrations."""
    base = event.slug[:100]
    number = 1
    while Event.objects.filter(slug=f"{base}-kopie-{number}").exists():
        number += 1
    # The German text is the original, so the German title says "(copy)",
    # whatever language staff use; translations are copied as they are.
    title, description = german_columns(Event, ("title", "description"))
    with translation.override(settings.LANGUAGE_CODE):
        copy_title = str(_("%(title)s (copy)") % {"title": getattr(event, title)})
    with transaction.atomic():
        copy = Event(
            process=event.process,
            phase=event.phase,
            type=event.type,
            slug=f"{base}-kopie-{number}",
            **{title: copy_title[:300], description: getattr(event, description)},
            **translation_values(event, ("title", "description")),
            start=event.start,
            end=event.end,
            venue=event.venue,
            room=event.room,
            capacity=event.capacity,
            is_published=False,
            is_example=event.is_example,
        )
        copy.full_clean()
        copy.save()
        copy.action_fields.set(event.action_fields.all())
    return copy


@transaction.atomic
def event_message_create(*, event: Event, subject: str, body: str, user=None):
    """Record a message to everyone confirmed for an event and send it in the
    background."""
    message = EventMessage(event=event, subject=subject, body=body, created_by=user)
    message.full_clean()
    message.save()
    transaction.on_commit(lambda: _enqueue_message(message.pk))
    return message


def _enqueue_message(message_id: int) -> None:
    from .tasks import send_event_message

    send_event_message.enqueue(message_id)


@transaction.atomic
def event_message_send(*, message_id: int) -> int:
    """Queue one e-mail per confirmed participant; safe to run twice (nobody
    gets the message twice). Returns the number of recipients."""
    message = EventMessage.objects.select_for_update().get(pk=message_id)
    already = set(message.mails.values_list("registration_id", flat=True))
    recipients = (
        message.event.registrations.filter(
            status__in=[Registration.Status.CONFIRMED, Registration.Status.ATTENDED]
        )
        .exclude(email="")
        .exclude(pk__in=already)
    )
    for registration in recipients:
        mail_queue(
            kind=Kind.MESSAGE,
            recipient=registration.email,
            language=registration.language,
            registration=registration,
            message=message,
        )
    message.recipient_count = message.mails.count()
    message.save(update_fields=["recipient_count", "updated_at"])
    return message.recipient_count


def reminders_send(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Remind everyone confirmed for an event that starts within the next
    `days` days. Each person is reminded once, however often this runs and
    even when two runs overlap. Returns the number of reminders queued."""
    now = now or timezone.now()
    days = settings.REGISTRATION_REMINDER_DAYS if days is None else days
    due = (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            reminded_at__isnull=True,
            anonymised_at__isnull=True,
            event__is_cancelled=False,
            event__start__gt=now,
            event__start__lte=now + dt.timedelta(days=days),
        )
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            # The conditional update is the claim: only one run wins it.
            claimed = Registration.objects.filter(
                pk=pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if claimed:
                registration = Registration.objects.select_related("event").get(pk=pk)
                mail_queue_for_registration(
                    registration=registration, kind=Kind.REMINDER
                )
                sent += 1
    return sent


@transaction.atomic
def personal_data_purge(
    *, now: dt.datetime | None = None, days: int | None = None
) -> int:
    """Remove names, addresses and needs of sign-ups for events that ended
    more than `days` days ago, keeping status, organisation, stakeholder
    group, district and channel for the statistics. Returns the number of
    registrations purged."""
    now = now or timezone.now()
    days = settings.PERSONAL_DATA_RETENTION_DAYS if days is None else days
    purge = Registration.objects.filter(
        anonymised_at__isnull=True, event__end__lt=now - dt.timedelta(days=days)
    )
    ids = list(purge.values_list("pk", flat=True))
    OutgoingMail.objects.filter(registration_id__in=ids).delete()
    return Registration.objects.filter(pk__in=ids).update(
        name="",
        email="",
        interpretation_language="",
        accessibility_needs="",
        needs_childcare=False,
        user=None,
        anonymised_at=now,
        updated_at=now,
    )


def waitlists_refresh(*, now: dt.datetime | None = None) -> int:
    """Move people up on every upcoming event where lapsed holds have freed
    seats. Sign-ups and cancellations do this for their event anyway; this
    catches events where nothing else happens (run from cron). Returns how
    many people moved up."""
    now = now or timezone.now()
    events = Event.objects.filter(
        end__gt=now,
        is_cancelled=False,
        registrations__status=Registration.Status.WAITLISTED,
    ).distinct()
    return sum(len(waitlist_promote(event=event, now=now)) for event in events)
