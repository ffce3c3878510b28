"""Admin actions on polls: create, open, close (by hand or by time), send to subscribers."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime

from bot.articles.service import ArticleService
from bot.core.shared import Core
from bot.delivery.service import DeliveryService
from bot.polls.display import PollDisplay
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
from bot.polls.states import PollStates
from bot.schedule.airings import ShowCalendar
from bot.texts import pick_language
from storage.poll_models import Poll, PollStatus
from storage.polls import PollRepository

log = logging.getLogger(__name__)


class PollAdmin:
    """What admins (and the due-time job) do with polls."""

    def __init__(
        self,
        core: Core,
        repo: PollRepository,
        states: PollStates,
        display: PollDisplay,
        delivery: DeliveryService,
        articles: ArticleService,
    ) -> None:
        self._core = core
        self._repo = repo
        self._states = states
        self._display = display
        self._delivery = delivery
        self._articles = articles
        self.calendar = ShowCalendar(core.config.show)

    def default_closing(self, now: datetime) -> datetime:
        """The end of the show's next airing (or of the one on air)."""
        return default_closing(now, self.calendar)

    async def create_from_line(self, line: str, creator: int | None) -> Poll:
        """Create a poll from `Question? | Yes | No | …` (raises PollRuleError)."""
        draft = parse_one_line(line, self._core.clock.now(), self._core.config.show.zone)
        return await self.create(draft, creator)

    async def create(
        self, draft: PollDraft, creator: int | None, *, keep_draft: bool = False
    ) -> Poll:
        """Create a poll: open at once unless it opens later or is kept as a draft (raises
        PollRuleError)."""
        now = self._core.clock.now()
        checked = check_draft(draft, now, self.calendar)
        poll = await self._repo.create(
            checked.question,
            checked.options,
            multiple=checked.multiple,
            status=PollStatus.DRAFT if checked.opens_at or keep_draft else PollStatus.OPEN,
            created_at=now,
            opens_at=checked.opens_at,
            closes_at=checked.closes_at,
            article_id=checked.article_id,
            creator=creator,
        )
        log.info("poll %s created (%s)", poll.id, poll.status)
        return poll

    def parse_closing(self, value: str) -> PollDraft:
        """A dialogue step: a closing time in the future, as a draft field."""
        now = self._core.clock.now()
        closes_at = parse_time(value, now, self._core.config.show.zone)
        if closes_at <= now:
            raise PollRuleError("closes_in_past")
        return PollDraft(closes_at=closes_at)

    async def open(self, poll_id: int) -> Poll:
        """Open a draft (closing at the end of the next show unless a later time is set)."""
        state = await self._states.required(poll_id)
        poll = state.poll
        if poll.status == PollStatus.OPEN:
            raise PollRuleError("already_open", id=poll_id)
        if poll.status == PollStatus.CLOSED:
            raise PollRuleError("cannot_reopen", id=poll_id)
        now = self._core.clock.now()
        closes_at = poll.closes_at
        if closes_at is None or closes_at <= now:
            closes_at = self.default_closing(now)
        opened = poll.model_copy(update={"status": PollStatus.OPEN, "closes_at": closes_at})
        self._states.set_poll(state, opened)
        await self._repo.set_status(poll_id, PollStatus.OPEN, closes_at=closes_at)
        self._display.changed(state)
        log.info("poll %s opened until %s", poll_id, closes_at.isoformat())
        return state.poll

    async def close(self, poll_id: int) -> Poll:
        """Close a poll: presses change nothing any more, every message shows the result."""
        state = await self._states.required(poll_id)
        if state.poll.status == PollStatus.CLOSED:
            raise PollRuleError("already_closed", id=poll_id)
        now = self._core.clock.now()
        # In memory first, so that a press arriving meanwhile is already refused.
        closed = state.poll.model_copy(update={"status": PollStatus.CLOSED, "closed_at": now})
        self._states.set_poll(state, closed)
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
            current = await self._states.get(poll.id)
            if current and current.poll.closes_at is not None and current.poll.closes_at <= now:
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
        """Queue the poll for every subscribed chat through the outbox, each in its chat's
        language (one payload variant per language); return how many."""
        state = await self._states.required(poll_id)
        if state.poll.status != PollStatus.OPEN:
            raise PollRuleError("send_needs_open", id=poll_id)
        audience = await self._articles.subscriber_chat_ids()
        languages = await self._core.chats.languages(audience)
        groups: dict[str, list[int]] = {}
        for chat_id in audience:
            groups.setdefault(pick_language(languages.get(chat_id)), []).append(chat_id)
        self._display.queued(poll_id, state.version)
        queued = 0
        for language, chat_ids in groups.items():
            queued += await self._delivery.enqueue(
                "poll",
                str(poll_id),
                self._display.render(state, language),
                chat_ids,
                variant=language,
            )
        return queued

    async def create_seeds(self) -> None:
        """Create the config's seed polls as drafts, once each."""
        for seed in self._core.config.polls:
            lines = "\n".join([seed.question, *seed.options])
            key = hashlib.sha256(lines.encode()).hexdigest()[:16]
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
