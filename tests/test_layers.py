"""Dependencies point one way, down the layers: runtime → handlers → domain → base → storage.

Every module of bot/, handlers/ and storage/ belongs to exactly one layer and imports only
from its own layer and the layers below it. Only handlers/ and the runtime import telegram.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top; each layer lists the module prefixes (dotted) that form it.
LAYERS: dict[str, tuple[str, ...]] = {
    "storage": ("storage",),
    "base": ("bot.base", "bot.texts", "bot.defaults"),
    "domain": (
        "bot.core",
        "bot.articles",
        "bot.delivery",
        "bot.schedule",
        "bot.polls",
        "bot.studio",
        "bot.conversation",
    ),
    "handlers": ("handlers",),
    "runtime": ("bot.runtime", "bot.__main__"),
}
ORDER = list(LAYERS)
OURS = ("bot", "handlers", "storage")
TELEGRAM_ALLOWED = {"handlers", "runtime"}


def is_record_module(module: str) -> bool:
    """storage's record modules (`storage/models.py`, `storage/*_models.py`): plain data that
    handlers may name, unlike a repository, the database or SQL (the domain's business)."""
    parts = module.split(".")
    return len(parts) >= 2 and (parts[1] == "models" or parts[1].endswith("_models"))


def module_name(path: Path) -> str:
    """`bot/base/clock.py` → `bot.base.clock` (a package is its `__init__`)."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str | None:
    """The layer a dotted module name belongs to (None for a third-party module)."""
    if module == "bot":  # the namespace's empty __init__
        return "base"
    for layer, prefixes in LAYERS.items():
        if any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes):
            return layer
    return None


def imports(path: Path) -> set[str]:
    """Every absolute module a file imports, at any depth (`from a import b` gives a.b too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def our_modules() -> list[Path]:
    """Every Python file of bot/, handlers/ and storage/."""
    return sorted(path for top in OURS for path in (ROOT / top).rglob("*.py"))


@pytest.mark.parametrize("path", our_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_module_imports_only_its_layer_and_below(path: Path) -> None:
    """A module imports nothing from a layer above its own, and telegram only from the top two."""
    layer = layer_of(module_name(path))
    assert layer is not None, f"{module_name(path)} belongs to no layer"
    upward = []
    for name in imports(path):
        target = layer_of(name)
        if target is not None and ORDER.index(target) > ORDER.index(layer):
            upward.append(name)
        if name.split(".")[0] == "telegram" and layer not in TELEGRAM_ALLOWED:
            upward.append(name)
    assert upward == []


@pytest.mark.parametrize("path", sorted((ROOT / "handlers").rglob("*.py")), ids=str)
def test_handlers_take_only_records_from_storage(path: Path) -> None:
    """handlers/ reaches the database only through the domain: from storage, records only."""
    from_storage = {
        name for name in imports(path) if layer_of(name) == "storage" and not is_record_module(name)
    }
    assert from_storage == set()


def test_every_layer_is_present() -> None:
    """Each layer has modules (a renamed package cannot silently leave the check)."""
    found = {layer_of(module_name(path)) for path in our_modules()}
    assert found == set(ORDER)


@pytest.mark.parametrize("path", sorted((ROOT / "bench").rglob("*.py")), ids=str)
def test_benchmarks_import_nothing_from_tests(path: Path) -> None:
    """bench/ never imports tests/ (tests may check the benchmarks' own code, not the reverse);
    the fake Bot API runs beside a benchmark as its own process."""
    assert {name for name in imports(path) if name.split(".")[0] == "tests"} == set()
