"""The polls feature's service: polls, votes, results, and the messages that show them."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.articles.service import ArticleService
from bot.core import Core
from bot.delivery.service import DeliveryService
from bot.messages import Button, Outcome, OutgoingMessage
from bot.polls.chart import chart_png
from bot.polls.display import InlineEditor, PollDisplay
from bot.polls.refresh import RefreshThrottle, Timer
from bot.polls.results import Tally, export_csv, results_text
from bot.polls.rules import (
    PollDraft,
    PollRuleError,
    check_draft,
    check_options,
    check_question,
    default_closing,
    parse_one_line,
    parse_time,
)
from bot.polls.voter_hash import SECRET_NAME, VoterHasher, new_secret
from bot.polls.voting import (
    PollState,
    PressOutcome,
    PressResult,
    VoteWriter,
    next_choice,
    parse_show,
    parse_vote,
    show_data,
)
from bot.texts.polls import text
from storage.poll_models import Poll, PollMessage, PollStatus, PollTally
from storage.polls import PollRepository

log = logging.getLogger(__name__)

DOUBLE_PRESS_S = 0.4  # the same button again within this is one press
MAX_INLINE_RESULTS = 10
_RECENT_LIMIT = 50_000


@dataclass(frozen=True)
class PollSummary:
    """A poll with its number of voters, for /polls."""

    poll: Poll
    voters: int


@dataclass(frozen=True)
class ResultsView:
    """What /results shows: the tally as text and as a PNG chart."""

    poll: Poll
    text: str
    chart: bytes


class PollService:
    """Entry point of the polls feature for handlers and jobs."""

    def __init__(self, core: Core, delivery: DeliveryService, articles: ArticleService) -> None:
        self._core = core
        self._delivery = delivery
        self._articles = articles
        self._repo = PollRepository(core.db)
        self._states: dict[int, PollState] = {}
        self._load_lock = asyncio.Lock()
        self._writer = VoteWriter(self._repo.replace_votes)
        self._hasher: VoterHasher | None = None
        self._recent: dict[tuple[int, bytes], tuple[int, float]] = {}
        self._display = PollDisplay(core, self._repo, self._states)
        self.double_press_window = DOUBLE_PRESS_S

    # Lifecycle -------------------------------------------------------------------------------
    async def start(self) -> None:
        """Load the vote secret, create the config's seed polls, hook into delivery/articles."""
        self._hasher = VoterHasher(await self._vote_secret())
        await self._create_seeds()
        self._delivery.add_sent_listener("poll", self._on_sent)
        add_provider: Callable[..., object] | None = getattr(
            self._articles, "add_button_provider", None
        )
        if add_provider is not None:
            add_provider(self.article_buttons)

    async def stop(self) -> None:
        """Write pending votes and stop refreshing messages."""
        await self._writer.idle()
        self.throttle.cancel_all()

    async def drain(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for pending votes and message refreshes."""
        await self._writer.idle()
        await self.throttle.idle(timeout)

    def use_timer(self, timer: Timer) -> None:
        """Swap the monotonic timer of throttling and double presses (tests, benchmarks)."""
        self.throttle.timer = timer

    def set_inline_editor(self, editor: InlineEditor) -> None:
        """Give the service a way to edit inline-mode messages."""
        self._display.inline_editor = editor

    @property
    def throttle(self) -> RefreshThrottle[PollMessage]:
        """The throttle of message refreshes (tests and benchmarks wait on it)."""
        return self._display.throttle

    @property
    def zone(self) -> ZoneInfo:
        """The show's time zone, for closing times."""
        return self._core.config.show.zone

    # Reading ---------------------------------------------------------------------------------
    async def get(self, poll_id: int) -> Poll | None:
        """A poll, as the service currently knows it."""
        state = await self._state(poll_id)
        return state.poll if state else None

    async def list_polls(self) -> list[PollSummary]:
        """Every poll, newest first, with its voters."""
        stored = await self._repo.voter_counts()
        summaries = []
        for poll in await self._repo.all():
            state = self._states.get(poll.id)
            summaries.append(
                PollSummary(
                    state.poll if state else poll, state.voters if state else stored.get(poll.id, 0)
                )
            )
        return summaries

    async def current(self) -> Poll | None:
        """The most recent open poll."""
        open_polls = await self._repo.with_status(PollStatus.OPEN)
        return await self.get(open_polls[0].id) if open_polls else None

    async def tally(self, poll_id: int) -> Tally:
        """The live tally (raises for an unknown poll)."""
        state = await self._required(poll_id)
        return Tally(tuple(state.counts), state.voters)

    async def stored_tally(self, poll_id: int) -> PollTally:
        """The tally the database holds, once pending votes are written."""
        state = await self._required(poll_id)
        await self._writer.idle()
        return await self._repo.tally(poll_id, len(state.poll.options))

    async def message(self, poll_id: int) -> OutgoingMessage:
        """The message showing a poll now (raises for an unknown poll)."""
        return self._display.render(await self._required(poll_id))

    async def messages_showing(self, poll_id: int) -> list[PollMessage]:
        """Every tracked message showing the poll."""
        state = await self._required(poll_id)
        return sorted(state.messages, key=lambda m: (m.chat_id or 0, m.message_id or 0))

    async def search_open(self, query: str) -> list[tuple[Poll, OutgoingMessage]]:
        """Open polls matching an inline query ('poll N', or words of the question)."""
        words = query.casefold().split()
        found = []
        for poll in await self._repo.with_status(PollStatus.OPEN):
            if words[:1] == ["poll"] and len(words) == 2:
                if words[1] != str(poll.id):
                    continue
            elif not all(word in poll.question.casefold() for word in words):
                continue
            state = await self._required(poll.id)
            found.append((state.poll, self._display.render(state)))
            if len(found) == MAX_INLINE_RESULTS:
                break
        return found

    # Admin actions ---------------------------------------------------------------------------
    async def create_from_line(self, line: str, creator: int | None) -> Poll:
        """Create a poll from `Question? | Yes | No | …` (raises PollRuleError)."""
        draft = parse_one_line(line, self._core.clock.now(), self.zone)
        return await self.create(draft, creator)

    async def create(self, draft: PollDraft, creator: int | None) -> Poll:
        """Create a poll: open at once unless it opens later (raises PollRuleError)."""
        now = self._core.clock.now()
        checked = check_draft(draft, now, self.zone)
        poll = await self._repo.create(
            checked.question,
            checked.options,
            multiple=checked.multiple,
            status=PollStatus.DRAFT if checked.opens_at else PollStatus.OPEN,
            created_at=now,
            opens_at=checked.opens_at,
            closes_at=checked.closes_at,
            article_id=checked.article_id,
            creator=creator,
        )
        log.info("poll %s created (%s)", poll.id, poll.status)
        return poll

    def check_question(self, question: str) -> str:
        """A dialogue step: the question, or the rule it breaks."""
        return check_question(question)

    def check_options(self, options: list[str]) -> list[str]:
        """A dialogue step: the options, or the rule they break."""
        return check_options(options)

    def parse_closing(self, value: str) -> PollDraft:
        """A dialogue step: a closing time in the future, as a draft field."""
        now = self._core.clock.now()
        closes_at = parse_time(value, now, self.zone)
        if closes_at <= now:
            raise PollRuleError("closes_in_past")
        return PollDraft(closes_at=closes_at)

    async def open(self, poll_id: int) -> Poll:
        """Open a draft (closing at the end of the next show unless a later time is set)."""
        state = await self._required(poll_id)
        poll = state.poll
        if poll.status == PollStatus.OPEN:
            raise PollRuleError("already_open", id=poll_id)
        if poll.status == PollStatus.CLOSED:
            raise PollRuleError("cannot_reopen", id=poll_id)
        now = self._core.clock.now()
        closes_at = poll.closes_at
        if closes_at is None or closes_at <= now:
            closes_at = default_closing(now, self.zone)
        self._set_poll(
            state, poll.model_copy(update={"status": PollStatus.OPEN, "closes_at": closes_at})
        )
        await self._repo.set_status(poll_id, PollStatus.OPEN, closes_at=closes_at)
        log.info("poll %s opened until %s", poll_id, closes_at.isoformat())
        return state.poll

    async def close(self, poll_id: int) -> Poll:
        """Close a poll: presses change nothing any more, every message shows the result."""
        state = await self._required(poll_id)
        if state.poll.status == PollStatus.CLOSED:
            raise PollRuleError("already_closed", id=poll_id)
        now = self._core.clock.now()
        # In memory first, so that a press arriving meanwhile is already refused.
        self._set_poll(
            state, state.poll.model_copy(update={"status": PollStatus.CLOSED, "closed_at": now})
        )
        await self._repo.set_status(poll_id, PollStatus.CLOSED, closed_at=now)
        self._display.changed(state)
        log.info("poll %s closed with %s voters", poll_id, state.voters)
        return state.poll

    async def run_due(self) -> list[int]:
        """Open drafts whose time came and close polls whose time passed; return their ids."""
        now = self._core.clock.now()
        changed = []
        for poll in await self._repo.with_status(PollStatus.DRAFT):
            if poll.opens_at is not None and poll.opens_at <= now:
                await self.open(poll.id)
                changed.append(poll.id)
        for poll in await self._repo.with_status(PollStatus.OPEN):
            current = await self.get(poll.id)
            if current and current.closes_at is not None and current.closes_at <= now:
                await self.close(poll.id)
                changed.append(poll.id)
        return changed

    async def upcoming_times(self) -> list[tuple[int, datetime]]:
        """(poll id, time) of every opening and closing still to come, for the job queue."""
        open_polls = await self._repo.with_status(PollStatus.OPEN)
        drafts = await self._repo.with_status(PollStatus.DRAFT)
        times: list[tuple[int, datetime]] = [
            (poll.id, poll.closes_at) for poll in open_polls if poll.closes_at is not None
        ]
        times += [(poll.id, poll.opens_at) for poll in drafts if poll.opens_at is not None]
        return times

    async def send_to_subscribers(self, poll_id: int) -> int:
        """Queue the poll for every subscribed chat through the outbox; return how many."""
        state = await self._required(poll_id)
        if state.poll.status != PollStatus.OPEN:
            raise PollRuleError("send_needs_open", id=poll_id)
        audience = await self._articles.subscriber_chat_ids()
        self._display.queued(poll_id, state.version)
        return await self._delivery.enqueue(
            "poll", str(poll_id), self._display.render(state), audience
        )

    async def show(self, poll_id: int, chat_id: int) -> int | None:
        """Send the poll to a known chat and keep its message up to date; the message id."""
        state = await self._required(poll_id)
        result = await self._core.telegram.send(chat_id, self._display.render(state))
        if result.outcome != Outcome.SENT or result.message_id is None:
            log.warning("could not show poll %s in chat %s: %s", poll_id, chat_id, result.outcome)
            return None
        await self._display.track(
            state, PollMessage(poll_id=poll_id, chat_id=chat_id, message_id=result.message_id)
        )
        return result.message_id

    async def show_from_button(self, data: str | None, chat_id: int) -> bool:
        """The 'Vote' button under an article: show its poll if it is open."""
        poll_id = parse_show(data)
        state = await self._state(poll_id) if poll_id is not None else None
        if state is None or state.poll.status != PollStatus.OPEN:
            return False
        return await self.show(state.poll.id, chat_id) is not None

    async def track_inline(self, result_id: str, inline_message_id: str | None) -> None:
        """Someone posted a poll through inline mode: keep that message up to date too."""
        prefix, _, number = result_id.partition(":")
        if prefix != "poll" or not number.isdigit() or not inline_message_id:
            return
        state = await self._state(int(number))
        if state is not None:
            await self._display.track(
                state, PollMessage(poll_id=state.poll.id, inline_message_id=inline_message_id)
            )

    async def results(self, poll_id: int | None, user_id: int, language: str | None) -> ResultsView:
        """The tally as text and chart; listeners see an open poll's once they voted."""
        if poll_id is None:
            current = await self.current()
            if current is None:
                raise PollRuleError("no_open_poll")
            poll_id = current.id
        state = await self._required(poll_id)
        poll = state.poll
        may_see = (
            poll.status == PollStatus.CLOSED
            or self._core.is_admin(user_id)
            or self._voter(user_id) in state.choices
        )
        if not may_see:
            raise PollRuleError("vote_first")
        tally = Tally(tuple(state.counts), state.voters)
        show = self._core.config.show
        voters = text(
            "voters_one" if tally.voters == 1 else "voters_many", language, count=tally.voters
        )
        footer = text("chart_footer", language, show=show.name, station=show.station, voters=voters)
        footer = footer.replace("👥 ", "")
        chart = await asyncio.to_thread(chart_png, poll, tally, footer)
        return ResultsView(poll, results_text(poll, tally, self.zone, language), chart)

    async def export(self, poll_id: int) -> bytes:
        """The result as CSV (option, votes, share); no voter identities."""
        state = await self._required(poll_id)
        await self._writer.idle()
        stored = await self._repo.tally(poll_id, len(state.poll.options))
        return export_csv(state.poll, Tally(stored.counts, stored.voters))

    async def article_buttons(self, article_id: object) -> list[Button]:
        """A 'Vote' button for each open poll linked to the article."""
        buttons = []
        for stored in await self._repo.for_article(str(article_id)):
            poll = await self.get(stored.id)
            if poll is not None and poll.is_open:
                buttons.append(Button(text="🗳 Vote", callback_data=show_data(poll.id)))
        return buttons

    # Voting (the hot path) -------------------------------------------------------------------
    async def press(
        self,
        data: str | None,
        user_id: int,
        *,
        chat_id: int | None = None,
        message_id: int | None = None,
        inline_message_id: str | None = None,
    ) -> PressResult:
        """A button press: validate, change the voter's options, store them, refresh messages."""
        parsed = parse_vote(data)
        if parsed is None:
            return PressResult(PressOutcome.UNKNOWN)
        poll_id, option = parsed
        state = self._states.get(poll_id) or await self._state(poll_id)
        if state is None or option >= len(state.poll.options):
            return PressResult(PressOutcome.UNKNOWN)
        poll = state.poll
        if poll.status == PollStatus.CLOSED or (
            poll.closes_at is not None and poll.closes_at <= self._core.clock.now()
        ):
            return PressResult(PressOutcome.CLOSED)
        if poll.status == PollStatus.DRAFT:
            return PressResult(PressOutcome.NOT_OPEN)
        seen = (chat_id, message_id, inline_message_id)
        if (message_id or inline_message_id) and seen not in state.seen_messages:
            state.seen_messages.add(seen)
            where = PollMessage(
                poll_id=poll_id,
                chat_id=None if inline_message_id else chat_id,
                message_id=None if inline_message_id else message_id,
                inline_message_id=inline_message_id,
            )
            if where not in state.messages:
                await self._display.track(
                    state, where
                )  # e.g. an inline message Telegram did not report
        voter = self._voter(user_id)
        key = (poll_id, voter)
        current = state.choices.get(voter, frozenset())
        moment = self.throttle.timer.time()
        last = self._recent.get(key)
        if last is not None and last[0] == option and moment - last[1] < self.double_press_window:
            return self._answer(poll, current, PressOutcome.DUPLICATE)
        self._remember_press(key, option, moment)
        chosen = next_choice(current, option, poll.multiple)
        state.apply(voter, chosen)
        try:
            await self._writer.write(poll_id, voter, chosen)
        except Exception:
            log.exception("storing a vote in poll %s failed; reloading its tally", poll_id)
            self._states.pop(poll_id, None)
            return PressResult(PressOutcome.FAILED)
        self._display.changed(state)
        return self._answer(poll, chosen, PressOutcome.VOTED if chosen else PressOutcome.TAKEN_BACK)

    # Chat lifecycle --------------------------------------------------------------------------
    async def on_chat_stopped(self, chat_id: int) -> None:
        """Nothing to end: poll messages in the chat keep showing the tally."""

    async def on_user_forgotten(self, user_id: int) -> None:
        """Delete the user's votes in open polls; closed polls keep anonymous counts."""
        voter = self._voter(user_id)
        await self._writer.idle()
        changed = await self._repo.delete_voter_in_open_polls(voter)
        for poll_id in changed:
            state = self._states.get(poll_id)
            if state is not None and voter in state.choices:
                state.apply(voter, frozenset())
                self._display.changed(state)
        for key in [key for key in self._recent if key[1] == voter]:
            del self._recent[key]
        log.info("forgot a user's votes in %d open polls", len(changed))

    # Internals -------------------------------------------------------------------------------
    def _voter(self, user_id: int) -> bytes:
        if self._hasher is None:
            msg = "the poll service is not started"
            raise RuntimeError(msg)
        return self._hasher(user_id)

    async def _vote_secret(self) -> str:
        configured = self._core.settings.vote_secret
        if configured is not None and configured.get_secret_value():
            return configured.get_secret_value()
        stored = await self._repo.secret(SECRET_NAME)
        if stored:
            return stored
        log.info("created the vote secret (RADIOBOT_VOTE_SECRET is not set); kept in the database")
        return await self._repo.keep_secret(SECRET_NAME, new_secret())

    async def _create_seeds(self) -> None:
        for seed in self._core.config.polls:
            key = hashlib.sha256("\n".join([seed.question, *seed.options]).encode()).hexdigest()[
                :16
            ]
            if await self._repo.seed_exists(key):
                continue
            try:
                question, options = check_question(seed.question), check_options(seed.options)
            except PollRuleError as problem:
                log.warning("config poll %r skipped: %s", seed.question[:40], problem.rule)
                continue
            await self._repo.create(
                question,
                options,
                multiple=seed.multiple,
                status=PollStatus.DRAFT,
                created_at=self._core.clock.now(),
                seed_key=key,
            )

    async def _state(self, poll_id: int) -> PollState | None:
        state = self._states.get(poll_id)
        if state is not None:
            return state
        async with self._load_lock:
            state = self._states.get(poll_id)
            if state is not None:
                return state
            poll = await self._repo.get(poll_id)
            if poll is None:
                return None
            choices = await self._repo.votes(poll_id)
            state = PollState(poll, choices, set(await self._repo.messages(poll_id)))
            self._states[poll_id] = state
            return state

    async def _required(self, poll_id: int) -> PollState:
        state = await self._state(poll_id)
        if state is None:
            raise PollRuleError("no_such_poll", id=poll_id)
        return state

    def _set_poll(self, state: PollState, poll: Poll) -> None:
        state.poll = poll
        state.version += 1

    def _answer(self, poll: Poll, chosen: frozenset[int], outcome: PressOutcome) -> PressResult:
        return PressResult(outcome, tuple(poll.options[index] for index in sorted(chosen)))

    def _remember_press(self, key: tuple[int, bytes], option: int, moment: float) -> None:
        if len(self._recent) >= _RECENT_LIMIT:
            horizon = moment - self.double_press_window
            self._recent = {k: v for k, v in self._recent.items() if v[1] >= horizon}
        self._recent[key] = (option, moment)

    async def _on_sent(self, kind: str, ref: str, chat_id: int, message_id: int) -> None:
        if not ref.isdigit():
            return
        state = await self._state(int(ref))
        if state is None:
            return
        handle = PollMessage(poll_id=state.poll.id, chat_id=chat_id, message_id=message_id)
        await self._display.sent(state, handle)
