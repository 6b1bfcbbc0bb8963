"""Fans' pages rendered by Django: what a fan without JavaScript sees, fragments and ETags,
favourites, time zones, and each page's weight."""

from __future__ import annotations

import gzip
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from accounts.models import Favourite, User
from matches.models import Competition
from scoring import services
from scoring.models import EventSource
from scoring.pages.charts import manhattan, worm
from scoring.rules.replay import LoggedEvent
from scoring.selectors.commentary import cricket_commentary
from tests.factories import MatchFactory, UserFactory
from tests.pages import scenarios

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 60 * 1024
HOUR = timedelta(hours=1)


def _goal(match, side="home"):
    return services.event_record(
        match_id=match.pk,
        kind="goal",
        payload={"side": side, "scorer": scenarios.squad_ids(match, side)[9]},
        source=EventSource.IMPORT,
    )


@pytest.fixture
def league():
    competition = Competition.objects.create(
        name="League",
        season="2026",
        sport="football",
        rules={
            "standings": {
                "zones": [{"name": "promotion", "from": 1, "to": 1}],
                "deductions": [],
            }
        },
    )
    teams = scenarios.football_teams(["Arsenal", "Chelsea", "Everton", "Fulham"], competition)
    return competition, teams


def test_football_centre_shows_the_current_state_without_javascript(client, league):
    competition, teams = league
    match = scenarios.football_match(competition=competition, home=teams[0], away=teams[1])
    scenarios.football_afternoon(match)

    html = client.get(f"/matches/{match.pk}/").content.decode()

    assert re.search(r'data-side="home">2</span>', html)
    assert re.search(r'data-side="away">1</span>', html)
    assert "HT 1\u20131" in html
    assert "Arsenal Player 12 on for Arsenal Player 7" in html
    assert "Yellow card</strong> Chelsea Player 5" in html
    assert "Chelsea Player 11 (penalty)" in html
    # Possession bars as SVG: the Content-Security-Policy allows no inline styles.
    assert '<rect class="h" width="56" height="8"/>' in html
    assert '<rect class="a" x="56" width="44" height="8"/>' in html
    assert "style=" not in html
    assert html.count('class="ev ev-goal') == 3


def test_cricket_centre_shows_scorecard_commentary_and_charts(client):
    match, _ = scenarios.cricket_match(events=60)
    html = client.get(f"/matches/{match.pk}/").content.decode()

    assert "At the crease" in html
    assert "Fall of wickets" in html
    assert "Partnerships" in html
    assert html.count("<svg") == 2  # the worm and one Manhattan so far
    assert 'aria-label="Worm: runs by over: South Africa' in html
    assert "Commentary" in html
    assert "FOUR" in html


def test_fragment_has_an_etag_and_answers_304_until_the_match_moves(client, league):
    competition, teams = league
    match = scenarios.football_match(competition=competition, home=teams[0], away=teams[1])
    scenarios.kick_off(match)
    first = client.get(f"/matches/{match.pk}/live/")
    etag = first["ETag"]
    assert first.status_code == 200
    assert first["Cache-Control"] == "no-cache"
    assert client.get(f"/matches/{match.pk}/live/", HTTP_IF_NONE_MATCH=etag).status_code == 304

    _goal(match)
    moved = client.get(f"/matches/{match.pk}/live/", HTTP_IF_NONE_MATCH=etag)
    assert moved.status_code == 200
    assert moved["ETag"] != etag
    assert 'data-side="home">1</span>' in moved.content.decode()
    assert "<html" not in moved.content.decode()


def test_undo_and_correction_show_on_the_page(client, league):
    competition, teams = league
    match = scenarios.football_match(competition=competition, home=teams[0], away=teams[1])
    scenarios.kick_off(match)
    goal = _goal(match)
    services.event_correct(
        match_id=match.pk,
        target_seq=goal.event.seq,
        kind="goal",
        payload={"side": "away", "scorer": scenarios.squad_ids(match, "away")[9]},
        source=EventSource.IMPORT,
    )
    html = client.get(f"/matches/{match.pk}/live/").content.decode()
    assert 'data-side="home">0</span>' in html
    assert 'data-side="away">1</span>' in html
    services.event_undo(match_id=match.pk, source=EventSource.IMPORT)
    html = client.get(f"/matches/{match.pk}/live/").content.decode()
    assert 'data-side="away">0</span>' in html


