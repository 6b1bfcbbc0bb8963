"""Frames for fans and the Channels groups they travel through.

A fan subscribes to channels (`match:12`, `competition:3`, `team:7`, `live:all`, `user:me`);
each maps to a Channels group built by `group_name`. A committed event is published once
to the groups of its match, competition, both teams and `live:all`.

Two fan-out paths share this protocol (settings.REALTIME_FANOUT, see docs/realtime.md):
- "hub": the frame body is serialised once, here, after commit; every daphne process has
  one hub channel in each group and writes that text to its local sockets
  (scoring/realtime/fanout.py).
- "groups": the plain Channels pattern, every consumer in the group gets its own copy
  and serialises it; kept as the measured baseline."""

import asyncio
import json
import logging
import os
import threading
from typing import Any

from channels.layers import get_channel_layer
from django.conf import settings

logger = logging.getLogger(__name__)

LIVE_ALL = "live:all"
USER_ME = "user:me"
HUB = "hub"
GROUPS = "groups"
EVENT_MESSAGE = "fanout.event"  # hub path: one message per group per process
GROUP_MESSAGE = "match.event"  # baseline path: one message per consumer
PUBLISH_TIMEOUT_SECONDS = 5.0


def group_name(channel: str) -> str:
    """`match:12` → `match.12`: Channels group names allow only [a-zA-Z0-9_.-]."""
    return channel.replace(":", ".")


def match_channel(match_id: int) -> str:
    return f"match:{match_id}"


def competition_channel(competition_id: int) -> str:
    return f"competition:{competition_id}"


def team_channel(team_id: int) -> str:
    return f"team:{team_id}"


def fanout_mode() -> str:
    return GROUPS if getattr(settings, "REALTIME_FANOUT", HUB) == GROUPS else HUB


def event_frame(
    *,
    channel: str,
    match_id: int,
    seq: int,
    kind: str,
    ts: str,
    payload: dict[str, Any],
    target_seq: int | None,
    summary: dict[str, Any] | None,
    status: str,
) -> dict[str, Any]:
    return {
        "channel": channel,
        "match": match_id,
        "seq": seq,
        "type": kind,
        "ts": ts,
        "data": {
            "payload": payload,
            "target_seq": target_seq,
            "summary": summary,
            "status": status,
        },
    }


def frame_body(frame: dict[str, Any]) -> str:
    """The frame's JSON without its channel; `frame_text` prefixes the channel per route."""
    return json.dumps(
        {key: value for key, value in frame.items() if key != "channel"}, separators=(",", ":")
    )


def frame_text(channel: str, body: str) -> str:
    # Channel names are validated against a strict pattern, so no escaping is needed.
    return '{"channel":"' + channel + '",' + body[1:]


def event_channels(
    *, match_id: int, competition_id: int | None, team_ids: tuple[int, ...]
) -> list[str]:
    channels = [match_channel(match_id)]
    if competition_id is not None:
        channels.append(competition_channel(competition_id))
    channels.extend(team_channel(team_id) for team_id in dict.fromkeys(team_ids) if team_id)
    channels.append(LIVE_ALL)
    return channels


def publish(
    *,
    match_id: int,
    frame: dict[str, Any],
    competition_id: int | None = None,
    team_ids: tuple[int, ...] = (),
) -> bool:
    """Send one committed event to the groups of its match, competition, teams and live:all.

    A failure here must not undo a committed event: it answers False and the event stays in
    the outbox (scoring/realtime/outbox.py) to be sent again; fans repair gaps by seq from the
    log."""
    channels = event_channels(match_id=match_id, competition_id=competition_id, team_ids=team_ids)
    try:
        future = asyncio.run_coroutine_threadsafe(_send(channels, frame), _publisher_loop())
        future.result(timeout=PUBLISH_TIMEOUT_SECONDS)
    except Exception:
        logger.exception("broadcast of match %s seq %s failed", match_id, frame.get("seq"))
        return False
    return True


_publisher: tuple[int, asyncio.AbstractEventLoop] | None = None
_publisher_lock = threading.Lock()


def _publisher_loop() -> asyncio.AbstractEventLoop:
    """One long-lived event loop per process for publishing. `async_to_sync` would build a
    loop, and with it a new Redis connection pool, per call: 16-70 ms per event measured
    (440 ms for the first), against about 1 ms on warm connections. Re-created after a
    fork (Celery prefork), where the parent's thread does not exist."""
    global _publisher, _lock
    with _publisher_lock:
        if _publisher is None or _publisher[0] != os.getpid() or _publisher[1].is_closed():
            loop = asyncio.new_event_loop()
            threading.Thread(
                target=loop.run_forever, name="broadcast-publisher", daemon=True
            ).start()
            _publisher = (os.getpid(), loop)
            _lock = None
        return _publisher[1]


async def _send(channels: list[str], frame: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if fanout_mode() == GROUPS:
        for channel in channels:
            await layer.group_send(
                group_name(channel), {"type": GROUP_MESSAGE, "frame": {**frame, "channel": channel}}
            )
        return
    body = frame_body(frame)
    # One event at a time per process, so concurrent sends never reorder a group.
    async with _send_lock():
        await _send_each(channels, frame, body)


def _send_lock() -> asyncio.Lock:
    global _lock
    if _lock is None:
        _lock = asyncio.Lock()
    return _lock


_lock: asyncio.Lock | None = None


async def _send_each(channels: list[str], frame: dict[str, Any], body: str) -> None:
    layer = get_channel_layer()
    await asyncio.gather(
        *(
            layer.group_send(
                group_name(channel),
                {
                    "type": EVENT_MESSAGE,
                    "group": group_name(channel),
                    "match": frame["match"],
                    "seq": frame["seq"],
                    "body": body,
                },
            )
            for channel in channels
        )
    )
