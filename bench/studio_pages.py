"""Studio pages for the `studio` benchmark, in their own process: N event streams that note
when each new voter count reaches them (`python -m bench.studio_pages URL COOKIE N SECONDS`).

Prints one JSON object: for each page, the [unix time, voters] of every poll update it got.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time

import httpx

VOTERS = re.compile(r'data-voters=\\"(\d+)\\"')


async def page(client: httpx.AsyncClient, cookie: str, until: float) -> list[list[float]]:
    """One page's stream until `until`: the (time, voters) of every poll update."""
    seen: list[list[float]] = []
    headers = {"Cookie": cookie, "Accept": "text/event-stream"}
    try:
        async with client.stream("GET", "/events", headers=headers) as stream:
            async for line in stream.aiter_lines():
                if line.startswith("data:"):
                    found = VOTERS.search(line)
                    if found:
                        seen.append([time.time(), int(found.group(1))])
                if time.time() >= until:
                    break
    except httpx.HTTPError:
        pass
    return seen


async def main(url: str, cookie: str, pages: int, seconds: float) -> None:
    """Open the pages, follow them for `seconds`, print what each saw."""
    until = time.time() + seconds
    limits = httpx.Limits(max_connections=pages + 1)
    timeout = httpx.Timeout(seconds + 30)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout) as client:
        seen = await asyncio.gather(*(page(client, cookie, until) for _ in range(pages)))
    print(json.dumps(seen))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])))
