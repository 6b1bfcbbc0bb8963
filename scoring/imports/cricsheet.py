"""Cricsheet matches into the database, through the same scoring service scorers use.

A file is first converted and replayed through the engine alone (by player name), so a file
the engine refuses is reported before anything is written. Then, in one transaction: the
competition, teams, players, venue and the match with its squads are found or created, the
match goes live, every converted event is recorded with `services.event_record` (each with
an idempotency key derived from the file, so nothing is written twice), and the match is
finished, or abandoned when there was no result.
Ball-by-ball data from Cricsheet (cricsheet.org), ODC-BY 1.0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from django.db import transaction

from matches import services as fixtures
from matches.lifecycle import Status
from matches.models import Competition, Match, Player, Team
from scoring import services
from scoring.errors import ErrorCode, ScoringError
from scoring.formats import cricsheet
from scoring.models import EventSource
from scoring.rules.contract import RuleViolation
from scoring.rules.cricket import engine
from scoring.rules.cricket.players import fielders_outside_squad, players_in, remap_players

SOURCE = "cricsheet"
SIDES = ("home", "away")
NO_RESULT_KINDS = frozenset({"no_result", "abandoned"})
NAME_MAX_LENGTH = Player._meta.get_field("name").max_length

Event = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Imported:
    match: Match
    is_new: bool  # False: the file had been imported before and nothing was written
    events: int  # sport events recorded by this import


@dataclass(frozen=True)
class Converted:
    """A checked file: the engine accepted every event by name."""

    document: Mapping[str, Any]
    setup: dict[str, Any]
    events: list[Event]
    final_status: str


def cricsheet_match_import(
    *,
    document: Mapping[str, Any],
    match_key: str,
    source: str = EventSource.IMPORT,
    checked: Converted | None = None,
) -> Imported:
    """Import one Cricsheet match (`match_key`: Cricsheet's match id, the file's stem).
    `checked`: the document's cricsheet_check result when the caller already has it."""
    existing = fixtures.match_find_by_external_id(source=SOURCE, external_id=match_key)
    if existing is not None:
        return Imported(match=existing, is_new=False, events=0)
    if checked is None:
        checked = cricsheet_check(document)
    with transaction.atomic():
        match, players = cricsheet_fixture_create(
            document=document,
            setup=checked.setup,
            events=checked.events,
            external_ids={SOURCE: match_key},
        )
        _record_all(match=match, checked=checked, players=players, key=match_key, source=source)
    return Imported(match=match, is_new=True, events=len(checked.events))


def cricsheet_check(document: Mapping[str, Any]) -> Converted:
    """Convert a file and replay it through the engine alone; ScoringError if either fails."""
    if not isinstance(document, Mapping) or not isinstance(document.get("info"), Mapping):
        raise ScoringError(ErrorCode.INVALID_PAYLOAD, "Not a Cricsheet match: no 'info' object.")
    teams = document["info"].get("teams")
    if not (
        isinstance(teams, list)
        and len(teams) == 2
        and all(_is_name(team) for team in teams)
        and teams[0] != teams[1]
    ):
        raise ScoringError(ErrorCode.INVALID_PAYLOAD, "info.teams must name two different teams.")
    try:
        setup, events = cricsheet.convert(document)
        state = engine.new_state(cricsheet.match_setup(setup))
        cricsheet.rules_for(document["info"])  # written with the competition
        _start_time(document["info"])  # written with the fixture
    except RuleViolation as violation:
        raise ScoringError(violation.code, violation.message) from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError) as error:
        raise ScoringError(
            ErrorCode.INVALID_PAYLOAD,
            f"Not a readable Cricsheet match: {type(error).__name__} {error!s}",
        ) from None
    _check_player_names(setup, events)
    registry = document["info"].get("registry") or {}
    people = registry.get("people") if isinstance(registry, Mapping) else None
    if not isinstance(people or {}, Mapping) or not all(
        isinstance(key, str) and 0 < len(key) <= NAME_MAX_LENGTH for key in (people or {}).values()
    ):
        raise ScoringError(
            ErrorCode.INVALID_PAYLOAD, "info.registry.people must map names to identifiers."
        )
    for number, (kind, payload) in enumerate(events, start=1):
        try:
            engine.apply(state, kind=kind, payload=payload)
        except RuleViolation as violation:
            raise ScoringError(
                violation.code, f"Event {number} ({kind} {payload}): {violation.message}"
            ) from None
        except (KeyError, TypeError, ValueError, OverflowError) as error:
            raise ScoringError(
                ErrorCode.INVALID_PAYLOAD, f"Event {number} ({kind}) is malformed: {error!s}"
            ) from None
    outcome = state.result
    status = Status.ABANDONED if outcome and outcome["kind"] in NO_RESULT_KINDS else Status.FINISHED
    return Converted(document=document, setup=setup, events=events, final_status=status.value)


