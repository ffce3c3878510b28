"""Texts of the schedule feature: answers, reminders (see bot/texts; dates: bot/texts/formats)."""

from __future__ import annotations

from bot.texts import N_, CommandInfo, Texts

COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("next", N_("when the show is on next, and how long until it starts")),
    CommandInfo("now", N_("whether the show is on air right now")),
    CommandInfo("schedule", N_("the airings of the coming week")),
    CommandInfo("hosts", N_("who presents the show, and the station")),
    CommandInfo("calendar", N_("a calendar file of the airings for your calendar app")),
    CommandInfo("timezone", N_("the time zone of this chat's answers, e.g. /timezone Asia/Tokyo")),
    CommandInfo("remind", N_("a reminder before every airing: /remind 10, /remind off")),
)


SCHEDULE = Texts(
    {
        "next": N_("Next “{show}”: {when}, {start}–{end} ({zone}), {until}."),
        "in": N_("in {duration}"),
        "on_air": N_("“{show}” is on air now on {station}, until {end} ({zone}): {left} left."),
        "not_on_air": N_("“{show}” is not on air right now."),
        "no_next": N_("No airing of “{show}” is planned in the coming months."),
        "week_title": N_("“{show}” in the coming week ({zone}):"),
        "week_empty": N_("No airing in the coming week."),
        "cancelled": N_("cancelled"),
        "special": N_("special"),
        "hosts": N_("“{show}” is presented by {hosts}, on {station}."),
        "station": N_("“{show}” is on {station}."),
        "weekly": N_("“{show}” is on {pattern} on {station}."),
        "day_range": N_("{first} to {last}"),
        "day_yes": N_("Yes: “{show}” is on {day}, {start}–{end} ({zone})."),
        "day_special": N_("Yes: a special of “{show}” on {day}, {start}–{end} ({zone})."),
        "day_cancelled": N_("No: “{show}” is cancelled on {day}{note}."),
        "day_no": N_("No, “{show}” is not on {day}."),
        "day_over": N_("“{show}” was on {day} from {start} to {end}; it is over."),
        "day_now": N_("Yes, it is on air right now, until {end} ({zone})."),
        "ends": N_("“{show}” ends at {end} ({zone}) on {day}."),
        "ends_now": N_("“{show}” is on air now and ends at {end} ({zone}), in {left}."),
        "impossible_date": N_("“{snippet}” is not a real date. Which day do you mean?"),
        "unreadable_date": N_(
            "I can't read the date “{snippet}”. Try e.g. “is the show on 25 December?”."
        ),
        "ambiguous_date": N_(
            "You mention several days. Ask me about one at a time, e.g. “is it on Friday?”."
        ),
        "hint": N_("I'm not sure what you mean. Ask me “when is the show on?”, or tap a button:"),
        "button_next": N_("⏰ Next show"),
        "button_latest": N_("📰 Latest news"),
        "button_poll": N_("📊 Poll"),
        "timezone_current": N_("This chat's answers use the time zone {zone}."),
        "timezone_show": N_("This chat's answers use the show's time zone, {zone}."),
        "timezone_how": N_("Change it with /timezone Area/City, e.g. /timezone America/Montreal."),
        "timezone_set": N_("Done: this chat's answers now use {zone}."),
        "timezone_reset": N_("Done: this chat's answers use the show's time zone again, {zone}."),
        "timezone_unknown": N_(
            "I don't know the time zone “{name}”. Use Area/City, e.g. /timezone "
            "Europe/Brussels or /timezone America/Montreal."
        ),
        "remind_set": N_(
            "I'll remind this chat {minutes} min before every airing. Next "
            "reminder: {when} at {at} ({zone}). /remind off stops it."
        ),
        "remind_set_no_airing": N_("I'll remind this chat {minutes} min before every airing."),
        "remind_off": N_("Reminders stopped for this chat."),
        "remind_none": N_(
            "This chat had no reminder. /remind 10 sets one, 10 min before each airing."
        ),
        "remind_range": N_(
            "Give the minutes before the show, from 1 to 720, e.g. /remind 10 — or "
            "/remind off to stop."
        ),
        "reminder": N_(
            "⏰ “{show}” starts in {left}, at {start} ({zone}), on {station}. With {hosts}."
        ),
        "calendar_caption": N_(
            "“{show}” on {station}: open this file to add every airing to your calendar."
        ),
        "duration_days": N_("{days} d {hours} h"),
        "duration_hours": N_("{hours} h {minutes} min"),
        "duration_whole_hours": N_("{hours} h"),
        "duration_minutes": N_("{minutes} min"),
        "less_than_a_minute": N_("less than a minute"),
    }
)


def text(key: str, language: str | None = None, **values: object) -> str:
    """A schedule text in the listener's language."""
    return SCHEDULE.text(key, language, **values)
