"""User-facing texts of the articles feature: reading, subscriptions, feeds, publishing."""

from __future__ import annotations

from bot.texts import Catalog, CommandInfo, lookup

COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("latest", "the newest articles (/latest 10 for more)"),
    CommandInfo("search", "find articles: /search WORDS"),
    CommandInfo("topics", "known topics, tap one to subscribe"),
    CommandInfo("subscribe", "get new articles: everything, or /subscribe TOPIC [+ KEYWORD]"),
    CommandInfo("unsubscribe", "stop articles: everything, or /unsubscribe TOPIC"),
    CommandInfo("subscriptions", "what this chat is subscribed to"),
    CommandInfo("publish", "publish an article: /publish Title | text | link | tags", True),
    CommandInfo("feeds", "the feeds with their status", True),
    CommandInfo("addfeed", "add a feed: /addfeed URL [minutes]", True),
    CommandInfo("removefeed", "remove a feed: /removefeed N", True),
    CommandInfo("stats", "subscribers, chats, articles and deliveries", True),
)

ARTICLES: Catalog = {
    "en": {
        "read_more": "Read more",
        "latest_title": "The latest articles:",
        "no_articles": "No articles yet. Come back soon!",
        "latest_usage": "Use /latest or /latest N, with N from 1 to {most}.",
        "search_usage": "What should I look for? Send /search followed by some words.",
        "search_title": "Articles matching “{query}”:",
        "nothing_found": "Nothing found for “{query}”.",
        "topics_title": "Known topics (tap one to subscribe):",
        "no_topics": "No topics yet.",
        "subscribed_all": "Subscribed: this chat will receive every new article.",
        "subscribed_topic": "Subscribed to “{topic}”.",
        "subscribed_keyword": "Subscribed to “{topic}” with the keyword “{keyword}”.",
        "already_subscribed": "This chat already has that subscription.",
        "subscribe_usage": (
            "Use /subscribe for everything, /subscribe TOPIC, or /subscribe TOPIC + KEYWORD "
            "(use “all” as the topic to filter everything by a keyword)."
        ),
        "unsubscribed_all": "Unsubscribed from everything.",
        "unsubscribed_topic": "Unsubscribed from “{topic}”.",
        "not_subscribed": "This chat had no such subscription.",
        "subscriptions_none": "This chat has no subscriptions. Try /subscribe or /topics.",
        "subscriptions_title": "This chat's subscriptions:",
        "everything": "everything",
        "with_keyword": "{topic} (keyword “{keyword}”)",
        "publish_usage": (
            "Use /publish Title | text | https://link | tag1, tag2 (link and tags optional)."
        ),
        "publish_ask_title": "New article. What is its title? (/cancel to stop)",
        "publish_ask_text": "The text of the article?",
        "publish_ask_link": "A link to the full article? (/skip if none)",
        "publish_ask_tags": "Tags, separated by commas? (/skip if none)",
        "publish_confirm": "Publish this article?",
        "publish_button": "Publish",
        "cancel_button": "Cancel",
        "publish_cancelled": "Cancelled, nothing was published.",
        "publish_bad_link": "That link is not an http(s) URL. Send another one, or /skip.",
        "publish_need_text": "Please send some text (or /cancel).",
        "published": "Published “{title}”: queued for {chats} subscribed chat(s).",
        "publish_duplicate": "That article was already published; nothing was sent again.",
        "publish_title_too_long": (
            "A title has at most {most} characters; this one has {length}. "
            "Nothing was published: send a shorter one."
        ),
        "feeds_none": "No feeds. Add one with /addfeed URL.",
        "feeds_title": "Feeds:",
        "feed_line": (
            "{n}. {name} — {status}\n   {source} (every {interval} min)\n"
            "   last success: {success}{error}"
        ),
        "feed_ok": "OK",
        "feed_failing": "failing ({failures} in a row)",
        "feed_waiting": "not polled yet",
        "feed_never": "never",
        "feed_error": "\n   last error: {error}",
        "addfeed_usage": "Use /addfeed URL [minutes between polls].",
        "addfeed_done": "Feed {n} added: {source}. It will be polled within a minute.",
        "addfeed_exists": "That feed is already there (number {n}).",
        "addfeed_refused": "I can't add that feed: {reason}.",
        "removefeed_usage": "Use /removefeed N, with N from /feeds.",
        "removefeed_done": "Feed {n} removed (its articles stay).",
        "removefeed_unknown": "There is no feed {n}; see /feeds.",
        "removefeed_config": "Feed {n} comes from the config file; remove it there.",
        "feed_failing_alert": (
            "The feed “{name}” ({source}) failed {failures} times in a row. Last error: {error}"
        ),
        "stats": (
            "Subscribers: {subscribers} chat(s)\nActive chats: {active} of {chats}\n"
            "Articles: {articles}\nFeeds: {feeds}"
        ),
        "stats_delivery": (
            "\nDeliveries pending: {pending}\n"
            "Last hour: {sent_hour} sent, {failed_hour} failed\n"
            "Last day: {sent_day} sent, {failed_day} failed\n"
            "In total: {sent_total} sent, {failed_total} failed"
        ),
        "stats_no_delivery": "\nDelivery figures are not available yet.",
    },
    "fr": {
        "read_more": "Lire la suite",
        "latest_title": "Les derniers articles :",
        "no_articles": "Pas encore d'articles. Revenez bientôt !",
        "search_usage": "Que dois-je chercher ? Envoyez /search suivi de quelques mots.",
        "search_title": "Articles correspondant à « {query} » :",
        "nothing_found": "Rien trouvé pour « {query} ».",
        "topics_title": "Sujets connus (touchez-en un pour vous abonner) :",
        "no_topics": "Pas encore de sujets.",
        "subscribed_all": "Abonné : ce chat recevra chaque nouvel article.",
        "subscribed_topic": "Abonné à « {topic} ».",
        "subscribed_keyword": "Abonné à « {topic} » avec le mot-clé « {keyword} ».",
        "already_subscribed": "Ce chat a déjà cet abonnement.",
        "unsubscribed_all": "Désabonné de tout.",
        "unsubscribed_topic": "Désabonné de « {topic} ».",
        "not_subscribed": "Ce chat n'avait pas cet abonnement.",
        "subscriptions_none": "Ce chat n'a aucun abonnement. Essayez /subscribe ou /topics.",
        "subscriptions_title": "Les abonnements de ce chat :",
        "everything": "tout",
        "publish_title_too_long": (
            "Un titre compte au plus {most} caractères ; celui-ci en a {length}. "
            "Rien n'a été publié : envoyez-en un plus court."
        ),
    },
    "nl": {
        "read_more": "Lees meer",
        "latest_title": "De nieuwste artikels:",
        "no_articles": "Nog geen artikels. Kom snel terug!",
        "search_usage": "Wat moet ik zoeken? Stuur /search gevolgd door enkele woorden.",
        "search_title": "Artikels over “{query}”:",
        "nothing_found": "Niets gevonden voor “{query}”.",
        "topics_title": "Bekende onderwerpen (tik erop om je te abonneren):",
        "no_topics": "Nog geen onderwerpen.",
        "subscribed_all": "Geabonneerd: deze chat krijgt elk nieuw artikel.",
        "subscribed_topic": "Geabonneerd op “{topic}”.",
        "subscribed_keyword": "Geabonneerd op “{topic}” met het trefwoord “{keyword}”.",
        "already_subscribed": "Deze chat heeft dat abonnement al.",
        "unsubscribed_all": "Uitgeschreven voor alles.",
        "unsubscribed_topic": "Uitgeschreven voor “{topic}”.",
        "not_subscribed": "Deze chat had dat abonnement niet.",
        "subscriptions_none": "Deze chat heeft geen abonnementen. Probeer /subscribe of /topics.",
        "subscriptions_title": "De abonnementen van deze chat:",
        "everything": "alles",
        "publish_title_too_long": (
            "Een titel telt hoogstens {most} tekens; deze heeft er {length}. "
            "Er werd niets gepubliceerd: stuur een kortere."
        ),
    },
}


def text(key: str, language: str | None = None, **values: object) -> str:
    """An articles text in the listener's language."""
    return lookup(ARTICLES, key, language, **values)
