"""Two real matches from StatsBomb open data (Data provided by StatsBomb), replayed."""

from __future__ import annotations

import json

import pytest

from scoring.rules.football import engine
from tests.football.statsbomb import engine_events, match_setup
from tests.standings.test_official_tables import shared_data


def replay(match_id: str):
    folder = shared_data() / "football" / "events"
    events = json.loads((folder / "events" / f"{match_id}.json").read_text(encoding="utf-8"))
    lineups = json.loads((folder / "lineups" / f"{match_id}.json").read_text(encoding="utf-8"))
    state = engine.new_state(match_setup(events, lineups))
    for kind, payload in engine_events(events, lineups):
        engine.apply(state, kind=kind, payload=payload)
    return state


def card_lines(state) -> list[tuple[str, str, str, str]]:
    return [
        (card["display"], card["side"], card["player_name"], card["card"])
        for card in engine.detail(state)["cards"]
    ]


def test_turkey_italy_euro_2020() -> None:
    state = replay("3788741")

    summary = engine.summary(state)
    detail = engine.detail(state)
    assert (summary["home"]["name"], summary["away"]["name"]) == ("Turkey", "Italy")
    assert summary["text"] == "0-3 FT"
    assert summary["result"] == {
        "winner": "away",
        "kind": "win",
        "decided_by": "normal_time",
        "text": "Italy win 3-0",
    }
    assert detail["scores"]["half_time"] == {"home": 0, "away": 0}
    assert [(g["display"], g["goal_kind"], g["scorer_name"]) for g in detail["goals"]] == [
        ("53'", "own_goal", "Merih Demiral"),
        ("66'", "open_play", "Ciro Immobile"),
        ("79'", "open_play", "Lorenzo Insigne"),
    ]
    assert card_lines(state) == [
        ("88'", "home", "Caglar Söyüncü", "yellow"),
        ("90'", "home", "İbrahim Halil Dervişoğlu", "yellow"),
    ]
    assert [len(detail["lineups"][side]["on_pitch"]) for side in ("home", "away")] == [11, 11]
    assert len(detail["substitutions"]) == 9
    assert detail["lineups"]["away"]["formation"] == "4-3-3"


def test_barcelona_girona_la_liga() -> None:
    state = replay("15986")

    summary = engine.summary(state)
    detail = engine.detail(state)
    assert summary["text"] == "2-2 FT"
    assert summary["result"]["kind"] == "draw"
    assert detail["scores"]["half_time"] == {"home": 1, "away": 1}
    assert [(g["display"], g["side"]) for g in detail["goals"]] == [
        ("19'", "home"),
        ("45'", "away"),
        ("51'", "away"),
        ("63'", "home"),
    ]
    assert [(display, side, colour) for display, side, _, colour in card_lines(state)] == [
        ("12'", "home", "yellow"),
        ("14'", "home", "yellow"),
        ("16'", "away", "yellow"),
        ("33'", "home", "red"),
        ("39'", "away", "yellow"),
        ("61'", "away", "yellow"),
        ("68'", "away", "yellow"),
        ("69'", "away", "yellow"),
        ("81'", "home", "yellow"),
    ]
    assert detail["sent_off"] == [
        {"side": "home", "player": 6826, "ref": detail["cards"][3]["ref"], "reason": "red"}
    ]
    assert len(detail["lineups"]["home"]["on_pitch"]) == 10
    assert 6826 not in detail["lineups"]["home"]["on_pitch"]


@pytest.mark.parametrize("match_id", ["3788741", "15986"])
def test_replayed_state_survives_a_json_round_trip(match_id: str) -> None:
    state = replay(match_id)

    assert engine.load(json.loads(json.dumps(engine.dump(state)))) == state
