"""The gettext catalogs: complete in French and Dutch, compiled, and safe when broken."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po, write_po

from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from bot.texts import catalogs
from bot.texts.catalogs import placeholders_match

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = ("fr", "nl")
# The markers of bot/texts/__init__.py, as the Makefile's `catalogs` target passes them.
MARKERS = parse_keywords(["_", "gettext", "ngettext:1,2", "N_", "P_:1,2", "C_:1c,2"])

MessageKey = tuple[str | None, str]


def marked_messages() -> dict[MessageKey, tuple[str, ...]]:
    """Every message marked in bot/ and handlers/: (context, English) → its English forms."""
    found: dict[MessageKey, tuple[str, ...]] = {}
    for folder in ("bot", "handlers"):
        for _, _, message, _, context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=MARKERS
        ):
            forms = message if isinstance(message, tuple) else (message,)
            found[(context, forms[0])] = forms
    return found


def load_po(language: str) -> Catalog:
    """The repository's .po file of `language`."""
    with (ROOT / "bot" / "locale" / language / "LC_MESSAGES" / "radiobot.po").open("rb") as file:
        return read_po(file, locale=language)


def catalog_problems(catalog: Catalog, expected: dict[MessageKey, tuple[str, ...]]) -> list[str]:
    """What stops a catalog from being complete: missing, empty, fuzzy or broken messages."""
    problems: list[str] = []
    for (context, english), english_forms in expected.items():
        message = catalog.get(english_forms if len(english_forms) > 1 else english, context=context)
        where = f"{catalog.locale} {english!r}"
        if message is None:
            problems.append(f"{where}: missing (run `make catalogs`)")
            continue
        translations = forms(message.string)
        if not all(translations):
            problems.append(f"{where}: not translated")
        elif message.fuzzy:
            problems.append(f"{where}: fuzzy")
        elif not all(placeholders_match(text, english_forms) for text in translations):
            problems.append(f"{where}: placeholders differ from English")
    return problems


def forms(value: object) -> tuple[str, ...]:
    """A message's id or string as a tuple of its forms (one, or one per plural form)."""
    return tuple(value) if isinstance(value, list | tuple) else (str(value),)


def identity(value: object) -> str:
    """A message id as a key (the singular for a plural message)."""
    return forms(value)[0]


@pytest.fixture(scope="module")
def expected() -> dict[MessageKey, tuple[str, ...]]:
    """The marked messages (extracted once for the module)."""
    return marked_messages()


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(
    language: str, expected: dict[MessageKey, tuple[str, ...]]
) -> None:
    """Every marked message has a non-fuzzy translation with the English placeholders."""
    assert len(expected) > 150
    assert catalog_problems(load_po(language), expected) == []


def test_completeness_check_catches_broken_catalogs(
    expected: dict[MessageKey, tuple[str, ...]],
) -> None:
    """A missing, empty, fuzzy or misplaced-placeholder translation is each reported."""
    catalog = load_po("fr")
    del catalog["Here is what I can do:"]
    catalog["Editors only:"].string = ""
    catalog["Feeds:"].flags.add("fuzzy")
    catalog["Use /latest or /latest N, with N from 1 to {most}."].string = "N de 1 à {plus}."
    catalog["Publish this article?"].string = "Publier {title"
    reasons = sorted(problem.split(": ")[-1] for problem in catalog_problems(catalog, expected))
    assert reasons == [
        "fuzzy",
        "missing (run `make catalogs`)",
        "not translated",
        "placeholders differ from English",
        "placeholders differ from English",
    ]


@pytest.mark.parametrize("language", ["en", *TRANSLATED])
def test_compiled_catalog_matches_its_po(language: str) -> None:
    """`make install` compiled each .po into an up-to-date .mo next to it."""
    source = ROOT / "bot" / "locale" / language / "LC_MESSAGES" / "radiobot.po"
    compiled = source.with_suffix(".mo")
    assert compiled.exists(), "run `make install`: it compiles the catalogs"
    assert compiled.stat().st_mtime >= source.stat().st_mtime
    with compiled.open("rb") as file:
        mo = read_mo(file)
    translated = {identity(m.id) for m in load_po(language) if m.id and any(forms(m.string))}
    assert translated <= {identity(m.id) for m in mo if m.id and any(forms(m.string))}


@pytest.fixture
def broken_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A French .po (no .mo) whose number-range line names a placeholder English lacks."""
    catalog = load_po("fr")
    english = "/{command} takes a whole number from {low} to {high}."
    catalog[english].string = "/{commande} attend un nombre entier de {low} à {high}."
    folder = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "radiobot.po").open("wb") as file:
        write_po(file, catalog)
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setattr(catalogs, "_reported", set())
    catalogs.translations.cache_clear()
    yield
    catalogs.translations.cache_clear()


@pytest.mark.usefixtures("broken_french")
async def test_broken_translation_falls_back_to_english_and_logs_once(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """A broken placeholder in the French catalog sends the English line, logged only once."""
    french = Person(3, "Anne", "fr")
    with caplog.at_level(logging.ERROR, logger="bot.texts.catalogs"):
        await harness.say(french, 3, "/latest abc")
        await harness.say(french, 3, "/latest 0")
    first, second = harness.replies(3)
    assert first == second
    assert first.startswith("/latest takes a whole number from 1 to ")
    broken = [r for r in caplog.records if "Broken fr translation" in r.getMessage()]
    assert len(broken) == 1
