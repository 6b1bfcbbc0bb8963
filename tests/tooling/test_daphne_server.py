"""livescore.daphne_server: a request leaves daphne's connection table as soon as it is
done, and what daphne's once-a-second sweep did for it still happens."""

import asyncio
import logging

from daphne.server import Server
from twisted.internet import reactor

from livescore.daphne_server import ReapingServer


class Protocol:
    """The part of daphne's protocol objects the server calls back."""

    def __init__(self) -> None:
        self.exceptions: list[BaseException] = []

    def handle_exception(self, exception: BaseException) -> None:
        self.exceptions.append(exception)


def _server(application) -> ReapingServer:
    server = ReapingServer(application=application, endpoints=["tcp:port=0"])
    server.connections = {}  # what Server.run() starts with
    return server


async def _answer(scope, receive, send) -> None:
    await receive()


async def _settle() -> None:
    for _ in range(3):
        await asyncio.sleep(0)


async def test_a_request_is_reaped_when_its_application_returns_after_the_disconnect():
    server, protocol = _server(_answer), Protocol()
    server.protocol_connected(protocol)
    queue = server.create_application(protocol, {"type": "http"})
    server.protocol_disconnected(protocol)  # daphne's WebRequest.finish()
    assert protocol in server.connections  # its application is still running
    queue.put_nowait({"type": "http.disconnect"})
    await _settle()
    assert server.connections == {}


async def test_a_request_is_reaped_at_the_disconnect_when_its_application_returned_first():
    server, protocol = _server(_answer), Protocol()
    server.protocol_connected(protocol)
    queue = server.create_application(protocol, {"type": "http"})
    queue.put_nowait({"type": "http.request"})
    await _settle()
    assert list(server.connections[protocol]) == ["connected"]
    server.protocol_disconnected(protocol)
    assert server.connections == {}
    server.protocol_disconnected(protocol)  # again, as connectionLost may: no KeyError


async def test_daphnes_own_server_keeps_finished_requests_until_its_sweep():
    # Why the subclass exists: without it the table fills with finished requests.
    server, protocol = Server(application=_answer, endpoints=["tcp:port=0"]), Protocol()
    server.connections = {}
    server.protocol_connected(protocol)
    queue = server.create_application(protocol, {"type": "http"})
    server.protocol_disconnected(protocol)
    queue.put_nowait({"type": "http.disconnect"})
    await _settle()
    assert protocol in server.connections


async def test_an_application_error_is_logged_and_handed_to_an_open_connection(caplog):
    async def broken(scope, receive, send):
        raise ValueError("bad state")

    server, protocol = _server(broken), Protocol()
    server.protocol_connected(protocol)
    with caplog.at_level(logging.ERROR, logger="daphne.server"):
        server.create_application(protocol, {"type": "http"})
        await _settle()
    assert [str(error) for error in protocol.exceptions] == ["bad state"]
    assert "Exception inside application: bad state" in caplog.text
    assert "application_instance" not in server.connections[protocol]


async def test_the_sweep_still_stops_an_application_that_outlives_its_connection():
    async def stuck(scope, receive, send):
        await asyncio.sleep(3600)

    server, protocol = _server(stuck), Protocol()
    server.application_close_timeout = 0
    server.protocol_connected(protocol)
    server.create_application(protocol, {"type": "websocket"})
    server.protocol_disconnected(protocol)
    server.connections[protocol]["disconnected"] -= 1
    server.application_checker()  # daphne's sweep, still scheduled every second
    for call in reactor.getDelayedCalls():
        if call.func == server.application_checker:
            call.cancel()  # the next sweep it scheduled: no reactor runs here
    await _settle()
    assert server.connections == {}
