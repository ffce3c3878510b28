"""Who may see the studio page: one-time signed login links, sessions, a login rate limit.

A link holds a random nonce, its expiry and an HMAC of both under the studio key; the
nonce's SHA-256 is stored when the link is handed out and marked used by the first login,
so a link works once, for LINK_TTL (and the database, or its debug log, never holds one).
A login starts a session of SESSION_TTL; the cookie holds the session id (signed by the web
layer), the database only its SHA-256.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
import time
from collections import deque
from dataclasses import dataclass
from enum import StrEnum

from bot.base.clock import Clock
from storage.studio import StudioRepository

LINK_TTL = dt.timedelta(minutes=10)
SESSION_TTL = dt.timedelta(hours=12)
KEY_NAME = "signing_key"
LOGINS_PER_WINDOW = 10  # login attempts per client address …
LOGIN_WINDOW_S = 60.0  # … per this many seconds


class LinkProblem(StrEnum):
    """Why a login link was refused."""

    FORGED = "forged"
    EXPIRED = "expired"
    USED = "used"


@dataclass(frozen=True)
class Login:
    """A login: the session id for the cookie, or why the link was refused."""

    session_id: str | None = None
    user_id: int | None = None
    problem: LinkProblem | None = None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def session_hash(session_id: str) -> bytes:
    """What the database keeps of a session id."""
    return hashlib.sha256(session_id.encode()).digest()


class StudioAccess:
    """Login links, sessions and the login rate limit."""

    def __init__(self, repo: StudioRepository, clock: Clock) -> None:
        self._repo = repo
        self._clock = clock
        self._key = b""
        self._attempts: dict[str, deque[float]] = {}

    async def load_key(self) -> str:
        """Load (or create on first start) the signing key; return it for the cookies."""
        key = await self._repo.key(KEY_NAME, secrets.token_hex(32))
        self._key = key.encode()
        return key

    def _sign(self, nonce: str, expires: int) -> str:
        digest = hmac.new(self._key, f"{nonce}.{expires}".encode(), hashlib.sha256).digest()
        return _b64(digest)

    async def new_link_token(self, user_id: int) -> str:
        """A token for a one-time login link of `user_id`."""
        nonce = _b64(secrets.token_bytes(18))
        expires = int((self._clock.now() + LINK_TTL).timestamp())
        await self._repo.add_link(_digest(nonce), user_id, float(expires))
        return f"{nonce}.{expires}.{self._sign(nonce, expires)}"

    async def log_in(self, token: str) -> Login:
        """Use a link token once: a new session, or the problem."""
        nonce, _, rest = token.partition(".")
        expires_text, _, signature = rest.partition(".")
        if not nonce or not expires_text.isdigit() or not signature:
            return Login(problem=LinkProblem.FORGED)
        expected = self._sign(nonce, int(expires_text))
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            return Login(problem=LinkProblem.FORGED)
        now = self._clock.now().timestamp()
        if int(expires_text) <= now:
            return Login(problem=LinkProblem.EXPIRED)
        user_id = await self._repo.use_link(_digest(nonce), now)
        if user_id is None:
            return Login(problem=LinkProblem.USED)
        session_id = secrets.token_urlsafe(32)
        expires_at = now + SESSION_TTL.total_seconds()
        await self._repo.add_session(session_hash(session_id), user_id, expires_at)
        return Login(session_id=session_id, user_id=user_id)

    async def session_user(self, session_id: str | None) -> int | None:
        """The user of a live session, else None."""
        if not session_id:
            return None
        return await self._repo.session_user(
            session_hash(session_id), self._clock.now().timestamp()
        )

    async def log_out(self, session_id: str) -> None:
        """End the session."""
        await self._repo.end_sessions([session_hash(session_id)])

    def login_allowed(self, client: str, now: float | None = None) -> bool:
        """Count a login attempt from `client`; False past LOGINS_PER_WINDOW per window."""
        moment = time.monotonic() if now is None else now
        attempts = self._attempts.setdefault(client, deque())
        while attempts and moment - attempts[0] >= LOGIN_WINDOW_S:
            attempts.popleft()
        if len(attempts) >= LOGINS_PER_WINDOW:
            return False
        attempts.append(moment)
        if len(self._attempts) > 10_000:  # bound the memory a scan of addresses could take
            self._attempts = {client: attempts}
        return True
