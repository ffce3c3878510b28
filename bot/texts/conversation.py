"""User-facing texts of the conversation: time-aware answers, greetings, confirmations
(see bot/texts)."""

# ruff: noqa: E501  (one sentence per line reads better than wrapped entries)

from __future__ import annotations

from bot.texts import C_, N_, Texts

CONVERSATION = Texts(
    {
        "tonight": C_("conversation", "tonight"),
        "today": C_("conversation", "today"),
        "tomorrow": C_("conversation", "tomorrow"),
        "yesterday": C_("conversation", "yesterday"),
        "on_day": C_("conversation", "on {day}"),
        "listen": N_("Listen live: {link}"),
        "frequency": N_(" ({frequency})"),
        "station": N_("“{show}” is on {station}{frequency}."),
        "on_air_now": N_(
            "Yes: “{show}” is on air now on {station}, until {end} ({zone}) — {left} left."
        ),
        "on_air_plain": N_(
            "“{show}” is on air now on {station}, until {end} ({zone}) — {left} left."
        ),
        "not_on_air_before": N_(
            "No, “{show}” is not on air yet: it starts {when} at {start} ({zone}), in {left}."
        ),
        "not_on_air_after": N_("No: {when}'s “{show}” ended at {end} ({zone})."),
        "not_on_air": N_("No, “{show}” is not on air right now."),
        "next_after": N_("After that: {when}, {start}–{end} ({zone}), {until}."),
        "day_was": N_("Yes: “{show}” was on {day}, {start}–{end} ({zone})."),
        "day_was_not": N_("No, “{show}” was not on {day}."),
        "today_over": N_("No: today's “{show}” ({start}–{end}, {zone}) is over."),
        "countdown": N_("“{show}” starts in {left}: {when} at {start} ({zone})."),
        "countdown_on_air": N_(
            "It has already started: “{show}” is on air now, until {end} ({zone}) — {left} left."
        ),
        "duration": N_("“{show}” lasts {length}: {pattern}."),
        "over_yes": N_("Yes: {when}'s “{show}” is over; it ended at {end} ({zone})."),
        "over_on_air": N_("No, it is on air right now, until {end} ({zone}) — {left} left."),
        "over_not_started": N_("No, it has not started yet: {when} {start}–{end} ({zone})."),
        "over_no_show": N_("There is no “{show}” {when}."),
        "cancelled_yes": N_("Yes: “{show}” is cancelled {when}{note}."),
        "cancelled_no": N_("No, it goes ahead {when} at {start} ({zone})."),
        "cancelled_no_on_air": N_(
            "No, it is not cancelled: it is on air right now, until {end} ({zone})."
        ),
        "cancelled_no_done": N_("No: “{show}” went ahead {when}, {start}–{end} ({zone})."),
        "cancelled_no_show": N_("“{show}” is not planned {when}: it is on {pattern}."),
        "time_on_day": N_("“{show}” is on {day}, {start}–{end} ({zone})."),
        "time_not_on": N_("“{show}” is not on {day}."),
        "time_cancelled": N_("“{show}” is cancelled on {day}{note}."),
        "days_yes": N_("Yes: “{show}” is on {pattern}."),
        "days_no": N_("No: “{show}” is on {pattern}."),
        "greeting": N_(
            "Hello! Ask me when “{show}” is on, for the latest news or today's poll — or tap a button:"
        ),
        "thanks": N_("You're welcome! 🙂"),
        "help": N_(
            "I can tell you when “{show}” is on, whether it is on air, who presents it, the latest news and the poll. Try “is it on tonight?”, or /help for every command."
        ),
        "not_understood": N_(
            "Sorry, I did not understand that. Ask me e.g. “is it on tonight?”, or tap a button:"
        ),
        "confirm_subscribe_topic": N_("Shall I send this chat the new articles about “{topic}”?"),
        "confirm_subscribe": N_("Shall I send this chat every new article?"),
        "confirm_remind": N_(
            "Shall I remind this chat {minutes} min before every airing of “{show}”?"
        ),
        "button_subscribe": N_("✅ Yes, subscribe"),
        "button_remind": N_("✅ Yes, remind me"),
        "button_listen": N_("🎧 Listen live"),
        "expired": N_("This button has expired: ask me again."),
    }
)


def text(key: str, language: str | None = None, **values: object) -> str:
    """A conversation text in the listener's language."""
    return CONVERSATION.text(key, language, **values)
