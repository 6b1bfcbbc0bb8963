"""The demo's live match: a real Cricsheet match replayed ball by ball inside the web process.

`with_demo_replay(app)` wraps the HTTP ASGI app. The first request starts, once per process,
an asyncio task in the server's event loop that records the demo match's events through the
scoring service, one every settings.DEMO_BALL_SECONDS. The service runs in the sync thread
(database_sync_to_async), and its after-commit broadcasts reach this process's channel
layer, in memory when there is no Redis, so fans on the match page see every ball. A
restarted server resumes after the events already in the log (their idempotency keys).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings

from matches.demo import LIVE_CRICKET_FILE
from matches.lifecycle import SCORING_STATUSES, Status
from matches.services import match_find_by_external_id
from scoring import services
from scoring.errors import ScoringError
from scoring.formats import cricsheet
from scoring.models import EventSource, MatchEvent
from scoring.rules.cricket.players import remap_players
from scoring.selectors import squad_player_ids

logger = logging.getLogger(__name__)

DEMO_SOURCE = "demo"

ASGIApp = Callable[[dict, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Any]


@dataclass(frozen=True)
class DemoEvent:
    key: str
    kind: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class DemoPlan:
    match_id: int
    status: str
    to_play: list[DemoEvent]  # the events not yet in the log, in order


def demo_plan() -> DemoPlan | None:
    """The demo match (made by `manage.py demo_data`) and its events still to be played."""
    external_id = f"cricsheet:{LIVE_CRICKET_FILE.stem}"
    match = match_find_by_external_id(source=DEMO_SOURCE, external_id=external_id)
    if match is None:
        return None
    document = json.loads(LIVE_CRICKET_FILE.read_text())
    _setup, events = cricsheet.convert(document)
    registry = (document["info"].get("registry") or {}).get("people") or {}
    players = squad_player_ids(match_id=match.pk, registry=registry)
    recorded = set(
        MatchEvent.objects.filter(
            match=match, idempotency_key__startswith=f"{external_id}:"
        ).values_list("idempotency_key", flat=True)
    )
    plan = [
        DemoEvent(key=f"{external_id}:{number}", kind=kind, payload=payload)
        for number, (kind, payload) in enumerate(events, start=1)
    ]
    to_play = [
        DemoEvent(
            key=item.key, kind=item.kind, payload=remap_players(item.kind, item.payload, players)
        )
        for item in plan
        if item.key not in recorded
    ]
    return DemoPlan(match_id=match.pk, status=match.status, to_play=to_play)


def demo_start(plan: DemoPlan) -> None:
    if plan.status == Status.SCHEDULED:
        services.match_transition(
            match_id=plan.match_id,
            to_status=Status.LIVE,
            source=EventSource.DEMO,
            idempotency_key="demo:live",
        )


def demo_play(plan: DemoPlan, event: DemoEvent) -> None:
    services.event_record(
        match_id=plan.match_id,
        kind=event.kind,
        payload=event.payload,
        source=EventSource.DEMO,
        idempotency_key=event.key,
    )


def demo_finish(plan: DemoPlan) -> None:
    services.match_transition(
        match_id=plan.match_id,
        to_status=Status.FINISHED,
        source=EventSource.DEMO,
        idempotency_key="demo:finished",
    )


async def replay_demo_match(*, seconds_per_event: float, stop: asyncio.Event | None = None) -> None:
    """Play the demo match's remaining events; returns early once `stop` is set."""
    stop = stop or asyncio.Event()
    plan = await database_sync_to_async(demo_plan)()
    if plan is None:
        logger.warning("demo replay: no demo match; run `manage.py demo_data` first")
        return
    if plan.status not in (Status.SCHEDULED, *SCORING_STATUSES):
        logger.info("demo replay: match %s is %s; nothing to play", plan.match_id, plan.status)
        return
    try:
        await database_sync_to_async(demo_start)(plan)
        logger.info("demo replay: match %s, %s events to play", plan.match_id, len(plan.to_play))
        for event in plan.to_play:
            if await _stopped_within(stop, seconds_per_event):
                return
            await database_sync_to_async(demo_play)(plan, event)
        await database_sync_to_async(demo_finish)(plan)
    except ScoringError as error:
        # A scorer took over in admin (undo, corrections, status): the demo steps aside.
        logger.warning("demo replay stopped: %s (%s)", error.message, error.code)
    except Exception:
        logger.exception("demo replay failed")
        raise


async def _stopped_within(stop: asyncio.Event, seconds: float) -> bool:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        return False
    return True


def with_demo_replay(app: ASGIApp) -> ASGIApp:
    """`app`, starting the demo replay in the server's loop on its first HTTP request."""
    started: list[asyncio.Task] = []  # also keeps the task referenced while it runs

    async def application(scope, receive, send):
        if not started and scope["type"] == "http":
            stop = asyncio.Event()
            task = asyncio.get_running_loop().create_task(
                replay_demo_match(seconds_per_event=settings.DEMO_BALL_SECONDS, stop=stop),
                name="demo-replay",
            )
            started.append(task)
            _stop_before_server_shutdown(task, stop)
        return await app(scope, receive, send)

    return application


def _stop_before_server_shutdown(task: asyncio.Task, stop: asyncio.Event) -> None:
    """Under daphne, let the replay finish its current event before the loop stops: an event
    committed while the loop is gone would wait forever to broadcast, and hang the exit."""
    reactor = sys.modules.get("twisted.internet.reactor")
    if reactor is None or not getattr(reactor, "running", False):
        return
    from twisted.internet.defer import Deferred

    async def finished() -> None:
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=10)

    def before_shutdown() -> Deferred:
        stop.set()
        return Deferred.fromFuture(asyncio.ensure_future(finished()))

    reactor.addSystemEventTrigger("before", "shutdown", before_shutdown)
