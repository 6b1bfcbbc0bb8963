from __future__ import annotations

import pytest

from scoring.standings.football import MatchResult, StandingsSettingsError, standings_table


def r(home: str, away: str, home_goals: int, away_goals: int, **extra) -> MatchResult:
    return MatchResult(home, away, home_goals, away_goals, **extra)


def order(rows) -> list[str]:
    return [row["team"] for row in rows]


def test_level_head_to_head_falls_through_to_the_next_tie_breaker() -> None:
    results = [
        r("A", "B", 2, 1), r("B", "A", 1, 0),  # level head-to-head: 3 pts, GD 0, 2 goals each
        r("A", "C", 1, 0), r("C", "A", 0, 0),
        r("B", "C", 5, 0), r("C", "B", 0, 0),
    ]  # fmt: skip

    by_goal_difference = standings_table(results, settings={"tie_breakers": ["goal_difference"]})
    by_head_to_head = standings_table(
        results, settings={"tie_breakers": ["head_to_head", "goals_for"]}
    )

    assert order(by_goal_difference) == ["B", "A", "C"]
    assert [row["points"] for row in by_goal_difference] == [7, 7, 2]
    assert order(by_head_to_head) == ["B", "A", "C"]


def test_mini_league_separates_three_tied_teams() -> None:
    # A, B, C all on 6 points. Mini-league: A beat B twice (6), B beat C twice (6),
    # C beat A twice (6) -> level on h2h points; h2h goal difference decides.
    results = [
        r("A", "B", 3, 0), r("B", "A", 0, 1),
        r("B", "C", 1, 0), r("C", "B", 0, 1),
        r("C", "A", 1, 0), r("A", "C", 0, 2),
    ]  # fmt: skip

    rows = standings_table(results, settings={"tie_breakers": ["head_to_head"]})

    # h2h GD: A +4 -3 = +1, B -4 +2 = -2, C -2 +3 = +1; goals: A 4, C 3.
    assert order(rows) == ["A", "C", "B"]


def test_head_to_head_waits_until_the_teams_have_all_met() -> None:
    # A and B level on 4 points; A won their only meeting, B has the better goal difference.
    results = [r("A", "B", 1, 0), r("A", "Y", 2, 2), r("B", "Y", 3, 0), r("B", "Z", 0, 0)]
    tie_breakers = ["head_to_head", "goal_difference"]

    two_meetings = standings_table(results, settings={"tie_breakers": tie_breakers})
    one_meeting = standings_table(
        results, settings={"tie_breakers": tie_breakers, "head_to_head_meetings": 1}
    )

    assert order(two_meetings) == ["B", "A", "Z", "Y"]
    assert order(one_meeting) == ["A", "B", "Z", "Y"]


def test_points_per_match_ranking_and_deductions() -> None:
    results = [r("A", "B", 1, 0), r("B", "C", 1, 0), r("C", "A", 0, 0), r("B", "D", 2, 0)]
    settings = {
        "ranking": "points_per_match",
        "deductions": [{"team": "B", "points": 3, "reason": "Administration"}],
    }

    rows = standings_table(results, settings=settings)

    assert [(row["team"], row["points"], row["points_per_match"]) for row in rows] == [
        ("A", 4, 2.0),
        ("B", 3, 1.0),
        ("C", 1, 0.5),
        ("D", 0, 0.0),
    ]
    assert rows[1]["deductions"] == [{"points": 3, "reason": "Administration"}]


def test_manual_tie_breaker_after_a_play_off() -> None:
    results = [r("A", "B", 1, 1)]

    rows = standings_table(results, settings={"tie_breakers": ["manual"], "manual_order": ["B"]})

    assert order(rows) == ["B", "A"]


def test_row_shape_form_zones_and_splits() -> None:
    results = [r("A", "B", 2, 0), r("B", "A", 1, 1), r("A", "C", 0, 1), r("C", "B", 0, 0)]
    settings = {"zones": [{"name": "champions", "from": 1, "to": 1},
                          {"name": "relegation", "from": 3, "to": 3}]}  # fmt: skip

    rows = standings_table(results, settings=settings, teams=["A", "B", "C", "E"])

    first = rows[0]
    assert first == {
        "position": 1,
        "team": "A",
        "played": 3,
        "won": 1,
        "drawn": 1,
        "lost": 1,
        "goals_for": 3,
        "goals_against": 2,
        "goal_difference": 1,
        "points": 4,
        "points_per_match": 1.33,
        "form": ["W", "D", "L"],
        "zone": "champions",
        "deductions": [],
        "awarded": [],
        "is_live": False,
        "home": {"played": 2, "won": 1, "drawn": 0, "lost": 1, "goals_for": 2,
                 "goals_against": 1, "goal_difference": 1, "points": 3},
        "away": {"played": 1, "won": 0, "drawn": 1, "lost": 0, "goals_for": 1,
                 "goals_against": 1, "goal_difference": 0, "points": 1},
    }  # fmt: skip
    assert rows[-1]["team"] == "E"
    assert rows[-1]["played"] == 0
    assert rows[2]["zone"] == "relegation"


def test_as_it_stands_counts_live_scores() -> None:
    rows = standings_table([r("A", "B", 1, 0)], live=[r("B", "A", 2, 0)])

    assert [(row["team"], row["points"], row["is_live"]) for row in rows] == [
        ("B", 3, True),
        ("A", 3, True),
    ]


def test_form_keeps_the_last_five_most_recent_last() -> None:
    results = [r("A", "B", n % 3, 1) for n in range(7)]

    rows = standings_table(results)

    assert next(row for row in rows if row["team"] == "A")["form"] == ["W", "L", "D", "W", "L"]


def test_unknown_tie_breaker_is_refused() -> None:
    with pytest.raises(StandingsSettingsError, match="coin_toss"):
        standings_table([], settings={"tie_breakers": ["coin_toss"]})