def test_table_counts_live_matches_as_they_stand(client, league):
    competition, teams = league
    match = scenarios.football_match(competition=competition, home=teams[2], away=teams[3])
    scenarios.kick_off(match)
    _goal(match, "away")
    html = client.get(f"/competitions/{competition.pk}/").content.decode()
    names = re.findall(r'<a href="/teams/\d+/">([^<]+)</a> <span class="badge live">', html)
    assert names[0] == "Fulham"  # top, as it stands, and in the promotion zone
    assert "as it stands" in html
    assert 'class="zone zone-promotion is-live"' in html
    unchanged = client.get(f"/competitions/{competition.pk}/live/")
    again = client.get(
        f"/competitions/{competition.pk}/live/", HTTP_IF_NONE_MATCH=unchanged["ETag"]
    )
    assert again.status_code == 304
    _goal(match, "home")
    assert (
        client.get(
            f"/competitions/{competition.pk}/live/", HTTP_IF_NONE_MATCH=unchanged["ETag"]
        ).status_code
        == 200
    )


def test_home_groups_live_by_competition_favourites_first_in_the_fans_time_zone(client):
    early = MatchFactory(competition__name="Cup")
    late = MatchFactory(competition=early.competition, start_time=early.start_time + HOUR)
    other = MatchFactory(competition__name="Shield")
    for match in (early, late, other):
        services.match_transition(match_id=match.pk, to_status="live", source=EventSource.SYSTEM)
    kick_off = (timezone.now() + timedelta(days=2)).replace(hour=23, minute=30, microsecond=0)
    upcoming = MatchFactory(start_time=kick_off)
    fan = UserFactory(time_zone="Australia/Sydney")
    Favourite.objects.create(user=fan, team=late.home_team)
    client.force_login(fan)

    html = client.get("/").content.decode()

    assert html.index(f'data-match="{late.pk}"') < html.index(f'data-match="{early.pk}"')
    assert html.index(">Cup 2026<") < html.index(f'data-match="{early.pk}"')
    assert html.index(f'data-match="{early.pk}"') < html.index(">Shield 2026<")
    assert "Times in Australia/Sydney" in html
    local = kick_off.astimezone(ZoneInfo("Australia/Sydney"))
    row = html[html.index(f'data-match="{upcoming.pk}"') :]
    assert f">{local:%H:%M}</time>" in row[:600]


def test_home_sport_filter(client):
    cricket = MatchFactory()
    football = MatchFactory(competition__sport="football")
    html = client.get("/?sport=football").content.decode()
    assert f'data-match="{football.pk}"' in html
    assert f'data-match="{cricket.pk}"' not in html
    assert client.get("/?sport=curling").status_code == 200


