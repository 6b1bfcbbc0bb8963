"""Each team's and competition's fixtures as an iCalendar feed (issue 20): one event per
match with a stable UID, so a rescheduled match moves and a cancelled one is marked."""

from datetime import timedelta

import pytest
from icalendar import Calendar
from selectolax.lexbor import LexborHTMLParser

from matches import services
from matches.models import Competition
from tests.pages import scenarios

pytestmark = pytest.mark.django_db


def _events(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_a_team_feed_lists_its_matches_and_follows_a_reschedule(client):
    competition = Competition.objects.create(name="League", season="2026", sport="football")
    arsenal, chelsea, everton = scenarios.football_teams(
        ["Arsenal", "Chelsea", "Everton"], competition
    )
    first = scenarios.football_match(competition=competition, home=arsenal, away=chelsea)
    scenarios.football_match(competition=competition, home=everton, away=arsenal)
    scenarios.football_match(competition=competition, home=chelsea, away=everton)  # not theirs

    events = _events(client, f"/teams/{arsenal.pk}/calendar.ics")
    assert len(events) == 2
    assert {str(e["summary"]) for e in events} == {"Arsenal v Chelsea", "Everton v Arsenal"}
    uid = next(str(e["uid"]) for e in events if str(e["summary"]) == "Arsenal v Chelsea")
    assert events[0]["dtend"].dt - events[0]["dtstart"].dt == timedelta(hours=2)

    later = (first.start_time + timedelta(days=3)).replace(microsecond=0)
    services.match_update(match=first, start_time=later)
    moved = next(
        e for e in _events(client, f"/teams/{arsenal.pk}/calendar.ics") if str(e["uid"]) == uid
    )
    assert moved["dtstart"].dt == later

    page = LexborHTMLParser(client.get(f"/teams/{arsenal.pk}/").content)
    assert (
        page.css_first(".calendar-link a").attributes["href"] == f"/teams/{arsenal.pk}/calendar.ics"
    )


def test_a_competition_feed_and_unknown_ids(client):
    match, _ = scenarios.cricket_match(events=0)
    events = _events(client, f"/competitions/{match.competition_id}/calendar.ics")
    assert len(events) == 1
    assert events[0]["dtend"].dt - events[0]["dtstart"].dt == timedelta(hours=4)  # a T20
    assert client.get("/competitions/999999/calendar.ics").status_code == 404
    assert client.get("/teams/999999/calendar.ics").status_code == 404
    assert client.post(f"/competitions/{match.competition_id}/calendar.ics").status_code == 405
