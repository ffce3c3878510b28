"""The real application on the in-memory Bot API: one object for the console and the tests."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from telegram import Update

from bot.base.clock import Clock
from bot.base.settings import Settings
from bot.core.config import AppConfig
from bot.runtime import lifecycle
from bot.runtime.app import build_application
from bot.runtime.console.stand_in import BOT_USER, InMemoryBotApi, StoredMessage
from bot.runtime.console.updates import Json, Person, callback_update, message_update
from bot.runtime.update_runner import UpdateRunner
from handlers.context import BotApplication
from handlers.services import Services


class BotHarness:
    """Runs the application as `radiobot run` would, but feeds it updates directly."""

    def __init__(self, settings: Settings, config: AppConfig, clock: Clock | None = None) -> None:
        self.api = InMemoryBotApi()
        self.app: BotApplication = build_application(
            settings, config, clock=clock, request=self.api
        )
        self.bot_id = int(str(BOT_USER["id"]))
        self.runner = UpdateRunner(self.app)

    @property
    def services(self) -> Services:
        """The running application's services."""
        services = self.app.bot_data.services
        assert services is not None, "the harness is not started"
        return services

    async def start(self) -> None:
        """Initialise, run post_init (database, services) and start jobs."""
        await lifecycle.start(self.app)

    async def stop(self, drain_seconds: float = 0.0) -> None:
        """Wait up to `drain_seconds` for queued outgoing work, then stop everything."""
        if drain_seconds and self.app.bot_data.services is not None:
            await self.services.drain(drain_seconds)
        await self.runner.finish()
        await lifecycle.stop_application(self.app)

    async def __aenter__(self) -> BotHarness:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def push(self, payload: Json) -> None:
        """Process one update payload through the real application; return once handled."""
        await self.runner.handle(Update.de_json(payload, self.app.bot))

    async def say(self, person: Person, chat_id: int, text: str, **kwargs: Any) -> None:
        """`person` writes `text` in `chat_id`."""
        self._declare_chat(chat_id, person)
        await self.push(message_update(person, chat_id, text, **kwargs))

    async def press(self, person: Person, message: StoredMessage, data: str) -> None:
        """`person` presses the button carrying `data` under `message`."""
        self._declare_chat(message.chat_id, person)
        payload = self.api._message_json(message)
        await self.push(callback_update(person, payload, data))

    def latest_with_buttons(self, chat_id: int) -> StoredMessage | None:
        """The newest message in the chat that carries buttons or a keyboard."""
        for message in reversed(self.api.sent(chat_id)):
            if message.buttons() or message.keyboard():
                return message
        return None

    def replies(self, chat_id: int) -> list[str]:
        """Texts the bot sent to a chat, oldest first."""
        return [message.text for message in self.api.sent(chat_id)]

    def _declare_chat(self, chat_id: int, person: Person) -> None:
        chat = self.api.chats.get(chat_id)
        if chat is None:
            chat = self.api.set_chat(chat_id, "private" if chat_id > 0 else "group")
            if chat_id < 0:
                chat.admins.add(person.id)  # whoever opens a group administers it
