"""Texts of the core commands: greeting, help, stop, privacy, errors (see bot/texts/__init__)."""

from __future__ import annotations

from bot.texts import N_, Texts

CORE = Texts(
    {
        "greeting": N_(
            "Hello {name}! I'm the companion bot of “{show}” on {station}, with "
            "{hosts}.\n"
            "\n"
            "I can send you the newsroom's articles on the topics you choose, tell "
            "you when the show is on and remind you before it starts, and let you "
            "vote in the show's polls.\n"
            "\n"
            "Tap a button below, ask me “is it on tonight?”, or send /help."
        ),
        "bot_description": N_(
            "The companion bot of “{show}” on {station}: the newsroom's articles on the "
            "topics you choose, when the show is on and a reminder before it, and the "
            "show's polls. Write to me in French, Dutch or English."
        ),
        "bot_short_description": N_("“{show}” on {station}: news, airing times and polls."),
        "help_title": N_("Here is what I can do:"),
        "help_admin_title": N_("Editors only:"),
        "help_footer": N_("You can also just ask me things like “is the show on tonight?”."),
        "stopped": N_(
            "Done: all subscriptions and reminders of this chat are stopped.\n"
            "Do you also want me to delete everything I store about this chat?"
        ),
        "delete_button": N_("Delete my data"),
        "keep_button": N_("Keep it"),
        "deleted": N_("Everything I stored about this chat is deleted. Send /start to come back."),
        "kept": N_("OK, your data is kept. Send /start to subscribe again."),
        "privacy": N_(
            "What I store and why:\n"
            "• this chat's id, type, title and language, to answer and deliver to "
            "it;\n"
            "• your subscriptions (topics, keywords) and reminders, to send what "
            "you asked for;\n"
            "• which articles were delivered to this chat, so nothing arrives "
            "twice;\n"
            "• in a group, the language each of its last 20 members writing to me uses, "
            "to pick the group's language;\n"
            "• your poll votes, only as a keyed hash of your Telegram id: nobody, "
            "editors included, can see who voted what.\n"
            "Nothing is shared with anyone. /stop ends everything and offers to "
            "delete it; /forgetme deletes your votes in open polls too."
        ),
        "unknown_command": N_("I don't know that command. Send /help to see what I can do."),
        "not_text": N_("I can only read text messages. Send /help to see what I can do."),
        "admins_only": N_("Sorry, this command is for the show's editors (admins only)."),
        "group_admins_only": N_("Only this group's admins can change that."),
        "error": N_("Sorry, something went wrong on my side. Please try again in a moment."),
        "hint": N_("I didn't get that. Try /help, or ask “when is the show on?”."),
        "stale_button": N_("This button no longer works. Send /help to start again."),
        "language_usage": N_(
            "Choose this chat's language: /language fr (français), /language nl (Nederlands) "
            "or /language en (English). /language auto goes back to the automatic choice."
        ),
        "language_set": N_(
            "Done: English is this chat's language from now on. A message written in another "
            "language is still answered in that language."
        ),
        "language_automatic": N_(
            "Done: I answer in the language you write in again, and use your Telegram "
            "language otherwise."
        ),
        "number_range": N_("/{command} takes a whole number from {low} to {high}."),
    }
)


def text(key: str, language: str | None = None, **values: object) -> str:
    """A core text in the listener's language."""
    return CORE.text(key, language, **values)
