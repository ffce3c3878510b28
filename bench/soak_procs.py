"""Child processes of the crash soak and the memory benchmark: the fake Bot API and the bot.

Both run as real subprocesses, so the bot can be SIGKILLed and its memory measured alone.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
# Well-formed but fake: the fake server accepts any token; it never leaves this machine.
FAKE_TOKEN = "123456789:AAF-soak-token-abcdefghijklmnopqrstu"


class FakeApiProcess:
    """`python -m tests.fakes.http_bot_api` in a child process, driven over HTTP."""

    def __init__(
        self, limits: str | None, faults: str | None, log_path: Path, max_calls: int | None = None
    ) -> None:
        command = [sys.executable, "-m", "tests.fakes.http_bot_api", "--port", "0"]
        if max_calls is not None:
            command += ["--max-calls", str(max_calls)]
        if limits is not None:
            command += ["--limits", limits]
        if faults:
            command += ["--faults", faults]
        self._log: IO[str] = log_path.open("w")
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=self._log, text=True
        )
        self.base = ""
        self._client = httpx.AsyncClient(timeout=120)

    async def started(self) -> FakeApiProcess:
        """Wait for the port line."""
        assert self.process.stdout is not None
        line = await asyncio.to_thread(self.process.stdout.readline)
        if not line.startswith("FAKE_BOT_API_PORT="):
            self.process.kill()
            raise RuntimeError(f"fake Bot API did not start: {line!r}")
        self.base = f"http://127.0.0.1:{int(line.strip().partition('=')[2])}"
        return self

    @property
    def api_base_url(self) -> str:
        """RADIOBOT_API_BASE_URL for the bot."""
        return f"{self.base}/bot"

    async def state(self, *, calls_since: int = -1, messages: bool = False) -> dict[str, Any]:
        """GET /_state (no calls and no message bodies unless asked)."""
        params = {"calls_since": str(calls_since), "messages": "1" if messages else "0"}
        answer = await self._client.get(f"{self.base}/_state", params=params)
        answer.raise_for_status()
        data: dict[str, Any] = answer.json()
        return data

    async def control(self, **command: Any) -> None:
        """POST /_control."""
        answer = await self._client.post(f"{self.base}/_control", content=json.dumps(command))
        if answer.status_code != 200:
            raise RuntimeError(f"/_control refused {list(command)}: {answer.text[:300]}")

    async def close(self) -> None:
        """Stop the server."""
        await self._client.aclose()
        if self.process.poll() is None:
            self.process.terminate()
            await asyncio.to_thread(self.process.wait, 10)
        self._log.close()


class BotProcess:
    """`python -m bot run` as a child process; its output goes to one log file across restarts."""

    def __init__(self, env: dict[str, str], workdir: Path, log_path: Path) -> None:
        self._env = env
        self._workdir = workdir
        self._log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.started_at = 0.0
        self.exits: list[int] = []  # exit codes of runs that ended without our signal

    def start(self) -> None:
        """Start (or restart) the bot."""
        with self._log_path.open("ab") as log:
            log.write(f"\n===== start {self.starts + 1} =====\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                cwd=self._workdir,
                env=self._env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.starts += 1
        self.started_at = time.monotonic()

    @property
    def pid(self) -> int | None:
        """The running process id."""
        return self.process.pid if self.process is not None else None

    def check_alive(self) -> bool:
        """Whether it runs; an exit we did not cause is remembered in `exits`."""
        if self.process is None:
            return False
        code = self.process.poll()
        if code is None:
            return True
        self.exits.append(code)
        self.process = None
        return False

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM killer would, and reap it."""
        if self.process is not None and self.check_alive():
            assert self.process is not None
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        self.process = None

    async def stop(self, timeout: float = 20.0) -> int | None:
        """SIGTERM (graceful stop); its exit code, or None if it had to be killed."""
        process = self.process
        if process is None or not self.check_alive():
            return None
        process.send_signal(signal.SIGTERM)
        try:
            code = await asyncio.to_thread(process.wait, timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            code = None
        self.process = None
        return code


def bot_environment(
    *, api_base_url: str, db: Path, admins: list[int], config: Path, vote_secret: str
) -> dict[str, str]:
    """The environment of `python -m bot run`: only our RADIOBOT_* settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("RADIOBOT_")}
    env.update(
        RADIOBOT_TELEGRAM_TOKEN=FAKE_TOKEN,
        RADIOBOT_API_BASE_URL=api_base_url,
        RADIOBOT_DB=str(db),
        RADIOBOT_ADMINS=",".join(str(admin) for admin in admins),
        RADIOBOT_CONFIG=str(config),
        RADIOBOT_VOTE_SECRET=vote_secret,
        RADIOBOT_LOG_LEVEL="INFO",
        RADIOBOT_STUDIO_LISTEN="127.0.0.1:0",  # the studio page on any free port
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    return env


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM (peak resident set) of a live process, in MB; None if unreadable."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None
