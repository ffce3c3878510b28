"""User-facing texts, translated with gettext catalogs (Babel): English in the code.

How a text works
----------------
* Each feature has a table in ``bot/texts/<feature>.py`` mapping a key to its English
  message, marked for ``pybabel extract``::

      ARTICLES = Texts({
          "read_more": N_("Read more"),
          "voters": P_("👥 {count} voter", "👥 {count} voters"),   # plural (ngettext)
          "cancelled": C_("airing", "cancelled"),   # same English, other meaning: a context
      })

* Call sites keep ``text(key, language, **values)`` (the feature module's ``text``), or
  ``plural(key, count, language, **values)`` for a ``P_`` entry (``{count}`` is filled in).
  Keys stay because several call sites pick them at run time (``text(problem.rule, ...)``).
* Placeholders are Python braces, ``{name}`` (python-brace-format), filled with ``str.format``.
* French, Dutch and English live in ``bot/locale/<fr|nl|en>/LC_MESSAGES/radiobot.po``
  (template: ``bot/locale/radiobot.pot``). ``make install`` (run by ``make run`` and
  ``make test``) compiles them to ``.mo`` files, which git ignores.

Adding a text
-------------
1. Add ``"key": N_("English text with {placeholder}")`` to the feature's table.
2. ``make catalogs``: extracts every marked message into the ``.pot`` and adds it to the
   three ``.po`` files (sorted, without line numbers, so parallel branches merge well).
3. Write its ``msgstr`` in ``fr`` and ``nl`` (``en`` stays empty: English is the msgid).
4. ``make test``: ``tests/test_catalogs.py`` fails while a message lacks a French or Dutch
   translation, is fuzzy, or has placeholders different from the English ones.

At run time a translation whose placeholders do not match the English ones is never used:
the English text is sent instead and the problem is logged once.
"""

from __future__ import annotations

from typing import NamedTuple

from bot.texts.catalogs import (
    DEFAULT_LANGUAGE,
    SUPPORTED_LANGUAGES,
    Message,
    pick_language,
    render,
    render_plural,
)

__all__ = [
    "C_",
    "DEFAULT_LANGUAGE",
    "N_",
    "P_",
    "SUPPORTED_LANGUAGES",
    "CommandInfo",
    "Message",
    "Texts",
    "pick_language",
    "translate",
]


def N_(message: str) -> str:  # noqa: N802  (the gettext convention extractors look for)
    """Mark an English message for extraction; translated later by `Texts.text`."""
    return message


def P_(singular: str, plural: str) -> Message:  # noqa: N802
    """Mark an English message with a plural form (rendered with ngettext)."""
    return Message(singular, plural)


def C_(context: str, message: str) -> Message:  # noqa: N802
    """Mark an English message whose translation depends on a context (pgettext)."""
    return Message(message, context=context)


Entry = str | Message


def translate(message: Entry, language: str | None, **values: object) -> str:
    """A marked message in `language`, filled with values (English if untranslated)."""
    if isinstance(message, str):
        return render(message, None, language, values)
    if message.plural is not None:
        raise TypeError("a plural message needs a count: use Texts.plural")
    return render(message.singular, message.context, language, values)


class Texts:
    """One feature's table of key → marked English message."""

    def __init__(self, entries: dict[str, Entry]) -> None:
        self.entries = entries

    def text(self, key: str, language: str | None = None, **values: object) -> str:
        """The text for `key` in `language`, filled with `values`."""
        return translate(self.entries[key], language, **values)

    def plural(self, key: str, count: int, /, language: str | None = None, **values: object) -> str:
        """The plural text for `key` and `count` in `language` ({count} is filled in unless
        `values` gives it another form, such as the number formatted for the language)."""
        entry = self.entries[key]
        if not isinstance(entry, Message) or entry.plural is None:
            raise TypeError(f"{key!r} is not a plural message")
        return render_plural(entry, count, language, {"count": count, **values})


class CommandInfo(NamedTuple):
    """One command with its one-line description (marked English) for /help and the menu."""

    name: str
    description: str
    admin_only: bool = False

    def describe(self, language: str | None) -> str:
        """The description in `language`."""
        return translate(self.description, language)
