"""The article models the handlers see (stored in storage/, re-exported for the layer above)."""

from storage.article_models import Article, Feed, Subscription, TopicCount

__all__ = ["Article", "Feed", "Subscription", "TopicCount"]
