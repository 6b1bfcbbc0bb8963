"""The three things fan-out needs from the server that the ASGI interface does not give:
a synchronous write (so one event reaches thousands of local sockets in one loop, with no
coroutine or thread hop per socket), the size of a socket's unsent backlog (to bound the
memory a slow client can pin), and a close reason (daphne 4.2 drops it).

Under daphne the ASGI `send` is `partial(server.handle_reply, protocol)` with an autobahn
protocol on a Twisted transport; `DaphneWire` uses that protocol. Any other server, and
WebsocketCommunicator in tests, gets `AsgiWire`: the same interface over plain ASGI sends,
kept in order by one queue drained by one task."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

logger = logging.getLogger(__name__)

Send = Callable[[dict[str, Any]], Awaitable[None]]


def text_frame(payload: bytes) -> bytes:
    """A complete unmasked, unfragmented WebSocket text frame (RFC 6455 §5.2), as a
    server sends it."""
    length = len(payload)
    if length < 126:
        return bytes((0x81, length)) + payload
    if length < 65536:
        return bytes((0x81, 126)) + length.to_bytes(2, "big") + payload
    return bytes((0x81, 127)) + length.to_bytes(8, "big") + payload


class DaphneWire:
    """Writes frames to the socket under an autobahn protocol.

    One event goes to thousands of sockets in one loop, so the per-socket cost is the fan-out
    cost. Through autobahn, each write built a frame, formatted a debug log line eagerly,
    and made Twisted register the socket as a writer, wait for the next reactor turn,
    send, and unregister it: two epoll changes and a loop callback per socket per event
    (two thirds of daphne's time, measured with py-spy at 1,000 fans). Here the frame is
    built once per payload and, when nothing is queued ahead of it, sent straight on the
    non-blocking socket; whatever the kernel does not take goes to Twisted's buffer, which
    keeps the order and the backpressure accounting (`backlog`). Anything unusual — TLS,
    autobahn's own send queue, a connection being closed — takes autobahn's path."""

    _last: tuple[bytes, bytes] = (b"", b"")  # the frame of the last payload written

    def __init__(self, protocol: Any) -> None:
        self.protocol = protocol
        self.is_closed = False
        from twisted.internet import tcp  # only ever under daphne

        transport = getattr(protocol, "transport", None)
        self.direct = (
            isinstance(transport, tcp.Connection)
            and not transport.TLS
            and hasattr(protocol, "send_queue")
        )

    def write(self, payload: bytes) -> None:
        protocol = self.protocol
        if self.is_closed or protocol.state != protocol.STATE_OPEN:
            return
        transport = protocol.transport
        if (
            not self.direct
            or protocol.send_queue
            or transport.TLS
            or not transport.connected
            or transport._writeDisconnected
            or transport.disconnecting
        ):
            protocol.sendMessage(payload, False)
            return
        last_payload, frame = DaphneWire._last
        if payload is not last_payload:
            frame = text_frame(payload)
            DaphneWire._last = (payload, frame)
        if transport._tempDataLen or len(transport.dataBuffer) > transport.offset:
            transport.write(frame)  # behind earlier bytes: keep the order
            return
        try:
            sent = transport.socket.send(frame)
        except (BlockingIOError, InterruptedError):
            sent = 0
        except OSError:
            transport.write(frame)  # Twisted notices the lost connection and cleans up
            return
        if sent < len(frame):
            transport.write(frame[sent:])

    def backlog(self) -> int:
        """Bytes written but not yet accepted by the kernel (Twisted's write buffer)."""
        transport = getattr(self.protocol, "transport", None)
        if transport is None:
            return 0
        return (
            len(getattr(transport, "dataBuffer", b""))
            - getattr(transport, "offset", 0)
            + getattr(transport, "_tempDataLen", 0)
        )

    def close(self, code: int, reason: str) -> None:
        if self.is_closed:
            return
        self.is_closed = True
        if self.protocol.state == self.protocol.STATE_OPEN:
            self.protocol.sendClose(code=code, reason=reason)


class AsgiWire:
    def __init__(self, send: Send) -> None:
        self.send = send
        self.is_closed = False
        self.outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.pending_bytes = 0
        self.drainer = asyncio.get_running_loop().create_task(self._drain())

    def write(self, payload: bytes) -> None:
        if self.is_closed:
            return
        text = payload.decode()
        self.pending_bytes += len(text)
        self.outbox.put_nowait({"type": "websocket.send", "text": text})

    def backlog(self) -> int:
        return self.pending_bytes

    def close(self, code: int, reason: str) -> None:
        if self.is_closed:
            return
        self.is_closed = True
        self.outbox.put_nowait({"type": "websocket.close", "code": code, "reason": reason})

    async def _drain(self) -> None:
        while True:
            message = await self.outbox.get()
            if message["type"] == "websocket.send":
                self.pending_bytes -= len(message["text"])
            try:
                await self.send(message)
            except Exception:
                logger.exception("send to a WebSocket failed")
                return

    async def stop(self) -> None:
        self.drainer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.drainer


def wire_for(send: Send) -> DaphneWire | AsgiWire:
    protocol = _daphne_protocol(send)
    return DaphneWire(protocol) if protocol is not None else AsgiWire(send)


def _daphne_protocol(send: Any) -> Any:
    # channels' SessionMiddleware wraps send to save sessions on HTTP responses; a
    # WebSocket frame never needs it.
    while hasattr(getattr(send, "__self__", None), "real_send"):
        send = send.__self__.real_send
    if not isinstance(send, functools.partial) or not send.args:
        return None
    if getattr(send.func, "__name__", "") != "handle_reply":
        return None
    protocol = send.args[0]
    if all(hasattr(protocol, name) for name in ("sendMessage", "sendClose", "STATE_OPEN")):
        return protocol
    return None
