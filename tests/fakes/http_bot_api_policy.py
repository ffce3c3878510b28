"""Flood limits, fault settings and Telegram-shaped errors for the fake Bot API server."""

from __future__ import annotations

import math
import random
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

SEND_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "copyMessage", "forwardMessage"}
)
EDIT_METHODS = frozenset({"editMessageText", "editMessageReplyMarkup", "editMessageCaption"})
DEFAULT_FAULT_METHODS = SEND_METHODS | EDIT_METHODS | {"answerCallbackQuery", "sendChatAction"}
_BLOCKABLE = SEND_METHODS | EDIT_METHODS | {"sendChatAction"}
# Telegram's answer to a paid broadcast the bot's Stars balance cannot pay for.
NOT_ENOUGH_STARS = "Bad Request: BALANCE_TOO_LOW: not enough Stars for a paid broadcast"


def is_paid(method: str, params: dict[str, Any]) -> bool:
    """Whether the call is a send with ``allow_paid_broadcast``."""
    flag = params.get("allow_paid_broadcast")
    return method in SEND_METHODS and (flag is True or str(flag).lower() == "true")


class ApiError(Exception):
    """A Bot API error answer: HTTP ``status`` plus Telegram's ``description``/``parameters``."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        """The JSON body Telegram would send."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def too_many_requests(retry_after: int) -> ApiError:
    """The 429 answer with ``retry_after`` seconds."""
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


@dataclass(frozen=True, slots=True)
class FloodLimits:
    """Sliding-window send limits; ``None`` disables a limit.

    ``per_chat_per_s`` applies to private chats and, if ``per_chat_in_groups``, to groups too;
    ``per_group_per_min`` to chats with negative ids. ``tolerance_s`` shortens every window
    (jitter slack for benchmarks). ``count_edits`` makes edits count towards (and be limited
    by) the per-chat/group windows; edits never count towards ``overall_per_s``.

    A send with ``allow_paid_broadcast`` ignores ``overall_per_s``; every send, paid or not,
    counts towards ``paid_per_s`` (Telegram's 1,000/s ceiling for paid broadcasts).
    """

    overall_per_s: int | None = 30
    paid_per_s: int | None = 1000
    per_chat_per_s: int | None = 1
    per_group_per_min: int | None = 20
    tolerance_s: float = 0.0
    count_edits: bool = False
    per_chat_in_groups: bool = True


@dataclass(frozen=True, slots=True)
class Faults:
    """Random fault rates, drawn from ``random.Random(seed)`` once per eligible call.

    A timeout holds the request ``timeout_delay_s``. With ``timeout_delivers=False`` the call
    has no effect and the connection is dropped (lost request); with ``True`` the call is
    executed and answered late (lost response: a retry creates a duplicate).
    """

    seed: int = 0
    error_5xx_rate: float = 0.0
    timeout_rate: float = 0.0
    timeout_delay_s: float = 1.0
    timeout_delivers: bool = False
    methods: frozenset[str] = DEFAULT_FAULT_METHODS


@dataclass(slots=True)
class OneShotFault:
    """A scripted error for the next ``times`` calls of ``method`` (optionally one chat)."""

    method: str
    error: ApiError
    chat_id: int | str | None = None
    times: int = 1

    def matches(self, method: str, chat_id: int | str | None) -> bool:
        """Whether this fault applies to the call."""
        return self.method.lower() == method.lower() and (
            self.chat_id is None or self.chat_id == chat_id
        )


def _window_wait(stamps: deque[float], limit: int, window: float, now: float) -> float:
    """Prune ``stamps``; seconds until one more event fits (0 when it fits now)."""
    cutoff = now - window
    while stamps and stamps[0] <= cutoff:
        stamps.popleft()
    if len(stamps) < limit:
        return 0.0
    return stamps[-limit] - cutoff


