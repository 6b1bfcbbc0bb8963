"""football-data.org API v4: competition match lists and single matches with their events.

Config keys:
    api_token (str, required)       sent as X-Auth-Token
    competition (str)               competition code, e.g. "PL" -> /competitions/PL/matches
    season (int|str, optional)      adds ?season=YYYY to the competition request
    date_from, date_to (optional)   "YYYY-MM-DD", add ?dateFrom=&dateTo=
    match_ids (list, optional)      ids to fetch one by one as /matches/{id} (with events)
    base_url (optional)             default https://api.football-data.org/v4
At least one of competition and match_ids is required.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from matches.feeds.errors import ConfigError, ParseError
from matches.feeds.records import (
    CrawlResult,
    EventKind,
    EventRecord,
    FixtureRecord,
    FixtureStatus,
)
from matches.feeds.registry import register
from matches.feeds.sources.base import (
    FeedRequest,
    Source,
    config_str,
    expect,
    load_json,
    optional_int,
    parse_utc_datetime,
)

DEFAULT_BASE_URL = "https://api.football-data.org/v4"

# SUSPENDED means play was stopped to be resumed another day, which is what the scoring
# side treats as postponed.
_STATUSES = {
    "SCHEDULED": FixtureStatus.SCHEDULED,
    "TIMED": FixtureStatus.SCHEDULED,
    "IN_PLAY": FixtureStatus.LIVE,
    "PAUSED": FixtureStatus.LIVE,
    "LIVE": FixtureStatus.LIVE,
    "FINISHED": FixtureStatus.FINISHED,
    "POSTPONED": FixtureStatus.POSTPONED,
    "SUSPENDED": FixtureStatus.POSTPONED,
    "CANCELLED": FixtureStatus.CANCELLED,
    "AWARDED": FixtureStatus.AWARDED,
}

_CARDS = {"YELLOW": "yellow", "YELLOW_RED": "second_yellow", "RED": "red"}
_GOAL_TYPES = {"REGULAR": "regular", "OWN": "own_goal", "PENALTY": "penalty"}


@register
class FootballDataSource(Source):
    name = "football_data"

    def __init__(self, config: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        self.api_token = config_str(self.config, "api_token")
        self.base_url = config_str(self.config, "base_url", default=DEFAULT_BASE_URL).rstrip("/")
        self.competition = self.config.get("competition")
        self.match_ids = [str(match_id) for match_id in self.config.get("match_ids") or []]
        if not self.competition and not self.match_ids:
            raise ConfigError("football_data needs 'competition' or 'match_ids' in its config")

    def build_requests(self) -> list[FeedRequest]:
        headers = {"X-Auth-Token": self.api_token}
        requests = []
        if self.competition:
            query = {
                key: str(self.config[config_key])
                for key, config_key in (
                    ("season", "season"),
                    ("dateFrom", "date_from"),
                    ("dateTo", "date_to"),
                )
                if self.config.get(config_key)
            }
            url = f"{self.base_url}/competitions/{self.competition}/matches"
            if query:
                url = f"{url}?{urlencode(query)}"
            requests.append(FeedRequest(url=url, headers=headers))
        requests.extend(
            FeedRequest(url=f"{self.base_url}/matches/{match_id}", headers=headers)
            for match_id in self.match_ids
        )
        return requests

    def parse(self, body: bytes, *, url: str) -> CrawlResult:
        document = load_json(body, url=url)
        expect(isinstance(document, dict), url=url, what="a JSON object")
        if "matches" in document:
            expect(isinstance(document["matches"], list), url=url, what="'matches' to be a list")
            raw_matches = document["matches"]
            is_single = False
        else:
            raw_matches = [document]
            is_single = True
        fixtures = []
        events: list[EventRecord] = []
        for index, raw in enumerate(raw_matches):
            where = url if is_single else f"{url} match[{index}]"
            expect(isinstance(raw, dict), url=where, what="a match object")
            fixture = self._fixture(raw, url=where)
            fixtures.append(fixture)
            events.extend(self._events(raw, fixture, url=where))
        return CrawlResult(
            source=self.name, url=url, fixtures=tuple(fixtures), events=tuple(events), raw=body
        )

    def _fixture(self, raw: Mapping[str, Any], *, url: str) -> FixtureRecord:
        try:
            match_id = raw["id"]
            competition = raw["competition"]
            home, away = raw["homeTeam"], raw["awayTeam"]
            status_text = raw["status"]
            score = raw["score"]
        except (KeyError, TypeError) as exc:
            raise ParseError(f"{url}: missing field {exc}") from exc
        status = _STATUSES.get(status_text)
        if status is None:
            raise ParseError(f"{url}: unknown status {status_text!r}")
        expect(isinstance(match_id, int), url=url, what="an integer match id")
        full_time = _score_pair(score, "fullTime", url=url)
        half_time = _score_pair(score, "halfTime", url=url)
        penalties = _score_pair(score, "penalties", url=url)
        matchday = raw.get("matchday")
        season = raw.get("season") or {}
        return FixtureRecord(
            source=self.name,
            external_id=str(match_id),
            competition_external_id=str(_required(competition, "id", url=url)),
            competition_name=str(_required(competition, "name", url=url)),
            home_team_name=_team_name(home, url=url),
            away_team_name=_team_name(away, url=url),
            home_team_external_id=_team_id(home, url=url),
            away_team_external_id=_team_id(away, url=url),
            kickoff=parse_utc_datetime(raw.get("utcDate"), url=url, what="utcDate"),
            status=status,
            season=_season_label(season),
            round=f"Matchday {matchday}" if isinstance(matchday, int) else None,
            stage=raw.get("stage") or None,
            home_score=full_time[0],
            away_score=full_time[1],
            home_score_half_time=half_time[0],
            away_score_half_time=half_time[1],
            home_score_penalties=penalties[0],
            away_score_penalties=penalties[1],
            minute=_minute(raw, status_text) if status is FixtureStatus.LIVE else None,
        )

    def _events(
        self, raw: Mapping[str, Any], fixture: FixtureRecord, *, url: str
    ) -> list[EventRecord]:
        sides = {
            fixture.home_team_external_id: "home",
            fixture.away_team_external_id: "away",
        }
        facts: list[tuple[tuple[int, int, int, int], str, EventKind, dict[str, Any]]] = []
        for rank, (field_name, build) in enumerate(
            (("goals", _goal), ("bookings", _booking), ("substitutions", _substitution))
        ):
            items = raw.get(field_name) or []
            expect(isinstance(items, list), url=url, what=f"'{field_name}' to be a list")
            for index, item in enumerate(items):
                item_url = f"{url} {field_name}[{index}]"
                expect(isinstance(item, dict), url=item_url, what="an object")
                key_tail, kind, payload = build(item, sides, url=item_url)
                order = (payload["minute"], payload["injury_time"] or 0, rank, index)
                facts.append((order, key_tail, kind, payload))
        facts.sort(key=lambda fact: fact[0])

        events = []
        seen: dict[str, int] = {}
        for sequence, (_, key_tail, kind, payload) in enumerate(facts):
            key = f"fd:match:{fixture.external_id}:{key_tail}"
            # Two identical facts (same player, same minute) are told apart by order.
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                key = f"{key}:{seen[key]}"
            events.append(
                EventRecord(
                    source=self.name,
                    match_external_id=fixture.external_id,
                    key=key,
                    kind=kind,
                    sequence=sequence,
                    payload=payload,
                )
            )
        return events


def _goal(
    item: Mapping[str, Any], sides: Mapping[str | None, str], *, url: str
) -> tuple[str, EventKind, dict[str, Any]]:
    goal_type = _GOAL_TYPES.get(item.get("type") or "REGULAR")
    if goal_type is None:
        raise ParseError(f"{url}: unknown goal type {item.get('type')!r}")
    payload = _timed_payload(item, sides, url=url)
    payload["goal_type"] = goal_type
    payload["scorer"] = _person(item.get("scorer"), url=url)
    payload["assist"] = _person(item.get("assist"), url=url)
    key = f"goal:{_clock_key(payload)}:player:{_person_key(payload['scorer'])}"
    return key, EventKind.GOAL, payload


def _booking(
    item: Mapping[str, Any], sides: Mapping[str | None, str], *, url: str
) -> tuple[str, EventKind, dict[str, Any]]:
    card = _CARDS.get(item.get("card"))
    if card is None:
        raise ParseError(f"{url}: unknown card {item.get('card')!r}")
    payload = _timed_payload(item, sides, url=url)
    payload["card"] = card
    payload["player"] = _person(item.get("player"), url=url)
    key = f"card:{_clock_key(payload)}:player:{_person_key(payload['player'])}:{card}"
    return key, EventKind.CARD, payload


def _substitution(
    item: Mapping[str, Any], sides: Mapping[str | None, str], *, url: str
) -> tuple[str, EventKind, dict[str, Any]]:
    payload = _timed_payload(item, sides, url=url)
    payload["player_out"] = _person(item.get("playerOut"), url=url)
    payload["player_in"] = _person(item.get("playerIn"), url=url)
    key = (
        f"substitution:{_clock_key(payload)}:out:{_person_key(payload['player_out'])}"
        f":in:{_person_key(payload['player_in'])}"
    )
    return key, EventKind.SUBSTITUTION, payload


def _timed_payload(
    item: Mapping[str, Any], sides: Mapping[str | None, str], *, url: str
) -> dict[str, Any]:
    minute = optional_int(item.get("minute"), url=url, what="minute")
    if minute is None:
        raise ParseError(f"{url}: event has no minute")
    team = item.get("team")
    expect(isinstance(team, dict), url=url, what="a 'team' object")
    team_id = _team_id(team, url=url)
    side = sides.get(team_id)
    if side is None:
        raise ParseError(f"{url}: team {team_id} is neither the home nor the away team")
    return {
        "minute": minute,
        "injury_time": optional_int(item.get("injuryTime"), url=url, what="injuryTime"),
        "team_external_id": team_id,
        "team_side": side,
    }


def _clock_key(payload: Mapping[str, Any]) -> str:
    if payload["injury_time"]:
        return f"{payload['minute']}+{payload['injury_time']}"
    return str(payload["minute"])


def _person(value: Any, *, url: str) -> dict[str, Any] | None:
    if value is None:
        return None
    expect(isinstance(value, dict), url=url, what="a person object")
    person_id = value.get("id")
    return {
        "external_id": str(person_id) if person_id is not None else None,
        "name": value.get("name"),
    }


def _person_key(person: Mapping[str, Any] | None) -> str:
    if person is None or person["external_id"] is None:
        return "unknown"
    return person["external_id"]


def _required(container: Any, key: str, *, url: str) -> Any:
    if not isinstance(container, dict) or container.get(key) in (None, ""):
        raise ParseError(f"{url}: missing field {key!r}")
    return container[key]


def _team_name(team: Any, *, url: str) -> str:
    return str(_required(team, "name", url=url))


def _team_id(team: Any, *, url: str) -> str:
    return str(_required(team, "id", url=url))


def _score_pair(score: Any, period: str, *, url: str) -> tuple[int | None, int | None]:
    expect(isinstance(score, dict), url=url, what="a 'score' object")
    pair = score.get(period) or {}
    expect(isinstance(pair, dict), url=url, what=f"'score.{period}' to be an object")
    return (
        optional_int(pair.get("home"), url=url, what=f"score.{period}.home"),
        optional_int(pair.get("away"), url=url, what=f"score.{period}.away"),
    )


def _season_label(season: Any) -> str | None:
    if not isinstance(season, dict):
        return None
    start, end = season.get("startDate"), season.get("endDate")
    if not (isinstance(start, str) and isinstance(end, str)) or len(start) < 4 or len(end) < 4:
        return None
    if start[:4] == end[:4]:
        return start[:4]
    return f"{start[:4]}-{end[2:4]}"


def _minute(raw: Mapping[str, Any], status_text: str) -> str | None:
    if status_text == "PAUSED":
        return "HT"
    minute = raw.get("minute")
    if minute in (None, ""):
        return None
    injury = raw.get("injuryTime")
    return f"{minute}+{injury}'" if injury else f"{minute}'"
