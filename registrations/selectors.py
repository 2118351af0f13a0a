"""Reads about registrations: seat counts and the state of sign-ups."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from .models import Registration


def seats_taken_filter(now: dt.datetime) -> Q:
    """Registrations (seen from the event) that occupy a seat at `now`:
    confirmed, attended, and pending ones whose 24-hour hold still runs."""
    return Q(
        registrations__status__in=[
            Registration.Status.CONFIRMED,
            Registration.Status.ATTENDED,
        ]
    ) | Q(
        registrations__status=Registration.Status.PENDING,
        registrations__expires_at__gt=now,
    )


def with_seats_taken(queryset, now: dt.datetime | None = None):
    """Annotate events with `seats_taken`, in the same query."""
    now = now or timezone.now()
    return queryset.annotate(
        seats_taken=Count("registrations", filter=seats_taken_filter(now))
    )


@dataclass(frozen=True)
class SignupState:
    """Whether an event takes sign-ups, for the agenda and the event page.

    code is one of: open, full (waiting list), not_open, closed, started,
    past, cancelled.
    """

    code: str
    seats_left: int | None = None
    opens: dt.datetime | None = None

    @property
    def accepts_signups(self) -> bool:
        return self.code in ("open", "full")


def event_signup_state(
    *, event, seats_taken: int | None = None, now: dt.datetime | None = None
) -> SignupState:
    """The sign-up state of an event. Pass `seats_taken` when the event was
    annotated by `with_seats_taken`, to save a query."""
    now = now or timezone.now()
    if event.is_cancelled:
        return SignupState("cancelled")
    if event.end < now:
        return SignupState("past")
    if event.start <= now:
        return SignupState("started")
    if event.registration_opens and now < event.registration_opens:
        return SignupState("not_open", opens=event.registration_opens)
    if event.registration_closes and now >= event.registration_closes:
        return SignupState("closed")
    if event.capacity is None:
        return SignupState("open")
    if seats_taken is None:
        seats_taken = getattr(event, "seats_taken", None)
    if seats_taken is None:
        from .services import event_seats_taken

        seats_taken = event_seats_taken(event=event, now=now)
    seats_left = max(event.capacity - seats_taken, 0)
    return SignupState("open" if seats_left else "full", seats_left=seats_left)


def registrations_of_user(user):
    """A signed-in person's sign-ups: those made while signed in and those
    made with one of their verified e-mail addresses."""
    from allauth.account.models import EmailAddress

    addresses = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    )
    match = Q(user=user)
    for address in addresses:
        match |= Q(email__iexact=address)
    return (
        Registration.objects.filter(match, anonymised_at__isnull=True)
        .select_related("event", "event__venue")
        .order_by("-event__start")
    )
