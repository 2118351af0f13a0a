import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from registrations.models import Registration
from registrations.services import (
    CONFIRMATION_HOLD,
    AlreadyRegistered,
    event_seats_taken,
    registration_cancel,
    registration_confirm,
    registration_create,
    waitlist_position,
    waitlist_promote,
)
from tests.conftest import make_event, make_process


@pytest.fixture
def event(city):
    return make_event(make_process(city), capacity=2)


def sign_up(event, n, **kwargs):
    return registration_create(
        event=event, name=f"Person {n}", email=f"person{n}@example.org", consent=True,
        **kwargs,
    )  # fmt: skip


def test_registration_create_holds_a_pending_seat_for_24_hours(event):
    now = timezone.now()
    registration = sign_up(event, 1, now=now)
    assert registration.status == Registration.Status.PENDING
    assert registration.expires_at == now + CONFIRMATION_HOLD
    assert registration.consent_at == now
    assert event_seats_taken(event=event) == 1


def test_registration_create_waitlists_when_event_full(event):
    sign_up(event, 1)
    sign_up(event, 2)
    third = sign_up(event, 3)
    fourth = sign_up(event, 4)
    assert third.status == Registration.Status.WAITLISTED
    assert waitlist_position(registration=third) == 1
    assert waitlist_position(registration=fourth) == 2


def test_registration_create_refuses_the_same_address_twice(event):
    first = sign_up(event, 1)
    with pytest.raises(AlreadyRegistered) as error:
        registration_create(
            event=event, name="Again", email="PERSON1@example.org", consent=True
        )
    assert error.value.registration == first
    assert event.registrations.count() == 1


def test_unconfirmed_seat_lapses_after_24_hours_and_frees_the_seat(event):
    now = timezone.now()
    sign_up(event, 1, now=now)
    sign_up(event, 2, now=now)
    later = now + CONFIRMATION_HOLD + dt.timedelta(seconds=1)
    assert event_seats_taken(event=event, now=later) == 0
    third = sign_up(event, 3, now=later)
    assert third.status == Registration.Status.PENDING


def test_lapsed_address_can_sign_up_again(event):
    now = timezone.now()
    sign_up(event, 1, now=now)
    again = sign_up(event, 1, now=now + CONFIRMATION_HOLD)
    assert again.status == Registration.Status.PENDING
    assert event.registrations.filter(status="cancelled").count() == 1


def test_registration_confirm_turns_pending_into_confirmed(event):
    registration = registration_confirm(registration=sign_up(event, 1))
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.confirmed_at is not None
    assert registration.expires_at is None


def test_confirming_a_lapsed_seat_of_a_full_event_joins_the_waiting_list(event):
    now = timezone.now()
    first = sign_up(event, 1, now=now)
    later = now + CONFIRMATION_HOLD + dt.timedelta(minutes=1)
    sign_up(event, 2, now=later)
    sign_up(event, 3, now=later)
    confirmed = registration_confirm(registration=first, now=later)
    assert confirmed.status == Registration.Status.WAITLISTED


def test_registration_cancel_moves_the_first_person_waiting_up(event):
    first = registration_confirm(registration=sign_up(event, 1))
    sign_up(event, 2)
    waiting = registration_confirm(registration=sign_up(event, 3))
    still_waiting = sign_up(event, 4)
    assert waiting.status == Registration.Status.WAITLISTED

    cancelled, promoted = registration_cancel(registration=first)

    assert cancelled.status == Registration.Status.CANCELLED
    assert promoted == [waiting]
    waiting.refresh_from_db()
    still_waiting.refresh_from_db()
    # The waiting person had confirmed their address: they hold a seat at once.
    assert waiting.status == Registration.Status.CONFIRMED
    assert still_waiting.status == Registration.Status.WAITLISTED
    assert waitlist_position(registration=still_waiting) == 1


