"""The polls feature's service: the one entry point for handlers and jobs.

The work is split by purpose: `admin` (create, open, close, send), `ballot` (presses),
`display` and `refresher` (the messages showing a poll), `reports` (lists, results, the
CSV, inline search), `states` (polls in memory).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.articles.service import ArticleService
from bot.core.arguments import IDS
from bot.core.messages import Button, Outcome, OutgoingMessage
from bot.core.shared import Core
from bot.delivery.service import DeliveryService
from bot.polls.admin import PollAdmin
from bot.polls.ballot import Ballot
from bot.polls.display import InlineEditor, PollDisplay
from bot.polls.refresher import PollRefresher
from bot.polls.reports import PollReports, PollSummary, ResultsView
from bot.polls.results import Tally, voters_text, when_text
from bot.polls.rules import (
    PollDraft,
    check_draft,
    check_options,
    check_options_so_far,
    check_question,
)
from bot.polls.states import PollStates
from bot.polls.timers import Timer
from bot.polls.voter_hash import SECRET_NAME, VoterHasher, new_secret
from bot.polls.voting import PressResult, parse_show, show_data
from bot.texts import SUPPORTED_LANGUAGES, pick_language
from bot.texts.polls import text
from storage.poll_models import Poll, PollMessage, PollStatus, PollTally
from storage.polls import PollRepository

log = logging.getLogger(__name__)

MAX_INLINE_RESULTS = 10


class PollService:
    """Entry point of the polls feature for handlers and jobs."""

    def __init__(self, core: Core, delivery: DeliveryService, articles: ArticleService) -> None:
        self._core = core
        self._delivery = delivery
        self._articles = articles
        self._repo = PollRepository(core.db)
        self._states = PollStates(self._repo)
        self._display = PollDisplay(core, self._repo, self._states.loaded)
        self._states.display = self._display
        self._display.refresher.budget = core.send_budget
        self.admin = PollAdmin(core, self._repo, self._states, self._display, delivery, articles)
        self.ballot = Ballot(core, self._repo, self._states, self._display)
        self.reports = PollReports(core, self._repo, self._states, self._display, self.ballot)

    # Lifecycle -------------------------------------------------------------------------------
    async def start(self) -> None:
        """Load the vote secret, create seed polls, resume final refreshes, hook into
        delivery and articles."""
        self.ballot.hasher = VoterHasher(await self._vote_secret())
        await self.ballot.load_counted_presses()
        await self.admin.create_seeds()
        for poll_id in await self._repo.closed_with_unfinished_messages():
            await self._states.get(poll_id)  # loading marks its unfinished copies stale
        self._delivery.add_sent_listener("poll", self._on_sent)
        self._articles.add_button_provider(self.article_buttons)

    async def stop(self) -> None:
        """Write pending votes and stop refreshing messages."""
        await self.ballot.writer.idle()
        self.refresher.stop()

    async def drain(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for pending votes and message refreshes."""
        await self.ballot.writer.idle()
        await self.refresher.idle(timeout)

    def use_timer(self, timer: Timer) -> None:
        """Swap the monotonic timer of refreshes and double presses (tests, benchmarks)."""
        self.refresher.timer = timer
        self.ballot.timer = timer

    def set_inline_editor(self, editor: InlineEditor) -> None:
        """Give the service a way to edit inline-mode messages."""
        self._display.inline_editor = editor

    @property
    def refresher(self) -> PollRefresher:
        """The refresher of poll messages (tests and benchmarks wait on it)."""
        return self._display.refresher

    @property
    def zone(self) -> ZoneInfo:
        """The show's time zone, for closing times."""
        return self._core.config.show.zone

    def when_text(self, moment: datetime | None, language: str | None) -> str:
        """An opening or closing time in the show's zone, short, in the language."""
        return when_text(moment, self.zone, language) if moment is not None else "—"

    def status_name(self, status: PollStatus, language: str | None) -> str:
        """'draft', 'open' or 'closed' in the language, for /polls."""
        return text(f"state_{status.value}", language)

    def voters_text(self, voters: int, language: str | None) -> str:
        """'👥 1 voter', '👥 12 voters' in the language."""
        return voters_text(voters, language)

    def add_change_listener(self, listener: Callable[[int], None]) -> None:
        """Be told (with the poll id) of every change of a poll's tally or state; the call
        must be cheap: it runs for every vote."""
        self._display.change_listeners.append(listener)

    def voter_key(self, user_id: int) -> bytes:
        """The user's poll-voter pseudonym (the service must be started)."""
        return self.ballot.voter(user_id)

    async def get(self, poll_id: int) -> Poll | None:
        """A poll, as the service currently knows it."""
        state = await self._states.get(poll_id)
        return state.poll if state else None

    # Reports (see bot/polls/reports.py) ------------------------------------------------------
    async def list_polls(self) -> list[PollSummary]:
        """Every poll, newest first, with its voters."""
        return await self.reports.list_polls()

    async def search_open(
        self, query: str, language: str | None = None
    ) -> list[tuple[Poll, OutgoingMessage]]:
        """Open polls matching an inline query, as the copy to post in `language`."""
        return await self.reports.search_open(query, language)

    async def results(self, poll_id: int | None, user_id: int, language: str | None) -> ResultsView:
        """The tally as text and chart; listeners see an open poll's once they voted."""
        return await self.reports.results(poll_id, user_id, language)

    async def chart(self, poll_id: int, language: str | None) -> bytes:
        """The PNG chart of a poll's live tally, as /results shows it."""
        return await self.reports.chart(poll_id, language)

    async def export(self, poll_id: int, language: str | None = None) -> tuple[str, bytes, str]:
        """The newsroom's CSV file (its name, bytes and language)."""
        return await self.reports.export(poll_id, language)

    # Reading ---------------------------------------------------------------------------------
    async def open_polls(self) -> list[Poll]:
        """Every open poll, the newest first."""
        found = []
        for stored in await self._repo.with_status(PollStatus.OPEN):
            poll = await self.get(stored.id)
            if poll is not None and poll.is_open:
                found.append(poll)
        return found

    async def current(self) -> Poll | None:
        """The most recent open poll."""
        return await self.reports.current()

    async def tally(self, poll_id: int) -> Tally:
        """The live tally (raises for an unknown poll)."""
        state = await self._states.required(poll_id)
        return Tally(tuple(state.counts), state.voters)

    async def stored_tally(self, poll_id: int) -> PollTally:
        """The tally the database holds, once pending votes are written."""
        return await self.reports.stored_tally(poll_id)

    async def message(self, poll_id: int, language: str | None = None) -> OutgoingMessage:
        """The message showing a poll now, in a language (raises for an unknown poll)."""
        return self._display.render(await self._states.required(poll_id), language)

    async def messages_showing(self, poll_id: int) -> list[PollMessage]:
        """Every tracked message showing the poll."""
        await self._states.required(poll_id)
        handles = self.refresher.handles(poll_id)
        return sorted(handles, key=lambda m: (m.chat_id or 0, m.message_id or 0))

    @staticmethod
    def inline_result_id(poll_id: int, language: str | None) -> str:
        """The id of an inline result offering a poll: 'poll:3:fr' (its copy's language)."""
        return f"poll:{poll_id}:{pick_language(language)}"

    async def article_buttons(
        self, article_id: object, language: str | None = None
    ) -> list[Button]:
        """A 'Vote' button, in the language, for each open poll linked to the article."""
        buttons = []
        for stored in await self._repo.for_article(str(article_id)):
            poll = await self.get(stored.id)
            if poll is not None and poll.is_open:
                label = text("vote_button", language)
                buttons.append(Button(text=label, callback_data=show_data(poll.id)))
        return buttons

    # Admin actions (see bot/polls/admin.py) ----------------------------------------------------
    async def create_from_line(self, line: str, creator: int | None) -> Poll:
        """Create a poll from `Question? | Yes | No | …` (raises PollRuleError)."""
        return await self.admin.create_from_line(line, creator)

    async def create(
        self, draft: PollDraft, creator: int | None, *, keep_draft: bool = False
    ) -> Poll:
        """Create a poll: open at once unless it opens later or is kept as a draft (raises
        PollRuleError)."""
        return await self.admin.create(draft, creator, keep_draft=keep_draft)

    def check_draft(self, draft: PollDraft) -> PollDraft:
        """The draft as it would be created (closing time filled in), or the rule it breaks."""
        return check_draft(draft, self._core.clock.now(), self.admin.calendar)

    def check_question(self, question: str) -> str:
        """A dialogue step: the question, or the rule it breaks."""
        return check_question(question)

    def check_options(self, options: list[str]) -> list[str]:
        """A dialogue step: the options, or the rule they break."""
        return check_options(options)

    def check_options_so_far(self, options: list[str]) -> list[str]:
        """A dialogue step, options one by one: the rule they break (all but the minimum)."""
        return check_options_so_far(options)

    def parse_closing(self, value: str) -> PollDraft:
        """A dialogue step: a closing time in the future, as a draft field."""
        return self.admin.parse_closing(value)

    async def open(self, poll_id: int) -> Poll:
        """Open a draft (closing at the end of the next show unless a later time is set)."""
        return await self.admin.open(poll_id)

    async def close(self, poll_id: int) -> Poll:
        """Close a poll: presses change nothing any more, every message shows the result."""
        return await self.admin.close(poll_id)

    async def run_due(self) -> list[int]:
        """Open drafts whose time came and close polls whose time passed; return their ids."""
        return await self.admin.run_due()

    async def upcoming_times(self) -> list[tuple[int, datetime]]:
        """(poll id, time) of every opening and closing still to come, for the job queue."""
        return await self.admin.upcoming_times()

    async def send_to_subscribers(self, poll_id: int) -> int:
        """Queue the poll for every subscribed chat through the outbox; return how many."""
        return await self.admin.send_to_subscribers(poll_id)

    # Showing a poll --------------------------------------------------------------------------
    async def show(self, poll_id: int, chat_id: int, language: str | None = None) -> int | None:
        """Send the poll to a known chat, in the chat's `language` (English when unknown),
        and keep its message up to date; the message id."""
        state = await self._states.required(poll_id)
        version = state.version
        code = pick_language(language)
        result = await self._core.telegram.send(chat_id, self._display.render(state, code))
        if result.outcome != Outcome.SENT or result.message_id is None:
            log.warning("could not show poll %s in chat %s: %s", poll_id, chat_id, result.outcome)
            return None
        handle = PollMessage(poll_id=poll_id, chat_id=chat_id, message_id=result.message_id)
        await self._display.track(state, handle, version, code)
        return result.message_id

    async def show_from_button(
        self, data: str | None, chat_id: int, language: str | None = None
    ) -> bool:
        """The 'Vote' button under an article: show its poll, in the chat's language, if it
        is open."""
        poll_id = parse_show(data)
        state = await self._states.get(poll_id) if poll_id is not None else None
        if state is None or state.poll.status != PollStatus.OPEN:
            return False
        return await self.show(state.poll.id, chat_id, language) is not None

    async def track_inline(self, result_id: str, inline_message_id: str | None) -> None:
        """Someone posted a poll through inline mode (result 'poll:N:fr', see
        `inline_result_id`): keep that message up to date too, in its language."""
        prefix, _, rest = result_id.partition(":")
        number, _, language = rest.partition(":")
        poll_id = IDS.parse(number)
        if prefix != "poll" or poll_id is None or not inline_message_id:
            return
        state = await self._states.get(poll_id)
        if state is not None:
            handle = PollMessage(poll_id=state.poll.id, inline_message_id=inline_message_id)
            code = language if language in SUPPORTED_LANGUAGES else None
            await self._display.track(state, handle, state.version, code)

    # Voting (see bot/polls/ballot.py) ----------------------------------------------------------
    async def press(
        self,
        data: str | None,
        user_id: int,
        *,
        chat_id: int | None = None,
        message_id: int | None = None,
        inline_message_id: str | None = None,
        press_id: str | None = None,
    ) -> PressResult:
        """A button press: validate, change the voter's options, store them, refresh messages."""
        return await self.ballot.press(
            data,
            user_id,
            chat_id=chat_id,
            message_id=message_id,
            inline_message_id=inline_message_id,
            press_id=press_id,
        )

    # Chat lifecycle --------------------------------------------------------------------------
    async def on_chat_stopped(self, chat_id: int) -> None:
        """Nothing to end: poll messages in the chat keep showing the tally."""

    async def on_user_forgotten(self, user_id: int) -> None:
        """Delete the user's votes in open polls; closed polls keep anonymous counts."""
        changed = await self.ballot.forget(user_id)
        log.info("forgot a user's votes in %d open polls", len(changed))

    # Internals -------------------------------------------------------------------------------
    async def _vote_secret(self) -> str:
        configured = self._core.settings.vote_secret
        if configured is not None and configured.get_secret_value():
            return configured.get_secret_value()
        stored = await self._repo.secret(SECRET_NAME)
        if stored:
            return stored
        log.info("created the vote secret (RADIOBOT_VOTE_SECRET is not set); kept in the database")
        return await self._repo.keep_secret(SECRET_NAME, new_secret())

    async def _on_sent(self, kind: str, ref: str, chat_id: int, message_id: int) -> None:
        poll_id = IDS.parse(ref)
        if poll_id is None:
            return
        state = await self._states.get(poll_id)
        if state is None:
            return
        handle = PollMessage(poll_id=state.poll.id, chat_id=chat_id, message_id=message_id)
        # Sent in the variant of the chat's language (see PollAdmin.send_to_subscribers).
        languages = await self._core.chats.languages([chat_id])
        await self._display.sent(state, handle, pick_language(languages.get(chat_id)))
