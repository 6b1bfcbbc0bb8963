"""Import an openfootball season as fixtures and results through the scoring service.

Every played match goes scheduled → live, gets a `result` event and goes → finished, exactly
as a scorer would take it (the ordinary service calls, batched for the season);
cancelled and postponed matches get their transition. Matches are found again by an
external id and each write carries an idempotency key, so re-running an import writes
nothing twice. The whole season is one transaction: a failure leaves nothing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from matches import services as fixtures
from matches.lifecycle import Status
from matches.models import Competition, Match
from scoring import services
from scoring.formats.openfootball import DEFAULT_EXCLUDED_STAGES, Fixture, Season
from scoring.models import EventSource
from scoring.rules.replay import STATUS

SOURCE = "openfootball"
KICK_OFF_WHEN_UNKNOWN = datetime.time(15, 0)
STATUS_TRANSITIONS = {
    "cancelled": Status.CANCELLED,
    "canceled": Status.CANCELLED,
    "postponed": Status.POSTPONED,
}


@dataclass(frozen=True)
class SeasonImport:
    competition: Competition
    matches: int  # fixtures in the file, all now in the database
    created: int
    results: int  # results recorded by this run
    called_off: int  # cancelled or postponed by this run


def season_split(name: str) -> tuple[str, str]:
    """ "English Premier League 2019/20" → ("English Premier League", "2019/20")."""
    head, _, tail = name.rpartition(" ")
    if head and any(character.isdigit() for character in tail):
        return head, tail
    return name, ""


def openfootball_season_import(
    *, season: Season, competition_name: str | None = None, source: str = EventSource.IMPORT
) -> SeasonImport:
    name, season_label = season_split(season.name)
    with transaction.atomic(), services.publication_batched():
        competition = fixtures.competition_get_or_create(
            name=competition_name or name,
            sport="football",
            season=season_label,
            rules=_default_rules(season),
        )
        names = dict.fromkeys(name for f in season.fixtures for name in (f.team1, f.team2))
        teams = {name: fixtures.team_get_or_create(name=name, sport="football") for name in names}
        known = {
            match.external_ids.get(SOURCE): match
            for match in Match.objects.filter(competition=competition)
        }
        keyed = _keyed(season)
        created = fixtures.matches_create_bulk(
            competition=competition,
            fixtures=[
                {
                    "home_team": teams[fixture.team1],
                    "away_team": teams[fixture.team2],
                    "start_time": _start_time(fixture),
                    "round": fixture.round or "",
                    "stage": fixture.stage or "",
                    "external_ids": {SOURCE: key},
                }
                for key, fixture in keyed
                if key not in known
            ],
        )
        known.update((match.external_ids[SOURCE], match) for match in created)
        legs = _first_legs(season)
        steps, counts = {}, Counter(created=len(created))
        for key, fixture in keyed:
            match = known[key]
            todo, outcome = _steps(match=match, fixture=fixture, first_leg=legs.get(fixture))
            if todo:
                steps[match.pk] = todo
                counts[outcome] += 1
        if steps:
            _record(steps=steps, source=source)
    return SeasonImport(
        competition=competition,
        matches=len(season.fixtures),
        created=counts["created"],
        results=counts["results"],
        called_off=counts["called_off"],
    )


@dataclass(frozen=True)
class _Step:
    """One write still missing for a fixture: a status change (kind STATUS, payload
    {"to": status}) or its result."""

    kind: str
    payload: dict[str, Any]
    idempotency_key: str


def _record(*, steps: dict[int, list[_Step]], source: str) -> None:
    """Every match's writes through the ordinary services, in one batch for the season: a
    few statements for all of it instead of dozens per write."""
    with services.match_batch(match_ids=steps):
        for match_id in sorted(steps):
            for step in steps[match_id]:
                if step.kind == STATUS:
                    services.match_transition(
                        match_id=match_id,
                        to_status=step.payload["to"],
                        source=source,
                        idempotency_key=step.idempotency_key,
                    )
                else:
                    services.event_record(
                        match_id=match_id,
                        kind=step.kind,
                        payload=step.payload,
                        source=source,
                        idempotency_key=step.idempotency_key,
                    )


def _default_rules(season: Season) -> dict[str, Any]:
    """What a new competition starts with; an admin edits it (tie-breakers, zones …)."""
    stages = {fixture.stage for fixture in season.fixtures if fixture.stage}
    excluded = sorted(stage for stage in stages if stage.lower() in DEFAULT_EXCLUDED_STAGES)
    return {
        "standings": {
            "points": {"win": 3, "draw": 1, "loss": 0},
            "tie_breakers": ["goal_difference", "goals_for"],
            "excluded_stages": excluded,
        }
    }


def _keyed(season: Season) -> list[tuple[str, Fixture]]:
    """A stable id per fixture: stage, home and away team, and which meeting of the two it
    is; unlike the date it survives a fixture being rescheduled."""
    meetings: Counter[tuple[str, str, str]] = Counter()
    keyed = []
    for fixture in season.fixtures:
        pair = (fixture.stage or "", fixture.team1, fixture.team2)
        meetings[pair] += 1
        keyed.append(("|".join((*pair, str(meetings[pair]))), fixture))
    return keyed


def _start_time(fixture: Fixture) -> datetime.datetime:
    clock = KICK_OFF_WHEN_UNKNOWN
    if fixture.time:
        try:
            clock = datetime.time.fromisoformat(fixture.time)
        except ValueError:
            clock = KICK_OFF_WHEN_UNKNOWN
    return datetime.datetime.combine(fixture.date, clock, tzinfo=datetime.UTC)


def _first_legs(season: Season) -> dict[Fixture, Fixture]:
    """Knock-out second legs decided on penalties while not level on the day: the earlier
    meeting of the two sides, reversed, in the same stage."""
    legs = {}
    for position, fixture in enumerate(season.fixtures):
        if (
            fixture.penalties is None
            or (fixture.et or fixture.ft or (0, 0))[0] == (fixture.et or fixture.ft or (0, 0))[1]
        ):
            continue
        for earlier in reversed(season.fixtures[:position]):
            if (earlier.team1, earlier.team2, earlier.stage) == (
                fixture.team2,
                fixture.team1,
                fixture.stage,
            ) and earlier.ft is not None:
                legs[fixture] = earlier
                break
    return legs


def _steps(*, match: Match, fixture: Fixture, first_leg: Fixture | None) -> tuple[list[_Step], str]:
    """The service writes still missing for this fixture (none when it is up to date)."""
    called_off = STATUS_TRANSITIONS.get((fixture.status or "").lower())
    if called_off is not None and fixture.ft is None:
        if match.status == Status.SCHEDULED:
            return [_status_step(called_off)], "called_off"
        return [], ""
    if not fixture.is_played or match.status not in (Status.SCHEDULED, Status.LIVE):
        return [], ""
    steps = [_status_step(Status.LIVE)] if match.status == Status.SCHEDULED else []
    steps.append(
        _Step(
            kind="result",
            payload=_result_payload(fixture, first_leg),
            idempotency_key=f"{SOURCE}:result",
        )
    )
    steps.append(_status_step(Status.FINISHED))
    return steps, "results"


def _status_step(to_status: Status) -> _Step:
    return _Step(
        kind=STATUS, payload={"to": str(to_status)}, idempotency_key=f"{SOURCE}:{to_status}"
    )


def _result_payload(fixture: Fixture, first_leg: Fixture | None) -> dict[str, Any]:
    final = fixture.et or fixture.ft
    assert final is not None  # noqa: S101 - _steps checked is_played
    payload: dict[str, Any] = {
        "home": final[0],
        "away": final[1],
        "status": "awarded" if fixture.is_awarded else "played",
        "after_extra_time": fixture.et is not None,
    }
    for key, pair in (("ht", fixture.ht), ("ft", fixture.ft), ("penalties", fixture.penalties)):
        if pair is not None:
            payload[key] = {"home": pair[0], "away": pair[1]}
    if first_leg is not None:
        goals = first_leg.et or first_leg.ft or (0, 0)
        payload["aggregate_before"] = {"home": goals[1], "away": goals[0]}
    if fixture.is_awarded:
        payload["reason"] = "Awarded (openfootball)"
    return payload
