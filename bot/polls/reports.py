"""What the polls feature reports: /polls' list, /results' text and chart, the newsroom's
CSV, and the open polls an inline query finds."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.core.messages import OutgoingMessage
from bot.core.shared import Core
from bot.polls.ballot import Ballot
from bot.polls.chart import chart_png
from bot.polls.display import PollDisplay
from bot.polls.export import export_csv, file_name
from bot.polls.results import Tally, results_text, share_words, voters_text
from bot.polls.rules import PollRuleError
from bot.polls.states import PollStates
from bot.texts import pick_language
from bot.texts.polls import text
from storage.poll_models import Poll, PollStatus, PollTally
from storage.polls import PollRepository

MAX_INLINE_RESULTS = 10


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


class PollReports:
    """Reads tallies for people: listeners, editors and the newsroom."""

    def __init__(
        self,
        core: Core,
        repo: PollRepository,
        states: PollStates,
        display: PollDisplay,
        ballot: Ballot,
    ) -> None:
        self._core = core
        self._repo = repo
        self._states = states
        self._display = display
        self._ballot = ballot

    @property
    def zone(self) -> ZoneInfo:
        """The show's time zone, for closing times."""
        return self._core.config.show.zone

    async def current(self) -> Poll | None:
        """The most recent open poll."""
        open_polls = await self._repo.with_status(PollStatus.OPEN)
        state = await self._states.get(open_polls[0].id) if open_polls else None
        return state.poll if state else None

    async def stored_tally(self, poll_id: int) -> PollTally:
        """The tally the database holds, once pending votes are written."""
        state = await self._states.required(poll_id)
        await self._ballot.writer.idle()
        return await self._repo.tally(poll_id, len(state.poll.options))

    async def list_polls(self) -> list[PollSummary]:
        """Every poll, newest first, with its voters."""
        stored = await self._repo.voter_counts()
        summaries = []
        for poll in await self._repo.all():
            state = self._states.loaded.get(poll.id)
            if state is not None:
                summaries.append(PollSummary(state.poll, state.voters))
            else:
                summaries.append(PollSummary(poll, stored.get(poll.id, 0)))
        return summaries

    async def search_open(
        self, query: str, language: str | None = None
    ) -> list[tuple[Poll, OutgoingMessage]]:
        """Open polls matching an inline query ('poll N' in any language, as the share button
        types it, or words of the question), as the copy to post in `language`: the asker's
        (the bot does not know the chat's)."""
        words = query.casefold().split()
        found = []
        for poll in await self._repo.with_status(PollStatus.OPEN):
            if len(words) == 2 and words[0] in share_words():
                if words[1] != str(poll.id):
                    continue
            elif not all(word in poll.question.casefold() for word in words):
                continue
            state = await self._states.required(poll.id)
            found.append((state.poll, self._display.render(state, language, inline=True)))
            if len(found) == MAX_INLINE_RESULTS:
                break
        return found

    async def results(self, poll_id: int | None, user_id: int, language: str | None) -> ResultsView:
        """The tally as text and chart; listeners see an open poll's once they voted."""
        if poll_id is None:
            current = await self.current()
            if current is None:
                raise PollRuleError("no_open_poll")
            poll_id = current.id
        state = await self._states.required(poll_id)
        poll = state.poll
        if poll.status == PollStatus.DRAFT and not self._core.is_admin(user_id):
            raise PollRuleError("not_open_yet", id=poll_id)
        may_see = (
            poll.status == PollStatus.CLOSED
            or self._core.is_admin(user_id)
            or await self._ballot.has_voted(poll_id, user_id)
        )
        if not may_see:
            raise PollRuleError("vote_first")
        tally = Tally(tuple(state.counts), state.voters)
        chart = await self.chart(poll_id, language)
        return ResultsView(poll, results_text(poll, tally, self.zone, language), chart)

    async def chart(self, poll_id: int, language: str | None) -> bytes:
        """The PNG chart of a poll's live tally, as /results shows it (raises for an unknown
        poll; no check of who asks)."""
        state = await self._states.required(poll_id)
        tally = Tally(tuple(state.counts), state.voters)
        show = self._core.config.show
        voters = voters_text(tally.voters, language)
        footer = text("chart_footer", language, show=show.name, station=show.station, voters=voters)
        footer = footer.replace("👥 ", "")
        return await asyncio.to_thread(chart_png, state.poll, tally, footer, language)

    async def export(self, poll_id: int, language: str | None = None) -> tuple[str, bytes, str]:
        """The newsroom's CSV file (its name, bytes and language): in the editor's language,
        else the station's (config `group_language`); no voter identities."""
        language = pick_language(language, self._core.config.group_language)
        stored = await self.stored_tally(poll_id)
        poll = (await self._states.required(poll_id)).poll
        by_language = await self._repo.tally_by_language(poll_id, len(poll.options))
        data = export_csv(
            poll, Tally(stored.counts, stored.voters), by_language, self.zone, language
        )
        return file_name(poll, language), data, language
