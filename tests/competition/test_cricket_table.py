"""A cricket competition's table from real matches imported through the scoring service:
points for a win, a tie decided by a bowl-out and a no result, and net run rate."""

from __future__ import annotations

import json

import pytest

from matches.models import Competition, Match
from scoring.imports.cricsheet import cricsheet_match_import
from scoring.models import Scoreboard
from scoring.selectors import standings_table_get
from tests.standings.test_official_tables import shared_data

pytestmark = pytest.mark.django_db


def imported(match_key: str) -> Match:
    document = json.loads((shared_data() / "cricket" / f"{match_key}.json").read_text())
    return cricsheet_match_import(document=document, match_key=match_key).match


def test_cricket_table_counts_results_and_net_run_rate() -> None:
    matches = [imported(key) for key in ("65249", "237242", "1147720")]
    league = Competition.objects.create(
        name="Mixed league",
        sport="cricket",
        season="test",
        rules={"standings": {"points": {"win": 2, "tie": 1, "no_result": 1, "loss": 0}}},
    )
    # The three fixtures as one competition (a test set-up, not a score write).
    Match.objects.filter(pk__in=[m.pk for m in matches]).update(competition=league)
    results = {m.pk: Scoreboard.objects.get(match=m).summary["result"]["kind"] for m in matches}

    rows = {row["team"]["name"]: row for row in standings_table_get(competition=league).rows}

    assert sorted(results.values()) == ["no_result", "tie", "win"]
    assert sum(row["played"] for row in rows.values()) == 6
    assert rows["New Zealand"]["won"] == 1  # the tie, decided by a bowl-out
    assert rows["New Zealand"]["net_run_rate"] == 0.0  # 126 for 20 overs each
    assert rows["Bangladesh Women"]["net_run_rate"] == 1.598
    no_result = {row["team"]["name"] for row in rows.values() if row["no_result"]}
    assert no_result == {"West Indies", "Bangladesh"}
    for row in rows.values():
        assert row["points"] == 2 * row["won"] + row["tied"] + row["no_result"]
    # No-result matches are left out of net run rate.
    assert (rows["Bangladesh"]["runs_for"], rows["Bangladesh"]["net_run_rate"]) == (0, 0.0)
    assert rows["West Indies"]["runs_for"] == 126  # the tied match only
    # The bowl-out winner of the tied match takes the win.
    assert sum(row["won"] for row in rows.values()) == 2
