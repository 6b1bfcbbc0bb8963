"""openfootball football.json season files: fixtures and results of one league season.

Config keys:
    url (str, required)              the season file, e.g. .../2019-20/en.1.json
    competition_id (str, required)   our id for the league, e.g. "en.1"
    season (str, required)           e.g. "2019-20"
    timezone (str, required)         IANA zone the file's local kick-off times are in,
                                     e.g. "Europe/London"

The format has no match ids, so `external_id` is built from what identifies a fixture in
a season and survives rescheduling: "<competition_id>:<season>:[<stage>:]<team1>:<team2>".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from matches.feeds.errors import ConfigError, ParseError
from matches.feeds.records import CrawlResult, FixtureRecord, FixtureStatus
from matches.feeds.registry import register
from matches.feeds.sources.base import FeedRequest, Source, config_str, expect, load_json

_STATUSES = {
    "cancelled": FixtureStatus.CANCELLED,
    "canceled": FixtureStatus.CANCELLED,
    "postponed": FixtureStatus.POSTPONED,
    "awarded": FixtureStatus.AWARDED,
    "abandoned": FixtureStatus.CANCELLED,
}


@register
class OpenFootballSource(Source):
    name = "openfootball"

    def __init__(self, config: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        self.url = config_str(self.config, "url")
        self.competition_id = config_str(self.config, "competition_id")
        self.season = config_str(self.config, "season")
        zone_name = config_str(self.config, "timezone")
        try:
            self.timezone = ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f"unknown timezone {zone_name!r}") from exc

    def build_requests(self) -> list[FeedRequest]:
        return [FeedRequest(url=self.url)]

    def parse(self, body: bytes, *, url: str) -> CrawlResult:
        document = load_json(body, url=url)
        expect(isinstance(document, dict), url=url, what="a JSON object")
        name, raw_matches = document.get("name"), document.get("matches")
        expect(isinstance(name, str) and bool(name), url=url, what="a season 'name'")
        expect(isinstance(raw_matches, list), url=url, what="'matches' to be a list")
        fixtures = []
        seen: dict[str, int] = {}
        for index, raw in enumerate(raw_matches):
            fixture = self._fixture(raw, competition_name=name, url=f"{url} matches[{index}]")
            # A pairing met twice in one stage (a replay) keeps file order as its tiebreak.
            seen[fixture.external_id] = seen.get(fixture.external_id, 0) + 1
            if seen[fixture.external_id] > 1:
                fixture = replace(
                    fixture, external_id=f"{fixture.external_id}:{seen[fixture.external_id]}"
                )
            fixtures.append(fixture)
        return CrawlResult(source=self.name, url=url, fixtures=tuple(fixtures), raw=body)

    def _fixture(self, raw: Any, *, competition_name: str, url: str) -> FixtureRecord:
        expect(isinstance(raw, dict), url=url, what="a match object")
        team1, team2 = raw.get("team1"), raw.get("team2")
        expect(
            isinstance(team1, str) and isinstance(team2, str) and bool(team1) and bool(team2),
            url=url,
            what="'team1' and 'team2' names",
        )
        kickoff, is_time_known = self._kickoff(raw.get("date"), raw.get("time"), url=url)
        score = raw.get("score") or {}
        expect(isinstance(score, dict), url=url, what="'score' to be an object")
        full_time = _pair(score.get("ft"), url=url, what="score.ft")
        half_time = _pair(score.get("ht"), url=url, what="score.ht")
        extra_time = _pair(score.get("et"), url=url, what="score.et")
        penalties = _pair(score.get("p"), url=url, what="score.p")
        # "ft" is the 90-minute score; after extra time the result is "et".
        final = extra_time if extra_time[0] is not None else full_time
        status = self._status(raw.get("status"), has_result=full_time[0] is not None, url=url)
        stage = raw.get("stage") or None
        id_parts = [self.competition_id, self.season]
        if stage:
            id_parts.append(str(stage))
        id_parts += [team1, team2]
        return FixtureRecord(
            source=self.name,
            external_id=":".join(id_parts),
            competition_external_id=self.competition_id,
            competition_name=competition_name,
            home_team_name=team1,
            away_team_name=team2,
            kickoff=kickoff,
            status=status,
            season=self.season,
            round=raw.get("round") or None,
            stage=stage,
            home_score=final[0],
            away_score=final[1],
            home_score_half_time=half_time[0],
            away_score_half_time=half_time[1],
            home_score_penalties=penalties[0],
            away_score_penalties=penalties[1],
            is_kickoff_time_known=is_time_known,
        )

    def _kickoff(self, day: Any, clock: Any, *, url: str) -> tuple[datetime, bool]:
        try:
            match_date = date.fromisoformat(day)
            match_time = time.fromisoformat(clock) if clock else time(0, 0)
        except (TypeError, ValueError) as exc:
            raise ParseError(f"{url}: bad date/time {day!r} {clock!r}") from exc
        return datetime.combine(match_date, match_time, tzinfo=self.timezone), bool(clock)

    def _status(self, value: Any, *, has_result: bool, url: str) -> FixtureStatus:
        if value is None:
            # A season file only knows results after the fact: no score means not played yet.
            return FixtureStatus.FINISHED if has_result else FixtureStatus.SCHEDULED
        status = _STATUSES.get(str(value).lower())
        if status is None:
            raise ParseError(f"{url}: unknown status {value!r}")
        return status


def _pair(value: Any, *, url: str, what: str) -> tuple[int | None, int | None]:
    if value is None:
        return None, None
    is_pair = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(goals, int) and not isinstance(goals, bool) for goals in value)
        and min(value) >= 0
    )
    expect(is_pair, url=url, what=f"{what} to be two non-negative integers")
    return value[0], value[1]
