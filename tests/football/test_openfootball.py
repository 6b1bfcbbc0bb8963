from __future__ import annotations

import datetime

import pytest

from scoring.formats.openfootball import (
    OpenFootballError,
    load_season,
    parse_season,
    table_results,
)
from tests.standings.test_official_tables import shared_data


def season(*matches: dict) -> dict:
    return {"name": "Test League 2024/25", "matches": list(matches)}


def fixture(**fields) -> dict:
    return {"round": "Matchday 1", "date": "2024-08-10", "time": "15:00", "team1": "Home FC",
            "team2": "Away FC", "score": {"ht": [1, 0], "ft": [2, 1]}, **fields}  # fmt: skip


def test_parses_a_played_match() -> None:
    parsed = parse_season(season(fixture()))

    (match,) = parsed.fixtures
    assert parsed.name == "Test League 2024/25"
    assert (match.date, match.time, match.ht, match.ft, match.is_played) == (
        datetime.date(2024, 8, 10), "15:00", (1, 0), (2, 1), True,
    )  # fmt: skip


def test_cancelled_unplayed_and_play_off_matches_stay_out_of_the_table() -> None:
    parsed = parse_season(
        season(
            fixture(),
            fixture(score={}, status="cancelled"),
            fixture(score={}),
            fixture(stage="Playoffs"),
            fixture(score={"ft": [0, 1]}, status="awarded"),
        )
    )

    results = table_results(parsed)

    assert [(m.home_goals, m.away_goals, m.awarded) for m in results] == [
        (2, 1, False),
        (0, 1, True),
    ]


def test_knock_out_scores() -> None:
    parsed = parse_season(season(fixture(score={"ft": [1, 1], "et": [1, 1], "p": [3, 2]})))

    assert (parsed.fixtures[0].et, parsed.fixtures[0].penalties) == ((1, 1), (3, 2))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "season: expected a JSON object with 'name' and 'matches'"),
        ({"name": "X"}, "season: 'matches' must be a list"),
        (season(fixture(team2="Home FC")), "match 1: 'Home FC' cannot play itself"),
        (season(fixture(date="10/08/2024")), "match 1: date '10/08/2024' is not YYYY-MM-DD"),
        (
            season(fixture(score={"ft": [2]})),
            "match 1: score.ft must be two non-negative integers up to 999",
        ),
        (
            season(fixture(score={"ft": [-1, 0]})),
            "match 1: score.ft must be two non-negative integers up to 999",
        ),
        (season(fixture(), fixture(team1=None)), "match 2: 'team1' must be a non-empty string"),
        (season(fixture(score={}, status="awarded")), "match 1: an awarded match needs score.ft"),
    ],
)
def test_malformed_files_give_a_one_line_error(data, message: str) -> None:
    with pytest.raises(OpenFootballError) as raised:
        parse_season(data)

    assert str(raised.value) == message
    assert isinstance(raised.value, ValueError)


def test_ligue_1_stopped_early() -> None:
    parsed = load_season(shared_data() / "football" / "2019-20_fr.1.json")

    assert sum(1 for m in parsed.fixtures if m.status == "cancelled") == 101
    assert len(table_results(parsed)) == 279
