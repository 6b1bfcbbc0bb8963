"""Truncated, malformed and malicious files for import_cricsheet and import_openfootball.

Every refused input ends the command with one line (a CommandError, which manage.py prints
as one line and exit status 1) and writes nothing: the row counts are asserted unchanged."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matches.demo import DEMO_DIR
from matches.models import Competition, Match, MatchPlayer, Player, Team, Venue
from scoring.models import MatchEvent, Scoreboard

CRICSHEET_FILE = DEMO_DIR / "1082625.json"
SEASON_FILE = DEMO_DIR / "2019-20_en.1.json"
ROOT = Path(__file__).resolve().parents[2]
MODELS = (Competition, Team, Player, Venue, Match, MatchPlayer, MatchEvent, Scoreboard)

pytestmark = pytest.mark.django_db


def counts() -> list[int]:
    return [model.objects.count() for model in MODELS]


def refused(command: str, *paths: Path) -> str:
    """The command's one-line refusal; fails the test if anything was written."""
    before = counts()
    with pytest.raises(CommandError) as raised:
        call_command(command, *map(str, paths), stdout=io.StringIO(), stderr=io.StringIO())
    assert counts() == before
    message = str(raised.value)
    assert message
    assert "\n" not in message
    assert "Traceback" not in message
    return message


def cricsheet() -> dict:
    return json.loads(CRICSHEET_FILE.read_text())


def season() -> dict:
    return json.loads(SEASON_FILE.read_text())


def first_ball(document: dict) -> dict:
    return document["innings"][0]["overs"][0]["deliveries"][0]


def _huge_runs(document: dict) -> None:
    first_ball(document)["runs"]["batter"] = 10**30
    first_ball(document)["runs"]["total"] = 10**30


def _negative_runs(document: dict) -> None:
    first_ball(document)["runs"]["batter"] = -4
    first_ball(document)["runs"]["total"] = -4


def _runs_as_text(document: dict) -> None:
    first_ball(document)["runs"]["batter"] = "four"


def _unknown_batter(document: dict) -> None:
    first_ball(document)["batter"] = "Nobody In The Squad"


def _unknown_player_out(document: dict) -> None:
    first_ball(document)["wickets"] = [{"kind": "bowled", "player_out": "Nobody At The Crease"}]


def _huge_player_name(document: dict) -> None:
    name = first_ball(document)["batter"]
    long_name = "N" * 5_000
    for key in ("batter", "non_striker", "bowler"):
        for over in document["innings"][0]["overs"]:
            for ball in over["deliveries"]:
                if ball[key] == name:
                    ball[key] = long_name
    for team, players in document["info"]["players"].items():
        document["info"]["players"][team] = [long_name if p == name else p for p in players]


def _overs_not_a_list(document: dict) -> None:
    document["innings"][0]["overs"] = {"0": "x"}


def _players_not_a_list(document: dict) -> None:
    document["info"]["players"] = "everyone"


def _info_a_list(document: dict) -> None:
    document["info"] = [1, 2]


def _one_team(document: dict) -> None:
    document["info"]["teams"] = [document["info"]["teams"][0]]


def _no_innings(document: dict) -> None:
    del document["innings"]


def _bad_date(document: dict) -> None:
    document["info"]["dates"] = ["2019-13-45"]


def _huge_balls_per_over(document: dict) -> None:
    document["info"]["balls_per_over"] = 10**40


CRICSHEET_MUTATIONS = [
    _huge_runs,
    _negative_runs,
    _runs_as_text,
    _unknown_batter,
    _unknown_player_out,
    _huge_player_name,
    _overs_not_a_list,
    _players_not_a_list,
    _info_a_list,
    _one_team,
    _no_innings,
    _bad_date,
    _huge_balls_per_over,
]


