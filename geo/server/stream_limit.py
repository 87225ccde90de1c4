"""A limit on what one WebSocket connection may ask of the server.

Every message a browser sends over ``/_stcore/stream`` (a rerun, mostly) costs the one
process that runs every viewer's session, so one script sending fragment reruns as fast as
it can used to stall every other reader. This middleware sits in front of Streamlit's
WebSocket, in the app itself, so every way of hosting it has the limit, and gives each
connection a token bucket: ``rate`` messages a second on average, ``burst`` at once.

Over the limit, the newest message waits for the next token and replaces any older one
still waiting: a rerun replaces the one before it in Streamlit anyway, so a reader who
drags or holds a key faster than the limit still ends on the value last sent, only later.
A connection whose excess goes on past ``close_after`` dropped messages within one second
is no reader: it is closed with 1008 (policy violation), which ends the cost of even
reading its frames. Each connection is logged once when first limited and once if closed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOG = logging.getLogger(__name__)
STREAM_PATH = "/_stcore/stream"
POLICY_VIOLATION = 1008
# A reader sends a message when a widget changes (a slider drag sends a few a second) and
# bench/load.py's readers one a second; 10 a second with 30 at once leaves room for both.
RATE = 10.0
BURST = 30
# More than this many messages over the limit within a second: nobody's hand does that.
CLOSE_AFTER = 100


@dataclass
class Counts:
    """What one middleware's limit did since it started (the tests read it)."""

    limited: int = 0
    dropped: int = 0
    closed: int = 0


@dataclass
class Bucket:
    """Tokens for one connection: one a message, ``rate`` back a second, at most ``burst``."""

    rate: float
    burst: int
    tokens: float = field(init=False)
    at: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.tokens = float(self.burst)

    def take(self) -> bool:
        """Take a token if there is one (refilled for the time since the last call)."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def wait(self) -> float:
        """Seconds until the next token."""
        return max(0.0, (1 - self.tokens) / self.rate)


class StreamLimit:
    """ASGI middleware: a token bucket on each WebSocket to ``path``; others pass untouched."""

    def __init__(self, app: ASGIApp, rate: float = RATE, burst: int = BURST,
                 close_after: int = CLOSE_AFTER, path: str = STREAM_PATH) -> None:
        self.app = app
        self.rate = rate
        self.burst = burst
        self.close_after = close_after
        self.path = path
        self.counts = Counts()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass everything on; a stream's messages through its connection's bucket."""
        if scope["type"] != "websocket" or not scope["path"].endswith(self.path):
            await self.app(scope, receive, send)
            return
        connection = _Connection(self, scope, receive, send)
        try:
            await self.app(scope, connection.receive, send)
        finally:
            connection.stop()


class _Connection:
    """One WebSocket's side of the limit: the ``receive`` the app sees instead of the server's."""

    def __init__(self, limit: StreamLimit, scope: Scope, receive: Receive, send: Send) -> None:
        self.limit = limit
        host, port = scope.get("client") or ("?", "?")
        self.client = f"{host}:{port}"
        self.bucket = Bucket(limit.rate, limit.burst)
        self.server_receive = receive
        self.send = send
        # The server's receive, once asked and not yet answered: kept across calls, never
        # cancelled, so no message is lost while one waits for a token.
        self.next: asyncio.Future | None = None
        self.limited = False
        self.window_start = 0.0
        self.window_drops = 0

    def stop(self) -> None:
        if self.next is not None and not self.next.done():
            self.next.cancel()

    async def read(self, timeout: float | None = None) -> Message | None:
        """The next message from the server, or None if ``timeout`` passes first."""
        if self.next is None:
            self.next = asyncio.ensure_future(self.server_receive())
        done, _ = await asyncio.wait({self.next}, timeout=timeout)
        if not done:
            return None
        message, self.next = self.next.result(), None
        return message

    async def receive(self) -> Message:
        """The next message for the app, once the bucket allows it."""
        message = await self.read()
        if message["type"] != "websocket.receive" or self.bucket.take():
            return message
        # Over the limit: wait for a token, the newest message replacing the one waiting.
        while True:
            newer = await self.read(timeout=self.bucket.wait())
            if newer is None:
                if self.bucket.take():
                    return message
                continue
            if newer["type"] != "websocket.receive":
                return newer
            self.drop()
            if self.window_drops > self.limit.close_after:
                return await self.close()
            message = newer

    def drop(self) -> None:
        counts = self.limit.counts
        counts.dropped += 1
        if not self.limited:
            self.limited = True
            counts.limited += 1
            LOG.warning("WebSocket %s sends more than %g messages a second: excess dropped",
                        self.client, self.limit.rate)
        now = time.monotonic()
        if now - self.window_start > 1.0:
            self.window_start, self.window_drops = now, 0
        self.window_drops += 1

    async def close(self) -> Message:
        """Close the connection as a policy violation; the app sees the client leave."""
        self.limit.counts.closed += 1
        LOG.warning("WebSocket %s closed (1008): %d messages over the limit within a second",
                    self.client, self.window_drops)
        await self.send({"type": "websocket.close", "code": POLICY_VIOLATION,
                         "reason": "too many messages"})
        return {"type": "websocket.disconnect", "code": POLICY_VIOLATION}

