"""In ``serve --workers N``: keep the open connections spread evenly over the workers.

The kernel gives a new connection to whichever worker accepts first, and a client
that keeps its connection alive stays with that worker. Measured with 32
keep-alive clients on two workers, the split was 19/13, 17/15 and 23/9: the worker
with 9 clients finished early and idled while the other still had 23 clients'
requests to answer. Each worker publishes its number of open connections in a
small shared array; a worker above its fair share (the mean, rounded up) answers
with ``Connection: close``, so that client reconnects and the kernel places it
again. The request is still served by the worker that accepted it; only the
next one may move. The cost is one reconnect per move (well under a millisecond
on a LAN next to an answer's tens of milliseconds).
"""

from __future__ import annotations

import math
import threading


class ConnectionBalance:
    """ASGI wrapper: publishes this worker's open connections and closes surplus keep-alive connections."""

    def __init__(self, app, shared, index: int, connections) -> None:
        """``shared``: one int per worker (shared memory); ``connections``: uvicorn's live connection set."""
        self.app, self.shared, self.index, self.connections = app, shared, index, connections
        self.closed = 0

    def start(self, interval: float = 0.05) -> threading.Thread:
        """Keep this worker's count current even while it answers nothing, so the others judge by fresh figures."""

        def loop() -> None:
            while True:
                self.shared[self.index] = len(self.connections)
                threading.Event().wait(interval)

        thread = threading.Thread(target=loop, name="policyqa-connections", daemon=True)
        thread.start()
        return thread

    def surplus(self) -> bool:
        """True when this worker holds more open connections than its fair share."""
        mine = len(self.connections)
        self.shared[self.index] = mine
        counts = list(self.shared)
        return mine > math.ceil(sum(counts) / len(counts))

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def balanced_send(message):
            if message["type"] == "http.response.start" and self.surplus():
                self.closed += 1
                message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive, balanced_send)