def raw_files(tmp_path: Path) -> dict[str, Path]:
    """Files that are not even a document of the right kind, shared by both importers."""
    text = CRICSHEET_FILE.read_bytes()
    contents = {
        "empty": b"",
        "truncated": text[: len(text) // 2],
        "not-json": b"<html>not json</html>",
        "invalid-utf8": b'{"info": "\xff\xfe\xfa"}',
        "nested": b"[" * 100_000 + b"]" * 100_000,
        "nested-object": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        "huge-int": b'{"info": ' + b"9" * 20_000 + b"}",
        "huge-float": b'{"name": 1e999999, "matches": []}',
        "a-list": b"[1, 2, 3]",
        "a-number": b"42",
        "null": b"null",
        "other-json": b'{"type": "FeatureCollection", "features": []}',
        "nul-bytes": b"\x00\x00\x00",
    }
    files = {}
    for name, content in contents.items():
        path = tmp_path / f"{name}.json"
        path.write_bytes(content)
        files[name] = path
    return files


@pytest.mark.parametrize(
    "name",
    [
        "empty",
        "truncated",
        "not-json",
        "invalid-utf8",
        "nested",
        "nested-object",
        "huge-int",
        "huge-float",
        "a-list",
        "a-number",
        "null",
        "other-json",
        "nul-bytes",
    ],
)
@pytest.mark.parametrize("command", ["import_cricsheet", "import_openfootball"])
def test_a_file_that_is_not_a_document_is_refused_in_one_line(tmp_path, command, name) -> None:
    path = raw_files(tmp_path)[name]
    message = refused(command, path)
    assert str(path) in message


@pytest.mark.parametrize("mutate", CRICSHEET_MUTATIONS, ids=lambda f: f.__name__.strip("_"))
def test_a_malicious_cricsheet_file_is_refused_in_one_line(tmp_path, mutate) -> None:
    document = cricsheet()
    mutate(document)
    path = tmp_path / "1082625.json"
    path.write_text(json.dumps(document))
    message = refused("import_cricsheet", path)
    assert str(path) in message


def test_an_unlisted_bowler_joins_the_squad_as_in_old_cricsheet_files(tmp_path) -> None:
    """Old Cricsheet files list no players; whoever bats or bowls is added to the squad, so
    an unlisted name is imported, not refused (cricsheet._add_unlisted_players)."""
    document = cricsheet()
    first_ball(document)["bowler"] = "Unlisted Bowler"
    path = tmp_path / "1082625.json"
    path.write_text(json.dumps(document))
    call_command("import_cricsheet", str(path), stdout=io.StringIO())
    assert Player.objects.filter(name="Unlisted Bowler").count() == 1


def test_a_missing_file_and_a_directory_without_json_are_refused(tmp_path) -> None:
    assert "No such file" in refused("import_cricsheet", tmp_path / "absent.json")
    assert "No such file" in refused("import_openfootball", tmp_path / "absent.json")
    assert str(tmp_path) in refused("import_openfootball", tmp_path)


def test_a_directory_with_one_bad_file_among_good_ones_imports_nothing(tmp_path) -> None:
    for stem in ("1082625", "1031433"):
        (tmp_path / f"{stem}.json").write_bytes((DEMO_DIR / f"{stem}.json").read_bytes())
    document = cricsheet()
    _negative_runs(document)
    (tmp_path / "2000000.json").write_text(json.dumps(document))

    message = refused("import_cricsheet", tmp_path)

    assert message.startswith(f"{tmp_path / '2000000.json'}: not imported")
    assert message.endswith("nothing imported")


def _season_huge_goals(data: dict) -> None:
    data["matches"][0]["score"] = {"ft": [10**30, 0]}


def _season_goals_as_text(data: dict) -> None:
    data["matches"][0]["score"] = {"ft": ["two", 0]}


def _season_negative_goals(data: dict) -> None:
    data["matches"][5]["score"] = {"ft": [-1, 0]}


def _season_team_plays_itself(data: dict) -> None:
    data["matches"][3]["team2"] = data["matches"][3]["team1"]


def _season_huge_team_name(data: dict) -> None:
    data["matches"][0]["team1"] = "X" * 10_000


def _season_huge_round(data: dict) -> None:
    data["matches"][0]["round"] = "R" * 10_000


def _season_name_a_number(data: dict) -> None:
    data["name"] = 2019


def _season_matches_an_object(data: dict) -> None:
    data["matches"] = {"0": data["matches"][0]}


def _season_bad_date(data: dict) -> None:
    data["matches"][7]["date"] = "2019-02-30"


def _season_year_zero_date(data: dict) -> None:
    data["matches"][7]["date"] = "0000-01-01"


SEASON_MUTATIONS = [
    _season_huge_goals,
    _season_goals_as_text,
    _season_negative_goals,
    _season_team_plays_itself,
    _season_huge_team_name,
    _season_huge_round,
    _season_name_a_number,
    _season_matches_an_object,
    _season_bad_date,
    _season_year_zero_date,
]


@pytest.mark.parametrize("mutate", SEASON_MUTATIONS, ids=lambda f: f.__name__.strip("_"))
def test_a_malicious_openfootball_file_is_refused_in_one_line(tmp_path, mutate) -> None:
    data = season()
    mutate(data)
    path = tmp_path / "season.json"
    path.write_text(json.dumps(data))
    refused("import_openfootball", path)


# --- hypothesis: one value somewhere in a real file replaced by junk ------------------------

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(node, prefix=()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:3]):  # the first few of each list is enough
            found += _paths(value, (*prefix, index))
    return found


def _replaced(document, path: tuple, junk):
    if not path:
        return junk
    document = copy.deepcopy(document)
    node = document
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = junk
    return document


CRICSHEET_SMALL = cricsheet()
CRICSHEET_PATHS = _paths(CRICSHEET_SMALL)
SEASON_SMALL = {**season(), "matches": season()["matches"][:12]}
SEASON_PATHS = _paths(SEASON_SMALL)


def _import_or_refuse(command: str, path: Path) -> None:
    """A mutated file is either imported whole or refused in one line with nothing written."""
    with transaction.atomic():  # rolled back: each example starts from the same database
        before = counts()
        refusal = ""
        try:
            call_command(command, str(path), stdout=io.StringIO(), stderr=io.StringIO())
        except CommandError as error:
            refusal = str(error)
        if refusal:
            assert "\n" not in refusal
            assert counts() == before
        else:
            assert Match.objects.count() > before[MODELS.index(Match)]
        transaction.set_rollback(True)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples on every run: a fuzz test must not be flaky
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(where=st.sampled_from(CRICSHEET_PATHS), junk=JUNK)
def test_cricsheet_with_one_value_replaced_by_junk_is_imported_whole_or_refused(
    tmp_path_factory, where, junk
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "1082625.json"
    path.write_text(json.dumps(_replaced(CRICSHEET_SMALL, where, junk)))
    _import_or_refuse("import_cricsheet", path)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples on every run: a fuzz test must not be flaky
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(where=st.sampled_from(SEASON_PATHS), junk=JUNK)
def test_openfootball_with_one_value_replaced_by_junk_is_imported_whole_or_refused(
    tmp_path_factory, where, junk
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "season.json"
    path.write_text(json.dumps(_replaced(SEASON_SMALL, where, junk)))
    _import_or_refuse("import_openfootball", path)


@pytest.mark.parametrize("command", ["import_cricsheet", "import_openfootball"])
def test_manage_py_prints_one_line_and_exits_non_zero(tmp_path, command) -> None:
    """Through the real entry point: exit status 1, one stderr line, no traceback."""
    path = tmp_path / "deep.json"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", command, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"CommandError: {path}")
