"""Signed links in e-mails: a token carries only a row's random public key,
signed with the site's secret and a salt per purpose. It reveals nothing,
cannot be guessed, and a token for one purpose (confirming) is no good for
another (withdrawing) or for another row. Sign-ups and contributions each
keep their own namespace of purposes (`registrations.tokens`,
`contributions.tokens`)."""

import datetime as dt
import uuid

from django.core import signing


class InvalidToken(Exception):
    """The link is damaged, expired, or what it points to no longer exists."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "bad", "expired" or "gone"


class LinkSigner:
    """Signs and checks the tokens of one namespace's purposes, each with
    its own lifetime (None: good until the row is gone)."""

    def __init__(self, namespace: str, purposes: dict[str, dt.timedelta | None]):
        self.namespace = namespace
        self.purposes = purposes

    def _signer(self, purpose: str) -> signing.TimestampSigner:
        if purpose not in self.purposes:
            raise ValueError(f"Unknown token purpose {purpose!r}")
        return signing.TimestampSigner(salt=f"{self.namespace}.{purpose}")

    def sign(self, public_id: uuid.UUID, *, purpose: str) -> str:
        """The token for a link of this purpose to the row with this key."""
        return self._signer(purpose).sign(public_id.hex)

    def unsign(self, token: str, *, purpose: str) -> str:
        """The public key (hex) a token was made for, or InvalidToken."""
        try:
            return self._signer(purpose).unsign(token, max_age=self.purposes[purpose])
        except signing.SignatureExpired as error:
            raise InvalidToken("expired") from error
        except signing.BadSignature as error:
            raise InvalidToken("bad") from error
