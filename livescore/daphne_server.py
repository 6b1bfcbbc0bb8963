"""daphne's server, freeing each application instance the moment it is done.

daphne keeps every request in `Server.connections` until `application_checker`, once a
second, walks the whole dict to find the finished ones. At thousands of requests a second
that walk holds the loop for tens of milliseconds (one daphne answering 6,000 edge reads a
second: 7 % of its CPU in that one function, and a p99 13 times the median), and the
every-two-seconds `timeout_checker` walks the same finished requests again. Here a
request leaves the dict as soon as both its application instance has returned and its
connection is done with, so both walks only see the connections that are still open.

Import after livescore.serve has chosen the event loop: daphne installs its reactor when
daphne.server is imported."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from daphne.server import Server

logger = logging.getLogger("daphne.server")


class ReapingServer(Server):
    def create_application(self, protocol: Any, scope: dict) -> asyncio.Queue | None:
        queue = super().create_application(protocol, scope)
        if queue is not None:
            instance = self.connections[protocol]["application_instance"]
            instance.add_done_callback(lambda _: self.reap(protocol))
        return queue

    def protocol_disconnected(self, protocol: Any) -> None:
        # A connection reaped already has nothing left to record (daphne would KeyError).
        if protocol in self.connections:
            super().protocol_disconnected(protocol)
            self.reap(protocol)

    def reap(self, protocol: Any) -> None:
        """What application_checker does for one connection, done when it applies."""
        details = self.connections.get(protocol)
        if details is None:
            return
        instance = details.get("application_instance")
        if instance is not None and instance.done():
            del details["application_instance"]
            self.report(protocol, instance, disconnected="disconnected" in details)
            instance = None
        if instance is None and "disconnected" in details:
            del self.connections[protocol]

    def report(self, protocol: Any, instance: asyncio.Future, *, disconnected: bool) -> None:
        if instance.cancelled():
            return
        exception = instance.exception()
        if exception is None:
            return
        if isinstance(exception, KeyboardInterrupt):
            self.stop()  # the protocol asks the server to exit (daphne's tests)
            return
        logger.error("Exception inside application: %s", exception, exc_info=exception)
        if not disconnected:
            protocol.handle_exception(exception)
