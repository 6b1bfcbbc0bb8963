"""Frames for fans and the Channels groups they travel through.

A fan subscribes to channels (`match:12`, `competition:3`, `team:7`, `live:all`, `user:me`);
each maps to a Channels group built by `group_name`. A committed event is published once
to the groups of its match, competition, both teams and `live:all`.

Two fan-out paths share this protocol (settings.REALTIME_FANOUT, see docs/realtime.md):
- "hub": the frame body is serialised once, here, after commit; every daphne process has
  one hub channel in each group and writes that text to its local sockets (scoring/fanout.py).
- "groups": the plain Channels pattern, every consumer in the group gets its own copy
  and serialises it; kept as the measured baseline."""

import json
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings

logger = logging.getLogger(__name__)

LIVE_ALL = "live:all"
USER_ME = "user:me"
HUB = "hub"
GROUPS = "groups"
EVENT_MESSAGE = "fanout.event"  # hub path: one message per group per process
GROUP_MESSAGE = "match.event"  # baseline path: one message per consumer


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
) -> None:
    """Send one committed event to the groups of its match, competition, teams and live:all.

    A failure here must not undo a committed event: fans repair gaps by seq from the log."""
    channels = event_channels(match_id=match_id, competition_id=competition_id, team_ids=team_ids)
    try:
        async_to_sync(_send)(channels, frame)
    except Exception:
        logger.exception("broadcast of match %s seq %s failed", match_id, frame.get("seq"))


async def _send(channels: list[str], frame: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if fanout_mode() == GROUPS:
        for channel in channels:
            await layer.group_send(
                group_name(channel), {"type": GROUP_MESSAGE, "frame": {**frame, "channel": channel}}
            )
        return
    body = frame_body(frame)
    for channel in channels:
        group = group_name(channel)
        await layer.group_send(
            group,
            {
                "type": EVENT_MESSAGE,
                "group": group,
                "match": frame["match"],
                "seq": frame["seq"],
                "body": body,
            },
        )