@dataclass(slots=True)
class FloodLimiter:
    """Tracks accepted sends and answers whether another one is allowed."""

    limits: FloodLimits
    overall: deque[float] = field(default_factory=deque)
    per_chat: defaultdict[int | str, deque[float]] = field(
        default_factory=lambda: defaultdict(deque)
    )
    per_group: defaultdict[int | str, deque[float]] = field(
        default_factory=lambda: defaultdict(deque)
    )
    all_sends: deque[float] = field(default_factory=deque)

    def _windows(
        self, chat_id: int | str | None, edit: bool, paid: bool = False
    ) -> list[tuple[deque[float], int, float]]:
        limits = self.limits
        tolerance = limits.tolerance_s
        windows: list[tuple[deque[float], int, float]] = []
        if edit and not limits.count_edits:
            return windows
        if limits.overall_per_s is not None and not edit and not paid:
            windows.append((self.overall, limits.overall_per_s, 1.0 - tolerance))
        if limits.paid_per_s is not None and not edit:
            windows.append((self.all_sends, limits.paid_per_s, 1.0 - tolerance))
        if chat_id is None:
            return windows
        is_group = isinstance(chat_id, int) and chat_id < 0
        if limits.per_chat_per_s is not None and (limits.per_chat_in_groups or not is_group):
            windows.append((self.per_chat[chat_id], limits.per_chat_per_s, 1.0 - tolerance))
        if limits.per_group_per_min is not None and is_group:
            windows.append((self.per_group[chat_id], limits.per_group_per_min, 60.0 - tolerance))
        return windows

    def retry_after(
        self, chat_id: int | str | None, now: float, *, edit: bool = False, paid: bool = False
    ) -> int:
        """0 if the call is allowed, else whole seconds (>= 1) until every window frees."""
        wait = max(
            (
                _window_wait(stamps, limit, window, now)
                for stamps, limit, window in self._windows(chat_id, edit, paid)
            ),
            default=0.0,
        )
        return max(1, math.ceil(wait)) if wait > 0 else 0

    def record(
        self, chat_id: int | str | None, now: float, *, edit: bool = False, paid: bool = False
    ) -> None:
        """Count an accepted call in all windows it belongs to."""
        for stamps, _limit, _window in self._windows(chat_id, edit, paid):
            stamps.append(now)


