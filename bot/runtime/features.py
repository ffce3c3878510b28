"""Every feature of the bot: adding one is one line here (see handlers/feature.py)."""

from __future__ import annotations

from handlers import articles, conversation, core, delivery, polls, schedule, studio
from handlers.feature import Feature

# In the order their handlers are tried (the first handler of a group that accepts an update
# handles it) and their services start.
FEATURES: tuple[Feature, ...] = (
    core.FEATURE,
    delivery.FEATURE,
    articles.FEATURE,
    polls.FEATURE,
    studio.FEATURE,
    schedule.FEATURE,
    conversation.FEATURE,  # plain words: after every other feature's handlers
    core.FALLBACK,  # what no feature handled: unknown commands, stray text and buttons
)
# Every feature's commands, in /help's order.
COMMANDS = tuple(command for feature in FEATURES for command in feature.commands)
