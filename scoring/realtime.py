"""What a (re)connecting fan is sent: a snapshot of the projection, or the events missed."""

from typing import Any

from matches.models import Match
from scoring import broadcast
from scoring.models import MatchEvent, Scoreboard

CATCH_UP_LIMIT = 500


def snapshot_frame(*, match_id: int) -> dict[str, Any] | None:
    match = Match.objects.filter(pk=match_id).values("status").first()
    if match is None:
        return None
    board = Scoreboard.objects.filter(match_id=match_id).values("seq", "summary").first()
    board = board or {"seq": 0, "summary": {}}
    return {
        "type": "snapshot",
        "channel": broadcast.match_channel(match_id),
        "match": match_id,
        "seq": board["seq"],
        "data": {"summary": board["summary"], "status": match["status"]},
    }


def catch_up_frames(
    *, match_id: int, since_seq: int, until_seq: int
) -> list[dict[str, Any]] | None:
    """The logged events after `since_seq`, the last carrying the current summary; None
    when the fan is too far behind and should take a snapshot instead."""
    if until_seq - since_seq > CATCH_UP_LIMIT:
        return None
    events = list(
        MatchEvent.objects.filter(match_id=match_id, seq__gt=since_seq, seq__lte=until_seq)
        .order_by("seq")
        .values("seq", "kind", "payload", "target_seq", "created_at")
    )
    snapshot = snapshot_frame(match_id=match_id)
    frames = []
    for event in events:
        is_last = event["seq"] == events[-1]["seq"]
        frames.append(
            broadcast.event_frame(
                channel=broadcast.match_channel(match_id),
                match_id=match_id,
                seq=event["seq"],
                kind=event["kind"],
                ts=event["created_at"].isoformat(),
                payload=event["payload"],
                target_seq=event["target_seq"],
                summary=snapshot["data"]["summary"] if is_last and snapshot else None,
                status=snapshot["data"]["status"] if snapshot else "",
            )
        )
    return frames
