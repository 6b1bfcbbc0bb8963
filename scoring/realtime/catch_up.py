"""What a (re)connecting fan is sent: a snapshot of the projection, or the events missed."""

from typing import Any

from accounts.models import Favourite
from matches.models import Competition, Match, Team
from scoring.models import MatchEvent, Scoreboard
from scoring.realtime import broadcast

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


def channel_groups_get(*, channels: list[str]) -> dict[str, list[str] | None]:
    """The Channels groups behind each channel (not `user:me`); None when its match,
    competition or team does not exist."""
    wanted: dict[str, set[int]] = {"match": set(), "competition": set(), "team": set()}
    for channel in channels:
        kind, _, ident = channel.partition(":")
        if kind in wanted:
            wanted[kind].add(int(ident))
    found = {
        "match": set(Match.objects.filter(pk__in=wanted["match"]).values_list("pk", flat=True)),
        "competition": set(
            Competition.objects.filter(pk__in=wanted["competition"]).values_list("pk", flat=True)
        ),
        "team": set(Team.objects.filter(pk__in=wanted["team"]).values_list("pk", flat=True)),
    }
    result: dict[str, list[str] | None] = {}
    for channel in channels:
        kind, _, ident = channel.partition(":")
        exists = kind not in found or int(ident) in found[kind]
        result[channel] = [broadcast.group_name(channel)] if exists else None
    return result


def favourite_channels_get(*, user_id: int, limit: int) -> list[str]:
    """The channels a fan's favourites stand for: team, competition or match."""
    channels = []
    rows = Favourite.objects.filter(user_id=user_id).values_list(
        "team_id", "competition_id", "match_id"
    )
    for team_id, competition_id, match_id in rows[:limit]:
        if team_id:
            channels.append(broadcast.team_channel(team_id))
        elif competition_id:
            channels.append(broadcast.competition_channel(competition_id))
        elif match_id:
            channels.append(broadcast.match_channel(match_id))
    return channels


def match_channels_get(*, match_ids: list[int]) -> dict[int, set[str]]:
    """Every channel that carries each match's events."""
    rows = Match.objects.filter(pk__in=match_ids).values_list(
        "pk", "competition_id", "home_team_id", "away_team_id"
    )
    return {
        pk: set(
            broadcast.event_channels(
                match_id=pk, competition_id=competition_id, team_ids=(home, away)
            )
        )
        for pk, competition_id, home, away in rows
    }
