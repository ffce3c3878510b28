"""Texts of the studio: listeners' messages to the hosts, /inbox, and the studio page."""

from __future__ import annotations

from bot.texts import N_, P_, CommandInfo, Texts

COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("studio", N_("send the hosts a message during the show")),
    CommandInfo("inbox", N_("the last listeners' messages to the studio"), admin_only=True),
)

STUDIO = Texts(
    {
        "button_message": N_("✉️ Message the studio"),
        "button_screen": N_("🖥 Studio screen"),
        "prompt": N_(
            "Write your message to the studio now: text only, up to {max} "
            "characters. The hosts may read it on air."
        ),
        "closed": N_(
            "The studio is closed. It opens {when} at {at} ({zone}), 2 hours before the show."
        ),
        "closed_no_show": N_("The studio is closed: no airing is planned."),
        "stored": N_("Thanks, your message is in the studio!"),
        "on_air_line": N_("The hosts may read it on air, with your first name if you allow it."),
        "on_air_line_named": N_("The hosts may read it on air, with your first name."),
        "ask_name": N_("May the hosts say your first name ({name}) when they read it?"),
        "name_yes": N_("Yes, say {name}"),
        "name_no": N_("No, stay anonymous"),
        "named": N_("OK: the hosts may say {name}."),
        "anonymous": N_("OK: the hosts will not say your name."),
        "empty": N_("Your message is empty: write it as text."),
        "too_long": N_(
            "Your message is {length} characters long: at most {max}, please. Try again."
        ),
        "too_soon": N_("One message every 2 minutes: please write again in {seconds} s."),
        "show_limit": N_(
            "You sent 5 messages for this show already: that is the limit. Thank you!"
        ),
        "text_only": N_("Only text is passed on to the studio: please write your message as text."),
        "group": N_("Write to me in a private chat to message the studio."),
        "admin_link": N_(
            "The studio screen: this link logs a browser in once, within 10 "
            "minutes. Keep it to yourself."
        ),
        "inbox_empty": N_("No message to the studio yet."),
        "inbox_title": N_("The last {count} messages to the studio (★ starred on top):"),
        "inbox_star": N_("★ {number}"),
        "inbox_unstar": N_("☆ {number}"),
        "inbox_hide": N_("🙈 {number}"),
        "inbox_show": N_("👁 {number}"),
        "inbox_done": N_("Done."),
        "inbox_gone": N_("This message no longer exists."),
        "hidden_mark": N_("(hidden)"),
        "read_mark": N_("(read on air)"),
        "anonymous_listener": N_("Listener {tag}"),
        "page_title": N_("Studio — {show}"),
        "on_air": N_("ON AIR"),
        "off_air": N_("Off air"),
        "next_in": N_("On air in {countdown}"),
        "no_next": N_("No airing planned"),
        "studio_open_until": N_("ends at {at}"),
        "poll": N_("Poll"),
        "no_poll": N_("No open poll."),
        "voters": P_("{count} voter", "{count} voters"),
        "inbox": N_("Listeners' messages"),
        "inbox_none": N_("No message yet."),
        "star": N_("★ Star"),
        "unstar": N_("☆ Unstar"),
        "hide": N_("Hide"),
        "read": N_("Read on air"),
        "unread": N_("Not read"),
        "was_read": N_("read on air"),
        "articles": N_("Published today"),
        "articles_none": N_("Nothing published today yet."),
        "fanout": N_("Sending"),
        "fanout_none": N_("Nothing being sent."),
        "fanout_progress": N_("{sent} of {queued} sent"),
        "reconnecting": N_("Connection lost — reconnecting…"),
        "full_screen": N_("Full screen"),
        "logout": N_("Log out"),
        "ask_bot": N_("Ask the bot for a link"),
        "ask_bot_text": N_(
            "This page is for the show's hosts. Send /studio to the bot for a login link."
        ),
        "link_forged": N_("This link is not valid."),
        "link_expired": N_("This link has expired."),
        "link_used": N_("This link was used already: each link works once."),
        "too_many": N_("Too many attempts: wait a minute."),
        "logged_in": N_("Logged in."),
        "open_studio": N_("Open the studio screen"),
        "error_403": N_("Refused: the page's security token is missing or wrong. Reload the page."),
        "error_404": N_("Nothing here."),
        "error_other": N_("Something went wrong ({status})."),
    }
)


def text(key: str, language: str | None, **values: object) -> str:
    """A studio text in the language."""
    return STUDIO.text(key, language, **values)


def plural(key: str, count: int, /, language: str | None, **values: object) -> str:
    """A studio text for `count` things in the language."""
    return STUDIO.plural(key, count, language, **values)
