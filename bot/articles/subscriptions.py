"""Who gets an article: subscriptions to everything or to a topic, maybe with a keyword."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.articles.parse import clean_tag
from storage.article_models import Article, Subscription

EVERYTHING_WORDS = frozenset({"", "all", "everything", "*", "tout", "alles"})
MAX_KEYWORD_LENGTH = 60
_SPACES = re.compile(r"\s+")


def parse_request(arguments: str) -> tuple[str, str]:
    """`TOPIC`, `TOPIC + KEYWORD` or nothing → (topic or '' for everything, keyword or '')."""
    topic_part, _, keyword_part = arguments.partition("+")
    topic = clean_tag(topic_part)
    if topic in EVERYTHING_WORDS:
        topic = ""
    keyword = _SPACES.sub(" ", keyword_part).strip().casefold()[:MAX_KEYWORD_LENGTH]
    return topic, keyword


def matches(subscription: Subscription, article: Article) -> bool:
    """Whether the article is for this subscription (keyword: every word, any case)."""
    if subscription.topic and subscription.topic not in article.tags:
        return False
    if subscription.keyword:
        haystack = f"{article.title}\n{article.summary}".casefold()
        return all(word in haystack for word in subscription.keyword.split())
    return True


class Audience:
    """Chats to send one article to, each once, grouped by the chat's language."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.groups: dict[str | None, list[int]] = {}
        self._seen: set[int] = set()

    def add(self, subscriptions: Iterable[Subscription]) -> None:
        """Take in a chunk of candidate subscriptions."""
        for subscription in subscriptions:
            if subscription.chat_id in self._seen or not matches(subscription, self.article):
                continue
            self._seen.add(subscription.chat_id)
            self.groups.setdefault(subscription.language, []).append(subscription.chat_id)
