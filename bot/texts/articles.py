"""Texts of the articles feature: reading, subscriptions, feeds, publishing (see bot/texts)."""

from __future__ import annotations

from bot.texts import N_, P_, CommandInfo, Texts

COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("latest", N_("the newest articles (/latest 10 for more)")),
    CommandInfo("search", N_("find articles: /search WORDS")),
    CommandInfo("topics", N_("known topics, tap one to subscribe")),
    CommandInfo("subscribe", N_("get new articles: everything, or /subscribe TOPIC [+ KEYWORD]")),
    CommandInfo("unsubscribe", N_("stop articles: everything, or /unsubscribe TOPIC")),
    CommandInfo("subscriptions", N_("what this chat is subscribed to")),
    CommandInfo(
        "publish", N_("publish an article: /publish Title | text | link | tags"), admin_only=True
    ),
    CommandInfo("feeds", N_("the feeds with their status"), admin_only=True),
    CommandInfo("addfeed", N_("add a feed: /addfeed URL [minutes]"), admin_only=True),
    CommandInfo("removefeed", N_("remove a feed: /removefeed N"), admin_only=True),
    CommandInfo("stats", N_("subscribers, chats, articles and deliveries"), admin_only=True),
)

ARTICLES = Texts(
    {
        "read_more": N_("Read more"),
        "latest_title": N_("The latest articles:"),
        "no_articles": N_("No articles yet. Come back soon!"),
        "latest_usage": N_("Use /latest or /latest N, with N from 1 to {most}."),
        "search_usage": N_("What should I look for? Send /search followed by some words."),
        "search_title": N_("Articles matching “{query}”:"),
        "nothing_found": N_("Nothing found for “{query}”."),
        "topics_title": N_("Known topics (tap one to subscribe):"),
        "no_topics": N_("No topics yet."),
        "subscribed_all": N_("Subscribed: this chat will receive every new article."),
        "subscribed_topic": N_("Subscribed to “{topic}”."),
        "subscribed_keyword": N_("Subscribed to “{topic}” with the keyword “{keyword}”."),
        "already_subscribed": N_("This chat already has that subscription."),
        "subscribe_usage": N_(
            "Use /subscribe for everything, /subscribe TOPIC, or /subscribe TOPIC + "
            "KEYWORD (use “all” as the topic to filter everything by a keyword)."
        ),
        "unsubscribed_all": N_("Unsubscribed from everything."),
        "unsubscribed_topic": N_("Unsubscribed from “{topic}”."),
        "not_subscribed": N_("This chat had no such subscription."),
        "subscriptions_none": N_("This chat has no subscriptions. Try /subscribe or /topics."),
        "subscriptions_title": N_("This chat's subscriptions:"),
        "everything": N_("everything"),
        "with_keyword": N_("{topic} (keyword “{keyword}”)"),
        "publish_usage": N_(
            "Use /publish Title | text | https://link | tag1, tag2 (link and tags optional)."
        ),
        "publish_ask_title": N_("New article. What is its title? (/cancel to stop)"),
        "publish_ask_text": N_("The text of the article?"),
        "publish_ask_link": N_("A link to the full article? (/skip if none)"),
        "publish_ask_tags": N_("Tags, separated by commas? (/skip if none)"),
        "publish_confirm": N_("Publish this article?"),
        "publish_button": N_("Publish"),
        "cancel_button": N_("Cancel"),
        "publish_cancelled": N_("Cancelled, nothing was published."),
        "publish_bad_link": N_("That link is not an http(s) URL. Send another one, or /skip."),
        "publish_need_text": N_("Please send some text (or /cancel)."),
        "published": P_(
            "Published “{title}”: queued for {count} subscribed chat.",
            "Published “{title}”: queued for {count} subscribed chats.",
        ),
        "publish_duplicate": N_(
            "Already published as #{id} (“{title}”): it is kept as it was and nobody is sent "
            "it again. Tap “Update it” to replace its title and text with what you just sent."
        ),
        "update_button": N_("Update it"),
        "article_updated": N_("Article #{id} updated. Subscribers were not sent it again."),
        "article_gone": N_("Article #{id} no longer exists; nothing was changed."),
        "publish_title_too_long": N_(
            "A title has at most {most} characters; this one has {length}. "
            "Nothing was published: send a shorter one."
        ),
        "feeds_none": N_("No feeds. Add one with /addfeed URL."),
        "feeds_title": N_("Feeds:"),
        "feed_line": N_(
            "{n}. {name} — {status}\n"
            "   {source} (every {interval} min)\n"
            "   last success: {success}{error}"
        ),
        "feed_ok": N_("OK"),
        "feed_failing": N_("failing ({failures} in a row)"),
        "feed_waiting": N_("not polled yet"),
        "feed_never": N_("never"),
        "feed_error": N_("\n   last error: {error}"),
        # Why a feed's poll failed, short (the technical detail is in the log).
        "feed_reason_timeout": N_("the server took too long to answer"),
        "feed_reason_not_found": N_("no page at this address (not found)"),
        "feed_reason_forbidden": N_("the server refuses access"),
        "feed_reason_server_error": N_("the server has a problem of its own"),
        "feed_reason_http_refused": N_("the server refused the request"),
        "feed_reason_redirects": N_("the address redirects in a loop or nowhere"),
        "feed_reason_too_large": N_("the document is too large"),
        "feed_reason_tls": N_("secure connection failed (certificate or TLS problem)"),
        "feed_reason_unknown_host": N_("this server name does not exist"),
        "feed_reason_unreachable": N_("the server cannot be reached"),
        "feed_reason_refused_address": N_("the address leads to a private network"),
        "feed_reason_invalid_url": N_("the address is not valid"),
        "feed_reason_unreadable_file": N_("the feed file cannot be read"),
        "feed_reason_not_a_feed": N_("this is not an RSS or Atom feed"),
        "feed_reason_unexpected": N_("an unexpected error (the details are in the log)"),
        "feed_reason_other": N_("an error (the details are in the log)"),
        "addfeed_usage": N_("Use /addfeed URL [minutes between polls]."),
        "addfeed_done": N_("Feed {n} added: {source}. It will be polled within a minute."),
        "addfeed_exists": N_("That feed is already there (number {n})."),
        "addfeed_refused": N_("I can't add that feed: {reason}."),
        "url_invalid": N_("that is not a valid URL"),
        "url_scheme": N_("only http:// and https:// URLs can be feeds"),
        "url_private": N_("private and loopback addresses are not allowed"),
        "url_resolves_private": N_("{host} resolves to a private address"),
        "removefeed_usage": N_("Use /removefeed N, with N from /feeds."),
        "removefeed_done": N_("Feed {n} removed (its articles stay)."),
        "removefeed_unknown": N_("There is no feed {n}; see /feeds."),
        "removefeed_config": N_("Feed {n} comes from the config file; remove it there."),
        "feed_failing_alert": N_(
            "The feed “{name}” ({source}) failed {failures} times in a row. Last error: {error}"
        ),
        "stats": N_(
            "Subscribed chats: {subscribers}\n"
            "Active chats: {active} of {chats}\n"
            "Articles: {articles}\n"
            "Feeds: {feeds}"
        ),
        "stats_delivery": N_(
            "\n"
            "Deliveries pending: {pending}\n"
            "Last hour: {sent_hour} sent, {failed_hour} failed\n"
            "Last day: {sent_day} sent, {failed_day} failed\n"
            "In total: {sent_total} sent, {failed_total} failed"
        ),
        "stats_no_delivery": N_("\nDelivery figures are not available yet."),
    }
)


def text(key: str, language: str | None = None, **values: object) -> str:
    """An articles text in the listener's language."""
    return ARTICLES.text(key, language, **values)


def plural(key: str, count: int, /, language: str | None = None, **values: object) -> str:
    """An articles text for `count` things in the listener's language."""
    return ARTICLES.plural(key, count, language, **values)


def failure_reason(reason: str | None, language: str | None = None) -> str:
    """Why a feed's poll failed, short, in the language (a reason unknown or missing, e.g.
    recorded before reasons were, reads as "an error")."""
    key = f"feed_reason_{reason}"
    return text(key if key in ARTICLES.entries else "feed_reason_other", language)
