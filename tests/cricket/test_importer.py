"""The importer's edges: player refs, refused files, re-imports and the write batch."""

from __future__ import annotations

import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command

from matches.demo import DEMO_DIR
from matches.models import Competition, Match, MatchPlayer, Player, Team
from scoring import services
from scoring.errors import ScoringError
from scoring.models import EventSource, MatchEvent, Scoreboard
from scoring.rules.cricket.players import UnknownPlayers, fielders_outside_squad, remap_players
from tests.factories import MatchFactory

SUPER_OVER_FILE = DEMO_DIR / "1082625.json"


def test_remap_players_renames_every_reference_and_leaves_the_rest() -> None:
    payload = {
        "striker": "A",
        "non_striker": "B",
        "bowler": "C",
        "runs": 1,
        "extras": {"byes": 1},
        "dismissals": [{"kind": "run out", "player_out": "B", "fielders": ["D", "C"]}],
    }
    mapping = {"A": 1, "B": 2, "C": 3, "D": 4}
    assert remap_players("delivery", payload, mapping) == {
        "striker": 1,
        "non_striker": 2,
        "bowler": 3,
        "runs": 1,
        "extras": {"byes": 1},
        "dismissals": [{"kind": "run out", "player_out": 2, "fielders": [4, 3]}],
    }
    assert payload["dismissals"][0]["fielders"] == ["D", "C"]  # the input is not changed
    assert remap_players(
        "replacement", {"side": "home", "player_in": "A", "player_out": "B"}, mapping
    ) == {
        "side": "home",
        "player_in": 1,
        "player_out": 2,
    }
    assert remap_players("new_batter", {"player": "D"}, mapping) == {"player": 4}
    assert remap_players("innings_start", {"batting": "home"}, mapping) == {"batting": "home"}
    assert remap_players("over_end", {}, mapping) == {}


def test_remap_players_names_every_missing_reference() -> None:
    with pytest.raises(UnknownPlayers) as caught:
        remap_players(
            "delivery",
            {
                "striker": "X",
                "non_striker": "A",
                "bowler": "Y",
                "dismissals": [{"kind": "caught", "player_out": "X", "fielders": ["Z"]}],
            },
            {"A": 1},
        )
    assert caught.value.players == ["X", "Y", "Z"]


def test_substitute_fielders_are_found_for_the_side_that_fielded() -> None:
    setup = {"home": {"players": ["h1", "h2"]}, "away": {"players": ["a1", "a2"]}}
    events = [
        ("innings_start", {"batting": "home"}),
        ("delivery", {"dismissals": [{"kind": "caught", "player_out": "h1", "fielders": ["sub"]}]}),
        ("innings_start", {"batting": "away"}),
        ("delivery", {"dismissals": [{"kind": "caught", "player_out": "a1", "fielders": ["h2"]}]}),
    ]
    assert fielders_outside_squad(setup, events) == {"home": [], "away": ["sub"]}


@pytest.mark.django_db
def test_a_refused_file_exits_non_zero_with_the_reason_and_writes_nothing(tmp_path) -> None:
    document = json.loads(SUPER_OVER_FILE.read_text())
    broken = copy.deepcopy(document)
    # The first innings' third over is bowled by the bowler of the second: not allowed.
    overs = broken["innings"][0]["overs"]
    for ball in overs[2]["deliveries"]:
        ball["bowler"] = overs[1]["deliveries"][0]["bowler"]
    bad = tmp_path / "999.json"
    bad.write_text(json.dumps(broken))
    garbage = tmp_path / "998.json"
    garbage.write_text('{"info": {"teams": ["A"]}}')
    before = [model.objects.count() for model in (Competition, Team, Player, Match, MatchEvent)]
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 file"):
        call_command("import_cricsheet", bad, garbage, stdout=io.StringIO(), stderr=err)
    assert f"{bad}: not imported (consecutive_overs)" in err.getvalue()
    assert "Event " in err.getvalue()
    assert f"{garbage}: not imported (invalid_payload)" in err.getvalue()
    after = [model.objects.count() for model in (Competition, Team, Player, Match, MatchEvent)]
    assert after == before


@pytest.mark.django_db
def test_import_creates_fixture_squads_and_finishes_the_match() -> None:
    out = io.StringIO()
    call_command("import_cricsheet", SUPER_OVER_FILE, stdout=out)
    match = Match.objects.get(external_ids={"cricsheet": "1082625"})
    assert out.getvalue() == (
        f"match {match.pk}: Gujarat Lions 153/9 (20 ov), Mumbai Indians 153 (20 ov), "
        "Mumbai Indians 11/2 (super over), Gujarat Lions 6/0 (super over), "
        "Match tied (Mumbai Indians won the super over)\n"
    )
    assert match.status == "finished"
    assert (match.competition.name, match.competition.season) == ("Indian Premier League", "2017")
    assert match.competition.rules["overs_per_innings"] == 20
    assert str(match.venue) == "Saurashtra Cricket Association Stadium, Rajkot"
    assert MatchPlayer.objects.filter(match=match, side="home", is_starting=True).count() == 11
    bumrah = Player.objects.get(name="JJ Bumrah")
    registry = json.loads(SUPER_OVER_FILE.read_text())["info"]["registry"]["people"]
    assert bumrah.external_ids == {"cricsheet": registry["JJ Bumrah"]}
    log = list(
        MatchEvent.objects.filter(match=match).values_list("kind", "source", "idempotency_key")
    )
    assert log[0] == ("status", "import", "1082625:live")
    assert log[-1] == ("status", "import", "1082625:finished")
    assert all(source == "import" for _kind, source, _key in log)
    board = Scoreboard.objects.get(match=match)
    assert board.seq == len(log)
    rebuilt = services.scoreboard_rebuild(match_id=match.pk)
    assert rebuilt.state == board.state  # the batch's projection is the log's


@pytest.mark.django_db
def test_a_batch_broadcasts_once_and_a_refused_write_commits_nothing(
    django_capture_on_commit_callbacks,
) -> None:
    match = MatchFactory()
    home = list(match.squad.filter(side="home").values_list("player_id", flat=True))
    away = list(match.squad.filter(side="away").values_list("player_id", flat=True))
    services.match_transition(match_id=match.pk, to_status="live", source=EventSource.SYSTEM)
    start = {"batting": "home", "striker": home[0], "non_striker": home[1]}
    ball = {"striker": home[0], "non_striker": home[1], "bowler": away[10], "runs": 0}

    with (
        django_capture_on_commit_callbacks() as callbacks,
        services.match_batch(match_ids=[match.pk]),
    ):
        services.event_record(
            match_id=match.pk, kind="innings_start", payload=start, source="import"
        )
        for _ in range(3):
            services.event_record(match_id=match.pk, kind="delivery", payload=ball, source="import")
    assert len(callbacks) == 1
    assert MatchEvent.objects.filter(match=match).count() == 5
    assert Scoreboard.objects.get(match=match).seq == 5

    def good_then_refused():
        with services.match_batch(match_ids=[match.pk]):
            services.event_record(match_id=match.pk, kind="delivery", payload=ball, source="import")
            services.event_record(
                match_id=match.pk, kind="delivery", payload={**ball, "runs": -1}, source="import"
            )

    with pytest.raises(ScoringError) as caught:
        good_then_refused()
    assert caught.value.code == "negative_runs"
    assert MatchEvent.objects.filter(match=match).count() == 5
    board = Scoreboard.objects.get(match=match)
    assert board.seq == 5
    assert board.summary["home"]["score"] == "0/0"
    assert board.summary["home"]["overs"] == "0.3"
