"""User-facing texts: one module per feature, each a table of language → key → text."""

from __future__ import annotations

from typing import NamedTuple

SUPPORTED_LANGUAGES = ("en", "fr", "nl")
DEFAULT_LANGUAGE = "en"

Catalog = dict[str, dict[str, str]]


def pick_language(*candidates: str | None) -> str:
    """The first supported language among Telegram codes like 'fr', 'nl-BE' (else English)."""
    for candidate in candidates:
        if candidate:
            code = candidate.split("-")[0].split("_")[0].lower()
            if code in SUPPORTED_LANGUAGES:
                return code
    return DEFAULT_LANGUAGE


def lookup(catalog: Catalog, key: str, language: str | None, **values: object) -> str:
    """The text for `key` in `language` (English when not translated), filled with values."""
    table = catalog.get(pick_language(language), {})
    template = table.get(key) or catalog[DEFAULT_LANGUAGE][key]
    return template.format(**values) if values else template


class CommandInfo(NamedTuple):
    """One command with its one-line description for /help and Telegram's menu."""

    name: str
    description: str
    admin_only: bool = False
