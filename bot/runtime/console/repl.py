"""`radiobot console`: chat with the real bot in a terminal, on the in-memory Bot API."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from bot.base.clock import RehearsalClock
from bot.base.settings import Settings
from bot.core.config import AppConfig
from bot.polls.service import PollService
from bot.polls.timers import RehearsalTimer
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.stand_in import Output, StoredMessage
from bot.runtime.console.updates import Person, inline_query_update

CONSOLE_ADMIN = 1
DRAIN_SECONDS = 15.0
LONGEST_REAL_WAIT_S = 600.0
HELP = (
    "Type messages as the current user. Directives: ':press N' presses button N of the latest "
    "message with buttons, ':user ID [NAME]' acts as another user, ':chat ID' switches chat "
    "(negative: a group), ':lang CODE' sets the user's Telegram language, ':at YYYY-MM-DD HH:MM' "
    "(or ':at HH:MM') pins the bot's clock in the show's time zone, ':wait SECONDS' lets time "
    "pass, ':quit' leaves."
)


def render(output: Output) -> str:
    """How the console shows one thing the bot did."""
    if output.kind == "toast":
        return f"  (popup) {output.text}"
    if output.kind == "inline":
        return "  (inline results)\n" + "\n".join(f"    • {t}" for t in output.text.splitlines())
    message = output.message
    assert message is not None
    head = {"send": "bot →", "edit": "bot ✎", "file": "bot 📎"}[output.kind]
    lines = [f"{head} chat {message.chat_id} · message {message.message_id}"]
    if output.kind == "file":
        lines.append(f"[file {output.text}]")
        lines += [f"  | {line}".rstrip() for line in output.content.splitlines()]
    if message.text:
        lines.append(message.shown)
    lines += [f"  [{n}] {label}" for n, label in enumerate(_labels(message), start=1)]
    return "\n".join(lines)


def _labels(message: StoredMessage) -> list[str]:
    labels = []
    for button in message.buttons():
        target = f" → {button['url']}" if button.get("url") else ""
        labels.append(f"{button['text']}{target}")
    labels += [f"{text} (keyboard)" for text in message.keyboard()]
    return labels


@dataclass
class ConsoleState:
    """Who is typing, and where."""

    user: Person
    chat_id: int


class Console:
    """Reads lines, turns them into updates, prints what the bot sends."""

    def __init__(
        self,
        harness: BotHarness,
        write: Callable[[str], None],
        clock: RehearsalClock | None = None,
    ) -> None:
        self.harness = harness
        self.write = write
        self.clock = clock or RehearsalClock()
        self.poll_timer = RehearsalTimer()  # double taps and poll refreshes follow `:wait`
        harness.services.get(PollService).use_timer(self.poll_timer)
        self.state = ConsoleState(Person(CONSOLE_ADMIN, "Editor", "en"), CONSOLE_ADMIN)
        self.users: dict[int, Person] = {CONSOLE_ADMIN: self.state.user}
        harness.api.listeners.append(lambda output: self.write(render(output)))

    async def handle(self, line: str) -> bool:
        """Process one typed line; False when the console should quit."""
        line = line.rstrip("\n")
        if not line.strip():
            return True
        if line.startswith(":"):
            return await self._directive(line[1:].split())
        await self.harness.say(self.state.user, self.state.chat_id, line)
        return True

    async def _directive(self, words: list[str]) -> bool:
        command, args = (words[0].lower(), words[1:]) if words else ("", [])
        if command in ("quit", "q", "exit"):
            return False
        if command == "press" and len(args) == 1 and args[0].isdigit():
            await self._press(int(args[0]))
        elif command == "user" and args and _is_int(args[0]):
            self._switch_user(int(args[0]), " ".join(args[1:]) or None)
        elif command == "chat" and len(args) == 1 and _is_int(args[0]) and int(args[0]) != 0:
            self.state.chat_id = int(args[0])
            self.write(f"(now in chat {self.state.chat_id})")
        elif command == "at" and args:
            self._pin(args)
        elif command == "wait" and len(args) == 1 and _is_seconds(args[0]):
            await self._wait(float(args[0]))
        elif command == "lang" and len(args) == 1:
            user = self.state.user
            self.users[user.id] = self.state.user = Person(user.id, user.first_name, args[0])
            self.write(f"(user {user.id} now writes with Telegram language {args[0]})")
        else:
            self.write(HELP)
        return True

    def _pin(self, args: list[str]) -> None:
        """`:at 2026-12-01 18:30` or `:at 18:30` (today): pin the clock, show's time zone."""
        zone = self.harness.services.core.config.show.zone
        try:
            if len(args) == 1:
                time = dt.time.fromisoformat(args[0])
                day = self.clock.now().astimezone(zone).date()
            else:
                day, time = dt.date.fromisoformat(args[0]), dt.time.fromisoformat(args[1])
        except ValueError:
            self.write("(use :at YYYY-MM-DD HH:MM, or :at HH:MM for today)")
            return
        moment = dt.datetime.combine(day, time, tzinfo=zone)
        self.clock.pin(moment)
        self.write(f"(the bot's clock now reads {moment:%a %d %b %Y %H:%M} {zone.key})")

    async def _wait(self, seconds: float) -> None:
        """`:wait SECONDS`: a pinned clock moves on at once; else really wait (10 min at most)."""
        if self.clock.pinned:
            self.clock.advance(seconds)
            self.poll_timer.skip(seconds)
            zone = self.harness.services.core.config.show.zone
            self.write(f"(the bot's clock now reads {self.clock.now().astimezone(zone):%H:%M:%S})")
        else:
            await asyncio.sleep(min(seconds, LONGEST_REAL_WAIT_S))

    def _switch_user(self, user_id: int, name: str | None, language: str | None = None) -> None:
        known = self.users.get(user_id)
        person = Person(
            user_id,
            name or (known.first_name if known else f"User {user_id}"),
            language or (known.language_code if known else "en"),
        )
        self.users[user_id] = person
        self.state.user = person
        if self.state.chat_id > 0:
            self.state.chat_id = user_id
        self.write(f"(now user {user_id} {person.first_name} in chat {self.state.chat_id})")

    async def _press(self, number: int) -> None:
        message = self.harness.latest_with_buttons(self.state.chat_id)
        if message is None:
            self.write("(no message with buttons in this chat)")
            return
        inline, keyboard = message.buttons(), message.keyboard()
        if not 1 <= number <= len(inline) + len(keyboard):
            self.write(f"(that message has buttons 1 to {len(inline) + len(keyboard)})")
            return
        if number > len(inline):
            await self.harness.say(
                self.state.user, self.state.chat_id, keyboard[number - 1 - len(inline)]
            )
            return
        button = inline[number - 1]
        if "callback_data" in button:
            await self.harness.press(self.state.user, message, str(button["callback_data"]))
        elif "url" in button:
            self.write(f"(opens {button['url']} in the browser)")
        elif "switch_inline_query" in button:
            query = str(button["switch_inline_query"])
            self.write(f"(sharing in another chat: @bot {query})")
            await self.harness.push(inline_query_update(self.state.user, query))
        else:
            self.write("(this button does nothing in the console)")


