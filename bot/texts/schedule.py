"""User-facing texts of the schedule feature: answers, reminders, day and month names."""

# ruff: noqa: E501  (one sentence per line reads better than wrapped catalog entries)

from __future__ import annotations

from bot.texts import Catalog, CommandInfo, lookup, pick_language

COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("next", "when the show is on next, and how long until it starts"),
    CommandInfo("now", "whether the show is on air right now"),
    CommandInfo("schedule", "the airings of the coming week"),
    CommandInfo("hosts", "who presents the show, and the station"),
    CommandInfo("calendar", "a calendar file of the airings for your calendar app"),
    CommandInfo("timezone", "the time zone of this chat's answers, e.g. /timezone Asia/Tokyo"),
    CommandInfo("remind", "a reminder before every airing: /remind 10, /remind off"),
)

WEEKDAY_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
}
MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
}  # fmt: skip

SCHEDULE: Catalog = {
    "en": {
        "next": "Next “{show}”: {when}, {start}–{end} ({zone}), {until}.",
        "in": "in {duration}",
        "on_air": "“{show}” is on air now on {station}, until {end} ({zone}): {left} left.",
        "not_on_air": "“{show}” is not on air right now.",
        "no_next": "No airing of “{show}” is planned in the coming months.",
        "week_title": "“{show}” in the coming week ({zone}):",
        "week_empty": "No airing in the coming week.",
        "cancelled": "cancelled",
        "special": "special",
        "hosts": "“{show}” is presented by {hosts}, on {station}.",
        "station": "“{show}” is on {station}.",
        "weekly": "“{show}” is on {pattern} on {station}.",
        "day_range": "{first} to {last}",
        "and": "and",
        "day_yes": "Yes: “{show}” is on {day}, {start}–{end} ({zone}).",
        "day_special": "Yes: a special of “{show}” on {day}, {start}–{end} ({zone}).",
        "day_cancelled": "No: “{show}” is cancelled on {day}{note}.",
        "day_no": "No, “{show}” is not on {day}.",
        "day_over": "“{show}” was on {day} from {start} to {end}; it is over.",
        "day_now": "Yes, it is on air right now, until {end} ({zone}).",
        "ends": "“{show}” ends at {end} ({zone}) on {day}.",
        "ends_now": "“{show}” is on air now and ends at {end} ({zone}), in {left}.",
        "impossible_date": "“{snippet}” is not a real date. Which day do you mean?",
        "unreadable_date": "I can't read the date “{snippet}”. Try e.g. “is the show on 25 December?”.",
        "ambiguous_date": "You mention several days. Ask me about one at a time, e.g. “is it on Friday?”.",
        "hint": "I'm not sure what you mean. Ask me “when is the show on?”, or tap a button:",
        "button_next": "⏰ Next show",
        "button_latest": "📰 Latest news",
        "button_poll": "📊 Poll",
        "timezone_current": "This chat's answers use the time zone {zone}.",
        "timezone_show": "This chat's answers use the show's time zone, {zone}.",
        "timezone_how": "Change it with /timezone Area/City, e.g. /timezone America/Montreal.",
        "timezone_set": "Done: this chat's answers now use {zone}.",
        "timezone_reset": "Done: this chat's answers use the show's time zone again, {zone}.",
        "timezone_unknown": (
            "I don't know the time zone “{name}”. Use Area/City, "
            "e.g. /timezone Europe/Brussels or /timezone America/Montreal."
        ),
        "remind_set": (
            "I'll remind this chat {minutes} min before every airing. "
            "Next reminder: {when} at {at} ({zone}). /remind off stops it."
        ),
        "remind_set_no_airing": "I'll remind this chat {minutes} min before every airing.",
        "remind_off": "Reminders stopped for this chat.",
        "remind_none": "This chat had no reminder. /remind 10 sets one, 10 min before each airing.",
        "remind_range": (
            "Give the minutes before the show, from 1 to 720, e.g. /remind 10 — "
            "or /remind off to stop."
        ),
        "reminder": "⏰ “{show}” starts in {left}, at {start} ({zone}), on {station}. With {hosts}.",
        "calendar_caption": "“{show}” on {station}: open this file to add every airing to your calendar.",
        "duration_days": "{days} d {hours} h",
        "duration_hours": "{hours} h {minutes} min",
        "duration_whole_hours": "{hours} h",
        "duration_minutes": "{minutes} min",
        "less_than_a_minute": "less than a minute",
    },
    "fr": {
        "next": "Prochaine émission « {show} » : {when}, {start}–{end} ({zone}), {until}.",
        "in": "dans {duration}",
        "on_air": "« {show} » est à l'antenne sur {station} jusqu'à {end} ({zone}) : encore {left}.",
        "not_on_air": "« {show} » n'est pas à l'antenne en ce moment.",
        "no_next": "Aucune émission de « {show} » n'est prévue dans les prochains mois.",
        "week_title": "« {show} » cette semaine ({zone}) :",
        "week_empty": "Aucune émission dans les sept prochains jours.",
        "cancelled": "annulée",
        "special": "spéciale",
        "hosts": "« {show} » est présentée par {hosts}, sur {station}.",
        "station": "« {show} » passe sur {station}.",
        "weekly": "« {show} » passe {pattern} sur {station}.",
        "day_range": "du {first} au {last}",
        "and": "et",
        "day_yes": "Oui : « {show} » passe le {day}, {start}–{end} ({zone}).",
        "day_special": "Oui : une émission spéciale de « {show} » le {day}, {start}–{end} ({zone}).",
        "day_cancelled": "Non : « {show} » est annulée le {day}{note}.",
        "day_no": "Non, « {show} » ne passe pas le {day}.",
        "day_over": "« {show} » est passée le {day} de {start} à {end} ; c'est terminé.",
        "day_now": "Oui, elle est à l'antenne en ce moment, jusqu'à {end} ({zone}).",
        "ends": "« {show} » se termine à {end} ({zone}) le {day}.",
        "ends_now": "« {show} » est à l'antenne et se termine à {end} ({zone}), dans {left}.",
        "impossible_date": "« {snippet} » n'est pas une vraie date. De quel jour parlez-vous ?",
        "unreadable_date": "Je ne comprends pas la date « {snippet} ». Essayez « est-ce que l'émission passe le 25 décembre ? ».",
        "ambiguous_date": "Vous citez plusieurs jours. Demandez-moi un jour à la fois, par ex. « ça passe vendredi ? ».",
        "hint": "Je ne suis pas sûr de comprendre. Demandez-moi « quand passe l'émission ? », ou touchez un bouton :",
        "button_next": "⏰ Prochaine émission",
        "button_latest": "📰 Dernières infos",
        "button_poll": "📊 Sondage",
        "timezone_current": "Les réponses de ce chat utilisent le fuseau horaire {zone}.",
        "timezone_show": "Les réponses de ce chat utilisent le fuseau de l'émission, {zone}.",
        "timezone_how": "Changez-le avec /timezone Zone/Ville, par ex. /timezone America/Montreal.",
        "timezone_set": "C'est fait : les réponses de ce chat utilisent maintenant {zone}.",
        "timezone_reset": "C'est fait : les réponses utilisent de nouveau le fuseau de l'émission, {zone}.",
        "timezone_unknown": (
            "Je ne connais pas le fuseau horaire « {name} ». Utilisez Zone/Ville, "
            "par ex. /timezone Europe/Brussels ou /timezone America/Montreal."
        ),
        "remind_set": (
            "Je préviendrai ce chat {minutes} min avant chaque émission. "
            "Prochain rappel : {when} à {at} ({zone}). /remind off pour arrêter."
        ),
        "remind_set_no_airing": "Je préviendrai ce chat {minutes} min avant chaque émission.",
        "remind_off": "Rappels arrêtés pour ce chat.",
        "remind_none": "Ce chat n'avait pas de rappel. /remind 10 en crée un, 10 min avant chaque émission.",
        "remind_range": (
            "Indiquez les minutes avant l'émission, de 1 à 720, par ex. /remind 10 — "
            "ou /remind off pour arrêter."
        ),
        "reminder": "⏰ « {show} » commence dans {left}, à {start} ({zone}), sur {station}. Avec {hosts}.",
        "calendar_caption": "« {show} » sur {station} : ouvrez ce fichier pour ajouter les émissions à votre agenda.",
        "duration_days": "{days} j {hours} h",
        "duration_hours": "{hours} h {minutes} min",
        "duration_whole_hours": "{hours} h",
        "duration_minutes": "{minutes} min",
        "less_than_a_minute": "moins d'une minute",
    },
    "nl": {
        "next": "Volgende “{show}”: {when}, {start}–{end} ({zone}), {until}.",
        "in": "over {duration}",
        "on_air": "“{show}” is nu in de lucht op {station}, tot {end} ({zone}): nog {left}.",
        "not_on_air": "“{show}” is nu niet in de lucht.",
        "no_next": "Er is de komende maanden geen uitzending van “{show}” gepland.",
        "week_title": "“{show}” de komende week ({zone}):",
        "week_empty": "Geen uitzending de komende week.",
        "cancelled": "geannuleerd",
        "special": "speciale uitzending",
        "hosts": "“{show}” wordt gepresenteerd door {hosts}, op {station}.",
        "station": "“{show}” is op {station}.",
        "weekly": "“{show}” is {pattern} op {station}.",
        "day_range": "van {first} tot {last}",
        "and": "en",
        "day_yes": "Ja: “{show}” is op {day}, {start}–{end} ({zone}).",
        "day_special": "Ja: een speciale uitzending van “{show}” op {day}, {start}–{end} ({zone}).",
        "day_cancelled": "Nee: “{show}” is geannuleerd op {day}{note}.",
        "day_no": "Nee, “{show}” is niet op {day}.",
        "day_over": "“{show}” was op {day} van {start} tot {end}; het is voorbij.",
        "day_now": "Ja, het is nu in de lucht, tot {end} ({zone}).",
        "ends": "“{show}” eindigt om {end} ({zone}) op {day}.",
        "ends_now": "“{show}” is nu in de lucht en eindigt om {end} ({zone}), over {left}.",
        "impossible_date": "“{snippet}” is geen echte datum. Welke dag bedoel je?",
        "unreadable_date": "Ik kan de datum “{snippet}” niet lezen. Probeer bv. “is het programma op 25 december?”.",
        "ambiguous_date": "Je noemt meerdere dagen. Vraag me één dag tegelijk, bv. “is het vrijdag?”.",
        "hint": "Ik begrijp je niet goed. Vraag me “wanneer is het programma?”, of tik op een knop:",
        "button_next": "⏰ Volgende uitzending",
        "button_latest": "📰 Laatste nieuws",
        "button_poll": "📊 Peiling",
        "timezone_current": "De antwoorden in deze chat gebruiken de tijdzone {zone}.",
        "timezone_show": "De antwoorden in deze chat gebruiken de tijdzone van het programma, {zone}.",
        "timezone_how": "Wijzig ze met /timezone Gebied/Stad, bv. /timezone America/Montreal.",
        "timezone_set": "Klaar: de antwoorden in deze chat gebruiken nu {zone}.",
        "timezone_reset": "Klaar: de antwoorden gebruiken weer de tijdzone van het programma, {zone}.",
        "timezone_unknown": (
            "De tijdzone “{name}” ken ik niet. Gebruik Gebied/Stad, "
            "bv. /timezone Europe/Brussels of /timezone America/Montreal."
        ),
        "remind_set": (
            "Ik herinner deze chat {minutes} min voor elke uitzending. "
            "Volgende herinnering: {when} om {at} ({zone}). /remind off stopt het."
        ),
        "remind_set_no_airing": "Ik herinner deze chat {minutes} min voor elke uitzending.",
        "remind_off": "Herinneringen gestopt voor deze chat.",
        "remind_none": "Deze chat had geen herinnering. /remind 10 zet er een, 10 min voor elke uitzending.",
        "remind_range": (
            "Geef het aantal minuten voor het programma, van 1 tot 720, bv. /remind 10 — "
            "of /remind off om te stoppen."
        ),
        "reminder": "⏰ “{show}” begint over {left}, om {start} ({zone}), op {station}. Met {hosts}.",
        "calendar_caption": "“{show}” op {station}: open dit bestand om alle uitzendingen in je agenda te zetten.",
        "duration_days": "{days} d {hours} u",
        "duration_hours": "{hours} u {minutes} min",
        "duration_whole_hours": "{hours} u",
        "duration_minutes": "{minutes} min",
        "less_than_a_minute": "minder dan een minuut",
    },
}  # fmt: skip


def text(key: str, language: str | None = None, **values: object) -> str:
    """A schedule text in the listener's language."""
    return lookup(SCHEDULE, key, language, **values)


def weekday_name(weekday: int, language: str | None) -> str:
    """The weekday's name (Monday is 0)."""
    return WEEKDAY_NAMES[pick_language(language)][weekday]


def month_name(month: int, language: str | None) -> str:
    """The month's name (January is 1)."""
    return MONTH_NAMES[pick_language(language)][month - 1]
