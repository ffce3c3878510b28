"""The crash soak's fixed inputs: its sizes (quick and full), chat ids, articles and the
delivery settings the bot runs with."""

from __future__ import annotations

from dataclasses import dataclass, replace

ADMIN = 4242
POLL_GROUP = {"id": -7001, "type": "group", "title": "Studio group"}
MIGRATING_GROUP = -4001
SUPERGROUP = -1_000_000_004_001
FIRST_PRIVATE_CHAT = 10_001
FIRST_VOTER = 500_001
VOTE_SECRET = "soak-vote-secret-0123456789abcdef"
DOUBLE_PRESS_GAP_S = 0.45  # > the poll's 0.4 s double-press window
KILL_GAP_S = 5.0  # a restart takes about 2 s: closer kills would hit a bot still starting


@dataclass(frozen=True)
class Plan:
    """The size of one soak."""

    chats: int
    votes: int
    voters: int
    rounds: int
    rate_per_s: int
    kills: int = 3
    seed: int = 6
    blocked_share: float = 0.02
    deadline_s: float = 900.0
    paid: bool = False  # articles go as paid broadcasts; the Stars run out midway


FULL = Plan(chats=5000, votes=20_000, voters=5000, rounds=8, rate_per_s=250)
QUICK = Plan(chats=200, votes=1200, voters=600, rounds=5, rate_per_s=100, deadline_s=100.0)
PAID_FULL, PAID_QUICK = replace(FULL, paid=True), replace(QUICK, paid=True)
PAID_PER_S = 1000
# Stars for 1.5 articles: the second one runs out of Stars and goes on free, under the kills.
PAID_STARS_PER_CHAT = 0.15
ARTICLES = (
    "Soak article 1: Would the Belgians be ready to see their soldiers in Ukraine?",
    "Soak article 2: Peggy Simono and Thibaut Roland take your calls",
    "Soak article 3: What the listeners of bel RTL answered tonight",
)
# Retries come faster than in production (0.2 s, doubling, at most 2 s) and a row gives up
# after 10 attempts, so that 10% 5xx + 5% dropped requests do not stretch the run.
DELIVERY = {"max_retries": 10, "retry_base_s": 0.2, "retry_max_s": 2.0}
