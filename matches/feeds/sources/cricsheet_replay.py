"""Replays a real Cricsheet match as if it were live, for demos and load tests.

Cricsheet has no timestamps, so delivery n (0-based over the whole match) of innings k
(0-based) is released at

    start_at + (n * seconds_per_delivery + k * innings_break_seconds) / speed

and each crawl returns every delivery released by `clock()`: a growing prefix with stable
keys "cricsheet:<match_id>:<innings>:<over>.<ball>", where innings counts from 1 (super
overs continue the count), over is Cricsheet's 0-based over number and ball is the
1-based position of the delivery in that over as Cricsheet lists it (wides and no-balls
included, so the key is unique even when an over has more than six deliveries). The
fixture carries the parsed file (`FixtureRecord.document`), which the cricket translator
converts whole (`matches/feeds/cricket_steps.py`).

Config keys:
    url (str)                        http(s) or file:// URL of a Cricsheet JSON file, or
    path (str)                       a local file path (turned into a file:// URL)
    start_at (str, required)         ISO 8601 with offset, e.g. "2024-06-01T14:00:00+00:00"
    speed (number, default 1.0)      2.0 replays twice as fast
    seconds_per_delivery (default 30.0), innings_break_seconds (default 600.0)
    match_id (str, optional)         defaults to the file name without ".json"
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from matches.feeds.errors import ConfigError
from matches.feeds.records import (
    CrawlResult,
    EventKind,
    EventRecord,
    FixtureRecord,
    FixtureStatus,
)
from matches.feeds.registry import register
from matches.feeds.sources.base import FeedRequest, Source, config_str, expect, load_json


@dataclass(frozen=True, slots=True)
class _Delivery:
    innings_index: int
    match_position: int
    payload: dict[str, Any]


@register
class CricsheetReplaySource(Source):
    name = "cricsheet_replay"
    # The body never changes but what has "happened" does, so a 304 must not skip parsing.
    uses_conditional_requests = False

    def __init__(self, config: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        if self.config.get("path"):
            self.url = Path(config_str(self.config, "path")).resolve().as_uri()
        else:
            self.url = config_str(self.config, "url")
        start_at = config_str(self.config, "start_at")
        try:
            self.start_at = datetime.fromisoformat(start_at)
        except ValueError as exc:
            raise ConfigError(f"start_at is not ISO 8601: {start_at!r}") from exc
        if self.start_at.tzinfo is None:
            raise ConfigError(f"start_at needs a UTC offset: {start_at!r}")
        self.speed = _positive(self.config, "speed", 1.0)
        self.seconds_per_delivery = _positive(self.config, "seconds_per_delivery", 30.0)
        self.innings_break_seconds = _positive(self.config, "innings_break_seconds", 600.0)
        default_match_id = PurePosixPath(urlsplit(self.url).path).stem
        self.match_id = config_str(self.config, "match_id", default=default_match_id or None)

    def build_requests(self) -> list[FeedRequest]:
        return [FeedRequest(url=self.url)]

    def release_time(self, *, innings_index: int, match_position: int) -> datetime:
        offset = (
            match_position * self.seconds_per_delivery + innings_index * self.innings_break_seconds
        ) / self.speed
        return self.start_at + timedelta(seconds=offset)

    def parse(self, body: bytes, *, url: str) -> CrawlResult:
        document = load_json(body, url=url)
        expect(isinstance(document, dict), url=url, what="a Cricsheet JSON object")
        info, innings = document.get("info"), document.get("innings")
        expect(isinstance(info, dict), url=url, what="an 'info' object")
        expect(isinstance(innings, list), url=url, what="an 'innings' list")
        teams = info.get("teams")
        expect(
            isinstance(teams, list) and len(teams) == 2 and all(isinstance(t, str) for t in teams),
            url=url,
            what="'info.teams' to be two team names",
        )
        deliveries = self._deliveries(innings, url=url)

        now = self.clock()
        released = [
            delivery
            for delivery in deliveries
            if self.release_time(
                innings_index=delivery.innings_index, match_position=delivery.match_position
            )
            <= now
        ]
        events = tuple(
            EventRecord(
                source=self.name,
                match_external_id=self.match_id,
                key=(
                    f"cricsheet:{self.match_id}:{delivery.payload['innings']}:"
                    f"{delivery.payload['over']}.{delivery.payload['ball']}"
                ),
                kind=EventKind.DELIVERY,
                sequence=delivery.match_position,
                payload=copy.deepcopy(delivery.payload),
            )
            for delivery in released
        )
        if now < self.start_at:
            status = FixtureStatus.SCHEDULED
        elif len(released) < len(deliveries):
            status = FixtureStatus.LIVE
        else:
            status = FixtureStatus.FINISHED
        event = info.get("event") if isinstance(info.get("event"), dict) else {}
        match_type = str(info.get("match_type") or "cricket")
        fixture = FixtureRecord(
            source=self.name,
            external_id=self.match_id,
            competition_external_id=str(event.get("name") or match_type),
            competition_name=str(event.get("name") or match_type),
            home_team_name=teams[0],
            away_team_name=teams[1],
            kickoff=self.start_at,
            status=status,
            season=str(info["season"]) if info.get("season") is not None else None,
            round=str(event["match_number"]) if event.get("match_number") is not None else None,
            stage=str(event["stage"]) if event.get("stage") else None,
            # The whole file travels with the fixture: the cricket translator converts the
            # match as a whole and writes the part the released deliveries have reached.
            document=document,
        )
        return CrawlResult(source=self.name, url=url, fixtures=(fixture,), events=events, raw=body)

    def _deliveries(self, innings: list[Any], *, url: str) -> list[_Delivery]:
        deliveries = []
        for innings_index, raw_innings in enumerate(innings):
            where = f"{url} innings[{innings_index}]"
            expect(isinstance(raw_innings, dict), url=where, what="an innings object")
            team, overs = raw_innings.get("team"), raw_innings.get("overs", [])
            expect(isinstance(team, str), url=where, what="a batting 'team'")
            expect(isinstance(overs, list), url=where, what="an 'overs' list")
            for raw_over in overs:
                expect(isinstance(raw_over, dict), url=where, what="an over object")
                over_number, balls = raw_over.get("over"), raw_over.get("deliveries")
                expect(
                    isinstance(over_number, int) and isinstance(balls, list),
                    url=where,
                    what="an over with an integer 'over' and a 'deliveries' list",
                )
                for ball, raw_delivery in enumerate(balls, start=1):
                    payload = _delivery_payload(
                        raw_delivery, url=f"{where} over {over_number} ball {ball}"
                    )
                    payload.update(
                        innings=innings_index + 1,
                        batting_team=team,
                        over=over_number,
                        ball=ball,
                        super_over=bool(raw_innings.get("super_over", False)),
                    )
                    deliveries.append(_Delivery(innings_index, len(deliveries), payload))
        return deliveries


def _delivery_payload(raw: Any, *, url: str) -> dict[str, Any]:
    expect(isinstance(raw, dict), url=url, what="a delivery object")
    for name in ("batter", "non_striker", "bowler"):
        expect(isinstance(raw.get(name), str), url=url, what=f"a '{name}' name")
    runs = raw.get("runs")
    expect(
        isinstance(runs, dict)
        and all(isinstance(runs.get(part), int) for part in ("batter", "extras", "total")),
        url=url,
        what="'runs' with integer batter, extras and total",
    )
    payload = copy.deepcopy(raw)
    payload.setdefault("extras", {})
    payload.setdefault("wickets", [])
    expect(isinstance(payload["extras"], dict), url=url, what="'extras' to be an object")
    expect(isinstance(payload["wickets"], list), url=url, what="'wickets' to be a list")
    return payload


def _positive(config: Mapping[str, Any], key: str, default: float) -> float:
    value = config.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"config key {key!r} must be a positive number, got {value!r}")
    return float(value)
