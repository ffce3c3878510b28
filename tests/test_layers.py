"""Dependencies point one way: handlers → bot → storage, and the domain never sees Telegram."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ("articles", "delivery", "schedule", "polls", "studio")


def imported_packages(path: Path) -> set[str]:
    """Top-level packages a module imports (at any depth of the file)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def modules(package: str) -> list[Path]:
    """Every Python file of a top-level package."""
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", modules("storage"), ids=str)
def test_storage_imports_nothing_above_it(path: Path) -> None:
    """storage/ imports neither bot/, handlers/ nor telegram."""
    assert not imported_packages(path) & {"bot", "handlers", "telegram"}


@pytest.mark.parametrize("path", modules("handlers"), ids=str)
def test_handlers_reach_storage_only_through_bot(path: Path) -> None:
    """handlers/ never imports storage/ directly."""
    assert "storage" not in imported_packages(path)


@pytest.mark.parametrize("path", [p for d in DOMAIN for p in modules(f"bot/{d}")], ids=str)
def test_domain_never_imports_telegram(path: Path) -> None:
    """The domain (articles, delivery, schedule, polls) is plain Python without Telegram."""
    assert not imported_packages(path) & {"telegram", "handlers"}


def test_only_the_runtime_imports_handlers() -> None:
    """bot/runtime/ is the one part of bot/ that imports handlers/."""
    importers = [p.relative_to(ROOT) for p in modules("bot") if "handlers" in imported_packages(p)]
    assert importers
    assert all(path.parts[:2] == ("bot", "runtime") for path in importers)
