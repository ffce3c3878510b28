"""Core domain: greeting chats, ending their subscriptions, deleting their data."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.shared import ChatLifecycle, Core
from storage.models import Chat


class ChatService:
    """Chats the bot talks to."""

    def __init__(self, core: Core, features: Sequence[ChatLifecycle]) -> None:
        self._core = core
        self._features = features

    async def seen(
        self, chat_id: int, chat_type: str, title: str | None, language: str | None
    ) -> Chat:
        """Record that a chat talked to the bot."""
        return await self._core.chats.record(
            chat_id, chat_type, title, language, self._core.clock.now()
        )

    async def get(self, chat_id: int) -> Chat | None:
        """A known chat."""
        return await self._core.chats.get(chat_id)

    async def stop(self, chat_id: int) -> None:
        """End every subscription and reminder of the chat (its data stays until deleted)."""
        for feature in self._features:
            await feature.on_chat_stopped(chat_id)

    async def delete_data(self, chat_id: int) -> None:
        """Delete everything stored for the chat."""
        await self.stop(chat_id)
        await self._core.chats.delete(chat_id)

    async def forget_user(self, user_id: int) -> None:
        """Delete what every feature stores about a user, and their private chat."""
        for feature in self._features:
            await feature.on_user_forgotten(user_id)
        await self.stop(user_id)
        await self._core.chats.delete(user_id)
