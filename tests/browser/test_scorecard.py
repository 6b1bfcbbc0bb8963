"""The cricket scorecard as a fan uses it: innings in playing order, the one being played
open, and an innings the fan opened stays open while the match goes on live."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import as_scorer
from tests.browser.test_live_pages import _cricket_boundary, _live, record
from tests.pages import scenarios

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]


@pytest.mark.parametrize("width", [360, 1280])
def test_an_opened_innings_stays_open_through_live_updates(server, page, width):
    match, ids = as_scorer(scenarios.cricket_match, events=170)  # into the second innings
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{server.url}/matches/{match.pk}/")
    _live(page)
    first, second = page.locator("#innings-1"), page.locator("#innings-2")
    expect(second).to_have_attribute("open", "")
    assert first.get_attribute("open") is None
    assert first.bounding_box()["y"] < second.bounding_box()["y"]  # playing order

    first.locator("summary").click()
    expect(first).to_have_attribute("open", "")
    total = page.locator("#innings-2 .total")
    before = total.inner_text()
    record(match, "delivery", _cricket_boundary(match, ids))
    expect(total).not_to_have_text(before)
    expect(first).to_have_attribute("open", "")
    page.screenshot(path=f"docs/screenshots/cricket-scorecard-{width}.png", full_page=False)


def test_the_replay_slider_opens_the_match_as_it_stood_and_back_to_live(server, page):
    match, _ = as_scorer(scenarios.cricket_match, events=60)
    page.goto(f"{server.url}/matches/{match.pk}/")
    _live(page)
    slider = page.locator("input[data-as-at]")
    last = int(slider.get_attribute("max"))
    slider.fill(str(last - 20))  # a range input takes fill(); it fires input and change
    expect(page).to_have_url(f"{server.url}/matches/{match.pk}/?at={last - 20}")
    expect(page.locator(".as-at [role=status]")).to_contain_text(f"#{last - 20}")
    page.screenshot(path="docs/screenshots/cricket-replay-desktop.png")
    page.get_by_role("link", name="Back to live").click()
    _live(page)
