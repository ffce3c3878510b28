"""The gettext catalogs at run time: loading them and filling messages without ever failing."""

from __future__ import annotations

import gettext
import io
import logging
import string
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

logger = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("en", "fr", "nl")
DEFAULT_LANGUAGE = "en"
DOMAIN = "radiobot"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_reported: set[tuple[str, str]] = set()


class Message(NamedTuple):
    """An English message with an optional plural form and disambiguating context."""

    singular: str
    plural: str | None = None
    context: str | None = None


@lru_cache(maxsize=1024)  # every text and answer asks: a handful of codes in practice
def pick_language(*candidates: str | None) -> str:
    """The first supported language among Telegram codes like 'fr', 'nl-BE' (else English)."""
    for candidate in candidates:
        if candidate:
            code = candidate.split("-")[0].split("_")[0].lower()
            if code in SUPPORTED_LANGUAGES:
                return code
    return DEFAULT_LANGUAGE


def catalog_path(language: str, suffix: str = ".po") -> Path:
    """Where the catalog of `language` lives (.po in the repository, .mo once compiled)."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of `language`; the .po itself when the .mo is missing or stale."""
    compiled, source = catalog_path(language, ".mo"), catalog_path(language, ".po")
    if compiled.exists() and (
        not source.exists() or compiled.stat().st_mtime >= source.stat().st_mtime
    ):
        with compiled.open("rb") as file:
            return Translations(file, domain=DOMAIN)
    if source.exists():
        logger.warning("%s is missing or older than its .po: reading the .po", compiled)
        with source.open("rb") as file:
            catalog = read_po(file, locale=language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return Translations(buffer, domain=DOMAIN)
    logger.warning("No catalog for %r in %s: texts stay in English", language, LOCALE_DIR)
    return gettext.NullTranslations()


def placeholders(template: str) -> set[str] | None:
    """The names of a template's {placeholders}; None when its braces are broken."""
    try:
        fields = string.Formatter().parse(template)
        return {name.split(".")[0].split("[")[0] for _, name, _, _ in fields if name is not None}
    except ValueError:
        return None


@lru_cache(maxsize=4096)  # checked at every use of a translation: parse each one once
def placeholders_match(translation: str, english: tuple[str, ...]) -> bool:
    """Whether a translation uses the English placeholders (a plural form may omit {count})."""
    found = placeholders(translation)
    expected: set[str] = set()
    for form in english:
        names = placeholders(form)
        if names is not None:
            expected |= names
    if found is None:
        return False
    return found == expected or found == expected - {"count"}


def _fill(
    translated: str,
    english: tuple[str, ...],
    fallback: str,
    language: str,
    values: Mapping[str, object],
) -> str:
    """The translation filled with values; the English `fallback` when it is broken."""
    if translated not in english:
        if placeholders_match(translated, english):
            try:
                return translated.format(**values) if values else translated
            except (KeyError, IndexError, ValueError, AttributeError):
                pass
        if (language, english[0]) not in _reported:
            _reported.add((language, english[0]))
            logger.error(
                "Broken %s translation of %r (placeholders differ from English): sending English",
                language,
                english[0],
            )
        translated = fallback
    return translated.format(**values) if values else translated


def render(
    message: str, context: str | None, language: str | None, values: Mapping[str, object]
) -> str:
    """`message` translated into `language` and filled with values."""
    code = pick_language(language)
    catalog = translations(code)
    translated = catalog.pgettext(context, message) if context else catalog.gettext(message)
    return _fill(translated, (message,), message, code, values)


def render_plural(
    message: Message, count: int, language: str | None, values: Mapping[str, object]
) -> str:
    """The plural `message` for `count` translated into `language` and filled with values."""
    singular, plural = message.singular, message.plural or message.singular
    code = pick_language(language)
    catalog = translations(code)
    if message.context:
        translated = catalog.npgettext(message.context, singular, plural, count)
    else:
        translated = catalog.ngettext(singular, plural, count)
    fallback = singular if count == 1 else plural
    return _fill(translated, (singular, plural), fallback, code, values)
