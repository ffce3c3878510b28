"""The delivery feature: the outbox and its worker, which every other feature sends through."""

from __future__ import annotations

from bot.delivery.service import DeliveryService
from handlers.feature import Feature

FEATURE = Feature(name="delivery", service=lambda services: DeliveryService(services.core))
