"""Big feeds parsed on every core: the document is cut between entries, each part parsed
in a worker process, and the parts joined — checked against a plain parse's entry count."""

from __future__ import annotations

import asyncio
import itertools
import logging
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime

from bot.articles.parse import ParsedFeed, parse_feed

log = logging.getLogger(__name__)

# Below this many entries a process round trip costs more than it saves.
SPLIT_FROM_ENTRIES = 1000
_ENTRY_START = re.compile(rb"<(?:item|entry)[\s>/]", re.IGNORECASE)
_ENTRY_END = re.compile(rb"</(?:item|entry)\s*>", re.IGNORECASE)


def split_document(document: bytes, parts: int) -> tuple[list[bytes], int] | None:
    """The document cut into `parts` feeds of whole entries, and the entry count; None when
    it is small, or not plainly a list of entries (the caller then parses it whole)."""
    first = _ENTRY_START.search(document)
    ends = [match.end() for match in _ENTRY_END.finditer(document)]
    if parts < 2 or first is None or len(ends) < SPLIT_FROM_ENTRIES:
        return None
    if len(_ENTRY_START.findall(document, first.start())) != len(ends):
        return None  # an entry tag inside text or CDATA: do not guess
    head, tail = document[: first.start()], document[ends[-1] :]
    cuts = [first.start()] + [ends[len(ends) * n // parts - 1] for n in range(1, parts + 1)]
    pieces = [head + document[start:end] + tail for start, end in itertools.pairwise(cuts)]
    return pieces, len(ends)


def _ready() -> int:
    """Run in a worker: it has this module, hence the parser, imported (its process id)."""
    return os.getpid()


class FeedParser:
    """Parses feed documents off the event loop: small ones in a thread, big ones on all cores."""

    def __init__(self, workers: int | None = None) -> None:
        self._workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            # Workers are forked from a server that has imported the parser (feedparser, nh3,
            # pydantic: about 0.2 s of CPU) once, rather than each importing it at its first
            # feed. Ignored when the server already runs; the workers then import it.
            context.set_forkserver_preload([__name__])
            self._pool = ProcessPoolExecutor(self._workers, mp_context=context)
        return self._pool

    async def warm(self) -> None:
        """Start the worker processes, ready to parse, now rather than at the first big feed."""
        loop = asyncio.get_running_loop()
        await asyncio.gather(
            *(loop.run_in_executor(self._executor(), _ready) for _ in range(self._workers))
        )

    async def parse(self, document: bytes, now: datetime) -> ParsedFeed:
        """Drafts of every usable entry (see `parse_feed`)."""
        split = split_document(document, self._workers)
        if split is None:
            return await asyncio.to_thread(parse_feed, document, now)
        pieces, entries = split
        loop = asyncio.get_running_loop()
        results = await asyncio.gather(
            *(loop.run_in_executor(self._executor(), parse_feed, piece, now) for piece in pieces)
        )
        if sum(len(part.drafts) + len(part.skipped) for part in results) != entries:
            log.info("split parse disagreed with the entry count; parsing the feed whole")
            return await asyncio.to_thread(parse_feed, document, now)
        joined = ParsedFeed(title=results[0].title)
        for part in results:
            joined.drafts.extend(part.drafts)
            joined.skipped.extend(part.skipped)
        return joined

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
