"""Fake Telegram Bot API HTTP server for tests, benchmarks and crash soaks.

python-telegram-bot talks to it through its normal ``HTTPXRequest`` stack::

    async with FakeBotApiServer() as server:  # or: await server.start() ... await server.stop()
        bot = Bot("123:ABC", base_url=server.base_url)

    with FakeBotApiServer().run_in_thread() as server:  # own event loop in a daemon thread
        ...

As a separate process (prints ``FAKE_BOT_API_PORT=<port>`` once listening)::

    python -m tests.fakes.http_bot_api --port 8081 --limits --faults 5xx=0.01,timeout=0.01

which also serves ``GET /_state`` and ``POST /_control``; see :mod:`.http_bot_api_control`.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from .http_bot_api_http import BadHttpRequestError, HttpRequest, decode_params, read_request
from .http_bot_api_http import render_response as _render
from .http_bot_api_methods import BotApiState, Handler
from .http_bot_api_policy import ApiError, FaultInjector, Faults, FloodLimits, is_paid
from .http_bot_api_store import (
    DROPPED,
    CallLog,
    ChatId,
    RecordedCall,
    StoredMessage,
    normalize_chat_id,
)

__all__ = [
    "ApiError",
    "FakeBotApiServer",
    "Faults",
    "FloodLimits",
    "RecordedCall",
    "StoredMessage",
]

_DEFAULT_TOKEN = "123456:fake"
_T = TypeVar("_T")


def _dumps(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


class FakeBotApiServer(CallLog, FaultInjector):
    """Telegram Bot API look-alike on ``http://127.0.0.1:<port>/bot<token>/<method>``."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        limits: FloodLimits | None = None,
        faults: Faults | None = None,
        control_endpoints: bool = False,
        max_calls: int | None = None,
        bot_username: str = "radio_test_bot",
    ) -> None:
        CallLog.__init__(self, max_calls)
        FaultInjector.__init__(self, limits, faults)
        self.host = host
        self.port = port
        self.control_endpoints = control_endpoints
        self.state = BotApiState(bot_username)
        self._token = _DEFAULT_TOKEN
        self._server: asyncio.Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._connections: set[asyncio.Task[Any]] = set()
        self._stopping = False

    # --------------------------------------------------------------- lifecycle
    @property
    def base_url(self) -> str:
        """Value for PTB's ``base_url`` (PTB appends the token and method)."""
        return f"http://{self.host}:{self.port}/bot"

    async def start(self) -> None:
        """Listen on ``host:port`` (port 0 picks a free one, exposed as ``.port``)."""
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self.state.update_event = asyncio.Event()
        self.state.poll_waiting = asyncio.Event()
        self._server = await asyncio.start_server(self._serve_connection, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Close the listener and all open connections (pending long polls are cancelled)."""
        if self._server is None:
            return
        self._server.close()
        self._stopping = True
        try:
            for task in list(self._connections):
                task.cancel()
            await asyncio.gather(*self._connections, return_exceptions=True)
            await self._server.wait_closed()
        finally:
            self._server, self._stopping = None, False

    async def until_polling(self, timeout: float = 5.0) -> None:
        """Wait (on the server loop) until some getUpdates call has blocked waiting for updates."""
        if self.state.poll_waiting is None:
            raise RuntimeError("server not started")
        await asyncio.wait_for(self.state.poll_waiting.wait(), timeout)

    async def __aenter__(self) -> FakeBotApiServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @contextmanager
    def run_in_thread(self) -> Iterator[FakeBotApiServer]:
        """Run the server on its own event loop in a background thread for the block."""
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="fake-bot-api", daemon=True)
        thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self.start(), loop).result(timeout=10)
            yield self
        finally:
            asyncio.run_coroutine_threadsafe(self.stop(), loop).result(timeout=10)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)
            loop.close()

    def _in_loop(self, func: Callable[[], _T]) -> _T:
        """Run ``func`` on the server loop (blocking) when called from another thread."""
        loop = self._loop
        if loop is None or threading.get_ident() == self._loop_thread or not loop.is_running():
            return func()

        async def call() -> _T:
            return func()

        return asyncio.run_coroutine_threadsafe(call(), loop).result(timeout=10)

    # -------------------------------------------------------------- scripting
    def set_chat_admin(self, chat_id: ChatId, user_id: int) -> None:
        """getChatMember reports ``user_id`` as administrator of ``chat_id``."""
        self.state.admins.setdefault(chat_id, set()).add(user_id)

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; returns its ``update_id``."""

        def push() -> int:
            update_id = self.state.push_update(update)
            if self.state.update_event is not None:
                self.state.update_event.set()
            return update_id

        return self._in_loop(push)

    def push_text(self, chat_id: int, text: str, user_id: int | None = None) -> dict[str, Any]:
        """Queue a user's text message (commands get a ``bot_command`` entity)."""
        sender = user_id if user_id is not None else (chat_id if chat_id > 0 else 1)
        update = self._in_loop(lambda: self.state.user_text_update(chat_id, text, sender))
        update["update_id"] = self.push_update(update)
        return update

    def push_callback_query(
        self, chat_id: int, message_id: int, data: str, user_id: int | None = None
    ) -> dict[str, Any]:
        """Queue a press of callback button ``data`` on the bot's message ``message_id``."""
        sender = user_id if user_id is not None else (chat_id if chat_id > 0 else 1)
        bot = self.state.bot_user(self._token)
        update = self._in_loop(
            lambda: self.state.callback_query_update(chat_id, message_id, data, sender, bot)
        )
        update["update_id"] = self.push_update(update)
        return update

    def reset(self) -> None:
        """Forget recorded calls, messages, updates and scripted faults; keep settings."""

        def clear() -> None:
            old = self.state
            self.state = BotApiState(old.bot_username)
            self.state.update_event, self.state.poll_waiting = old.update_event, old.poll_waiting
            self.clear_log()
            self.clear_faults()

        self._in_loop(clear)

    # ------------------------------------------------------------- inspection
    def sent_messages(self, chat_id: ChatId | None = None) -> list[StoredMessage]:
        """Messages the bot delivered (sent, copied, forwarded), in delivery order."""
        return [
            m
            for m in self.state.messages
            if m.from_bot and (chat_id is None or m.chat_id == chat_id)
        ]

    def message(self, chat_id: ChatId, message_id: int) -> StoredMessage | None:
        """One stored message (with ``edits`` history and current ``text``/markup)."""
        return self.state.message(chat_id, message_id)

    def delivered_texts_by_chat(self, *, final: bool = False) -> dict[ChatId, list[str | None]]:
        """Texts/captions delivered per chat as originally sent (or current if ``final``)."""
        texts: dict[ChatId, list[str | None]] = {}
        for m in self.sent_messages():
            texts.setdefault(m.chat_id, []).append(m.text if final else m.original_text)
        return texts

    # ------------------------------------------------------------------ HTTP
    async def _serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._connections.add(task)
        try:
            while True:
                try:
                    request = await read_request(reader)
                except BadHttpRequestError as exc:
                    body = _dumps(ApiError(400, f"Bad Request: {exc}").payload())
                    writer.write(_render(400, body, keep_alive=False))
                    break
                if request is None:
                    break
                status, body = await self._dispatch(request)
                if status == DROPPED:
                    break
                writer.write(_render(status, body, keep_alive=request.keep_alive))
                await writer.drain()
                if not request.keep_alive:
                    break
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            if not self._stopping:
                raise  # cancelled by someone else than stop(): propagate
        finally:
            if task is not None:
                self._connections.discard(task)
            writer.close()

    async def _dispatch(self, request: HttpRequest) -> tuple[int, bytes]:
        path = request.path
        if self.control_endpoints and path.startswith("/_"):
            from .http_bot_api_control import handle_control_request

            status, payload = handle_control_request(self, request)
            return status, _dumps(payload)
        token, _, method = path.removeprefix("/bot").partition("/")
        if not path.startswith("/bot") or not token or not method or "/" in method:
            return 404, _dumps(ApiError(404, "Not Found").payload())
        try:
            params = decode_params(request)
        except BadHttpRequestError as exc:
            return 400, _dumps(ApiError(400, f"Bad Request: {exc}").payload())
        entry = self.state.handlers.get(method.lower())
        if entry is None:
            error = ApiError(404, "Not Found: method not found")
            self.record(method, params, None, error.status, None, error.description)
            return error.status, _dumps(error.payload())
        self._token = token
        return await self._call(entry[0], entry[1], params, token)

    async def _call(
        self, method: str, handler: Handler, params: dict[str, Any], token: str
    ) -> tuple[int, bytes]:
        chat_id = normalize_chat_id(params.get("chat_id"))
        fault, error = self._scripted_error(method, chat_id)
        delay = 0.0
        if error is None:
            fault, error, delay = self._random_fault(method)
            if fault == "timeout" and not self.faults.timeout_delivers:
                self.record(method, params, chat_id, DROPPED, fault, "connection dropped")
                await asyncio.sleep(delay)
                return DROPPED, b""
        paid = is_paid(method, params)
        if error is None:
            fault, error = self._chat_error(method, chat_id, time.monotonic(), paid) or (
                fault,
                None,
            )
        if error is None:
            try:
                result = await handler(params, self.state.bot_user(token))
            except ApiError as exc:
                error = exc
            except (ValueError, TypeError, AttributeError, KeyError) as exc:
                error = ApiError(400, f"Bad Request: invalid parameters ({exc!r})")
            else:
                self._count_send(method, chat_id, time.monotonic(), paid)
                self.record(method, params, chat_id, 200, fault, None)
                status, body = 200, _dumps({"ok": True, "result": result})
        if error is not None:
            self.record(method, params, chat_id, error.status, fault, error.description)
            status, body = error.status, _dumps(error.payload())
        if delay:
            await asyncio.sleep(delay)  # timeout fault that delivers: answer late
        return status, body


if __name__ == "__main__":
    from .http_bot_api_control import main

    main()
