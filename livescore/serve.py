"""daphne on uvloop: how the site's ASGI processes are started (make run, docs/operations.md).

    python -m livescore.serve -b 0.0.0.0 -p 8001 livescore.asgi:application

The arguments are daphne's. daphne runs Twisted's asyncio reactor on the loop asyncio makes
when daphne's server module is imported, so the loop policy is set before that import.
uvloop runs the ASGI tasks, futures and queues of every request on less CPU than the
standard loop (bench/api, docs/benchmarks.md). LIVESCORE_EVENT_LOOP=asyncio keeps the
standard loop. The server is daphne's, freeing each request when it is done
(livescore.daphne_server)."""

import asyncio
import os

EVENT_LOOPS = ("uvloop", "asyncio")


def use_event_loop() -> None:
    """Set the loop policy LIVESCORE_EVENT_LOOP names; call before importing daphne."""
    choice = os.environ.get("LIVESCORE_EVENT_LOOP", "uvloop")
    if choice not in EVENT_LOOPS:
        raise SystemExit(f"LIVESCORE_EVENT_LOOP must be uvloop or asyncio, not {choice!r}")
    if choice == "uvloop":
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


def main() -> None:
    use_event_loop()
    from daphne.cli import CommandLineInterface

    from livescore.daphne_server import ReapingServer

    class CommandLine(CommandLineInterface):
        server_class = ReapingServer

    CommandLine.entrypoint()


if __name__ == "__main__":
    main()
