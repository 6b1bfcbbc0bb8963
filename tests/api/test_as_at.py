"""The match as it stood after any entry (issue 20): `?at=<seq>` and, for cricket,
`?ball=<innings>:<over.ball>` on the scorecard and summary endpoints and the match page,
computed from the log and equal to what the projection said at that moment."""

import pytest
from selectolax.lexbor import LexborHTMLParser

from scoring.models import Scoreboard
from scoring.rules.cricket.numbering import delivery_numbers
from scoring.rules.replay import events_in_force
from scoring.selectors import match_log_get
from tests.pages import scenarios

pytestmark = pytest.mark.django_db


def _board_after(events: int):
    """A second match scored only that far: what the projection said at that moment."""
    match, _ = scenarios.cricket_match(events=events)
    return Scoreboard.objects.get(match=match)


def test_the_scorecard_at_a_seq_is_the_projection_of_that_moment(client):
    match, _ = scenarios.cricket_match(events=60)
    then = _board_after(25)
    past = client.get(f"/api/v1/matches/{match.pk}/scorecard/?at={then.seq}").json()
    now = client.get(f"/api/v1/matches/{match.pk}/scorecard/").json()
    assert past["seq"] == then.seq
    assert now["seq"] == Scoreboard.objects.get(match=match).seq
    assert past["text"] == then.summary["text"]
    assert past["innings"][0]["runs"] < now["innings"][0]["runs"]
    summary = client.get(f"/api/v1/matches/{match.pk}/summary/?at={then.seq}").json()
    assert summary["is_live_state"] is False
    assert summary["summary"]["text"] == then.summary["text"]
    assert client.get(f"/api/v1/matches/{match.pk}/summary/").json()["is_live_state"] is True


def test_a_cricket_ball_names_the_moment_after_it(client):
    match, _ = scenarios.cricket_match(events=60)
    in_force = events_in_force(match_log_get(match_id=match.pk))
    numbers = delivery_numbers((event.kind, event.payload) for event in in_force)
    seq = next(e.seq for e, n in zip(in_force, numbers, strict=True) if n == "3.2")
    by_ball = client.get(f"/api/v1/matches/{match.pk}/scorecard/?ball=1:3.2").json()
    assert by_ball["seq"] == seq
    assert by_ball["innings"][0]["overs"] == "3.2"
    missing = client.get(f"/api/v1/matches/{match.pk}/scorecard/?ball=2:19.6")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert client.get(f"/api/v1/matches/{match.pk}/scorecard/?ball=x").status_code == 400


def test_the_match_page_replays_without_live_updates_and_ignores_nonsense(client):
    match, _ = scenarios.cricket_match(events=60)
    then = _board_after(25)
    page = LexborHTMLParser(client.get(f"/matches/{match.pk}/?at={then.seq}").content)
    banner = page.css_first(".as-at [role=status]")
    assert banner is not None
    assert f"#{then.seq}" in banner.text()
    assert page.css_first("[data-live-fragment]") is None
    assert not any("live.js" in (s.attributes.get("src") or "") for s in page.css("script"))
    newest = page.css_first(".commentary li").text()
    live = LexborHTMLParser(client.get(f"/matches/{match.pk}/").content)
    assert newest != live.css_first(".commentary li").text()  # commentary as of then too
    slider = page.css_first("input[data-as-at]")
    assert slider.attributes["value"] == str(then.seq)
    for nonsense in ("abc", "-4", "99999999"):
        live = LexborHTMLParser(client.get(f"/matches/{match.pk}/?at={nonsense}").content)
        assert live.css_first("[data-live-fragment]") is not None
