"""`convert_by_delivery`: the converter's events, each with the delivery it belongs to, so
a live replay can write the part of the match its released deliveries have reached."""

from __future__ import annotations

import json

import pytest

from matches.demo import LIVE_CRICKET_FILE
from scoring.formats import cricsheet
from tests.cricket.test_cricsheet_scorecards import MATCH_FILES


def _delivery_positions(match: dict) -> list[tuple[int, int, int]]:
    """Every ball of the file as the replay source keys it."""
    return [
        (number, over["over"], ball)
        for number, innings in enumerate(match["innings"], start=1)
        for over in innings.get("overs", [])
        for ball in range(1, len(over["deliveries"]) + 1)
    ]


@pytest.mark.parametrize("path", MATCH_FILES, ids=lambda path: path.stem)
def test_every_event_goes_with_its_ball_or_the_next_in_file_order(path) -> None:
    match = json.loads(path.read_bytes())

    setup, events = cricsheet.convert(match)
    by_delivery_setup, placed = cricsheet.convert_by_delivery(match)

    assert by_delivery_setup == setup
    assert [event for _position, event in placed] == events
    deliveries = [position for position, (kind, _) in placed if kind == "delivery"]
    assert deliveries == _delivery_positions(match)
    # A prefix of the deliveries always releases a prefix of the events.
    positions = [position for position, _ in placed]
    order = {position: index for index, position in enumerate(deliveries)}
    indexes = [order[position] if position else len(order) for position in positions]
    assert indexes == sorted(indexes)
    tail = [kind for position, (kind, _) in placed if position is None]
    assert "delivery" not in tail
    # The last over is over (or a DLS par set after it) only when the match is.
    assert tail[0] in {"over_end", "target_revision"}


def test_an_over_closes_with_the_next_ball_and_a_retirement_goes_with_its_own() -> None:
    match = json.loads(LIVE_CRICKET_FILE.read_bytes())
    # A made-up retirement on the third ball, to show where a ball's trailing events go.
    match["innings"][0]["overs"][0]["deliveries"][2]["wickets"] = [
        {"kind": "retired hurt", "player_out": "JT Smuts"}
    ]

    _setup, placed = cricsheet.convert_by_delivery(match)

    first_over = [(position, kind) for position, (kind, _) in placed[:10]]
    assert first_over == [
        ((1, 0, 1), "innings_start"),
        ((1, 0, 1), "delivery"),
        ((1, 0, 2), "delivery"),
        ((1, 0, 3), "delivery"),
        ((1, 0, 3), "batter_retired"),
        ((1, 0, 4), "delivery"),
        ((1, 0, 5), "delivery"),
        ((1, 0, 6), "delivery"),
        ((1, 1, 1), "over_end"),
        ((1, 1, 1), "delivery"),
    ]
    # The first innings' last over ends, and the second starts, with the chase's first ball.
    second = next(i for i, (_, (kind, _)) in enumerate(placed) if kind == "innings_start" and i)
    assert [(position, kind) for position, (kind, _) in placed[second - 1 : second + 2]] == [
        ((2, 0, 1), "over_end"),
        ((2, 0, 1), "innings_start"),
        ((2, 0, 1), "delivery"),
    ]
