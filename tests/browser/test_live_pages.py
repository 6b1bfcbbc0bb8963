"""Fans' pages in headless Chromium against a real daphne, PostgreSQL and Redis."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from scoring import services
from scoring.models import EventSource
from tests.browser.conftest import as_scorer, axe_violations, watch_for_errors
from tests.pages import scenarios

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]

ONE_SECOND = 1000


def _scorer():
    from tests.factories import UserFactory

    return UserFactory(username="scorer", is_staff=True, is_superuser=True)


def record(match, kind, payload):
    """What a scorer's client does: one event through the scoring service."""

    def write():
        return services.event_record(
            match_id=match.pk, kind=kind, payload=payload, author=_scorer(), source=EventSource.API
        )

    return as_scorer(write)


def undo(match):
    return as_scorer(
        lambda: services.event_undo(match_id=match.pk, author=_scorer(), source=EventSource.API)
    )


def _live(page) -> None:
    expect(page.locator("#live-status")).to_have_text("Live")


def _cricket_boundary(match, ids):
    """The next delivery of the real match, hit for four instead."""
    from scoring.selectors import match_log_get

    last = [event for event in match_log_get(match_id=match.pk) if event.kind == "delivery"][-1]
    payload = {key: last.payload[key] for key in ("striker", "non_striker", "bowler")}
    return {**payload, "runs": 4, "boundary": True}


def test_cricket_boundary_appears_within_a_second_and_undo_rolls_it_back(server, page):
    match, ids = as_scorer(scenarios.cricket_match, events=12)
    page.goto(f"{server.url}/matches/{match.pk}/")
    _live(page)
    score = page.locator('[data-part="score"] .score[data-side="away"]')
    before = score.inner_text()
    runs, wickets = (int(part) for part in before.split("/"))

    started = time.monotonic()
    record(match, "delivery", _cricket_boundary(match, ids))
    expect(score).to_have_text(f"{runs + 4}/{wickets}", timeout=ONE_SECOND)
    assert time.monotonic() - started < 1.0
    expect(page.locator(".commentary li").first).to_contain_text("FOUR", timeout=ONE_SECOND)
    expect(page.locator(".this-over .ball").last).to_have_text("4", timeout=ONE_SECOND)
    expect(page.locator("#announcer")).to_contain_text(f"{runs + 4}/{wickets}")

    undo(match)
    expect(score).to_have_text(before, timeout=ONE_SECOND)
    expect(page.locator(".commentary li").first).not_to_contain_text("FOUR", timeout=ONE_SECOND)


def _football_live(home="Arsenal", away="Chelsea", competition=None):
    return as_scorer(_football_match, home, away, competition)


def _football_match(home, away, competition):
    from matches.models import Competition

    competition = competition or Competition.objects.create(
        name="Premier League", season="2025-26", sport="football"
    )
    teams = scenarios.football_teams([home, away], competition)
    match = scenarios.football_match(competition=competition, home=teams[0], away=teams[1])
    scenarios.kick_off(match, minutes_ago=10)
    return match


def _goal(match, side="home"):
    return record(match, "goal", {"side": side, "scorer": scenarios.squad_ids(match, side)[9]})


def test_football_goal_appears_within_a_second_and_undo_rolls_it_back(server, page):
    match = _football_live()
    page.goto(f"{server.url}/matches/{match.pk}/")
    _live(page)
    home = page.locator('[data-part="score"] .score[data-side="home"]')
    expect(home).to_have_text("0")
    expect(page.locator(".clock")).to_have_text("11'")

    started = time.monotonic()
    _goal(match)
    expect(home).to_have_text("1", timeout=ONE_SECOND)
    assert time.monotonic() - started < 1.0
    expect(page.locator(".timeline .ev-goal")).to_contain_text("Arsenal Player 10")
    expect(page.locator("#announcer")).to_contain_text("Arsenal 1, Chelsea 0")

    undo(match)
    expect(home).to_have_text("0", timeout=ONE_SECOND)
    expect(page.locator(".timeline .ev-goal")).to_have_count(0)


def test_page_recovers_after_the_websocket_is_cut(server, page):
    match = _football_live()
    page.goto(f"{server.url}/matches/{match.pk}/")
    _live(page)
    home = page.locator('[data-part="score"] .score[data-side="home"]')

    # While the server is down the browser reports each refused reconnect.
    page.expected_console_errors.append("net::ERR_CONNECTION_REFUSED")
    server.stop()  # every socket dies, as in a deploy
    expect(page.locator("#live-status")).not_to_have_text("Live")
    _goal(match)  # scored while the fan is cut off
    server.start()

    expect(page.locator("#live-status")).to_have_text("Live", timeout=15000)
    expect(home).to_have_text("1", timeout=5000)
    started = time.monotonic()
    _goal(match)  # and the live path works again
    expect(home).to_have_text("2", timeout=ONE_SECOND)
    assert time.monotonic() - started < 1.0


