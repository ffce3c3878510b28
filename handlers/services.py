"""The running services: the core objects, the chats, and one service per feature."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import TypeVar

from bot.core.chats import ChatService
from bot.core.shared import Core, FeatureService

S = TypeVar("S")


class ServiceNotBuilt(LookupError):
    """No feature's service of the class asked for is built (yet)."""


class Services:
    """The domain as the handlers see it; a feature's service is found by its class."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self._features: list[FeatureService] = []
        self.running = False
        self.chats = ChatService(core, self._features)  # reaches every feature added below

    def build(self, builders: Sequence[Callable[[Services], FeatureService]]) -> None:
        """Build and register every feature's service; one that needs a service not built yet
        is built once that one is (the order of the features is their handlers' order)."""
        waiting = list(builders)
        while waiting:
            postponed = []
            for build in waiting:
                try:
                    self._features.append(build(self))
                except ServiceNotBuilt:
                    postponed.append(build)
            if len(postponed) == len(waiting):
                postponed[0](self)  # raises: what it needs is built by no feature
            waiting = postponed

    def get(self, kind: type[S]) -> S:
        """The registered service of this class (raises `ServiceNotBuilt` if there is none)."""
        for service in self._features:
            if isinstance(service, kind):
                return service
        raise ServiceNotBuilt(kind.__name__)

    async def start(self) -> None:
        """Start every feature's background work, in the order they were added."""
        self.running = True
        for feature in self._features:
            await feature.start()

    async def stop(self) -> None:
        """Stop every feature's background work, in reverse order."""
        self.running = False
        for feature in reversed(self._features):
            await feature.stop()

    async def drain(self, timeout: float) -> None:
        """Wait, within `timeout` seconds overall, for queued outgoing work."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        for feature in self._features:
            await feature.drain(max(0.0, deadline - loop.time()))
