"""A real match (StatsBomb open data: Data provided by StatsBomb) replayed through the
scoring service into PostgreSQL: the projection's final score and cards agree with the
pure replay, and a rebuild from the log gives the same projection."""

from __future__ import annotations

import datetime
import json

import pytest

from matches import services as fixtures
from scoring import services
from scoring.models import EventSource, MatchEvent, Scoreboard
from scoring.rules.football import engine
from tests.football.statsbomb import engine_events, match_setup
from tests.football.test_statsbomb_replay import card_lines, replay
from tests.standings.test_official_tables import shared_data

pytestmark = pytest.mark.django_db

PLAYER_KEYS = ("player", "scorer", "assist", "player_off", "player_on")


def load(match_id: str) -> tuple[list, list]:
    folder = shared_data() / "football" / "events"
    return tuple(
        json.loads((folder / part / f"{match_id}.json").read_text(encoding="utf-8"))
        for part in ("events", "lineups")
    )


def create_match(events: list, lineups: list):
    """The fixture and squads as an admin (or a feed) would enter them."""
    setup = match_setup(events, lineups)
    competition = fixtures.competition_get_or_create(
        name="UEFA Euro", sport="football", season="2020"
    )
    ids: dict[int, int] = {}
    squads, teams = {}, {}
    for side in ("home", "away"):
        sheet = setup.team(side)
        teams[side] = fixtures.team_get_or_create(name=sheet.name, sport="football")
        squads[side] = []
        for entry in sheet.players:
            player = fixtures.player_get_or_create(
                name=entry.name, team=teams[side], source="statsbomb", external_id=str(entry.id)
            )
            ids[entry.id] = player.pk
            squads[side].append(player)
    match = fixtures.match_create(
        competition=competition,
        home_team=teams["home"],
        away_team=teams["away"],
        start_time=datetime.datetime(2021, 6, 11, 19, 0, tzinfo=datetime.UTC),
        squads=squads,
    )
    return match, ids


def with_database_ids(payload: dict, ids: dict[int, int]) -> dict:
    mapped = dict(payload)
    for key in PLAYER_KEYS:
        if mapped.get(key) is not None:
            mapped[key] = ids[mapped[key]]
    for key in ("starting", "bench"):
        if key in mapped:
            mapped[key] = [ids[player] for player in mapped[key]]
    return mapped


def test_turkey_italy_through_the_service_matches_the_pure_replay() -> None:
    events, lineups = load("3788741")
    match, ids = create_match(events, lineups)

    services.match_transition(match_id=match.pk, to_status="live", source=EventSource.IMPORT)
    for kind, payload in engine_events(events, lineups):
        services.event_record(
            match_id=match.pk,
            kind=kind,
            payload=with_database_ids(payload, ids),
            source=EventSource.IMPORT,
        )
    services.match_transition(match_id=match.pk, to_status="finished", source=EventSource.IMPORT)

    board = Scoreboard.objects.get(match=match)
    state = engine.load(board.state)
    pure = replay("3788741")
    assert board.summary["text"] == "0-3 FT"
    assert board.summary["result"] == engine.summary(pure)["result"]
    assert (
        card_lines(state)
        == card_lines(pure)
        == [
            ("88'", "home", "Caglar Söyüncü", "yellow"),
            ("90'", "home", "İbrahim Halil Dervişoğlu", "yellow"),
        ]
    )
    assert [g["scorer_name"] for g in engine.detail(state)["goals"]] == [
        "Merih Demiral",
        "Ciro Immobile",
        "Lorenzo Insigne",
    ]
    assert MatchEvent.objects.filter(match=match, kind="goal").count() == 3
    before = (board.seq, board.summary, board.state)
    rebuilt = services.scoreboard_rebuild(match_id=match.pk)
    assert (rebuilt.seq, rebuilt.summary, rebuilt.state) == before
