"""The scorers' consoles in admin, in headless Chromium as a scorer sees them: their own
styles apply (no inline style the CSP refuses) and nothing errors in the console."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import as_scorer
from tests.pages import scenarios

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]


def _signed_in_superuser() -> str:
    from django.test import Client

    from tests.factories import UserFactory

    user = UserFactory(username="head-scorer", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


@pytest.mark.parametrize("width", [360, 1280])
def test_the_cricket_console_is_styled_and_reports_no_csp_violation(server, page, width):
    match, _ = as_scorer(scenarios.cricket_match, events=30)
    cookie = as_scorer(_signed_in_superuser)
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": server.url}])
    page.goto(f"{server.url}/admin/matches/match/{match.pk}/score/")
    ball = page.locator(".cricket-console button.ball").first
    expect(ball).to_be_visible()
    # The console's stylesheet applied: big ball buttons, the over as separate chips.
    assert ball.evaluate("b => parseFloat(getComputedStyle(b).minWidth)") > 30
    chip = page.locator(".cricket-console .this-over span").first
    if chip.count():
        assert chip.evaluate("s => getComputedStyle(s).display") == "inline-block"
    page.screenshot(path=f"docs/screenshots/console-cricket-{width}.png", full_page=True)


def _football_live():
    from matches.models import Competition

    competition = Competition.objects.create(name="League", season="2025-26", sport="football")
    home, away = scenarios.football_teams(["Arsenal", "Chelsea"], competition)
    match = scenarios.football_match(competition=competition, home=home, away=away)
    scenarios.kick_off(match, minutes_ago=10)
    return match


@pytest.mark.parametrize("width", [360, 1280])
def test_the_football_console_reports_no_csp_violation(server, page, width):
    match = as_scorer(_football_live)
    cookie = as_scorer(_signed_in_superuser)
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": server.url}])
    page.goto(f"{server.url}/admin/matches/match/{match.pk}/score/")
    expect(page.locator("#content-main")).to_contain_text("Arsenal")
    page.screenshot(path=f"docs/screenshots/console-football-{width}.png", full_page=True)
