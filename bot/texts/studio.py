"""Texts of the studio: listeners' messages to the hosts, /inbox, and the studio page."""

from __future__ import annotations

from bot.texts import Catalog, CommandInfo, lookup

COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("studio", "send the hosts a message during the show"),
    CommandInfo("inbox", "the last listeners' messages to the studio", admin_only=True),
)

STUDIO: Catalog = {
    "en": {
        "button_message": "✉️ Message the studio",
        "button_screen": "🖥 Studio screen",
        "prompt": (
            "Write your message to the studio now: text only, up to {max} characters. "
            "The hosts may read it on air."
        ),
        "closed": (
            "The studio is closed. It opens {when} at {at} ({zone}), 2 hours before the show."
        ),
        "closed_no_show": "The studio is closed: no airing is planned.",
        "stored": "Thanks, your message is in the studio!",
        "on_air_line": "The hosts may read it on air, with your first name if you allow it.",
        "on_air_line_named": "The hosts may read it on air, with your first name.",
        "ask_name": "May the hosts say your first name ({name}) when they read it?",
        "name_yes": "Yes, say {name}",
        "name_no": "No, stay anonymous",
        "named": "OK: the hosts may say {name}.",
        "anonymous": "OK: the hosts will not say your name.",
        "empty": "Your message is empty: write it as text.",
        "too_long": "Your message is {length} characters long: at most {max}, please. Try again.",
        "too_soon": "One message every 2 minutes: please write again in {seconds} s.",
        "show_limit": "You sent 5 messages for this show already: that is the limit. Thank you!",
        "text_only": "Only text is passed on to the studio: please write your message as text.",
        "group": "Write to me in a private chat to message the studio.",
        "admin_link": (
            "The studio screen: this link logs a browser in once, within 10 minutes. "
            "Keep it to yourself."
        ),
        "inbox_empty": "No message to the studio yet.",
        "inbox_title": "The last {count} messages to the studio (★ starred on top):",
        "inbox_star": "★ {number}",
        "inbox_unstar": "☆ {number}",
        "inbox_hide": "🙈 {number}",
        "inbox_show": "👁 {number}",
        "inbox_done": "Done.",
        "inbox_gone": "This message no longer exists.",
        "hidden_mark": "(hidden)",
        "read_mark": "(read on air)",
        "anonymous_listener": "Listener {tag}",
        # The studio page
        "page_title": "Studio — {show}",
        "on_air": "ON AIR",
        "off_air": "Off air",
        "next_in": "On air in {countdown}",
        "no_next": "No airing planned",
        "studio_open_until": "ends at {at}",
        "poll": "Poll",
        "no_poll": "No open poll.",
        "voters_one": "1 voter",
        "voters_many": "{count} voters",
        "inbox": "Listeners' messages",
        "inbox_none": "No message yet.",
        "star": "★ Star",
        "unstar": "☆ Unstar",
        "hide": "Hide",
        "read": "Read on air",
        "unread": "Not read",
        "was_read": "read on air",
        "articles": "Published today",
        "articles_none": "Nothing published today yet.",
        "fanout": "Sending",
        "fanout_none": "Nothing being sent.",
        "fanout_progress": "{sent} of {queued} sent",
        "reconnecting": "Connection lost — reconnecting…",
        "full_screen": "Full screen",
        "logout": "Log out",
        "ask_bot": "Ask the bot for a link",
        "ask_bot_text": (
            "This page is for the show's hosts. Send /studio to the bot for a login link."
        ),
        "link_forged": "This link is not valid.",
        "link_expired": "This link has expired.",
        "link_used": "This link was used already: each link works once.",
        "too_many": "Too many attempts: wait a minute.",
        "logged_in": "Logged in.",
        "open_studio": "Open the studio screen",
        "error_403": "Refused: the page's security token is missing or wrong. Reload the page.",
        "error_404": "Nothing here.",
        "error_other": "Something went wrong ({status}).",
    },
    "fr": {
        "button_message": "✉️ Écrire au studio",
        "button_screen": "🖥 Écran du studio",
        "prompt": (
            "Écrivez maintenant votre message au studio : du texte seulement, {max} caractères "
            "au plus. Les animateurs pourront le lire à l'antenne."
        ),
        "closed": (
            "Le studio est fermé. Il ouvre {when} à {at} ({zone}), 2 heures avant l'émission."
        ),
        "closed_no_show": "Le studio est fermé : aucune émission n'est prévue.",
        "stored": "Merci, votre message est arrivé au studio !",
        "on_air_line": (
            "Les animateurs pourront le lire à l'antenne, avec votre prénom si vous le permettez."
        ),
        "on_air_line_named": "Les animateurs pourront le lire à l'antenne, avec votre prénom.",
        "ask_name": "Les animateurs peuvent-ils dire votre prénom ({name}) en le lisant ?",
        "name_yes": "Oui, dites {name}",
        "name_no": "Non, rester anonyme",
        "named": "C'est noté : les animateurs pourront dire {name}.",
        "anonymous": "C'est noté : les animateurs ne diront pas votre nom.",
        "empty": "Votre message est vide : écrivez-le en texte.",
        "too_long": (
            "Votre message fait {length} caractères : {max} au plus, s'il vous plaît. Réessayez."
        ),
        "too_soon": "Un message toutes les 2 minutes : réécrivez dans {seconds} s.",
        "show_limit": (
            "Vous avez déjà envoyé 5 messages pour cette émission : c'est la limite. Merci !"
        ),
        "text_only": (
            "Seul le texte est transmis au studio : écrivez votre message en texte, "
            "s'il vous plaît."
        ),
        "group": "Écrivez-moi en privé pour envoyer un message au studio.",
        "admin_link": (
            "L'écran du studio : ce lien connecte un navigateur une seule fois, dans les "
            "10 minutes. Gardez-le pour vous."
        ),
        "inbox_empty": "Aucun message au studio pour l'instant.",
        "inbox_title": "Les {count} derniers messages au studio (★ favoris en tête) :",
        "inbox_star": "★ {number}",
        "inbox_unstar": "☆ {number}",
        "inbox_hide": "🙈 {number}",
        "inbox_show": "👁 {number}",
        "inbox_done": "C'est fait.",
        "inbox_gone": "Ce message n'existe plus.",
        "hidden_mark": "(masqué)",
        "read_mark": "(lu à l'antenne)",
        "anonymous_listener": "Auditeur {tag}",
        "page_title": "Studio — {show}",
        "on_air": "À L'ANTENNE",
        "off_air": "Hors antenne",
        "next_in": "À l'antenne dans {countdown}",
        "no_next": "Aucune émission prévue",
        "studio_open_until": "fin à {at}",
        "poll": "Sondage",
        "no_poll": "Aucun sondage ouvert.",
        "voters_one": "1 votant",
        "voters_many": "{count} votants",
        "inbox": "Messages des auditeurs",
        "inbox_none": "Aucun message pour l'instant.",
        "star": "★ Épingler",
        "unstar": "☆ Désépingler",
        "hide": "Masquer",
        "read": "Lu à l'antenne",
        "unread": "Pas lu",
        "was_read": "lu à l'antenne",
        "articles": "Publié aujourd'hui",
        "articles_none": "Rien de publié aujourd'hui.",
        "fanout": "Envoi",
        "fanout_none": "Aucun envoi en cours.",
        "fanout_progress": "{sent} envoyés sur {queued}",
        "reconnecting": "Connexion perdue — reconnexion…",
        "full_screen": "Plein écran",
        "logout": "Se déconnecter",
        "ask_bot": "Demandez un lien au bot",
        "ask_bot_text": (
            "Cette page est réservée aux animateurs. Envoyez /studio au bot pour recevoir "
            "un lien de connexion."
        ),
        "link_forged": "Ce lien n'est pas valable.",
        "link_expired": "Ce lien a expiré.",
        "link_used": "Ce lien a déjà servi : chaque lien ne fonctionne qu'une fois.",
        "too_many": "Trop de tentatives : patientez une minute.",
        "logged_in": "Connecté.",
        "open_studio": "Ouvrir l'écran du studio",
        "error_403": (
            "Refusé : le jeton de sécurité de la page manque ou est faux. Rechargez la page."
        ),
        "error_404": "Il n'y a rien ici.",
        "error_other": "Une erreur s'est produite ({status}).",
    },
    "nl": {
        "button_message": "✉️ Bericht aan de studio",
        "button_screen": "🖥 Studioscherm",
        "prompt": (
            "Schrijf nu je bericht aan de studio: alleen tekst, hoogstens {max} tekens. "
            "De presentatoren kunnen het in de uitzending voorlezen."
        ),
        "closed": (
            "De studio is gesloten. Hij gaat open op {when} om {at} ({zone}), 2 uur voor "
            "het programma."
        ),
        "closed_no_show": "De studio is gesloten: er is geen uitzending gepland.",
        "stored": "Bedankt, je bericht is in de studio!",
        "on_air_line": (
            "De presentatoren kunnen het in de uitzending voorlezen, met je voornaam als je "
            "dat toestaat."
        ),
        "on_air_line_named": (
            "De presentatoren kunnen het in de uitzending voorlezen, met je voornaam."
        ),
        "ask_name": "Mogen de presentatoren je voornaam ({name}) zeggen als ze het voorlezen?",
        "name_yes": "Ja, zeg {name}",
        "name_no": "Nee, anoniem blijven",
        "named": "Goed: de presentatoren mogen {name} zeggen.",
        "anonymous": "Goed: de presentatoren zeggen je naam niet.",
        "empty": "Je bericht is leeg: schrijf het als tekst.",
        "too_long": (
            "Je bericht telt {length} tekens: hoogstens {max}, alsjeblieft. Probeer opnieuw."
        ),
        "too_soon": "Eén bericht per 2 minuten: schrijf opnieuw over {seconds} s.",
        "show_limit": (
            "Je stuurde al 5 berichten voor dit programma: dat is het maximum. Bedankt!"
        ),
        "text_only": "Alleen tekst gaat naar de studio: schrijf je bericht als tekst, alsjeblieft.",
        "group": "Schrijf me in een privégesprek om de studio een bericht te sturen.",
        "admin_link": (
            "Het studioscherm: deze link meldt één browser één keer aan, binnen 10 minuten. "
            "Houd hem voor jezelf."
        ),
        "inbox_empty": "Nog geen berichten aan de studio.",
        "inbox_title": "De laatste {count} berichten aan de studio (★ vastgezet bovenaan):",
        "inbox_star": "★ {number}",
        "inbox_unstar": "☆ {number}",
        "inbox_hide": "🙈 {number}",
        "inbox_show": "👁 {number}",
        "inbox_done": "Gedaan.",
        "inbox_gone": "Dit bericht bestaat niet meer.",
        "hidden_mark": "(verborgen)",
        "read_mark": "(voorgelezen)",
        "anonymous_listener": "Luisteraar {tag}",
        "page_title": "Studio — {show}",
        "on_air": "IN DE UITZENDING",
        "off_air": "Niet in de uitzending",
        "next_in": "In de uitzending over {countdown}",
        "no_next": "Geen uitzending gepland",
        "studio_open_until": "einde om {at}",
        "poll": "Peiling",
        "no_poll": "Geen open peiling.",
        "voters_one": "1 stemmer",
        "voters_many": "{count} stemmers",
        "inbox": "Berichten van luisteraars",
        "inbox_none": "Nog geen berichten.",
        "star": "★ Vastzetten",
        "unstar": "☆ Losmaken",
        "hide": "Verbergen",
        "read": "Voorgelezen",
        "unread": "Niet voorgelezen",
        "was_read": "voorgelezen",
        "articles": "Vandaag gepubliceerd",
        "articles_none": "Vandaag nog niets gepubliceerd.",
        "fanout": "Verzending",
        "fanout_none": "Er wordt niets verzonden.",
        "fanout_progress": "{sent} van {queued} verzonden",
        "reconnecting": "Verbinding verbroken — opnieuw verbinden…",
        "full_screen": "Volledig scherm",
        "logout": "Afmelden",
        "ask_bot": "Vraag de bot om een link",
        "ask_bot_text": (
            "Deze pagina is voor de presentatoren. Stuur /studio naar de bot voor een aanmeldlink."
        ),
        "link_forged": "Deze link is niet geldig.",
        "link_expired": "Deze link is verlopen.",
        "link_used": "Deze link werd al gebruikt: elke link werkt één keer.",
        "too_many": "Te veel pogingen: wacht een minuut.",
        "logged_in": "Aangemeld.",
        "open_studio": "Het studioscherm openen",
        "error_403": (
            "Geweigerd: het veiligheidstoken van de pagina ontbreekt of klopt niet. "
            "Herlaad de pagina."
        ),
        "error_404": "Hier is niets.",
        "error_other": "Er ging iets mis ({status}).",
    },
}


def text(key: str, language: str | None, **values: object) -> str:
    """A studio text in the language (English when not translated)."""
    return lookup(STUDIO, key, language, **values)
