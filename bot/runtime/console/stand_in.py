"""An in-memory Bot API: answers the methods the bot calls from a model of chats and messages.

The console and the tests plug it into the real `Application` as its `BaseRequest`, so every
handler, job and delivery runs as in production, with no network. What it keeps and checks is
in `stand_in_model.py`, the methods it answers in `stand_in_methods.py`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.runtime.console.stand_in_methods import BotApiMethods
from bot.runtime.console.stand_in_model import (
    BOT_USER,
    ApiCall,
    ApiError,
    ChatModel,
    Fault,
    Json,
    Output,
    StoredMessage,
    chat_id_of,
    file_record,
)

__all__ = ["BOT_USER", "ApiCall", "ApiError", "ChatModel", "InMemoryBotApi", "Json", "Output",
           "StoredMessage"]  # fmt: skip


class InMemoryBotApi(BotApiMethods, BaseRequest):
    """A `BaseRequest` that answers Bot API methods from memory."""

    def __init__(self) -> None:
        self.calls: list[ApiCall] = []
        self.errors: list[ApiCall] = []  # calls answered with an error, for the tests
        self.messages: dict[tuple[int, int], StoredMessage] = {}
        # messages posted through inline mode: inline id → (text, buttons) after the last edit
        self.inline_messages: dict[str, tuple[str, Json | None]] = {}
        # the bot's descriptions: (kind, language code or None) → text
        self.profile: dict[tuple[str, str | None], str] = {}
        self.chats: dict[int, ChatModel] = {}
        self.listeners: list[Callable[[Output], None]] = []
        self._ids = itertools.count(1)
        self._faults: list[Fault] = []
        self.blocked: set[int] = set()

    # BaseRequest ---------------------------------------------------------------------------
    @property
    def read_timeout(self) -> float | None:
        """No network, no timeout."""
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Answer one Bot API call."""
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if request_data and request_data.contains_files:
            params["_files"] = {
                name: file_record(value[0], bytes(value[1]))  # type: ignore[arg-type]
                for name, value in request_data.multipart_data.items()
                if isinstance(value, tuple)
            }
        self.calls.append(ApiCall(api_method, params))
        await asyncio.sleep(0)  # a real call yields to the loop; so does this one
        try:
            self._raise_fault(api_method, params)
            result = self._answer(api_method, params)
        except ApiError as error:
            self.errors.append(ApiCall(api_method, {**params, "_error": error.description}))
            body: Json = {"ok": False, "error_code": error.status, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
            return error.status, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()

    # Test and console controls ---------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        status: int,
        description: str,
        *,
        parameters: Json | None = None,
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` (to `chat_id`, if given) with an error."""
        self._faults.append(
            Fault(method, ApiError(status, description, parameters), chat_id, times)
        )

    def sent(self, chat_id: int | None = None) -> list[StoredMessage]:
        """Messages the bot sent, oldest first, optionally to one chat only."""
        return [m for m in self.messages.values() if chat_id is None or m.chat_id == chat_id]

    def calls_to(self, method: str) -> list[ApiCall]:
        """Every call of one method."""
        return [call for call in self.calls if call.method == method]

    # Internals -------------------------------------------------------------------------------
    def _raise_fault(self, method: str, params: Json) -> None:
        for fault in self._faults:
            if fault.method == method and fault.chat_id in (None, chat_id_of(params)):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                raise fault.error
        if method.startswith("send") and chat_id_of(params) in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
