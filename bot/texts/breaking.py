"""User-facing texts of breaking news sent as a paid broadcast (/publish!)."""

from __future__ import annotations

from bot.texts import Catalog, lookup

BREAKING: Catalog = {
    "en": {
        "breaking_button": "⚡ Breaking",
        "breaking_send_button": "⚡ Send now (paid)",
        "breaking_off": "Paid broadcast is off in the config: publish with /publish instead.",
        "breaking_confirm": (
            "⚡ Breaking news: “{title}”\n"
            "Up to {subscribers} subscribers, at most {stars} Stars (0.1 Star a message), "
            "about {duration}.\nSend it as a paid broadcast?"
        ),
        "breaking_over_ceiling": (
            "The ceiling of {ceiling} Stars pays for {paid} messages; the rest go at the free rate."
        ),
        "breaking_queued": (
            "Another paid broadcast is still sending ({ahead} messages left): "
            "yours is queued and follows it."
        ),
        "breaking_published": "Published “{title}” as breaking news: queued for {chats} chat(s).",
        "breaking_no_stars": (
            "Not enough Stars for the breaking news “{title}”: the rest goes at the free rate. "
            "Nothing is lost."
        ),
        "seconds": "{n} s",
        "minutes": "{n} min",
    },
    "fr": {
        "breaking_button": "⚡ Urgent",
        "breaking_send_button": "⚡ Envoyer (payant)",
        "breaking_off": (
            "La diffusion payante est désactivée dans la configuration : publiez avec /publish."
        ),
        "breaking_confirm": (
            "⚡ Info urgente : « {title} »\n"
            "Jusqu'à {subscribers} abonnés, au plus {stars} Stars (0,1 Star par message), "
            "environ {duration}.\nL'envoyer en diffusion payante ?"
        ),
        "breaking_over_ceiling": (
            "Le plafond de {ceiling} Stars paie {paid} messages ; les autres partent au rythme "
            "gratuit."
        ),
        "breaking_queued": (
            "Une autre diffusion payante est en cours ({ahead} messages restants) : "
            "la vôtre attend son tour et la suit."
        ),
        "breaking_published": ("« {title} » publié en info urgente : prévu pour {chats} chat(s)."),
        "breaking_no_stars": (
            "Pas assez de Stars pour l'info urgente « {title} » : la suite part au rythme "
            "gratuit. Rien n'est perdu."
        ),
        "seconds": "{n} s",
        "minutes": "{n} min",
    },
    "nl": {
        "breaking_button": "⚡ Dringend",
        "breaking_send_button": "⚡ Nu versturen (betaald)",
        "breaking_off": "Betaalde verzending staat uit in de configuratie: publiceer met /publish.",
        "breaking_confirm": (
            "⚡ Dringend nieuws: “{title}”\n"
            "Tot {subscribers} abonnees, hoogstens {stars} Stars (0,1 Star per bericht), "
            "ongeveer {duration}.\nAls betaalde verzending versturen?"
        ),
        "breaking_over_ceiling": (
            "Het plafond van {ceiling} Stars betaalt {paid} berichten; de rest gaat aan het "
            "gratis tempo."
        ),
        "breaking_queued": (
            "Een andere betaalde verzending loopt nog ({ahead} berichten te gaan): "
            "de jouwe wacht en volgt erna."
        ),
        "breaking_published": (
            "“{title}” gepubliceerd als dringend nieuws: klaar voor {chats} chat(s)."
        ),
        "breaking_no_stars": (
            "Niet genoeg Stars voor het dringend nieuws “{title}”: de rest gaat aan het gratis "
            "tempo. Er gaat niets verloren."
        ),
        "seconds": "{n} s",
        "minutes": "{n} min",
    },
}


def text(key: str, language: str | None = None, **values: object) -> str:
    """A breaking-news text in the editor's language."""
    return lookup(BREAKING, key, language, **values)
