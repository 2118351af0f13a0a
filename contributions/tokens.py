"""Signed tokens for the links in contribution e-mails.

As for sign-ups (`registrations.tokens`): a token carries only the row's
random public key, signed with the site's secret and a salt per purpose, so
it reveals nothing and a token for one purpose is no good for another.
"""

import datetime as dt

from django.core import signing

from .models import Contribution, Support

CONFIRM_MAX_AGE = dt.timedelta(days=7)

PURPOSES = {
    # Confirming a contribution or a support: a week.
    "confirm": CONFIRM_MAX_AGE,
    "support": CONFIRM_MAX_AGE,
    # Withdrawing one's contribution: until the personal data is purged.
    "withdraw": None,
}


class InvalidToken(Exception):
    """The link is damaged, expired, or what it points to no longer exists."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "bad", "expired" or "gone"


def _signer(purpose: str) -> signing.TimestampSigner:
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown token purpose {purpose!r}")
    return signing.TimestampSigner(salt=f"contributions.token.{purpose}")


def _unsign(token: str, purpose: str) -> str:
    try:
        return _signer(purpose).unsign(token, max_age=PURPOSES[purpose])
    except signing.SignatureExpired as error:
        raise InvalidToken("expired") from error
    except signing.BadSignature as error:
        raise InvalidToken("bad") from error


def contribution_token(*, contribution: Contribution, purpose: str) -> str:
    """The signed token for a link about a contribution."""
    return _signer(purpose).sign(contribution.public_id.hex)


def contribution_from_token(*, token: str, purpose: str) -> Contribution:
    """The contribution a token was made for, or InvalidToken."""
    public_id = _unsign(token, purpose)
    contribution = (
        Contribution.objects.select_related(
            "edition", "section", "action_field", "goal__action_field"
        )
        .filter(public_id=public_id, anonymised_at__isnull=True)
        .first()
    )
    if contribution is None:
        raise InvalidToken("gone")
    return contribution


def support_token(*, support: Support) -> str:
    """The signed token of the link that confirms a support."""
    return _signer("support").sign(support.public_id.hex)


def support_from_token(*, token: str) -> Support:
    """The support a confirmation token was made for, or InvalidToken."""
    public_id = _unsign(token, "support")
    support = (
        Support.objects.select_related("contribution", "contribution__edition")
        .filter(public_id=public_id, anonymised_at__isnull=True)
        .first()
    )
    if support is None:
        raise InvalidToken("gone")
    return support
