"""A pure reader for openfootball's football.json seasons.

    {"name": "English Premier League 2019/20",
     "matches": [{"round": "Matchday 1", "date": "2019-08-09", "time": "20:00",
                  "team1": "Liverpool FC", "team2": "Norwich City FC",
                  "score": {"ht": [4, 0], "ft": [4, 1]},
                  "status": "awarded" | "cancelled" | ..., "stage": "Regular" | "Playoffs"}]}

score.et (after extra time, cumulative) and score.p (penalties) appear in knock-out
matches. A match with no score.ft and no status has not been played yet.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from scoring.formats.files import ImportFileError, json_file_read
from scoring.standings.football import MatchResult

# Stages that are not part of the league table (the importer keeps them out).
DEFAULT_EXCLUDED_STAGES = frozenset({"playoffs", "play-offs", "playoff", "play-off"})
NOT_PLAYED = frozenset({"cancelled", "canceled", "postponed", "abandoned", "suspended"})

Pair = tuple[int, int]
# The record is 149-0 (AS Adema v SO l'Emyrne, 2002); more is a corrupt file, not a score.
MAX_GOALS = 999


class OpenFootballError(ValueError):
    """A malformed football.json file; the message is one line that says where."""


# Further back than this from the rounds before it, a fixture's year is a slip (see
# _year_slips_mended); postponed matches are weeks or months out, not most of a year.
YEAR_SLIP_DAYS = 200


@dataclass(frozen=True)
class Fixture:
    number: int
    round: str | None
    date: datetime.date
    time: str | None
    team1: str
    team2: str
    stage: str | None
    status: str | None
    ht: Pair | None
    ft: Pair | None
    et: Pair | None
    penalties: Pair | None

    @property
    def is_played(self) -> bool:
        return self.ft is not None and (self.status or "").lower() not in NOT_PLAYED

    @property
    def is_awarded(self) -> bool:
        return (self.status or "").lower() == "awarded"


@dataclass(frozen=True)
class Season:
    name: str
    fixtures: tuple[Fixture, ...]


def load_season(path: str | Path) -> Season:
    try:
        data = json_file_read(path)
    except ImportFileError as error:
        raise OpenFootballError(str(error)) from None
    return parse_season(data)


def parse_season(data: Any) -> Season:
    if not isinstance(data, Mapping):
        raise OpenFootballError("season: expected a JSON object with 'name' and 'matches'")
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise OpenFootballError("season: 'name' must be a non-empty string")
    matches = data.get("matches")
    if not isinstance(matches, list):
        raise OpenFootballError("season: 'matches' must be a list")
    fixtures = [_fixture(number, raw) for number, raw in enumerate(matches, 1)]
    return Season(name, tuple(_year_slips_mended(fixtures)))


def _year_slips_mended(fixtures: list[Fixture]) -> list[Fixture]:
    """Fixtures are listed round by round. A later round dated most of a year before the
    rounds already played is a slip of the year, not a match played before the season:
    the 2019-20 Premier League file dates matchdays 32-38 (played June-July 2020, after the
    pause) in July 2019, which would put them first in every team's form."""
    mended: list[Fixture] = []
    latest: datetime.date | None = None
    for fixture in fixtures:
        date = fixture.date
        if latest is not None and (latest - date).days > YEAR_SLIP_DAYS:
            shifted = _next_year(date)
            if abs((shifted - latest).days) <= YEAR_SLIP_DAYS:
                fixture = replace(fixture, date=shifted)
                date = shifted
        mended.append(fixture)
        latest = date if latest is None else max(latest, date)
    return mended


def _next_year(date: datetime.date) -> datetime.date:
    try:
        return date.replace(year=date.year + 1)
    except ValueError:  # 29 February
        return date.replace(year=date.year + 1, day=28)


def table_results(
    season: Season, *, excluded_stages: Iterable[str] = DEFAULT_EXCLUDED_STAGES
) -> list[MatchResult]:
    """Played league matches in file order, awarded ones flagged; play-offs left out."""
    excluded = {stage.lower() for stage in excluded_stages}
    return [
        MatchResult(
            home=fixture.team1,
            away=fixture.team2,
            home_goals=fixture.ft[0],
            away_goals=fixture.ft[1],
            awarded=fixture.is_awarded,
            played_on=fixture.date.isoformat(),
        )
        for fixture in season.fixtures
        if fixture.is_played
        and fixture.ft is not None
        and (fixture.stage or "").lower() not in excluded
    ]


def _fixture(number: int, raw: Any) -> Fixture:
    where = f"match {number}"
    if not isinstance(raw, Mapping):
        raise OpenFootballError(f"{where}: expected an object")
    team1, team2 = (_text(raw, key, where, required=True) for key in ("team1", "team2"))
    if team1 == team2:
        raise OpenFootballError(f"{where}: {team1!r} cannot play itself")
    date_text = _text(raw, "date", where, required=True)
    try:
        date = datetime.date.fromisoformat(date_text)
    except ValueError:
        raise OpenFootballError(f"{where}: date {date_text!r} is not YYYY-MM-DD") from None
    score = raw.get("score", {})
    if score is None:
        score = {}
    if not isinstance(score, Mapping):
        raise OpenFootballError(f"{where}: 'score' must be an object")
    status = _text(raw, "status", where)
    parts = {key: _pair(score, key, where) for key in ("ht", "ft", "et", "p")}
    if parts["ft"] is None and status and status.lower() == "awarded":
        raise OpenFootballError(f"{where}: an awarded match needs score.ft")
    return Fixture(
        number=number,
        round=_text(raw, "round", where),
        date=date,
        time=_text(raw, "time", where),
        team1=team1,
        team2=team2,
        stage=_text(raw, "stage", where),
        status=status,
        ht=parts["ht"],
        ft=parts["ft"],
        et=parts["et"],
        penalties=parts["p"],
    )


def _text(raw: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> Any:
    value = raw.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise OpenFootballError(f"{where}: {key!r} must be a non-empty string")
    return value


def _pair(score: Mapping[str, Any], key: str, where: str) -> Pair | None:
    value = score.get(key)
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or any(
            isinstance(goals, bool) or not isinstance(goals, int) or not 0 <= goals <= MAX_GOALS
            for goals in value
        )
    ):
        raise OpenFootballError(
            f"{where}: score.{key} must be two non-negative integers up to {MAX_GOALS}"
        )
    return value[0], value[1]
