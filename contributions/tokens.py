"""Signed tokens for the links in contribution e-mails.

As for sign-ups (`registrations.tokens`): a token carries only the row's
random public key, signed with the site's secret and a salt per purpose, so
it reveals nothing and a token for one purpose is no good for another.
"""

import datetime as dt

from core.links import InvalidToken, LinkSigner

from .models import Contribution, Support

CONFIRM_MAX_AGE = dt.timedelta(days=7)

PURPOSES = {
    # Confirming a contribution or a support: a week.
    "confirm": CONFIRM_MAX_AGE,
    "support": CONFIRM_MAX_AGE,
    # Withdrawing one's contribution: until the personal data is purged.
    "withdraw": None,
}


SIGNER = LinkSigner("contributions.token", PURPOSES)


def contribution_token(*, contribution: Contribution, purpose: str) -> str:
    """The signed token for a link about a contribution."""
    return SIGNER.sign(contribution.public_id, purpose=purpose)


def contribution_from_token(*, token: str, purpose: str) -> Contribution:
    """The contribution a token was made for, or InvalidToken."""
    public_id = SIGNER.unsign(token, purpose=purpose)
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
    return SIGNER.sign(support.public_id, purpose="support")


def support_from_token(*, token: str) -> Support:
    """The support a confirmation token was made for, or InvalidToken."""
    public_id = SIGNER.unsign(token, purpose="support")
    support = (
        Support.objects.select_related("contribution", "contribution__edition")
        .filter(public_id=public_id, anonymised_at__isnull=True)
        .first()
    )
    if support is None:
        raise InvalidToken("gone")
    return support
