"""Texts of the polls feature, and its commands for /help and Telegram's menu (see bot/texts)."""

from __future__ import annotations

from bot.texts import C_, N_, P_, CommandInfo, Texts

COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("results", N_("results of the current poll (once you have voted)")),
    CommandInfo("forgetme", N_("delete your subscriptions, reminders and votes in open polls")),
    CommandInfo("newpoll", N_("create a poll: /newpoll Question? | Yes | No"), admin_only=True),
    CommandInfo("polls", N_("every poll with its status and voters"), admin_only=True),
    CommandInfo("openpoll", N_("open a draft poll: /openpoll N"), admin_only=True),
    CommandInfo("closepoll", N_("close a poll now: /closepoll N"), admin_only=True),
    CommandInfo("sendpoll", N_("push a poll to every subscriber: /sendpoll N"), admin_only=True),
    CommandInfo("exportpoll", N_("the result as CSV: /exportpoll N"), admin_only=True),
)


POLLS = Texts(
    {
        "voters": P_("👥 {count} voter", "👥 {count} voters"),
        "status_open": N_("{voters} · closes {when}"),
        "status_closed": N_("🔒 Closed — final result · {voters}"),
        "status_draft": N_("📝 Draft, not open yet · {voters}"),
        "several_answers": N_("<i>Several answers possible.</i>"),
        "share_button": N_("↗ Share this poll"),
        "vote_button": N_("🗳 Vote"),
        "voted": N_("Your vote: {choice} — tap again to take it back"),
        "voted_multiple": N_("Your choices: {choice} — tap an option again to remove it"),
        "taken_back": N_("Your vote is taken back"),
        "closed": N_("This poll is closed"),
        "not_open": N_("This poll is not open yet"),
        "unknown": N_("This button is not valid (any more)"),
        "failed": N_("Sorry, your vote could not be saved. Please try again."),
        "results_so_far": N_("Poll #{id}, results so far:"),
        "results_final": N_("Poll #{id}, final result:"),
        "chart_footer": N_("{show} · {station} · {voters}"),
        "vote_first": N_(
            "Vote first, then you can see the results (or wait until the poll closes)."
        ),
        "no_open_poll": N_("There is no open poll right now."),
        "results_pick": N_("Several polls are open. Which results?"),
        "not_open_yet": N_("Poll #{id} is not open yet."),
        "no_such_poll": N_("There is no poll #{id}. Send /polls to see them."),
        "usage_number": N_("Please give the poll's number, e.g. /{command} 1 (see /polls)."),
        "created": N_("Poll #{id} is open until {when}. Here it is — votes count in every chat:"),
        "scheduled": N_("Poll #{id} will open {opens} and close {when}."),
        "no_polls": N_("No polls yet. Create one with /newpoll Question? | Yes | No"),
        "polls_title": N_("Polls:"),
        "polls_line": N_("#{id} [{status}] {question} — {voters}"),
        "state_draft": N_("draft"),
        "state_open": N_("open"),
        "state_closed": N_("closed"),
        "opened": N_("Poll #{id} is open until {when}."),
        "already_open": N_("Poll #{id} is already open."),
        "cannot_reopen": N_("Poll #{id} is closed; closed polls keep their final result."),
        "closed_now": N_(
            "Poll #{id} is closed. Every message showing it now has the final result."
        ),
        "already_closed": N_("Poll #{id} was already closed."),
        "send_needs_open": N_("Poll #{id} is not open; open it first with /openpoll {id}."),
        "sent": P_(
            "Poll #{id} is queued for {count} subscribed chat.",
            "Poll #{id} is queued for {count} subscribed chats.",
        ),
        "export_caption": N_("Poll #{id}: votes per option (no voter identities)."),
        "export_file": C_("file name", "poll"),
        "export_question": N_("Question"),
        "export_status": N_("Status"),
        "export_opened": N_("Opened ({zone})"),
        "export_closed": N_("Closes or closed ({zone})"),
        "export_voters": N_("Voters"),
        "export_option": N_("Option"),
        "export_votes": N_("Votes"),
        "export_share": N_("Share (%)"),
        "export_language": N_("Chat language"),
        "language_fr": N_("French"),
        "language_nl": N_("Dutch"),
        "language_en": N_("English"),
        "language_unknown": N_("unknown"),
        "forgotten": N_(
            "Done: I deleted your subscriptions, reminders and your votes in open "
            "polls. Closed polls keep only their anonymous counts."
        ),
        "ask_question": N_("New poll. What is the question? (1–300 characters; /cancel to stop)"),
        "ask_options": N_(
            "Now the options (2–10, each 1–100 characters): send them one per message and "
            "tap Done, or all at once, separated by | or on separate lines."
        ),
        "done_button": N_("Done"),
        "option_added": N_("Added “{option}” ({count} so far). Send the next option, or tap Done."),
        "preview_ready": N_("Here is your poll:"),
        "preview": N_("📊 {question}\n{options}\n\n{kind} · closes {when}"),
        "open_now_button": N_("Open now"),
        "keep_draft_button": N_("Keep as draft"),
        "kept_draft": N_("Poll #{id} is kept as a draft. Open it with /openpoll {id}."),
        "ask_multiple": N_("Can people choose one answer or several?"),
        "single_button": N_("One answer"),
        "multiple_button": N_("Several answers"),
        "ask_closing": N_(
            "When does it close? Send a time like 19:00 or 2026-12-01 19:00, or tap "
            "the button for the end of the next show."
        ),
        "default_closing_button": N_("End of the next show"),
        "cancelled": N_("OK, no poll was created."),
        "question_empty": N_("The question is empty: write 1 to 300 characters."),
        "question_too_long": N_(
            "The question is too long: at most {limit} characters (it has {length})."
        ),
        "option_empty": N_("Option {number} is empty: every option needs 1 to 100 characters."),
        "option_too_long": N_("Option {number} is too long: at most {limit} characters."),
        "too_few_options": N_("A poll needs at least {minimum} options (you gave {count})."),
        "too_many_options": N_("A poll can have at most {maximum} options (you gave {count})."),
        "duplicate_option": N_("Two options are the same: every option must be different."),
        "closes_in_past": N_("The closing time is in the past: choose a time to come."),
        "closes_before_opening": N_("The poll would close before it opens: close it later."),
        "bad_time": N_("I can't read the time “{value}”: write 19:00 or 2026-12-01 19:00."),
        # Typed after the bot's name by the share button ("@bot poll 3"): one word.
        "share_query": C_("inline query", "poll"),
        "inline_description": N_("{count} options · tap to post this poll here"),
        "show_voting": N_("Here is the poll — tap an answer:"),
    }
)


def text(key: str, language: str | None = None, **values: object) -> str:
    """A polls text in the user's language."""
    return POLLS.text(key, language, **values)


def plural(key: str, count: int, /, language: str | None = None, **values: object) -> str:
    """A polls text for `count` things in the user's language."""
    return POLLS.plural(key, count, language, **values)
