"""Texts of the core commands: greeting, help, stop, privacy, errors."""

from __future__ import annotations

from bot.texts import Catalog, lookup

CORE: Catalog = {
    "en": {
        "greeting": (
            "Hello {name}! I'm the companion bot of “{show}” on {station}, "
            "with {hosts}.\n\n"
            "I can send you the newsroom's articles on the topics you choose, tell you when "
            "the show is on and remind you before it starts, and let you vote in the show's "
            "polls.\n\nTap a button below, ask me “is it on tonight?”, or send /help."
        ),
        "help_title": "Here is what I can do:",
        "help_admin_title": "Editors only:",
        "help_footer": "You can also just ask me things like “is the show on tonight?”.",
        "stopped": (
            "Done: all subscriptions and reminders of this chat are stopped.\n"
            "Do you also want me to delete everything I store about this chat?"
        ),
        "delete_button": "Delete my data",
        "keep_button": "Keep it",
        "deleted": "Everything I stored about this chat is deleted. Send /start to come back.",
        "kept": "OK, your data is kept. Send /start to subscribe again.",
        "privacy": (
            "What I store and why:\n"
            "• this chat's id, type, title and language, to answer and deliver to it;\n"
            "• your subscriptions (topics, keywords) and reminders, to send what you asked for;\n"
            "• which articles were delivered to this chat, so nothing arrives twice;\n"
            "• your poll votes, only as a keyed hash of your Telegram id: nobody, editors "
            "included, can see who voted what.\n"
            "Nothing is shared with anyone. /stop ends everything and offers to delete it; "
            "/forgetme deletes your votes in open polls too."
        ),
        "unknown_command": "I don't know that command. Send /help to see what I can do.",
        "not_text": "I can only read text messages. Send /help to see what I can do.",
        "admins_only": "Sorry, this command is for the show's editors (admins only).",
        "group_admins_only": "Only this group's admins can change that.",
        "error": "Sorry, something went wrong on my side. Please try again in a moment.",
        "hint": "I didn't get that. Try /help, or ask “when is the show on?”.",
        "stale_button": "This button no longer works. Send /help to start again.",
        "number_range": "/{command} takes a whole number from {low} to {high}.",
    },
    "fr": {
        "greeting": (
            "Bonjour {name} ! Je suis le bot compagnon de « {show} » sur {station}, "
            "avec {hosts}.\n\n"
            "Je peux vous envoyer les articles de la rédaction sur les sujets de votre choix, "
            "vous dire quand l'émission passe et vous le rappeler, et vous faire voter aux "
            "sondages de l'émission.\n\nTouchez un bouton ci-dessous, demandez-moi « c'est "
            "ce soir ? », ou envoyez /help."
        ),
        "unknown_command": "Je ne connais pas cette commande. Envoyez /help pour la liste.",
        "not_text": "Je ne lis que les messages texte. Envoyez /help pour voir ce que je fais.",
        "error": "Désolé, un problème est survenu de mon côté. Réessayez dans un instant.",
        "stale_button": "Ce bouton ne fonctionne plus. Envoyez /help pour recommencer.",
        "admins_only": "Désolé, cette commande est réservée à la rédaction (admins only).",
        "group_admins_only": "Seuls les admins de ce groupe peuvent changer cela.",
        "number_range": "/{command} attend un nombre entier de {low} à {high}.",
    },
    "nl": {
        "greeting": (
            "Hallo {name}! Ik ben de bot van “{show}” op {station}, met {hosts}.\n\n"
            "Ik stuur je de artikels van de redactie over de onderwerpen die je kiest, zeg je "
            "wanneer het programma uitgezonden wordt en herinner je eraan, en je kunt stemmen "
            "in de peilingen van het programma.\n\nTik op een knop hieronder, vraag “is het "
            "vanavond?”, of stuur /help."
        ),
        "unknown_command": "Dat commando ken ik niet. Stuur /help voor de lijst.",
        "not_text": "Ik lees alleen tekstberichten. Stuur /help om te zien wat ik kan.",
        "error": "Sorry, er ging bij mij iets mis. Probeer het zo meteen opnieuw.",
        "stale_button": "Deze knop werkt niet meer. Stuur /help om opnieuw te beginnen.",
        "admins_only": "Sorry, dit commando is voor de redactie (admins only).",
        "group_admins_only": "Alleen de admins van deze groep kunnen dat wijzigen.",
        "number_range": "/{command} verwacht een geheel getal van {low} tot {high}.",
    },
}


def text(key: str, language: str | None = None, **values: object) -> str:
    """A core text in the listener's language."""
    return lookup(CORE, key, language, **values)
