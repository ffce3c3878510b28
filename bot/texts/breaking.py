"""User-facing texts of breaking news sent as a paid broadcast (/publish!)."""

from __future__ import annotations

from bot.texts import N_, P_, Texts

BREAKING = Texts(
    {
        "breaking_button": N_("⚡ Breaking"),
        "breaking_send_button": N_("⚡ Send now (paid)"),
        "breaking_off": N_("Paid broadcast is off in the config: publish with /publish instead."),
        "breaking_confirm": P_(
            "⚡ Breaking news: “{title}”\n"
            "Up to {count} subscriber, at most {stars} Stars (0.1 Star a message), "
            "about {duration}.\nSend it as a paid broadcast?",
            "⚡ Breaking news: “{title}”\n"
            "Up to {count} subscribers, at most {stars} Stars (0.1 Star a message), "
            "about {duration}.\nSend it as a paid broadcast?",
        ),
        "breaking_over_ceiling": N_(
            "The ceiling of {ceiling} Stars pays for {paid} messages; the rest go at the free rate."
        ),
        "breaking_queued": N_(
            "Another paid broadcast is still sending ({ahead} messages left): "
            "yours is queued and follows it."
        ),
        "breaking_published": P_(
            "Published “{title}” as breaking news: queued for {count} chat.",
            "Published “{title}” as breaking news: queued for {count} chats.",
        ),
        "breaking_no_stars": N_(
            "Not enough Stars for the breaking news “{title}”: the rest goes at the free rate. "
            "Nothing is lost."
        ),
        "seconds": N_("{n} s"),
        "minutes": N_("{n} min"),
    }
)


def text(key: str, language: str | None = None, **values: object) -> str:
    """A breaking-news text in the editor's language."""
    return BREAKING.text(key, language, **values)


def plural(key: str, count: int, /, language: str | None = None, **values: object) -> str:
    """A breaking-news text for `count` things in the editor's language."""
    return BREAKING.plural(key, count, language, **values)
