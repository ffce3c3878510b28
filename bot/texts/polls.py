"""User-facing texts of the polls feature, and its commands for /help and Telegram's menu."""

from __future__ import annotations

from bot.texts import Catalog, CommandInfo, lookup

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

POLLS: Catalog = {
    "en": {
        # The poll message (shared by every chat, so in the show's language).
        "voters_one": "👥 1 voter",
        "voters_many": "👥 {count} voters",
        "status_open": "{voters} · closes {when}",
        "status_closed": "🔒 Closed — final result · {voters}",
        "status_draft": "📝 Draft, not open yet · {voters}",
        "several_answers": "<i>Several answers possible.</i>",
        "share_button": "↗ Share this poll",
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
        "no_such_poll": "Il n'y a pas de sondage n°{id}.",
        "forgotten": (
            "C'est fait : vos abonnements, rappels et votes dans les sondages ouverts sont "
            "supprimés. Les sondages clôturés ne gardent que des totaux anonymes."
        ),
    },
    "nl": {
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
        "no_such_poll": "Er is geen peiling nr. {id}.",
        "forgotten": (
            "Klaar: je abonnementen, herinneringen en stemmen in open peilingen zijn gewist. "
            "Afgesloten peilingen houden alleen anonieme totalen."
        ),
    },
}


def text(key: str, language: str | None = None, **values: object) -> str:
    """A polls text in the user's language (English when not translated)."""
    return lookup(POLLS, key, language, **values)
