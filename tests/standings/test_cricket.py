from __future__ import annotations

from scoring.standings.cricket import CricketResult, MatchInPlay, SideFigures, cricket_table


def match(winner, loser, *, winner_figures, loser_figures, outcome="win"):
    (w_runs, w_balls), (l_runs, l_balls) = winner_figures, loser_figures
    return CricketResult(
        teams=(winner, loser),
        outcome=outcome,
        winner=winner if outcome == "win" else None,
        figures=(
            SideFigures(winner, w_runs, w_balls, l_runs, l_balls),
            SideFigures(loser, l_runs, l_balls, w_runs, w_balls),
        ),
    )


def test_points_and_net_run_rate() -> None:
    results = [
        # A 180/4 (20 ov) beat B 150 all out in 18.2 ov: B counts its full 20 overs.
        match("A", "B", winner_figures=(180, 120), loser_figures=(150, 120)),
        # C chased 141 in 15.0 overs against A's 140/8.
        match("C", "A", winner_figures=(141, 90), loser_figures=(140, 120)),
        CricketResult(teams=("B", "C"), outcome="no_result"),
    ]

    rows = cricket_table(results)

    assert [(r["team"], r["played"], r["won"], r["lost"], r["no_result"], r["points"])
            for r in rows] == [("C", 2, 1, 0, 1, 3), ("A", 2, 1, 1, 0, 2),
                               ("B", 2, 0, 1, 1, 1)]  # fmt: skip
    a = rows[1]
    # A: 320 runs in 40 overs (8.0) less 291 conceded in 35 overs (8.314...).
    assert a["net_run_rate"] == -0.314
    assert (a["overs_for"], a["overs_against"]) == ("40.0", "35.0")
    assert rows[0]["net_run_rate"] == round(141 / 15 - 140 / 20, 3)


def test_tie_gives_each_side_the_tie_points() -> None:
    tie = match("A", "B", winner_figures=(150, 120), loser_figures=(150, 120), outcome="tie")

    rows = cricket_table([tie], settings={"points": {"tie": 1}})

    assert [(r["team"], r["tied"], r["points"], r["net_run_rate"]) for r in rows] == [
        ("A", 1, 1, 0.0),
        ("B", 1, 1, 0.0),
    ]


def test_a_match_in_play_counts_in_net_run_rate_as_it_stands() -> None:
    results = [match("A", "B", winner_figures=(180, 120), loser_figures=(150, 120))]
    # C are 60/1 after 6 overs against A, who are yet to bat.
    in_play = MatchInPlay(
        teams=("C", "A"), figures=(SideFigures("C", 60, 36, 0, 0), SideFigures("A", 0, 0, 60, 36))
    )

    final = cricket_table(results)
    as_it_stands = cricket_table(results, live=[in_play])

    assert [(r["team"], r["net_run_rate"], r["is_live"]) for r in final] == [
        ("A", 1.5, False),
        ("B", -1.5, False),
    ]
    rows = {r["team"]: r for r in as_it_stands}
    assert [r["team"] for r in as_it_stands] == ["A", "C", "B"]
    # No result yet: no points and not played, but A have conceded 60 in 6 more overs.
    assert (rows["A"]["played"], rows["A"]["points"], rows["A"]["is_live"]) == (1, 2, True)
    assert (rows["A"]["runs_against"], rows["A"]["overs_against"]) == (210, "26.0")
    assert rows["A"]["net_run_rate"] == round(180 / 20 - 210 / 26, 3)
    assert (rows["C"]["played"], rows["C"]["points"], rows["C"]["is_live"]) == (0, 0, True)
    assert (rows["C"]["runs_for"], rows["C"]["overs_for"]) == (60, "6.0")
    assert rows["C"]["net_run_rate"] == 0.0  # C have not bowled yet: no rate to compare
    assert rows["B"] == {**final[1], "position": 3}