class FaultInjector:
    """Scripted and random faults plus flood limits; decides each call's injected error."""

    def __init__(self, limits: FloodLimits | None = None, faults: Faults | None = None) -> None:
        self.limits: FloodLimits | None = None
        self.faults = Faults()
        self._limiter: FloodLimiter | None = None
        self._rng = random.Random(0)
        self.set_limits(limits)
        self.set_faults(faults or Faults())
        self.blocked: set[int | str] = set()
        self.migrated: dict[int | str, int] = {}
        self._one_shots: list[OneShotFault] = []
        self._inject_429_left = 0
        self._inject_429_retry = 1
        # The bot's Stars balance in tenths (one paid message each); None: never runs out.
        self.stars_tenths: int | None = None
        self.paid_sent = 0

    def set_stars(self, stars: float | None) -> None:
        """The bot's Stars balance from now on (None: unlimited)."""
        self.stars_tenths = None if stars is None else round(stars * 10)

    @property
    def stars_left(self) -> float | None:
        """The bot's Stars balance (None: unlimited)."""
        return None if self.stars_tenths is None else self.stars_tenths / 10

    def clear_faults(self) -> None:
        """Drop scripted faults, blocks, migrations and flood windows; reseed the RNG."""
        self.blocked.clear()
        self.migrated.clear()
        self._one_shots.clear()
        self._inject_429_left = 0
        self.paid_sent = 0
        self.set_limits(self.limits)
        self.set_faults(self.faults)

    def set_limits(self, limits: FloodLimits | None) -> None:
        """Enable (or with None disable) flood limits; windows start empty."""
        self.limits = limits
        self._limiter = FloodLimiter(limits) if limits else None

    def set_faults(self, faults: Faults) -> None:
        """Replace the random fault settings and reseed the RNG."""
        self.faults = faults
        self._rng = random.Random(faults.seed)

    def block_chat(self, chat_id: int | str) -> None:
        """Sends/edits/chat actions to ``chat_id`` answer 403 (bot blocked/kicked)."""
        self.blocked.add(chat_id)

    def unblock_chat(self, chat_id: int | str) -> None:
        """Undo :meth:`block_chat`."""
        self.blocked.discard(chat_id)

    def migrate_chat(self, old_id: int | str, new_id: int) -> None:
        """Calls with ``chat_id=old_id`` answer 400 with ``migrate_to_chat_id=new_id``."""
        self.migrated[old_id] = new_id

    def inject_429(self, count: int, retry_after: int = 1) -> None:
        """The next ``count`` sending calls are answered 429 with ``retry_after``."""
        self._inject_429_left, self._inject_429_retry = count, retry_after

    def fail_next(
        self,
        method: str,
        status: int,
        description: str,
        parameters: dict[str, Any] | None = None,
        chat_id: int | str | None = None,
        times: int = 1,
    ) -> None:
        """The next ``times`` calls of ``method`` (to ``chat_id`` if given) fail as scripted."""
        error = ApiError(status, description, parameters)
        self._one_shots.append(OneShotFault(method, error, chat_id, times))

    def _scripted_error(
        self, method: str, chat_id: int | str | None
    ) -> tuple[str | None, ApiError | None]:
        for index, shot in enumerate(self._one_shots):
            if shot.matches(method, chat_id):
                shot.times -= 1
                if shot.times <= 0:
                    del self._one_shots[index]
                return "fail_next", shot.error
        if self._inject_429_left > 0 and method in SEND_METHODS:
            self._inject_429_left -= 1
            return "inject_429", too_many_requests(self._inject_429_retry)
        return None, None

    def _random_fault(self, method: str) -> tuple[str | None, ApiError | None, float]:
        """One seeded draw per eligible call: 5xx, timeout (with its delay) or nothing."""
        faults = self.faults
        if not (faults.error_5xx_rate or faults.timeout_rate) or method not in faults.methods:
            return None, None, 0.0
        draw = self._rng.random()
        if draw < faults.error_5xx_rate:
            code = 500 if draw < faults.error_5xx_rate / 2 else 502
            return "5xx", ApiError(code, HTTPStatus(code).phrase), 0.0
        if draw < faults.error_5xx_rate + faults.timeout_rate:
            return "timeout", None, faults.timeout_delay_s
        return None, None, 0.0

    def _chat_error(
        self, method: str, chat_id: int | str | None, now: float, paid: bool = False
    ) -> tuple[str, ApiError] | None:
        """Migration, block or flood error for a call to ``chat_id``, if any."""
        if chat_id is None:
            return None
        new_id = self.migrated.get(chat_id)
        if new_id is not None:
            description = "Bad Request: group chat was upgraded to a supergroup chat"
            return "migrated", ApiError(400, description, {"migrate_to_chat_id": new_id})
        if chat_id in self.blocked and method in _BLOCKABLE:
            is_user = isinstance(chat_id, int) and chat_id > 0
            reason = (
                "bot was blocked by the user" if is_user else "bot was kicked from the group chat"
            )
            return "blocked", ApiError(403, f"Forbidden: {reason}")
        if self._limiter is not None and (method in SEND_METHODS or method in EDIT_METHODS):
            edit = method in EDIT_METHODS
            wait = self._limiter.retry_after(chat_id, now, edit=edit, paid=paid)
            if wait:
                return "flood", too_many_requests(wait)
        if paid and self.stars_tenths is not None and self.stars_tenths < 1:
            return "no_stars", ApiError(400, NOT_ENOUGH_STARS)
        return None

    def _count_send(
        self, method: str, chat_id: int | str | None, now: float, paid: bool = False
    ) -> None:
        """Count a delivered send/edit in the flood windows; a paid send costs 0.1 Star."""
        if self._limiter is not None and (method in SEND_METHODS or method in EDIT_METHODS):
            self._limiter.record(chat_id, now, edit=method in EDIT_METHODS, paid=paid)
        if paid:
            self.paid_sent += 1
            if self.stars_tenths is not None:
                self.stars_tenths -= 1
