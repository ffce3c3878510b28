"""User-facing texts of the polls feature, and its commands for /help and Telegram's menu."""

from __future__ import annotations

from bot.texts import Catalog, CommandInfo, lookup, pick_language

COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("results", "results of the current poll (once you have voted)"),
    CommandInfo("forgetme", "delete your subscriptions, reminders and votes in open polls"),
    CommandInfo("newpoll", "create a poll: /newpoll Question? | Yes | No", admin_only=True),
    CommandInfo("polls", "every poll with its status and voters", admin_only=True),
    CommandInfo("openpoll", "open a draft poll: /openpoll N", admin_only=True),
    CommandInfo("closepoll", "close a poll now: /closepoll N", admin_only=True),
    CommandInfo("sendpoll", "push a poll to every subscriber: /sendpoll N", admin_only=True),
    CommandInfo("exportpoll", "the result as CSV: /exportpoll N", admin_only=True),
)

# Short day and month names for closing times ("Mon 30 Nov, 19:00").
SHORT_WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "fr": ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."),
    "nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
}
SHORT_MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
           "nov.", "déc."),
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
}  # fmt: skip

POLLS: Catalog = {
    "en": {
        # The poll message (each copy in its chat's language).
        "voters_one": "👥 1 voter",
        "voters_many": "👥 {count} voters",
        "status_open": "{voters} · closes {when}",
        "status_closed": "🔒 Closed — final result · {voters}",
        "status_draft": "📝 Draft, not open yet · {voters}",
        "several_answers": "<i>Several answers possible.</i>",
        "share_button": "↗ Share this poll",
        "when": "{weekday} {day} {month}, {time}",
        "vote_button": "🗳 Vote",
        # Toasts answering a press.
        "voted": "Your vote: {choice} — tap again to take it back",
        "voted_multiple": "Your choices: {choice} — tap an option again to remove it",
        "taken_back": "Your vote is taken back",
        "closed": "This poll is closed",
        "not_open": "This poll is not open yet",
        "unknown": "This button is not valid (any more)",
        "failed": "Sorry, your vote could not be saved. Please try again.",
        # Results.
        "results_so_far": "Poll #{id}, results so far:",
        "results_final": "Poll #{id}, final result:",
        "chart_footer": "{show} · {station} · {voters}",
        "vote_first": "Vote first, then you can see the results (or wait until the poll closes).",
        "no_open_poll": "There is no open poll right now.",
        "no_such_poll": "There is no poll #{id}. Send /polls to see them.",
        "usage_number": "Please give the poll's number, e.g. /{command} 1 (see /polls).",
        # Admin commands.
        "created": "Poll #{id} is open until {when}. Here it is — votes count in every chat:",
        "scheduled": "Poll #{id} will open {opens} and close {when}.",
        "no_polls": "No polls yet. Create one with /newpoll Question? | Yes | No",
        "polls_title": "Polls:",
        "polls_line": "#{id} [{status}] {question} — {voters}",
        "state_draft": "draft",
        "state_open": "open",
        "state_closed": "closed",
        "opened": "Poll #{id} is open until {when}.",
        "already_open": "Poll #{id} is already open.",
        "cannot_reopen": "Poll #{id} is closed; closed polls keep their final result.",
        "closed_now": "Poll #{id} is closed. Every message showing it now has the final result.",
        "already_closed": "Poll #{id} was already closed.",
        "send_needs_open": "Poll #{id} is not open; open it first with /openpoll {id}.",
        "sent": "Poll #{id} is queued for {count} subscribed chats.",
        "export_caption": "Poll #{id}: votes per option (no voter identities).",
        "forgotten": (
            "Done: I deleted your subscriptions, reminders and your votes in open polls. "
            "Closed polls keep only their anonymous counts."
        ),
        # /newpoll dialogue.
        "ask_question": "New poll. What is the question? (1–300 characters; /cancel to stop)",
        "ask_options": "Now the options, one per line (2–10, each 1–100 characters).",
        "ask_multiple": "Can people choose one answer or several?",
        "single_button": "One answer",
        "multiple_button": "Several answers",
        "ask_closing": (
            "When does it close? Send a time like 19:00 or 2026-12-01 19:00, or tap the "
            "button for the end of the next show."
        ),
        "default_closing_button": "End of the next show",
        "cancelled": "OK, no poll was created.",
        # Rules (bad input).
        "question_empty": "The question is empty: write 1 to 300 characters.",
        "question_too_long": (
            "The question is too long: at most {limit} characters (it has {length})."
        ),
        "option_empty": "Option {number} is empty: every option needs 1 to 100 characters.",
        "option_too_long": "Option {number} is too long: at most {limit} characters.",
        "too_few_options": "A poll needs at least {minimum} options (you gave {count}).",
        "too_many_options": "A poll can have at most {maximum} options (you gave {count}).",
        "duplicate_option": "Two options are the same: every option must be different.",
        "closes_in_past": "The closing time is in the past: choose a time to come.",
        "closes_before_opening": "The poll would close before it opens: close it later.",
        "bad_time": "I can't read the time “{value}”: write 19:00 or 2026-12-01 19:00.",
        # Sharing.
        "inline_description": "{count} options · tap to post this poll here",
        "show_voting": "Here is the poll — tap an answer:",
    },
    "fr": {
        "voters_one": "👥 1 votant",
        "voters_many": "👥 {count} votants",
        "status_open": "{voters} · clôture {when}",
        "status_closed": "🔒 Clôturé — résultat final · {voters}",
        "status_draft": "📝 Brouillon, pas encore ouvert · {voters}",
        "several_answers": "<i>Plusieurs réponses possibles.</i>",
        "share_button": "↗ Partager ce sondage",
        "when": "{weekday} {day} {month}, {time}",
        "vote_button": "🗳 Voter",
        "voted": "Votre vote : {choice} — touchez à nouveau pour le retirer",
        "voted_multiple": "Vos choix : {choice} — touchez une option à nouveau pour l'enlever",
        "taken_back": "Votre vote est retiré",
        "closed": "Ce sondage est clôturé",
        "not_open": "Ce sondage n'est pas encore ouvert",
        "unknown": "Ce bouton n'est pas (plus) valable",
        "failed": "Désolé, votre vote n'a pas pu être enregistré. Réessayez.",
        "results_so_far": "Sondage n°{id}, résultats provisoires :",
        "results_final": "Sondage n°{id}, résultat final :",
        "vote_first": "Votez d'abord, puis vous verrez les résultats (ou attendez la clôture).",
        "no_open_poll": "Il n'y a pas de sondage ouvert pour le moment.",
        "no_such_poll": "Il n'y a pas de sondage n°{id}. Envoyez /polls pour les voir.",
        "usage_number": "Indiquez le numéro du sondage, p. ex. /{command} 1 (voir /polls).",
        "created": (
            "Le sondage n°{id} est ouvert jusqu'au {when}. Le voici — les votes comptent "
            "dans tous les chats :"
        ),
        "scheduled": "Le sondage n°{id} ouvrira le {opens} et sera clôturé le {when}.",
        "no_polls": "Pas encore de sondage. Créez-en un avec /newpoll Question ? | Oui | Non",
        "polls_title": "Sondages :",
        "polls_line": "n°{id} [{status}] {question} — {voters}",
        "state_draft": "brouillon",
        "state_open": "ouvert",
        "state_closed": "clôturé",
        "opened": "Le sondage n°{id} est ouvert jusqu'au {when}.",
        "already_open": "Le sondage n°{id} est déjà ouvert.",
        "cannot_reopen": (
            "Le sondage n°{id} est clôturé ; un sondage clôturé garde son résultat final."
        ),
        "closed_now": (
            "Le sondage n°{id} est clôturé. Chaque message qui l'affiche montre maintenant "
            "le résultat final."
        ),
        "already_closed": "Le sondage n°{id} était déjà clôturé.",
        "send_needs_open": (
            "Le sondage n°{id} n'est pas ouvert ; ouvrez-le d'abord avec /openpoll {id}."
        ),
        "sent": "Le sondage n°{id} est en file d'attente pour {count} chats abonnés.",
        "export_caption": "Sondage n°{id} : votes par option (sans l'identité des votants).",
        "forgotten": (
            "C'est fait : vos abonnements, rappels et votes dans les sondages ouverts sont "
            "supprimés. Les sondages clôturés ne gardent que des totaux anonymes."
        ),
        "ask_question": (
            "Nouveau sondage. Quelle est la question ? (1 à 300 caractères ; /cancel pour arrêter)"
        ),
        "ask_options": (
            "Maintenant les options, une par ligne (de 2 à 10, chacune de 1 à 100 caractères)."
        ),
        "ask_multiple": "Peut-on choisir une seule réponse ou plusieurs ?",
        "single_button": "Une réponse",
        "multiple_button": "Plusieurs réponses",
        "ask_closing": (
            "Quand est-il clôturé ? Envoyez une heure comme 19:00 ou 2026-12-01 19:00, ou "
            "touchez le bouton pour la fin de la prochaine émission."
        ),
        "default_closing_button": "Fin de la prochaine émission",
        "cancelled": "D'accord, aucun sondage n'a été créé.",
        "question_empty": "La question est vide : écrivez de 1 à 300 caractères.",
        "question_too_long": (
            "La question est trop longue : {limit} caractères au plus (elle en a {length})."
        ),
        "option_empty": "L'option {number} est vide : chaque option compte de 1 à 100 caractères.",
        "option_too_long": "L'option {number} est trop longue : {limit} caractères au plus.",
        "too_few_options": (
            "Un sondage demande au moins {minimum} options (vous en avez donné {count})."
        ),
        "too_many_options": (
            "Un sondage a au plus {maximum} options (vous en avez donné {count})."
        ),
        "duplicate_option": "Deux options sont identiques : chaque option doit être différente.",
        "closes_in_past": "L'heure de clôture est passée : choisissez une heure à venir.",
        "closes_before_opening": (
            "Le sondage serait clôturé avant d'ouvrir : clôturez-le plus tard."
        ),
        "bad_time": "Je ne peux pas lire l'heure « {value} » : écrivez 19:00 ou 2026-12-01 19:00.",
        "inline_description": "{count} options · touchez pour publier ce sondage ici",
        "show_voting": "Voici le sondage — touchez une réponse :",
    },
    "nl": {
        "voters_one": "👥 1 stemmer",
        "voters_many": "👥 {count} stemmers",
        "status_open": "{voters} · sluit {when}",
        "status_closed": "🔒 Afgesloten — eindresultaat · {voters}",
        "status_draft": "📝 Ontwerp, nog niet open · {voters}",
        "several_answers": "<i>Meerdere antwoorden mogelijk.</i>",
        "share_button": "↗ Deel deze peiling",
        "when": "{weekday} {day} {month}, {time}",
        "vote_button": "🗳 Stem",
        "voted": "Je stem: {choice} — tik nog eens om ze in te trekken",
        "voted_multiple": "Je keuzes: {choice} — tik nog eens op een optie om ze te schrappen",
        "taken_back": "Je stem is ingetrokken",
        "closed": "Deze peiling is afgesloten",
        "not_open": "Deze peiling is nog niet open",
        "unknown": "Deze knop is niet (meer) geldig",
        "failed": "Sorry, je stem kon niet bewaard worden. Probeer het opnieuw.",
        "results_so_far": "Peiling nr. {id}, voorlopige resultaten:",
        "results_final": "Peiling nr. {id}, eindresultaat:",
        "vote_first": "Stem eerst, dan zie je de resultaten (of wacht tot de peiling sluit).",
        "no_open_poll": "Er is nu geen open peiling.",
        "no_such_poll": "Er is geen peiling nr. {id}. Stuur /polls om ze te zien.",
        "usage_number": "Geef het nummer van de peiling, bv. /{command} 1 (zie /polls).",
        "created": (
            "Peiling nr. {id} is open tot {when}. Hier is ze — de stemmen tellen in elke chat:"
        ),
        "scheduled": "Peiling nr. {id} gaat open op {opens} en sluit op {when}.",
        "no_polls": "Nog geen peilingen. Maak er een met /newpoll Vraag? | Ja | Nee",
        "polls_title": "Peilingen:",
        "polls_line": "nr. {id} [{status}] {question} — {voters}",
        "state_draft": "ontwerp",
        "state_open": "open",
        "state_closed": "afgesloten",
        "opened": "Peiling nr. {id} is open tot {when}.",
        "already_open": "Peiling nr. {id} is al open.",
        "cannot_reopen": (
            "Peiling nr. {id} is afgesloten; afgesloten peilingen houden hun eindresultaat."
        ),
        "closed_now": (
            "Peiling nr. {id} is afgesloten. Elk bericht dat ze toont, heeft nu het eindresultaat."
        ),
        "already_closed": "Peiling nr. {id} was al afgesloten.",
        "send_needs_open": "Peiling nr. {id} is niet open; open ze eerst met /openpoll {id}.",
        "sent": "Peiling nr. {id} staat klaar voor {count} geabonneerde chats.",
        "export_caption": "Peiling nr. {id}: stemmen per optie (zonder wie wat stemde).",
        "forgotten": (
            "Klaar: je abonnementen, herinneringen en stemmen in open peilingen zijn gewist. "
            "Afgesloten peilingen houden alleen anonieme totalen."
        ),
        "ask_question": "Nieuwe peiling. Wat is de vraag? (1–300 tekens; /cancel om te stoppen)",
        "ask_options": "Nu de opties, één per regel (2–10, elk 1–100 tekens).",
        "ask_multiple": "Kiest men één antwoord of meerdere?",
        "single_button": "Eén antwoord",
        "multiple_button": "Meerdere antwoorden",
        "ask_closing": (
            "Wanneer sluit ze? Stuur een tijd zoals 19:00 of 2026-12-01 19:00, of tik op de "
            "knop voor het einde van het volgende programma."
        ),
        "default_closing_button": "Einde van het volgende programma",
        "cancelled": "Oké, er is geen peiling gemaakt.",
        "question_empty": "De vraag is leeg: schrijf 1 tot 300 tekens.",
        "question_too_long": "De vraag is te lang: hoogstens {limit} tekens (nu {length}).",
        "option_empty": "Optie {number} is leeg: elke optie heeft 1 tot 100 tekens nodig.",
        "option_too_long": "Optie {number} is te lang: hoogstens {limit} tekens.",
        "too_few_options": "Een peiling heeft minstens {minimum} opties nodig (je gaf er {count}).",
        "too_many_options": "Een peiling heeft hoogstens {maximum} opties (je gaf er {count}).",
        "duplicate_option": "Twee opties zijn gelijk: elke optie moet anders zijn.",
        "closes_in_past": "Het sluitingstijdstip is voorbij: kies een tijd in de toekomst.",
        "closes_before_opening": "De peiling zou sluiten voor ze opengaat: sluit ze later.",
        "bad_time": "Ik kan de tijd “{value}” niet lezen: schrijf 19:00 of 2026-12-01 19:00.",
        "inline_description": "{count} opties · tik om deze peiling hier te plaatsen",
        "show_voting": "Hier is de peiling — tik op een antwoord:",
    },
}


def text(key: str, language: str | None = None, **values: object) -> str:
    """A polls text in the user's language (English when not translated)."""
    return lookup(POLLS, key, language, **values)


def short_weekday(weekday: int, language: str | None) -> str:
    """The weekday's short name (Monday is 0)."""
    return SHORT_WEEKDAYS[pick_language(language)][weekday]


def short_month(month: int, language: str | None) -> str:
    """The month's short name (January is 1)."""
    return SHORT_MONTHS[pick_language(language)][month - 1]
