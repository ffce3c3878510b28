"""Retry policy and the plain-text fallback of the delivery worker."""

from __future__ import annotations

import html
import random
import re

from bot.core.messages import OutgoingMessage
from bot.delivery.config import DeliveryConfig

_TAG = re.compile(r"<[^>]*>")


def backoff_delay(config: DeliveryConfig, attempt: int, rng: random.Random) -> float:
    """Seconds before retry number `attempt` (1, 2...): doubling, capped, jittered ±20%."""
    base = min(config.retry_base_s * 2.0 ** (attempt - 1), config.retry_max_s)
    return float(base * rng.uniform(0.8, 1.2))


def plain_version(message: OutgoingMessage) -> OutgoingMessage:
    """The message as plain text, for when Telegram rejects its HTML."""
    text = message.fallback_text or html.unescape(_TAG.sub("", message.text))
    return OutgoingMessage(
        text=text or message.text,
        html=False,
        buttons=message.buttons,
        link_preview=message.link_preview,
    )
