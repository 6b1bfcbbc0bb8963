"""Frames for fans and the Channels groups they travel through.

Frames are built once per event after the transaction commits; payloads are plain JSON."""

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

LIVE_ALL = "live:all"


def group_name(channel: str) -> str:
    """`match:12` → `match.12`: Channels group names allow only [a-zA-Z0-9_.-]."""
    return channel.replace(":", ".")


def match_channel(match_id: int) -> str:
    return f"match:{match_id}"


def event_frame(
    *,
    channel: str,
    match_id: int,
    seq: int,
    kind: str,
    ts: str,
    payload: dict[str, Any],
    target_seq: int | None,
    summary: dict[str, Any],
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


def publish(*, match_id: int, frame: dict[str, Any]) -> None:
    """Send one committed event to the match's group and to `live:all`.

    A failure here must not undo a committed event: fans catch up by seq."""
    layer = get_channel_layer()
    try:
        for channel in (match_channel(match_id), LIVE_ALL):
            async_to_sync(layer.group_send)(
                group_name(channel),
                {"type": "match.event", "frame": {**frame, "channel": channel}},
            )
    except Exception:
        logger.exception("broadcast of match %s seq %s failed", match_id, frame.get("seq"))
