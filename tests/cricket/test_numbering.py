"""`delivery_numbers`: each delivery's over.ball, counted from the log as the engine counts."""

from __future__ import annotations

import json

import pytest

from scoring.formats import cricsheet
from scoring.rules.cricket import engine
from scoring.rules.cricket.numbering import delivery_numbers, over_ball
from tests.cricket import factories
from tests.cricket.test_cricsheet_scorecards import MATCH_FILES


def _engine_numbers(setup, events) -> list[str]:
    """The number the engine's own state gives each delivery just before it is bowled."""
    state = engine.new_state(setup)
    numbers = []
    for kind, payload in events:
        if kind == "delivery":
            innings = state.current
            legal = sum(1 for entry in innings.this_over if entry["legal"])
            numbers.append(over_ball(innings.completed_overs, legal))
        else:
            numbers.append("")
        engine.apply(state, kind=kind, payload=payload)
    return numbers


def test_extras_carry_the_next_ball_and_a_short_over_still_ends_the_over() -> None:
    home, away = factories.HOME, factories.AWAY
    crease = {"striker": home[0], "non_striker": home[1], "bowler": away[0]}
    events = [
        ("innings_start", {"batting": "home", "striker": home[0], "non_striker": home[1]}),
        ("delivery", {**crease, "runs": 4, "boundary": True}),
        ("delivery", {**crease, "extras": {"wides": 1}}),
        ("delivery", {**crease, "extras": {"noballs": 1}, "runs": 1}),
        ("delivery", crease),
        ("over_end", {}),  # the umpire miscounted: a two-ball over
        ("delivery", {**crease, "bowler": away[1]}),
    ]
    assert delivery_numbers(events) == ["", "0.1", "0.2", "0.2", "0.2", "", "1.1"]
    assert delivery_numbers(events) == _engine_numbers(factories.setup(), events)


def test_every_innings_starts_again_at_the_first_ball() -> None:
    home, away = factories.HOME, factories.AWAY
    events = [
        ("innings_start", {"batting": "home"}),
        ("delivery", {"striker": home[0], "non_striker": home[1], "bowler": away[0]}),
        ("over_end", {}),
        ("innings_start", {"batting": "away"}),
        ("delivery", {"striker": away[0], "non_striker": away[1], "bowler": home[0]}),
    ]
    assert delivery_numbers(events) == ["", "0.1", "", "", "0.1"]


@pytest.mark.parametrize("path", MATCH_FILES[:12], ids=lambda path: path.stem)
def test_numbers_agree_with_the_engine_and_the_file_over_by_over(path) -> None:
    match = json.loads(path.read_bytes())
    setup, placed = cricsheet.convert_by_delivery(match)
    events = [event for _position, event in placed]

    numbers = delivery_numbers(events)

    assert numbers == _engine_numbers(cricsheet.match_setup(setup), events)
    file_overs = [position[1] for position, (kind, _) in placed if kind == "delivery"]
    assert [int(number.split(".")[0]) for number in numbers if number] == file_overs
