"""Core domain: greeting chats, ending their subscriptions, deleting their data."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.language import RECENT_SPEAKERS, push_language
from bot.core.shared import ChatLifecycle, Core
from storage.models import Chat

UNKNOWN_SPEAKER = 0  # a group's language given without the member who speaks it


class ChatService:
    """Chats the bot talks to."""

    def __init__(self, core: Core, features: Sequence[ChatLifecycle]) -> None:
        self._core = core
        self._features = features
        self._chosen: dict[int, str] | None = None  # chat → chosen language, loaded once
        self._heard: dict[tuple[int, int], str] = {}  # (group, member) → language stored
        self._unknown: dict[int, tuple[int, str]] = {}  # group not known yet → last speaker
        # private chat → its user's Telegram language as last seen (None: not given)
        self._telegram: dict[int, str | None] = {}

    async def seen(
        self,
        chat_id: int,
        chat_type: str,
        title: str | None,
        language: str | None,
        speaker: int | None = None,
    ) -> Chat:
        """Record that a chat talked to the bot; `language` is the speaker's, and decides the
        chat's pushed messages (in a private chat, the user's Telegram language noted by
        `telegram_language` for this update wins: a message's own language does not count)."""
        now = self._core.clock.now()
        if chat_type == "private":
            own = self._telegram.get(chat_id, language)
            own = push_language(chosen=None, is_group=False, own=own) if own else None
            return await self._core.chats.record(chat_id, chat_type, title, own, now)
        chats = self._core.chats
        chat = await chats.record(chat_id, chat_type, title, None, now)
        pending = self._unknown.pop(chat_id, None)
        if pending is not None:
            await self.heard(chat_id, *pending, force=True)
        elif speaker is not None and language:
            await self.heard(chat_id, speaker, language, force=True)
        elif language and not await chats.speaker_languages(chat_id):
            await self.heard(chat_id, UNKNOWN_SPEAKER, language, force=True)
        elif chat.language is None:
            await chats.set_language(chat_id, self._push_language(chat, []))
        return await chats.get(chat_id) or chat

    async def telegram_language(self, chat_id: int, language: str | None) -> None:
        """The user of a private chat wrote with Telegram set to `language` (None: not given):
        the chat's pushed messages follow it from now on, unless the chat chose one."""
        if chat_id in self._telegram and self._telegram[chat_id] == language:
            return
        if len(self._telegram) > 100_000:
            self._telegram.clear()
        self._telegram[chat_id] = language
        if language:
            own = push_language(chosen=None, is_group=False, own=language)
            await self._core.chats.set_language(chat_id, own)

    async def heard(
        self, chat_id: int, user_id: int, language: str, *, force: bool = False
    ) -> None:
        """A group member wrote in `language`: it counts for the group's pushed messages.
        Known groups only; stored again only when it changed (or when `force`)."""
        if not force and self._heard.get((chat_id, user_id)) == language:
            return
        chats = self._core.chats
        speakers = await chats.record_speaker(
            chat_id, user_id, language, self._core.clock.now(), RECENT_SPEAKERS
        )
        if not speakers:  # not a known chat: counts once the chat is (see `seen`)
            if len(self._unknown) > 10_000:
                self._unknown.clear()
            self._unknown[chat_id] = (user_id, language)
            return
        if len(self._heard) > 50_000:
            self._heard.clear()
        self._heard[(chat_id, user_id)] = language
        chat = await chats.get(chat_id)
        if chat is not None and chat.is_group:
            await chats.set_language(chat_id, self._push_language(chat, speakers))

    async def chosen_language(self, chat_id: int) -> str | None:
        """The language the chat chose with /language, if any."""
        if self._chosen is None:
            self._chosen = await self._core.chats.chosen_languages()
        return self._chosen.get(chat_id)

    async def choose_language(
        self,
        chat_id: int,
        chat_type: str,
        title: str | None,
        chosen: str | None,
        own: str | None = None,
    ) -> None:
        """Make `chosen` the chat's language (None: back to the automatic rule, with `own`,
        the user's Telegram language, for a private chat)."""
        chat = await self._core.chats.record(
            chat_id, chat_type, title, None, self._core.clock.now()
        )
        if self._chosen is None:
            self._chosen = await self._core.chats.chosen_languages()
        if chosen:
            self._chosen[chat_id] = chosen
        else:
            self._chosen.pop(chat_id, None)
        speakers = await self._core.chats.speaker_languages(chat_id) if chat.is_group else []
        unchosen = chat.model_copy(update={"chosen_language": None, "language": own})
        automatic = self._push_language(unchosen, speakers)
        await self._core.chats.choose_language(chat_id, chosen, automatic)

    def _push_language(self, chat: Chat, speakers: list[str]) -> str:
        return push_language(
            chosen=chat.chosen_language,
            is_group=chat.is_group,
            speakers=speakers,
            own=chat.language,
            group_default=self._core.config.group_language,
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
        self._forget_chat(chat_id)

    async def forget_user(self, user_id: int) -> None:
        """Delete what every feature stores about a user, and their private chat."""
        for feature in self._features:
            await feature.on_user_forgotten(user_id)
        await self._core.chats.forget_speaker(user_id)
        self._heard = {key: value for key, value in self._heard.items() if key[1] != user_id}
        await self.stop(user_id)
        await self._core.chats.delete(user_id)
        self._forget_chat(user_id)

    def _forget_chat(self, chat_id: int) -> None:
        self._telegram.pop(chat_id, None)
        if self._chosen is not None:
            self._chosen.pop(chat_id, None)
        self._heard = {key: value for key, value in self._heard.items() if key[0] != chat_id}
