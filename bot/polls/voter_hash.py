"""Voters as keyed hashes: HMAC-SHA256(secret, Telegram user id), never the id itself."""

from __future__ import annotations

import hashlib
import hmac
import secrets

SECRET_NAME = "vote_secret"  # noqa: S105 - a row name, not a secret


def new_secret() -> str:
    """A fresh random secret (64 hex characters)."""
    return secrets.token_hex(32)


class VoterHasher:
    """Turns a Telegram user id into the opaque voter key stored with votes."""

    def __init__(self, secret: str) -> None:
        if not secret:
            msg = "the vote secret must not be empty"
            raise ValueError(msg)
        # Keyed once; each user copies it (hmac's documented way to share a prefix). Unlike
        # `hmac.digest`, this never lets go of the GIL, which the database thread would take.
        self._keyed = hmac.new(secret.encode(), digestmod=hashlib.sha256)

    def __call__(self, user_id: int) -> bytes:
        """The voter key of a user (32 bytes)."""
        keyed = self._keyed.copy()
        keyed.update(str(user_id).encode())
        return keyed.digest()

    def __repr__(self) -> str:
        return "VoterHasher(<secret>)"
