"""E-mails about sign-ups: queued with the change they report, sent later.

`mail_queue` writes an OutgoingMail row inside the caller's transaction and
asks the tasks framework to send it once that transaction has committed. So
a registration is always saved before its e-mail goes out, a rolled-back
sign-up sends nothing, and a mail server that is down loses nothing: the row
stays, with its error, and is tried again (`send_queued_mail`, the admin).
Every message is rendered at sending time in the recipient's language (the
one of the site's pages they used): its words, the event's title and texts
(their translation, else German), its links (to the pages in that
language) and the calendar entry attached.
"""

import datetime as dt
import io
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import OutgoingMail, Registration
from .tokens import registration_token

Kind = OutgoingMail.Kind

# E-mails that carry the event as a calendar entry and the check-in code.
WITH_TICKET = {Kind.CONFIRMED, Kind.PROMOTED, Kind.REMINDER}


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def registration_manage_url(registration: Registration) -> str:
    token = registration_token(registration=registration, purpose="manage")
    return absolute_url(reverse("registrations:manage", kwargs={"token": token}))


def registration_confirm_url(registration: Registration) -> str:
    token = registration_token(registration=registration, purpose="confirm")
    return absolute_url(reverse("registrations:confirm", kwargs={"token": token}))


def checkin_url(registration: Registration) -> str:
    """Where staff land when they scan the QR code: the admin's search for
    the registration code, in the staff's language (German), whatever the
    language of the e-mail that carries it."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("admin:registrations_registration_changelist")
    return absolute_url(f"{path}?q={registration.code}")


def render_qr_png(data: str) -> bytes:
    import qrcode

    buffer = io.BytesIO()
    qrcode.make(data, border=2).save(buffer, format="PNG")
    return buffer.getvalue()


def render_qr_svg(data: str) -> str:
    """An inline SVG of the QR code (no external file, no JavaScript)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return image.to_string(encoding="unicode")


def mail_queue(
    *,
    kind: str,
    recipient: str,
    language: str = "",
    registration: Registration | None = None,
    event=None,
    message=None,
    extra: dict | None = None,
) -> OutgoingMail | None:
    """Record an e-mail and send it after the current transaction commits.
    Returns None when there is nobody to write to."""
    if not recipient:
        return None
    mail = OutgoingMail.objects.create(
        kind=kind,
        recipient=recipient,
        language=language or settings.LANGUAGE_CODE,
        registration=registration,
        event=event if event is not None else getattr(registration, "event", None),
        message=message,
        extra=extra or {},
    )
    transaction.on_commit(lambda: _enqueue(mail.pk))
    return mail


def mail_queue_for_registration(
    *, registration: Registration, kind: str, extra: dict | None = None
) -> OutgoingMail | None:
    """Queue an e-mail to the person behind a registration, in their language."""
    return mail_queue(
        kind=kind,
        recipient=registration.email,
        language=registration.language,
        registration=registration,
        extra=extra,
    )


def _enqueue(mail_id: int, run_after: dt.datetime | None = None) -> None:
    from django.tasks import default_task_backend

    from .tasks import send_mail

    task = send_mail
    if run_after is not None:
        if not default_task_backend.supports_defer:
            return  # `send_queued_mail` picks it up when it is due.
        task = task.using(run_after=run_after)
    task.enqueue(mail_id)


# Kinds of e-mail that apps above this one queue through the same outbox:
# kind → (template prefix, function giving the template context). The higher
# app registers them when it is ready, so this app never imports it.
_REGISTERED_KINDS: dict[str, tuple[str, Callable[[OutgoingMail], dict]]] = {}


def mail_kind_register(
    kind: str, *, template: str, context: Callable[[OutgoingMail], dict]
) -> None:
    """Let `mail_render` render e-mails of `kind` from `template`_subject.txt
    and `template`.txt with the context `context(mail)` returns (called in
    the recipient's language)."""
    _REGISTERED_KINDS[kind] = (template, context)


def _registered_render(mail: OutgoingMail) -> EmailMessage:
    template, build_context = _REGISTERED_KINDS[mail.kind]
    with translation.override(mail.language or settings.LANGUAGE_CODE):
        context = {
            "mail": mail,
            "kind": mail.kind,
            "extra": mail.extra,
            "site_url": settings.SITE_URL,
        } | build_context(mail)
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    city = context.get("city")
    reply_to = [city.contact_email] if city is not None and city.contact_email else []
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.recipient],
        reply_to=reply_to,
        headers={"Auto-Submitted": "auto-generated"},
    )


