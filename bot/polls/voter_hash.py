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
        self._key = secret.encode()

    def __call__(self, user_id: int) -> bytes:
        """The voter key of a user (32 bytes; `hmac.digest`, the one-shot C path)."""
        return hmac.digest(self._key, str(user_id).encode(), hashlib.sha256)

    def __repr__(self) -> str:
        return "VoterHasher(<secret>)"
