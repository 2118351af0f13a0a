"""Signed tokens for the links in sign-up e-mails.

A token carries only the registration's random public key, signed with the
site's secret and a salt per purpose: it reveals nothing about the person or
the event, cannot be guessed, and a token for one purpose (confirming) is no
good for another (managing or cancelling) or for another registration.
"""

import datetime as dt

from core.links import InvalidToken, LinkSigner

from .models import Registration

# A confirmation link is good for a week. The seat it confirms is held for
# 24 hours only; confirming later still works, onto the waiting list if the
# event has filled up meanwhile.
CONFIRM_MAX_AGE = dt.timedelta(days=7)

PURPOSES = {
    "confirm": CONFIRM_MAX_AGE,
    # The page right after signing up ("check your inbox") for its sender.
    "receipt": dt.timedelta(days=1),
    # The link to see or cancel one's sign-up works until the data is purged.
    "manage": None,
}


SIGNER = LinkSigner("registrations.token", PURPOSES)


def registration_token(*, registration: Registration, purpose: str) -> str:
    """The signed token for a link of the given purpose."""
    return SIGNER.sign(registration.public_id, purpose=purpose)


def registration_from_token(*, token: str, purpose: str) -> Registration:
    """The registration a token was made for, or InvalidToken."""
    public_id = SIGNER.unsign(token, purpose=purpose)
    registration = (
        Registration.objects.select_related(
            "event", "event__venue", "event__process", "stakeholder_group", "district"
        )
        .filter(public_id=public_id, anonymised_at__isnull=True)
        .first()
    )
    if registration is None:
        raise InvalidToken("gone")
    return registration