def mail_render(mail: OutgoingMail) -> EmailMessage:
    """The message for one queued e-mail, in its recipient's language."""
    if mail.kind in _REGISTERED_KINDS:
        return _registered_render(mail)
    registration = mail.registration
    event = mail.event or (registration.event if registration else None)
    city = event.process.city if event is not None else None
    with translation.override(mail.language or settings.LANGUAGE_CODE):
        context = {
            "mail": mail,
            "kind": mail.kind,
            "registration": registration,
            "event": event,
            "city": city,
            "message": mail.message,
            "extra": mail.extra,
            "site_url": settings.SITE_URL,
            "event_url": absolute_url(event.get_absolute_url()) if event else "",
        }
        if registration is not None and registration.anonymised_at is None:
            from .services import waitlist_position

            context["manage_url"] = registration_manage_url(registration)
            context["confirm_url"] = registration_confirm_url(registration)
            context["position"] = waitlist_position(registration=registration)
        template = f"registrations/email/{mail.kind}"
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
        calendar = None
        if event is not None and (
            mail.kind in WITH_TICKET or mail.kind == Kind.EVENT_CANCELLED
        ):
            from events.ical import render_event_ics

            # The calendar entry in the language of the e-mail, too.
            calendar = render_event_ics(event)
    reply_to = [city.contact_email] if city is not None and city.contact_email else []
    email = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.recipient],
        reply_to=reply_to,
        headers={"Auto-Submitted": "auto-generated"},
    )
    if calendar is not None:
        email.attach(f"{event.slug}.ics", calendar, "text/calendar; charset=utf-8")
    if registration is not None and mail.kind in WITH_TICKET:
        email.attach(
            f"anmeldung-{registration.code}.png",
            render_qr_png(checkin_url(registration)),
            "image/png",
        )
    return email


def _backoff(attempts: int) -> dt.timedelta:
    """5, 10, 20, 40 … minutes, at most a day."""
    return min(dt.timedelta(minutes=5 * 2 ** (attempts - 1)), dt.timedelta(days=1))


def mail_send(*, mail_id: int, now: dt.datetime | None = None) -> OutgoingMail | None:
    """Send one queued e-mail and record the outcome. A failure is kept with
    its error and a time for the next attempt, until MAIL_MAX_ATTEMPTS."""
    now = now or timezone.now()
    with transaction.atomic():
        mail = (
            OutgoingMail.objects.select_for_update(of=("self",))
            .select_related(
                "registration",
                "registration__event",
                "event",
                "event__venue",
                "event__process__city",
                "message",
            )
            .filter(pk=mail_id)
            .exclude(status__in=[OutgoingMail.Status.SENT, OutgoingMail.Status.GAVE_UP])
            .first()
        )
        if mail is None:
            return None
        mail.attempts += 1
        try:
            mail_render(mail).send()
        except Exception as error:  # any failure of rendering or the server
            mail.last_error = f"{type(error).__name__}: {error}"[:2000]
            if mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
                mail.status = OutgoingMail.Status.GAVE_UP
                mail.next_attempt_at = None
            else:
                mail.status = OutgoingMail.Status.FAILED
                mail.next_attempt_at = now + _backoff(mail.attempts)
        else:
            mail.status = OutgoingMail.Status.SENT
            mail.sent_at = now
            mail.next_attempt_at = None
            mail.last_error = ""
        mail.save(
            update_fields=[
                "attempts",
                "status",
                "sent_at",
                "next_attempt_at",
                "last_error",
                "updated_at",
            ]
        )
    if mail.status == OutgoingMail.Status.FAILED:
        transaction.on_commit(lambda: _enqueue(mail.pk, mail.next_attempt_at))
    return mail


def mail_retry_due(*, now: dt.datetime | None = None, stuck_after=None) -> int:
    """Send every failed e-mail whose next attempt is due, and any queued one
    that has waited too long (a lost task). Safe to run as often as wanted."""
    now = now or timezone.now()
    stuck_after = stuck_after or dt.timedelta(minutes=10)
    due = OutgoingMail.objects.filter(
        status=OutgoingMail.Status.FAILED, next_attempt_at__lte=now
    ) | OutgoingMail.objects.filter(
        status=OutgoingMail.Status.QUEUED, created_at__lte=now - stuck_after
    )
    count = 0
    for mail_id in due.values_list("pk", flat=True):
        mail_send(mail_id=mail_id, now=now)
        count += 1
    return count
