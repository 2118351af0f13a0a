"""E-mails and the cron-safe commands: reminders, purging, retries, staff
alerts, event cancellation and messages to participants."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from registrations.emails import mail_retry_due, mail_send
from registrations.models import OutgoingMail, Registration
from registrations.services import (
    event_cancel,
    event_message_create,
    personal_data_purge,
    registration_create,
    reminders_send,
)
from tests.conftest import make_event, make_process, make_registration

Kind = OutgoingMail.Kind


@pytest.fixture
def process(city):
    city.contact_email = "ki@example.org"
    city.save()
    return make_process(city)


def sign_up(event, n, **kwargs):
    return registration_create(
        event=event,
        name=f"Person {n}",
        email=f"person{n}@example.org",
        consent=True,
        **kwargs,
    )


def kinds(**filters):
    return sorted(OutgoingMail.objects.filter(**filters).values_list("kind", flat=True))


def test_reminders_go_to_confirmed_people_once_however_often_the_command_runs(
    process, mailoutbox, django_capture_on_commit_callbacks
):
    soon = make_event(process, days=1, capacity=10)
    later = make_event(process, days=10, capacity=10)
    confirmed = make_registration(soon, status=Registration.Status.CONFIRMED)
    make_registration(soon, status=Registration.Status.PENDING)
    make_registration(soon, status=Registration.Status.CANCELLED)
    make_registration(later, status=Registration.Status.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--days", "2", stdout=StringIO())
        call_command("send_reminders", "--days", "2", stdout=StringIO())
    assert [m.to for m in mailoutbox] == [[confirmed.email]]
    assert soon.title in mailoutbox[0].body
    assert any(a.filename.endswith(".ics") for a in mailoutbox[0].attachments)
    confirmed.refresh_from_db()
    assert confirmed.reminded_at is not None
    assert reminders_send(days=2) == 0


def test_purge_removes_personal_data_after_the_retention_period_and_keeps_counts(
    process,
):
    old = make_event(process, days=-200)
    recent = make_event(process, days=-10)
    gone = make_registration(
        old,
        status=Registration.Status.ATTENDED,
        organisation="Verein",
        accessibility_needs="Rollstuhl",
    )
    kept = make_registration(recent, status=Registration.Status.ATTENDED)
    OutgoingMail.objects.create(
        kind=Kind.CONFIRMED, recipient=gone.email, registration=gone
    )
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "1" in out.getvalue()
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert gone.name == gone.email == gone.accessibility_needs == ""
    assert gone.anonymised_at is not None
    assert gone.status == Registration.Status.ATTENDED
    assert gone.organisation == "Verein"  # organisations are counted
    assert not OutgoingMail.objects.filter(recipient="person1@example.org").exists()
    assert kept.email
    assert old.registrations.filter(status=Registration.Status.ATTENDED).count() == 1
    assert personal_data_purge() == 0


def test_staff_hear_once_at_80_and_once_at_100_percent(process):
    event = make_event(process, capacity=5)
    for n in range(3):
        sign_up(event, n)
    assert kinds(kind=Kind.CAPACITY) == []
    sign_up(event, 3)  # 4 of 5: 80 %
    assert OutgoingMail.objects.get(kind=Kind.CAPACITY).extra["level"] == 80
    sign_up(event, 4)  # full
    sign_up(event, 5)  # waiting list, no further alert
    levels = sorted(
        m.extra["level"] for m in OutgoingMail.objects.filter(kind=Kind.CAPACITY)
    )
    assert levels == [80, 100]
    assert set(
        OutgoingMail.objects.filter(kind=Kind.CAPACITY).values_list(
            "recipient", flat=True
        )
    ) == {"ki@example.org"}


def test_cancelling_an_event_tells_everyone_registered_and_updates_calendars(
    process, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(process, capacity=1)
    sequence = event.sequence
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(event, 1)
        sign_up(event, 2)  # waiting
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert event_cancel(event=event) == 2
    event.refresh_from_db()
    assert event.is_cancelled
    assert event.sequence == sequence + 1
    assert sorted(m.to[0] for m in mailoutbox) == [
        "person1@example.org",
        "person2@example.org",
    ]
    ics = next(a for a in mailoutbox[0].attachments if a.filename.endswith(".ics"))
    content = ics.content if isinstance(ics.content, str) else ics.content.decode()
    assert "STATUS:CANCELLED" in content
    assert event_cancel(event=event) == 0


def test_a_message_reaches_every_confirmed_participant_once(
    process, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(process, capacity=10)
    make_registration(event, status=Registration.Status.CONFIRMED, language="en")
    make_registration(event, status=Registration.Status.ATTENDED)
    make_registration(event, status=Registration.Status.PENDING)
    make_registration(event, status=Registration.Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        message = event_message_create(
            event=event, subject="Raumänderung", body="Wir sind jetzt in Raum 2."
        )
    message.refresh_from_db()
    assert message.recipient_count == 2
    assert sorted(m.subject for m in mailoutbox) == ["Raumänderung", "Raumänderung"]
    assert all("Raum 2" in m.body for m in mailoutbox)
    from registrations.services import event_message_send

    assert event_message_send(message_id=message.pk) == 2
    assert OutgoingMail.objects.filter(message=message).count() == 2


def test_a_failed_mail_is_retried_until_it_goes_out(process, settings, mailoutbox):
    event = make_event(process, capacity=10)
    registration = sign_up(event, 1)
    mail = OutgoingMail.objects.get(registration=registration)
    good = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    now = timezone.now()
    mail = mail_send(mail_id=mail.pk, now=now)
    assert mail.status == OutgoingMail.Status.FAILED
    assert mail.next_attempt_at == now + dt.timedelta(minutes=5)
    assert mail_retry_due(now=now) == 0  # not due yet
    settings.MAILERS = good
    assert mail_retry_due(now=now + dt.timedelta(minutes=6)) == 1
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT
    assert mail.attempts == 2
    assert mailoutbox[0].to == [registration.email]
    assert mail_retry_due(now=now + dt.timedelta(hours=1)) == 0


def test_a_mail_that_keeps_failing_is_given_up_and_stays_visible(process, settings):
    settings.MAIL_MAX_ATTEMPTS = 2
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    registration = sign_up(make_event(process, capacity=10), 1)
    mail = OutgoingMail.objects.get(registration=registration)
    mail_send(mail_id=mail.pk)
    mail = mail_send(mail_id=mail.pk)
    assert mail.status == OutgoingMail.Status.GAVE_UP
    assert mail.next_attempt_at is None
    assert "Error" in mail.last_error or "refused" in mail.last_error.lower()
    assert mail_send(mail_id=mail.pk) is None  # not tried again by itself


def test_nothing_is_sent_when_the_signup_rolls_back(process, mailoutbox):
    from django.db import transaction

    event = make_event(process, capacity=10)
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            sign_up(event, 1)
            raise RuntimeError
    assert not OutgoingMail.objects.exists()
    assert mailoutbox == []