def test_unconfirmed_person_moving_up_gets_a_new_24_hour_hold(event):
    first = sign_up(event, 1)
    sign_up(event, 2)
    waiting = sign_up(event, 3)
    now = timezone.now()
    registration_cancel(registration=first, now=now)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.PENDING
    assert waiting.expires_at == now + CONFIRMATION_HOLD


def test_cancelling_twice_changes_nothing(event):
    registration = sign_up(event, 1)
    registration_cancel(registration=registration)
    _, promoted = registration_cancel(registration=registration)
    assert promoted == []


def test_staff_cannot_move_someone_up_without_a_free_seat(event):
    sign_up(event, 1)
    sign_up(event, 2)
    waiting = sign_up(event, 3)
    with pytest.raises(ValidationError) as error:
        waitlist_promote(event=event, registration=waiting)
    assert error.value.code == "full"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"is_cancelled": True}, "cancelled"),
        ({"is_published": False}, "unpublished"),
        ({"days": -3}, "past"),
        ({"registration_opens_in": dt.timedelta(days=1)}, "not_open"),
        ({"registration_closes_in": dt.timedelta(days=-1)}, "closed"),
    ],
)
def test_registration_create_refuses_events_that_take_no_sign_ups(city, change, code):
    days = change.pop("days", 7)
    now = timezone.now()
    fields = {}
    if "registration_opens_in" in change:
        fields["registration_opens"] = now + change.pop("registration_opens_in")
    if "registration_closes_in" in change:
        fields["registration_opens"] = now - dt.timedelta(days=5)
        fields["registration_closes"] = now + change.pop("registration_closes_in")
    event = make_event(make_process(city), days=days, **change, **fields)
    with pytest.raises(ValidationError) as error:
        sign_up(event, 1)
    assert error.value.code == code
    assert not event.registrations.exists()


def test_staff_can_enter_a_phone_sign_up_as_confirmed_without_an_address(event):
    registration = registration_create(
        event=event, name="Anruf", email="", channel="phone", confirmed=True
    )
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.channel == "phone"


def test_web_sign_up_needs_consent(event):
    with pytest.raises(ValidationError):
        registration_create(event=event, name="Ohne", email="o@example.org")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_ups_never_overbook(city):
    """Many sign-ups at once from several threads: never more seats than
    capacity, everyone either holds a seat or a waiting place, nobody twice."""
    capacity, people, threads = 5, 40, 8
    event = make_event(make_process(city), capacity=capacity)
    barrier = threading.Barrier(threads)
    errors = []

    def worker(offset):
        try:
            barrier.wait(timeout=10)
            for n in range(offset, people, threads):
                sign_up(event, n)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=60)

    assert errors == []
    registrations = list(event.registrations.all())
    assert len(registrations) == people
    assert len({r.email for r in registrations}) == people
    seats = [r for r in registrations if r.status == Registration.Status.PENDING]
    waiting = [r for r in registrations if r.status == Registration.Status.WAITLISTED]
    assert len(seats) == capacity
    assert len(waiting) == people - capacity


def test_a_seat_freed_by_a_lapsed_hold_goes_to_the_waiting_list_first(event):
    now = timezone.now()
    sign_up(event, 1, now=now)
    sign_up(event, 2, now=now)
    waiting = sign_up(event, 3, now=now)
    assert waiting.status == Registration.Status.WAITLISTED
    later = now + CONFIRMATION_HOLD + dt.timedelta(minutes=1)
    newcomer = sign_up(event, 4, now=later)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.PENDING
    assert newcomer.status == Registration.Status.PENDING  # the second freed seat
    assert sign_up(event, 5, now=later).status == Registration.Status.WAITLISTED


def test_waitlists_refresh_moves_people_up_where_holds_lapsed(event):
    from registrations.services import waitlists_refresh

    now = timezone.now()
    sign_up(event, 1, now=now)
    sign_up(event, 2, now=now)
    waiting = sign_up(event, 3, now=now)
    assert waitlists_refresh(now=now) == 0
    assert waitlists_refresh(now=now + CONFIRMATION_HOLD) == 1
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.PENDING
