"""A team's and a competition's fixtures as iCalendar feeds a fan subscribes to once.

Each match is one event with a stable UID, so a calendar app that polls the feed moves a
rescheduled match and drops a cancelled one instead of adding it twice."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from matches import selectors
from matches.lifecycle import Status
from matches.models import Match

# How long a match keeps a fan's calendar busy; cricket by its overs per innings.
FOOTBALL_LENGTH = timedelta(hours=2)
CRICKET_LENGTH_BY_OVERS = {10: timedelta(hours=2), 20: timedelta(hours=4), 50: timedelta(hours=8)}
CRICKET_DAY = timedelta(hours=8)
FEED_MATCHES = 1000
CANCELLED = {Status.CANCELLED, Status.ABANDONED, Status.POSTPONED}


@require_safe
def team_calendar(request, team_id: int) -> HttpResponse:
    team = selectors.team_get(team_id=team_id)
    if team is None:
        raise Http404("No such team")
    matches = selectors.team_matches(team=team).order_by("start_time", "id")[:FEED_MATCHES]
    return _feed(request, name=f"{team.name} fixtures", matches=matches, slug=f"team-{team.pk}")


@require_safe
def competition_calendar(request, competition_id: int) -> HttpResponse:
    competition = selectors.competition_get(competition_id=competition_id)
    if competition is None:
        raise Http404("No such competition")
    matches = selectors.match_list(competition_id=competition.pk).order_by("start_time", "id")
    return _feed(
        request,
        name=f"{competition} fixtures",
        matches=matches[:FEED_MATCHES],
        slug=f"competition-{competition.pk}",
    )


def _feed(request, *, name: str, matches, slug: str) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", "-//Livescore//fixtures//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    host = request.get_host()
    for match in matches:
        calendar.add_component(_event(request, match=match, host=host))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}.ics"'
    response["Cache-Control"] = f"public, max-age={settings.CALENDAR_CACHE_SECONDS}"
    return response


def _event(request, *, match: Match, host: str) -> Event:
    event = Event()
    event.add("uid", f"match-{match.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", match.start_time)
    event.add("dtend", match.start_time + _length(match))
    title = f"{match.home_team.name} v {match.away_team.name}"
    if match.status in CANCELLED:
        title += f" ({match.get_status_display().lower()})"
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    event.add("summary", title)
    where = [str(match.venue)] if match.venue_id else []
    if where:
        event.add("location", where[0])
    event.add("description", " · ".join(filter(None, [str(match.competition), match.round])))
    event.add("url", request.build_absolute_uri(reverse("match-centre", args=[match.pk])))
    return event


def _length(match: Match) -> timedelta:
    if match.sport != "cricket":
        return FOOTBALL_LENGTH
    rules = match.competition.rules or {}
    overs = rules.get("overs_per_innings")
    if overs is None:  # a first-class match: play each of its scheduled days
        return timedelta(days=int(rules.get("days") or 5) - 1) + CRICKET_DAY
    return CRICKET_LENGTH_BY_OVERS.get(overs, timedelta(hours=overs * 0.16 + 0.5))
