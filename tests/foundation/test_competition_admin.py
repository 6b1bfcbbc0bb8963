"""A competition's rules are chosen from presets or entered as validated fields, never
typed as JSON (issue 18): `{}` gave unlimited overs to a T20 and an empty box a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from selectolax.lexbor import LexborHTMLParser

from accounts.models import User
from matches.models import Competition
from scoring.rules.cricket.rules import rules_from_setup
from scoring.standings.presets import LEAGUES

pytestmark = pytest.mark.django_db
ADD = "/admin/matches/competition/add/"


@pytest.fixture
def staff() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def _post(client, url, **fields):
    data = {"points_deductions-TOTAL_FORMS": "0", "points_deductions-INITIAL_FORMS": "0"}
    data.update(fields)
    return client.post(url, data)


def test_the_form_offers_presets_and_no_json_box(staff):
    page = LexborHTMLParser(staff.get(ADD).content)
    assert page.css_first('textarea[name="rules"]') is None
    formats = [o.attributes["value"] for o in page.css('select[name="cricket_format"] option')]
    assert {"t20", "odi", "test", "hundred", "t10", "club_40", "custom"} <= set(formats)
    leagues = [o.attributes["value"] for o in page.css('select[name="football_league"] option')]
    assert {"premier_league", "la_liga", "serie_a", "bundesliga", "ligue_1", "championship"} <= set(
        leagues
    )


def test_a_cricket_preset_sets_the_engine_rules(staff):
    response = _post(staff, ADD, name="Cup", season="2026", sport="cricket", cricket_format="odi")
    assert response.status_code == 302, response.content[:2000]
    rules = Competition.objects.get(name="Cup").rules
    parsed = rules_from_setup(rules)
    assert parsed.overs_per_innings == 50
    assert parsed.max_overs_per_bowler == 10
    hundred = _post(
        staff, ADD, name="Hundred", season="2026", sport="cricket", cricket_format="hundred"
    )
    assert hundred.status_code == 302
    assert rules_from_setup(Competition.objects.get(name="Hundred").rules).balls_per_over == 5


def test_custom_limited_overs_without_overs_is_refused_on_the_form(staff):
    response = _post(
        staff, ADD, name="Club", season="2026", sport="cricket", cricket_format="custom",
        innings_per_side="1",
    )  # fmt: skip
    assert response.status_code == 200
    assert "needs its overs" in response.content.decode()
    assert not Competition.objects.filter(name="Club").exists()
    zero = _post(
        staff, ADD, name="Club", season="2026", sport="cricket", cricket_format="custom",
        overs_per_innings="0",
    )  # fmt: skip
    assert zero.status_code == 200
    assert not Competition.objects.filter(name="Club").exists()


def test_a_football_preset_and_a_custom_table(staff):
    laliga = _post(
        staff, ADD, name="Liga", season="2026", sport="football", football_league="la_liga"
    )
    assert laliga.status_code == 302
    standings = Competition.objects.get(name="Liga").rules["standings"]
    assert standings == LEAGUES["la_liga"].settings

    custom = _post(
        staff, ADD, name="Sunday League", season="2026", sport="football",
        football_league="custom", win_points="2", draw_points="1",
        tie_breakers=["goals_for", "goal_difference"],
    )  # fmt: skip
    assert custom.status_code == 302
    settings = Competition.objects.get(name="Sunday League").rules["standings"]
    assert settings["points"] == {"win": 2, "draw": 1, "loss": 0}
    assert settings["tie_breakers"] == ["goals_for", "goal_difference"]

    silly = _post(
        staff, ADD, name="Silly", season="2026", sport="football", football_league="custom",
        win_points="1", draw_points="3",
    )  # fmt: skip
    assert silly.status_code == 200
    assert "worth less than a win" in silly.content.decode()


def test_editing_shows_the_stored_preset_and_keeps_other_rules(staff):
    competition = Competition.objects.create(
        name="T20 Blast", season="2026", sport="cricket",
        rules={"overs_per_innings": 20, "max_overs_per_bowler": 4, "free_hit": True,
               "standings": {"points": {"win": 2, "tie": 1, "no_result": 1, "loss": 0}}},
    )  # fmt: skip
    url = f"/admin/matches/competition/{competition.pk}/change/"
    page = LexborHTMLParser(staff.get(url).content)
    assert (
        page.css_first('select[name="cricket_format"] option[selected]').attributes["value"]
        == "t20"
    )
    saved = _post(
        staff, url, name="T20 Blast", season="2026", sport="cricket", cricket_format="t10"
    )
    assert saved.status_code == 302
    competition.refresh_from_db()
    assert competition.rules["overs_per_innings"] == 10
    assert competition.rules["standings"]["points"]["win"] == 2  # kept