def _is_int(text: str) -> bool:
    return text.lstrip("-").isdigit()


def _is_seconds(text: str) -> bool:
    try:
        return 0 <= float(text) <= 366 * 24 * 3600
    except ValueError:
        return False


def console_settings(settings: Settings) -> Settings:
    """The console's settings: no token, user 1 an admin."""
    return settings.model_copy(
        update={"telegram_token": None, "admins": settings.admins | {CONSOLE_ADMIN}}
    )


async def run_console(
    settings: Settings, config: AppConfig, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> int:
    """Run the console until ':quit' or the end of input; return the exit status."""
    interactive = stdin.isatty()

    def write(text: str) -> None:
        stdout.write(text + "\n")
        stdout.flush()

    clock = RehearsalClock()
    harness = BotHarness(console_settings(settings), config, clock)
    await harness.start()
    console = Console(harness, write, clock)
    if interactive:
        write(f"radiobot console: you are user {CONSOLE_ADMIN} (an admin) in your private "
              "chat. Try /start. ':help' lists the directives.")  # fmt: skip
    loop = asyncio.get_running_loop()
    try:
        while True:
            if interactive:
                stdout.write(f"user {console.state.user.id} @ chat {console.state.chat_id}> ")
                stdout.flush()
            line = await loop.run_in_executor(None, stdin.readline)
            if not line or not await console.handle(line):
                break
    finally:
        await harness.stop(drain_seconds=DRAIN_SECONDS)
    return 0