def _is_name(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) <= NAME_MAX_LENGTH


def _check_player_names(setup: Mapping[str, Any], events: list[Event]) -> None:
    # The engine takes any hashable as a player; the database wants a name that fits.
    named = [name for side in SIDES for name in setup[side]["players"]]
    named += [name for kind, payload in events for name in players_in(kind, payload)]
    for name in named:
        if not _is_name(name):
            raise ScoringError(
                ErrorCode.INVALID_PAYLOAD,
                f"A player's name must be text of 1 to {NAME_MAX_LENGTH} characters, "
                f"not {str(name)[:40]!r}.",
            )


def cricsheet_fixture_create(
    *,
    document: Mapping[str, Any],
    setup: Mapping[str, Any],
    events: list[Event],
    external_ids: Mapping[str, str],
    start_time: datetime | None = None,
    competition: Competition | None = None,
) -> tuple[Match, dict[str, int]]:
    """The scheduled match with both squads; returns it and the Player id of every name.
    `start_time` defaults to midnight UTC of the match's first day; `competition` to the
    file's event, found or created with the file's rules (a given one must have them)."""
    info = document["info"]
    female = info.get("gender") == "female"
    competition = _competition(info, female=female, competition=competition)
    teams = {
        side: fixtures.team_get_or_create(
            name=_team_name(setup[side]["name"], female), sport="cricket"
        )
        for side in SIDES
    }
    registry = (info.get("registry") or {}).get("people") or {}
    substitutes = fielders_outside_squad(setup, events)
    players: dict[str, Player] = {}
    squads: dict[str, list[Player]] = {}
    for side in SIDES:
        squads[side] = [
            _player(name, teams[side], registry, players) for name in setup[side]["players"]
        ]
    venue = None
    if info.get("venue"):
        venue = fixtures.venue_get_or_create(name=info["venue"], city=info.get("city") or "")
    event = info.get("event") or {}
    match = fixtures.match_create(
        competition=competition,
        home_team=teams["home"],
        away_team=teams["away"],
        start_time=start_time or _start_time(info),
        venue=venue,
        round=str(event.get("match_number") or event.get("stage") or ""),
        external_ids=external_ids,
        squads=squads,
        reserves={
            side: [_player(name, teams[side], registry, players) for name in substitutes[side]]
            for side in SIDES
        },
    )
    return match, {name: player.pk for name, player in players.items()}


def _competition(
    info: Mapping[str, Any], *, female: bool, competition: Competition | None = None
) -> Competition:
    rules = cricsheet.rules_for(info)
    if competition is None:
        event = info.get("event") or {}
        name = event.get("name") or f"{info.get('match_type', 'Cricket')} matches"
        if female and "women" not in name.lower():
            name += " (women)"
        competition = fixtures.competition_get_or_create(
            name=name, sport="cricket", season=str(info.get("season", "")), rules=rules
        )
    if competition.sport != "cricket" or competition.rules != rules:
        raise ScoringError(
            ErrorCode.INVALID_PAYLOAD,
            f"Competition {competition} already exists with other rules "
            f"({competition.sport} {competition.rules}); this match needs {rules}.",
        )
    return competition


def _team_name(name: str, female: bool) -> str:
    # Cricsheet calls both England sides "England"; they are different teams.
    return f"{name} Women" if female and not name.endswith("Women") else name


def _player(
    name: str, team: Team, registry: Mapping[str, str], players: dict[str, Player]
) -> Player:
    if name not in players:
        players[name] = fixtures.player_get_or_create(
            name=name, team=team, source=SOURCE, external_id=registry.get(name, "")
        )
    return players[name]


def _start_time(info: Mapping[str, Any]) -> datetime:
    dates = info.get("dates") or []
    day = date.fromisoformat(str(dates[0])) if dates else date(1970, 1, 1)
    return datetime.combine(day, time.min, tzinfo=UTC)


def _record_all(
    *, match: Match, checked: Converted, players: Mapping[str, int], key: str, source: str
) -> None:
    with services.match_batch(match_ids=[match.pk]):
        services.match_transition(
            match_id=match.pk, to_status=Status.LIVE, source=source, idempotency_key=f"{key}:live"
        )
        for number, (kind, payload) in enumerate(checked.events, start=1):
            services.event_record(
                match_id=match.pk,
                kind=kind,
                payload=remap_players(kind, payload, players),
                source=source,
                idempotency_key=f"{key}:{number}",
            )
        services.match_transition(
            match_id=match.pk,
            to_status=checked.final_status,
            source=source,
            idempotency_key=f"{key}:{checked.final_status}",
        )