def test_blocked_websockets_fall_back_to_polling(server, page):
    match = _football_live()
    page.route_web_socket("**/ws/", lambda ws: ws.close())
    page.goto(f"{server.url}/matches/{match.pk}/")
    expect(page.locator("#live-status")).to_have_text("Updating every 5 s", timeout=10000)
    _goal(match)
    expect(page.locator('[data-part="score"] .score[data-side="home"]')).to_have_text(
        "1", timeout=8000
    )


def test_table_reorders_live(server, page):
    from matches.models import Competition

    competition = as_scorer(
        Competition.objects.create, name="League", season="2026", sport="football", rules={}
    )
    first = _football_live("Arsenal", "Chelsea", competition)
    second = _football_live("Everton", "Fulham", competition)
    _goal(first, "home")  # Arsenal lead the table as it stands
    page.goto(f"{server.url}/competitions/{competition.pk}/")
    _live(page)
    top = page.locator(".league tbody tr").first.locator("th")
    expect(top).to_contain_text("Arsenal")

    _goal(second, "away")
    _goal(second, "away")  # Fulham win by two: better goal difference
    expect(top).to_contain_text("Fulham", timeout=2000)
    expect(page.locator(".league tbody tr").last.locator("th")).to_contain_text("Everton")


def test_team_page_scores_live_and_moves_a_finished_match_to_results(server, page):
    match = _football_live()
    page.goto(f"{server.url}/teams/{match.home_team_id}/")
    _live(page)
    fixtures = page.locator('[data-part="fixtures"]')
    results = page.locator('[data-part="results"]')
    expect(fixtures.locator(f'[data-match="{match.pk}"] .score[data-side="home"]')).to_have_text(
        "0"
    )
    expect(results).to_contain_text("No results yet.")

    _goal(match)
    expect(fixtures.locator(f'[data-match="{match.pk}"] .score[data-side="home"]')).to_have_text(
        "1", timeout=ONE_SECOND
    )
    as_scorer(
        lambda: services.match_transition(
            match_id=match.pk, to_status="finished", author=_scorer(), source=EventSource.API
        )
    )
    row = results.locator(f'[data-match="{match.pk}"]')
    expect(row.locator('[data-field="status"]')).to_have_text("FT", timeout=3000)
    expect(row.locator('.score[data-side="home"]')).to_have_text("1")
    expect(fixtures).to_contain_text("No fixtures scheduled.")


def test_pages_pass_the_accessibility_audit(server, browser):
    match = _football_live()
    cricket, _ = as_scorer(scenarios.cricket_match, events=40)
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 360, "height": 800}, color_scheme=scheme)
        page = context.new_page()
        errors = watch_for_errors(page)
        for path in (
            "/",
            f"/matches/{match.pk}/",
            f"/matches/{cricket.pk}/",
            f"/competitions/{match.competition_id}/",
            f"/teams/{match.home_team_id}/",
            "/accounts/sign-in/",
        ):
            page.goto(server.url + path)
            expect(page.locator("#live-status")).not_to_have_text("Connecting…")
            assert axe_violations(page) == [], f"{path} ({scheme})"
        context.close()
        assert errors == [], f"console errors or CSP violations ({scheme}): {errors}"


def _fan_session(team_id: int) -> str:
    from django.test import Client

    from accounts.models import Favourite
    from tests.factories import UserFactory

    fan = UserFactory(username="fan")
    Favourite.objects.create(user=fan, team_id=team_id)
    browser = Client()
    browser.force_login(fan)
    return browser.cookies["sessionid"].value


def test_home_favourites_follow_user_me_for_a_signed_in_fan(server, page):
    match = _football_live()
    cookie = as_scorer(_fan_session, match.home_team_id)
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": server.url}])
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(str(payload))))
    page.goto(f"{server.url}/")
    _live(page)
    favourites = page.locator('[data-part="favourites"]')
    score = favourites.locator(f'[data-match="{match.pk}"] .score[data-side="home"]')
    expect(score).to_have_text("0")

    _goal(match)
    expect(score).to_have_text("1", timeout=ONE_SECOND)
    # A favourite team's match the page has never shown joins the section when it starts.
    later = _football_live("Arsenal", "Everton", competition=match.competition)
    expect(favourites.locator(f'[data-match="{later.pk}"]')).to_be_visible(timeout=3000)
    expect(page.locator("#live-status")).to_have_text("Live")
    assert any('"user:me"' in frame and '"subscribe"' in frame for frame in sent), sent
