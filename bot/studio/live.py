"""The studio page's live state, coalesced like the Telegram poll edits.

A change only marks its section dirty (O(1), whatever the number of votes or pages). One
task renders the dirty sections at most once per `interval`, each once for every connected
page, and publishes them under a new version; each page's stream sends what is newer than
the version it has. A page that reconnects gives the last version it saw and catches up.
Nothing is rendered while no page is connected.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

COALESCE_S = 0.2  # at most this often a section is rendered and sent
TICK_S = 1.0  # sections that change with time (countdown, fan-out) are looked at this often

Render = Callable[[], Awaitable[str]]


class LiveState:
    """Sections of the page, rendered on change, with a version per publication."""

    def __init__(self, interval: float = COALESCE_S, tick: float = TICK_S) -> None:
        self.interval = interval
        self.tick = tick
        self._renderers: dict[str, Render] = {}
        self._ticking: set[str] = set()
        self._dirty: set[str] = set()
        self._payloads: dict[str, tuple[int, str]] = {}  # section → (version, payload)
        self.version = 0
        self.pages = 0  # connected pages
        self.renders = 0  # sections rendered, for tests and benchmarks
        self._published = asyncio.Event()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self.closed = False

    def add(self, section: str, render: Render, *, ticking: bool = False) -> None:
        """A section of the page; a `ticking` one is also looked at every `tick` seconds."""
        self._renderers[section] = render
        if ticking:
            self._ticking.add(section)
        self._dirty.add(section)

    def mark(self, section: str) -> None:
        """The section changed (cheap: rendered later, once, if a page is connected)."""
        self._dirty.add(section)
        if self.pages:
            self._wake.set()

    # Pages -----------------------------------------------------------------------------------
    async def current(self) -> tuple[int, dict[str, str]]:
        """Every section, up to date now, and the version it is (a page being loaded)."""
        await self._render_dirty()
        return self.version, {name: payload for name, (_, payload) in self._payloads.items()}

    def connect(self) -> None:
        """A page's stream opened."""
        self.pages += 1
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())
        self._wake.set()

    def disconnect(self) -> None:
        """A page's stream closed."""
        self.pages = max(0, self.pages - 1)

    async def newer(
        self, seen: int, timeout: float, gone: asyncio.Event | None = None
    ) -> tuple[int, list[tuple[str, str]]]:
        """Sections published after version `seen` (waits up to `timeout` for one, or until
        `gone` is set: the page left)."""
        if self.version <= seen and not self.closed:
            waits = [asyncio.ensure_future(self._published.wait())]
            if gone is not None:
                waits.append(asyncio.ensure_future(gone.wait()))
            _, pending = await asyncio.wait(waits, timeout=timeout, return_when="FIRST_COMPLETED")
            for waiting in pending:
                waiting.cancel()
        items = [(name, payload) for name, (v, payload) in self._payloads.items() if v > seen]
        return self.version, items

    def close(self) -> None:
        """Stop rendering and release every waiting stream (shutdown)."""
        self.closed = True
        if self._task is not None:
            self._task.cancel()
        self._publish()

    # Internals -------------------------------------------------------------------------------
    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        last = -self.interval
        next_tick = loop.time()
        while not self.closed:
            now = loop.time()
            if now >= next_tick:
                self._dirty |= self._ticking
                next_tick = now + self.tick
            if self._dirty and self.pages:
                pause = last + self.interval - now
                if pause > 0:
                    await asyncio.sleep(pause)  # coalesce: changes meanwhile go out together
                last = loop.time()
                try:
                    await self._render_dirty()
                except Exception:
                    log.exception("rendering the studio page failed")
                continue
            if not self.pages:
                return  # the next page to connect starts it again
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), max(0.0, next_tick - loop.time()))

    async def _render_dirty(self) -> None:
        async with self._lock:
            sections, self._dirty = self._dirty, set()
            changed = False
            for name in sections:
                render = self._renderers.get(name)
                if render is None:
                    continue
                payload = await render()
                self.renders += 1
                old = self._payloads.get(name)
                if old is None or old[1] != payload:
                    self._payloads[name] = (self.version + 1, payload)
                    changed = True
            if changed:
                self.version += 1
                self._publish()

    def _publish(self) -> None:
        published, self._published = self._published, asyncio.Event()
        published.set()