def test_sign_up_profile_and_favourites(client):
    match = MatchFactory()
    response = client.post(
        "/accounts/sign-up/",
        {
            "username": "fan",
            "email": "fan@example.com",
            "time_zone": "Asia/Kolkata",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )
    assert response.status_code == 302
    fan = User.objects.get(username="fan")
    assert fan.time_zone == "Asia/Kolkata"

    client.post("/accounts/profile/", {"time_zone": "Europe/London"})
    fan.refresh_from_db()
    assert fan.time_zone == "Europe/London"

    add = {"kind": "team", "target_id": match.home_team_id, "action": "add", "next": "/"}
    assert client.post("/accounts/favourites/", add).status_code == 302
    client.post("/accounts/favourites/", add)
    assert Favourite.objects.filter(user=fan, team=match.home_team).count() == 1
    assert "★ Following" in client.get(f"/teams/{match.home_team_id}/").content.decode()
    client.post("/accounts/favourites/", {**add, "action": "remove"})
    assert not Favourite.objects.filter(user=fan).exists()

    bad = client.post("/accounts/favourites/", {**add, "target_id": 999999})
    assert bad.status_code == 400
    offsite = client.post("/accounts/favourites/", {**add, "next": "https://evil.example/"})
    assert offsite["Location"] == "/"


def test_favourites_need_a_signed_in_fan(client):
    match = MatchFactory()
    response = client.post(
        "/accounts/favourites/", {"kind": "match", "target_id": match.pk, "action": "add"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
    assert not Favourite.objects.exists()


def test_unknown_pages_are_404_not_500(client):
    assert client.get("/matches/999999/").status_code == 404
    assert client.get("/matches/999999/live/").status_code == 404
    assert client.get("/competitions/999999/").status_code == 404
    assert client.get("/teams/999999/").status_code == 404


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def test_every_page_weighs_under_60_kb_compressed(client, league):
    competition, teams = league
    football = scenarios.football_match(competition=competition, home=teams[0], away=teams[1])
    scenarios.football_afternoon(football)
    cricket, _ = scenarios.cricket_match(events=None, finish=True)
    assets = sum(
        _gzipped(open(finders.find(name), "rb").read()) for name in ("css/site.css", "js/live.js")
    )
    for path in (
        "/",
        f"/matches/{cricket.pk}/",
        f"/matches/{football.pk}/",
        f"/competitions/{competition.pk}/",
        f"/teams/{teams[0].pk}/",
        "/accounts/sign-up/",
    ):
        html = client.get(path).content
        assert _gzipped(html) + assets < PAGE_BUDGET, path


def test_commentary_numbers_balls_and_skips_extras():
    events = [
        LoggedEvent(1, "innings_start", {"batting": "home"}),
        LoggedEvent(2, "delivery", {"striker": 1, "non_striker": 2, "bowler": 9, "runs": 4}),
        LoggedEvent(
            3, "delivery", {"striker": 1, "non_striker": 2, "bowler": 9, "extras": {"wides": 1}}
        ),
        LoggedEvent(
            4,
            "delivery",
            {
                "striker": 1,
                "non_striker": 2,
                "bowler": 9,
                "dismissals": [{"kind": "bowled", "player_out": 1}],
            },
        ),
    ]
    lines = cricket_commentary(events, names={1: "Roy", 2: "Hales", 9: "Rabada"})
    assert [(line.ball, line.label, line.tone) for line in lines[1:]] == [
        ("0.1", "4", "four"),
        ("0.2", "1wd", "extra"),
        ("0.2", "W", "wicket"),
    ]
    assert lines[3].text == "Rabada to Roy: no run, OUT! Roy bowled"


def test_charts_scale_to_the_innings():
    innings = [
        {"team": "A", "runs_per_over": [10, 0, 20], "wickets_per_over": [0, 1, 0]},
        {"team": "B", "runs_per_over": [5], "wickets_per_over": [0]},
    ]
    chart = worm(innings, limit_overs=20)
    # 20 overs across 286 px from x=28; 30 runs is the top of the scale (y=8, zero at 142)
    assert chart.lines[0].points.split() == ["28.0,142.0", "42.3,97.3", "56.6,97.3", "70.9,8.0"]
    assert chart.lines[0].wickets == [(56.6, 97.3)]
    assert chart.description == "A 30 after 3 overs; B 5 after 1 over"
    bars = manhattan(innings[0], limit_overs=20).bars
    assert [(bar.runs, bar.wickets) for bar in bars] == [(10, 0), (0, 1), (20, 0)]
    assert worm([{"team": "A", "runs_per_over": []}]) is None


def _counted_words(html: str) -> list[tuple[str, str]]:
    return re.findall(r"(?<![\d.])(\d+(?:\.\d+)?) (wickets?|overs?|balls?|runs?)\b", html)


def test_cricket_centre_counts_in_the_singular_and_the_plural(client):
    match, _ = scenarios.cricket_match(events=None, finish=True)
    html = re.sub(r"<[^>]+>", " ", client.get(f"/matches/{match.pk}/").content.decode())
    counted = _counted_words(html)
    assert ("1", "wicket") in counted or ("1", "ball") in counted
    wrong = [(n, word) for n, word in counted if (n == "1") == word.endswith("s")]
    assert wrong == []
    assert counted.count(("6", "wickets")) == 2  # England's total, in both layouts
    early, _ = scenarios.cricket_match(events=40)
    html = client.get(f"/matches/{early.pk}/").content.decode()
    totals = re.findall(r'<td class="dismissal">(\d+ wickets?[^<]*)', html)
    assert totals == ["1 wicket, 5.1 overs, RR 6.58"]


def test_cricket_competition_shows_its_table_and_follows_its_own_channel(client):
    match, _ = scenarios.cricket_match(events=None, finish=True)
    html = client.get(f"/competitions/{match.competition_id}/").content.decode()

    assert f'data-channels="competition:{match.competition_id}"' in html
    rows = re.findall(r'<tr class="[^"]*" data-team="(\d+)">(.*?)</tr>', html, re.S)
    cells = [re.findall(r'<td class="num[^"]*">(?:<strong>)?([^<]*)', row) for _, row in rows]
    names = [re.search(r'<a href="/teams/\d+/">([^<]+)</a>', row).group(1) for _, row in rows]
    # position, played, won, lost, tied, no result, points, net run rate: South Africa won
    # by 3 runs, both sides batting their 20 overs, so NRR is 3 / 20 either way.
    assert list(zip(names, cells, strict=True)) == [
        ("South Africa", ["1", "1", "1", "0", "0", "0", "2", "+0.150"]),
        ("England", ["2", "1", "0", "1", "0", "0", "0", "-0.150"]),
    ]
    fragment = client.get(f"/competitions/{match.competition_id}/live/").content.decode()
    assert "Net run rate" in fragment


def test_team_page_follows_the_team_channel_and_has_live_parts(client, league):
    _competition, teams = league
    html = client.get(f"/teams/{teams[0].pk}/").content.decode()
    assert f'data-channels="team:{teams[0].pk}"' in html
    assert f'data-live-fragment="/teams/{teams[0].pk}/"' in html
    assert 'data-part="fixtures"' in html
    assert 'data-part="results"' in html
