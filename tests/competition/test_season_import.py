"""Every shared season imported through the command and the scoring service gives, read back
from the database through standings_table_get, the official final table row by row.

Each competition is configured as an admin would: Competition.rules["standings"] and
PointsDeduction rows. The code has no per-season special cases."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from matches.models import Competition, Match, PointsDeduction, Team
from scoring.imports.season import season_split
from scoring.models import MatchEvent
from scoring.selectors import standings_table_get
from tests.standings.test_official_tables import (
    COMPARED,
    COMPETITION_SETTINGS,
    SEASONS,
    official_table,
    shared_data,
)

pytestmark = pytest.mark.django_db


def configure_competition(stem: str) -> Competition:
    """What an admin enters before importing: the standings settings and the deductions."""
    season_file = shared_data() / "football" / f"{stem}.json"
    name, season = season_split(json.loads(season_file.read_text(encoding="utf-8"))["name"])
    settings = dict(COMPETITION_SETTINGS[stem])
    deductions = settings.pop("deductions", [])
    settings["excluded_stages"] = ["Playoffs"]
    competition = Competition.objects.create(
        name=name, season=season, sport="football", rules={"standings": settings}
    )
    for deduction in deductions:
        PointsDeduction.objects.create(
            competition=competition,
            team=Team.objects.get_or_create(name=deduction["team"], sport="football")[0],
            points=deduction["points"],
            reason=deduction["reason"],
        )
    return competition


def import_season(stem: str) -> str:
    out = StringIO()
    path = shared_data() / "football" / f"{stem}.json"
    call_command("import_openfootball", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("stem", SEASONS)
def test_imported_season_table_equals_official_table(stem: str) -> None:
    competition = configure_competition(stem)

    output = import_season(stem)

    fixtures = len(json.loads((shared_data() / "football" / f"{stem}.json").read_text())["matches"])
    assert output.startswith(f"competition {competition.pk}: {fixtures} matches imported")
    table = standings_table_get(competition=competition)
    computed = [
        {"team": row["team"]["name"], **{key: row[key] for key in COMPARED}} for row in table.rows
    ]
    assert computed == official_table(stem)


def test_reimport_writes_nothing_twice() -> None:
    competition = configure_competition("2021-22_en.2")
    import_season("2021-22_en.2")
    events = MatchEvent.objects.filter(match__competition=competition).count()

    output = import_season("2021-22_en.2")

    assert output.startswith(f"competition {competition.pk}: 557 matches imported (0 new")
    assert MatchEvent.objects.filter(match__competition=competition).count() == events
    assert Match.objects.filter(competition=competition).count() == 557
    # Play-offs are kept as matches, with their results, but stay out of the table.
    play_offs = Match.objects.filter(competition=competition, stage="Playoffs")
    assert play_offs.count() == 5
    assert all(match.status == "finished" for match in play_offs)
    table = standings_table_get(competition=competition)
    assert sum(row["played"] for row in table.rows) == 2 * 552


def test_deductions_and_awarded_results_show_with_their_reasons() -> None:
    competition = configure_competition("2018-19_en.2")
    import_season("2018-19_en.2")

    rows = {row["team"]["name"]: row for row in standings_table_get(competition=competition).rows}

    assert rows["Birmingham City"]["deductions"] == [
        {"points": 9, "reason": "EFL profitability and sustainability rules"}
    ]
    brentford = Team.objects.get(name="Brentford FC")
    assert rows["Bolton Wanderers"]["awarded"] == [
        {
            "opponent": {"id": brentford.pk, "name": "Brentford FC"},
            "venue": "home",
            "score": "0-1",
            "reason": "Awarded (openfootball)",
        }
    ]


def test_cancelled_matches_are_kept_but_not_counted() -> None:
    competition = configure_competition("2019-20_fr.1")
    import_season("2019-20_fr.1")

    statuses = Match.objects.filter(competition=competition).values_list("status", flat=True)

    assert sorted(set(statuses)) == ["cancelled", "finished"]
    assert list(statuses).count("cancelled") == 101


def test_malformed_file_writes_nothing(tmp_path) -> None:
    season = json.loads((shared_data() / "football" / "2019-20_en.1.json").read_text())
    season["matches"][200]["score"] = {"ft": [1, -1]}
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(season))

    with pytest.raises(CommandError, match=r"^.*broken.json: match 201: score.ft must be two"):
        call_command("import_openfootball", str(path))

    assert Match.objects.count() == 0
    assert Competition.objects.count() == 0


def test_a_result_the_engine_refuses_rolls_back_the_whole_season(tmp_path) -> None:
    season = {
        "name": "Test League 2030/31",
        "matches": [
            {"date": "2030-08-01", "team1": "A", "team2": "B", "score": {"ft": [1, 0]}},
            {
                "date": "2030-08-08",
                "team1": "C",
                "team2": "A",
                "score": {"ft": [1, 0], "p": [4, 3]},
            },
        ],
    }
    path = tmp_path / "season.json"
    path.write_text(json.dumps(season))

    with pytest.raises(CommandError, match="nothing imported: a shoot-out follows a level score"):
        call_command("import_openfootball", str(path))

    assert Match.objects.count() == 0
    assert MatchEvent.objects.count() == 0
