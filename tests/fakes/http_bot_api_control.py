"""Out-of-process control of the fake Bot API server: ``/_state``, ``/_control`` and the CLI.

``GET /_state[?calls_since=N&messages=0]`` returns a JSON snapshot (counts, 429s, delivered
texts per chat, calls from absolute index N, or none with ``calls_since=-1``, and messages).

``POST /_control`` takes a JSON object; any of these keys, applied in this order::

    {"reset": true,
     "limits": {"overall_per_s": 30, "per_chat_per_s": 1, ...} | true | null,
     "faults": {"error_5xx_rate": 0.01, "timeout_rate": 0.01, "timeout_delay_s": 2,
                "timeout_delivers": false, "seed": 1, "methods": ["sendMessage"]},
     "block": [chat_id, ...], "unblock": [chat_id, ...], "migrate": {"old_id": new_id},
     "admins": [[chat_id, user_id], ...], "inject_429": {"count": 3, "retry_after": 2},
     "stars": 12.5 | null,
     "fail_next": [{"method": "sendMessage", "status": 400, "description": "...",
                    "parameters": null, "chat_id": null, "times": 1}],
     "push_updates": [{...update...}], "push_texts": [[chat_id, "text"], ...]}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from .http_bot_api_policy import Faults, FloodLimits
from .http_bot_api_store import normalize_chat_id

if TYPE_CHECKING:
    from .http_bot_api import FakeBotApiServer
    from .http_bot_api_http import HttpRequest

_LIMIT_ALIASES = {
    "overall": "overall_per_s",
    "paid": "paid_per_s",
    "chat": "per_chat_per_s",
    "group": "per_group_per_min",
    "tolerance": "tolerance_s",
    "edits": "count_edits",
    "groups": "per_chat_in_groups",
}
_FAULT_ALIASES = {
    "5xx": "error_5xx_rate",
    "timeout": "timeout_rate",
    "delay": "timeout_delay_s",
    "delivers": "timeout_delivers",
}
_KEYS = [
    "reset",
    "limits",
    "faults",
    "block",
    "unblock",
    "migrate",
    "admins",
    "inject_429",
    "stars",
    "fail_next",
    "push_updates",
    "push_texts",
]


def _chat(value: Any) -> int | str:
    chat_id = normalize_chat_id(value)
    if chat_id is None:
        raise ValueError(f"bad chat id {value!r}")
    return chat_id


def _limits(value: Any) -> FloodLimits | None:
    if value is None or value is False:
        return None
    return FloodLimits() if value is True else FloodLimits(**value)


def _faults(value: dict[str, Any]) -> Faults:
    if "methods" in value:
        value = {**value, "methods": frozenset(value["methods"])}
    return Faults(**value)


def snapshot(server: FakeBotApiServer, query: str = "") -> dict[str, Any]:
    """JSON-serialisable view of everything the server recorded."""
    options = dict(parse_qsl(query))
    counts: dict[str, dict[str, int]] = {}
    for (method, status), number in server.status_counts.items():
        counts.setdefault(method, {})[str(status)] = number
    data: dict[str, Any] = {
        "port": server.port,
        "http_429": server.http_429,
        "paid_sent": server.paid_sent,
        "stars_left": server.stars_left,
        "calls_total": server.calls_dropped + len(server.calls),
        "counts": counts,
        "blocked": list(server.blocked),
        "migrated": {str(old): new for old, new in server.migrated.items()},
        "pending_updates": len(server.state.updates),
        "delivered_texts_by_chat": {
            str(chat): texts for chat, texts in server.delivered_texts_by_chat().items()
        },
        "limits": asdict(server.limits) if server.limits else None,
        "faults": {**asdict(server.faults), "methods": sorted(server.faults.methods)},
    }
    since = int(options.get("calls_since", "0"))
    if since >= 0:
        start = max(0, since - server.calls_dropped)
        data["calls"] = [{**asdict(call), "ok": call.ok} for call in server.calls[start:]]
    if options.get("messages", "1") != "0":
        data["messages"] = [message.to_json() for message in server.state.messages]
    return data


def apply_control(server: FakeBotApiServer, command: dict[str, Any]) -> list[str]:
    """Apply a ``/_control`` command; returns the keys applied. Raises ValueError/TypeError."""
    unknown = set(command) - set(_KEYS)
    if unknown:
        raise ValueError(f"unknown control keys: {sorted(unknown)}")
    if command.get("reset"):
        server.reset()
    if "limits" in command:
        server.set_limits(_limits(command["limits"]))
    if "faults" in command:
        server.set_faults(_faults(command["faults"]))
    for chat in command.get("block", []):
        server.block_chat(_chat(chat))
    for chat in command.get("unblock", []):
        server.unblock_chat(_chat(chat))
    migrate = command.get("migrate", {})
    for old, new in migrate.items() if isinstance(migrate, dict) else migrate:
        server.migrate_chat(_chat(old), int(new))
    for chat, user in command.get("admins", []):
        server.set_chat_admin(_chat(chat), int(user))
    if "inject_429" in command:
        server.inject_429(**command["inject_429"])
    if "stars" in command:
        stars = command["stars"]
        server.set_stars(None if stars is None else float(stars))
    for spec in command.get("fail_next", []):
        server.fail_next(**spec)
    for update in command.get("push_updates", []):
        server.push_update(update)
    for chat, text in command.get("push_texts", []):
        server.push_text(int(chat), str(text))
    return [key for key in _KEYS if key in command]


def handle_control_request(
    server: FakeBotApiServer, request: HttpRequest
) -> tuple[int, dict[str, Any]]:
    """Serve ``GET /_state`` and ``POST /_control``."""
    if request.path == "/_state" and request.verb == "GET":
        return 200, snapshot(server, request.query)
    if request.path == "/_control" and request.verb == "POST":
        try:
            command = json.loads(request.body or b"{}")
            if not isinstance(command, dict):
                command = {"<body must be a JSON object>": command}
            applied = apply_control(server, command)
        except (ValueError, TypeError, KeyError) as exc:
            return 400, {"ok": False, "error_code": 400, "description": str(exc)}
        return 200, {"ok": True, "applied": applied}
    return 404, {"ok": False, "error_code": 404, "description": "Not Found"}


def parse_spec(spec: str, aliases: dict[str, str], target: type[Any]) -> dict[str, Any]:
    """Parse ``key=value,...`` into dataclass kwargs (``none`` -> None, ``+`` joins lists)."""
    kinds = {f.name: str(f.type) for f in fields(target)}
    kwargs: dict[str, Any] = {}
    for item in filter(None, spec.split(",")):
        key, _, raw = item.partition("=")
        name = aliases.get(key.strip(), key.strip())
        if name not in kinds:
            raise SystemExit(f"unknown setting {key!r}; known: {sorted(kinds)}")
        value: Any
        if raw.lower() == "none":
            value = None
        elif "bool" in kinds[name]:
            value = raw.lower() in ("1", "true", "yes", "on")
        elif "frozenset" in kinds[name]:
            value = frozenset(raw.split("+"))
        elif "float" in kinds[name]:
            value = float(raw)
        else:
            value = int(raw)
        kwargs[name] = value
    return kwargs


async def _serve(server: FakeBotApiServer) -> None:
    await server.start()
    print(f"FAKE_BOT_API_PORT={server.port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await server.stop()


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``python -m tests.fakes.http_bot_api``."""
    from .http_bot_api import FakeBotApiServer

    parser = argparse.ArgumentParser(
        prog="python -m tests.fakes.http_bot_api", description="Fake Telegram Bot API server"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (printed)")
    parser.add_argument(
        "--limits",
        nargs="?",
        const="",
        default=None,
        metavar="SPEC",
        help="flood limits, SPEC e.g. overall=30,chat=1,group=20,tolerance=0,edits=0,groups=1",
    )
    parser.add_argument(
        "--faults",
        default="",
        metavar="SPEC",
        help="e.g. 5xx=0.01,timeout=0.01,delay=2,delivers=0,seed=7",
    )
    parser.add_argument(
        "--stars", type=float, default=None, help="the bot's Stars balance (default: unlimited)"
    )
    parser.add_argument("--max-calls", type=int, default=None, help="keep only the last N calls")
    args = parser.parse_args(argv)
    limits = None
    if args.limits is not None:
        limits = FloodLimits(**parse_spec(args.limits, _LIMIT_ALIASES, FloodLimits))
    server = FakeBotApiServer(
        args.host,
        args.port,
        limits=limits,
        faults=Faults(**parse_spec(args.faults, _FAULT_ALIASES, Faults)),
        control_endpoints=True,
        max_calls=args.max_calls,
    )
    server.set_stars(args.stars)
    asyncio.run(_serve(server))
