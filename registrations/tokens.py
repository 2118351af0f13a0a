"""Signed tokens for the links in sign-up e-mails.

A token carries only the registration's random public key, signed with the
site's secret and a salt per purpose: it reveals nothing about the person or
the event, cannot be guessed, and a token for one purpose (confirming) is no
good for another (managing or cancelling) or for another registration.
"""

import datetime as dt

from django.core import signing

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


class InvalidToken(Exception):
    """The link is damaged, expired, or its registration no longer exists."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "bad", "expired" or "gone"


def _signer(purpose: str) -> signing.TimestampSigner:
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown token purpose {purpose!r}")
    return signing.TimestampSigner(salt=f"registrations.token.{purpose}")


def registration_token(*, registration: Registration, purpose: str) -> str:
    """The signed token for a link of the given purpose."""
    return _signer(purpose).sign(registration.public_id.hex)


def registration_from_token(*, token: str, purpose: str) -> Registration:
    """The registration a token was made for, or InvalidToken."""
    try:
        public_id = _signer(purpose).unsign(token, max_age=PURPOSES[purpose])
    except signing.SignatureExpired as error:
        raise InvalidToken("expired") from error
    except signing.BadSignature as error:
        raise InvalidToken("bad") from error
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
