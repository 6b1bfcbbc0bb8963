"""Every shared Cricsheet match imported through the command and the scoring service into
PostgreSQL; the scorecard API then agrees with figures computed from the file alone."""

from __future__ import annotations

import io
import json
import time
from typing import Any

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from matches.models import Match
from scoring.models import MatchEvent, Scoreboard
from scoring.selectors import squad_player_ids
from tests.cricket.test_cricsheet_scorecards import (
    KNOWN_GAPS,
    MATCH_FILES,
    differences,
    expected_figures,
    expected_result,
)

pytestmark = pytest.mark.django_db


def api_figures(scorecard: dict[str, Any], names: dict[int, str], keys) -> dict[str, Any]:
    """The shape of `expected_figures`, read from the scorecard API (ids back to names)."""
    innings_rows = [
        {
            "team": innings["team"]["side"],
            "runs": innings["runs"],
            "wickets": innings["wickets"],
            "legal_balls": innings["legal_balls"],
            "batters": {
                names[row["player"]]: [row["runs"], row["balls"]]
                for row in innings["batting"]
                if row["dismissal"] != "absent hurt"
            },
            "bowlers": {
                names[row["player"]]: [row["balls"], row["runs"], row["wickets"]]
                for row in innings["bowling"]
            },
        }
        for innings in scorecard["innings"]
    ]
    result = dict(scorecard["result"] or {})
    if result.get("winner"):
        result["winner"] = result["winner"]["side"]
    return {"innings": innings_rows, "result": {key: result.get(key) for key in keys}}


def test_every_shared_match_imports_and_its_scorecard_agrees_with_the_file() -> None:
    started = time.perf_counter()
    out = io.StringIO()
    call_command("import_cricsheet", *MATCH_FILES, stdout=out)
    elapsed = time.perf_counter() - started
    lines = out.getvalue().splitlines()
    assert len(lines) == len(MATCH_FILES)
    assert not any(line.endswith("(already imported)") for line in lines)

    client = APIClient()
    found: dict[str, set[str]] = {}
    for path in MATCH_FILES:
        document = json.loads(path.read_text())
        match = Match.objects.get(external_ids__cricsheet=path.stem)
        expected = expected_figures(document)
        sides = dict(zip(document["info"]["teams"], ("home", "away"), strict=True))
        for row in expected["innings"]:
            row["team"] = sides[row["team"]]
        registry = document["info"]["registry"]["people"]
        ids = squad_player_ids(match_id=match.pk, registry=registry)
        names = {player_id: name for name, player_id in ids.items() if name in registry}
        response = client.get(f"/api/v1/matches/{match.pk}/scorecard/")
        assert response.status_code == 200
        keys = expected_result(document["info"]).keys()
        gaps = differences(expected, api_figures(response.json(), names, keys))
        if gaps:
            found[path.name] = gaps
        want_status = "abandoned" if expected["result"]["kind"] == "no_result" else "finished"
        assert match.status == want_status, path.name
    assert found == {
        path.name: KNOWN_GAPS[path.name] for path in MATCH_FILES if path.name in KNOWN_GAPS
    }

    # A second run finds every match imported and writes nothing.
    events, boards = MatchEvent.objects.count(), list(Scoreboard.objects.values_list("seq"))
    again = io.StringIO()
    call_command("import_cricsheet", *MATCH_FILES, stdout=again)
    assert again.getvalue().splitlines() == [f"{line} (already imported)" for line in lines]
    assert MatchEvent.objects.count() == events
    assert list(Scoreboard.objects.values_list("seq")) == boards
    print(f"imported {len(MATCH_FILES)} matches, {events} log entries in {elapsed:.1f} s")
