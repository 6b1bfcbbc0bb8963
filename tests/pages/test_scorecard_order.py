"""The cricket scorecard lists innings in playing order with the innings being played open
(it listed them newest first, the second innings above the first: issue 20)."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from tests.pages import scenarios

pytestmark = pytest.mark.django_db


def _innings(client, match):
    page = LexborHTMLParser(client.get(f"/matches/{match.pk}/").content)
    return [
        (node.css_first("h3").attributes["id"], "open" in node.attributes)
        for node in page.css('[data-part="scorecards"] details.innings')
    ]


def test_a_finished_match_lists_innings_in_playing_order_the_last_open(client):
    match, _ = scenarios.cricket_match(finish=True)
    innings = _innings(client, match)
    assert len(innings) == 2
    assert [heading for heading, _ in innings] == ["h-inn-1", "h-inn-2"]
    assert [is_open for _, is_open in innings] == [False, True]


def test_during_the_first_innings_it_is_the_only_one_and_open(client):
    match, _ = scenarios.cricket_match(events=30)
    assert [is_open for _, is_open in _innings(client, match)] == [True]
