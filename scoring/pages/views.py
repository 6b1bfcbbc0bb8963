"""Fans' pages: server-rendered from the projection, then kept live over /ws/.

Each live part of a page also has a fragment URL that returns just that part, with an
ETag, so the script can re-fetch it after an event and poll it when WebSockets are blocked."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from matches import selectors
from matches.models import Match, Sport
from scoring.pages.centre import match_centre_get
from scoring.selectors import standings_table_get

SPORTS = [("", "All sports"), *Sport.choices]


def home(request):
    sport = request.GET.get("sport") or ""
    if sport not in Sport.values:
        sport = ""
    page = selectors.home_page_get(sport=sport or None, user=request.user)
    return render(
        request,
        "matches/home.html",
        {
            "page": page,
            "sport": sport,
            "sports": SPORTS,
            "time_zone": timezone.get_current_timezone_name(),
        },
    )


def _match_or_404(match_id: int) -> Match:
    match = selectors.match_get(match_id=match_id)
    if match is None:
        raise Http404("No such match")
    return match


def _match_etag(request, match_id: int) -> str | None:
    version = selectors.match_version_get(match_id=match_id)
    return None if version is None else f"m{match_id}-{version}"


def match_centre(request, match_id: int):
    match = _match_or_404(match_id)
    board = getattr(match, "scoreboard", None)
    live_seq = board.seq if board else 0
    at = _as_at(request, live_seq=live_seq)
    centre = match_centre_get(match=match, at=at)
    favourites = selectors.favourite_ids_get(user=request.user)
    return render(
        request,
        f"matches/{match.sport}.html",
        {
            "match": match,
            "centre": centre,
            "d": centre.detail,
            "x": centre.extra,
            "is_favourite": match.pk in favourites.matches,
            "server_now": timezone.now().timestamp(),
            "live_seq": live_seq,
            "as_at": at is not None,
        },
    )


def _as_at(request, *, live_seq: int) -> int | None:
    """`?at=<seq>`: the match as it stood then; anything else (or the last seq) is live."""
    try:
        at = int(request.GET.get("at", ""))
    except ValueError:
        return None
    return at if 0 <= at < live_seq else None


@cache_control(no_cache=True)
@condition(etag_func=_match_etag)
def match_fragment(request, match_id: int):
    match = _match_or_404(match_id)
    centre = match_centre_get(match=match)
    return render(
        request,
        f"matches/_{match.sport}_live.html",
        {"match": match, "centre": centre, "d": centre.detail, "x": centre.extra},
    )


def _competition_or_404(competition_id: int):
    competition = selectors.competition_get(competition_id=competition_id)
    if competition is None:
        raise Http404("No such competition")
    return competition


def _competition_etag(request, competition_id: int) -> str:
    return "c" + selectors.competition_version_get(competition_id=competition_id)


def _competition_context(competition) -> dict:
    # The one table computation, as the API's ?live=1 shows it: live matches as they stand.
    table = standings_table_get(competition=competition, live=True)
    return {
        "competition": competition,
        "table": table,
        "rounds": selectors.competition_rounds_get(competition=competition),
    }


def competition(request, competition_id: int):
    competition = _competition_or_404(competition_id)
    favourites = selectors.favourite_ids_get(user=request.user)
    context = _competition_context(competition)
    context["is_favourite"] = competition.pk in favourites.competitions
    return render(request, "matches/competition.html", context)


@cache_control(no_cache=True)
@condition(etag_func=_competition_etag)
def competition_fragment(request, competition_id: int):
    competition = _competition_or_404(competition_id)
    return render(request, "matches/_competition_live.html", _competition_context(competition))


def team(request, team_id: int):
    team = selectors.team_get(team_id=team_id)
    if team is None:
        raise Http404("No such team")
    fixtures, results = selectors.team_matches_get(team=team)
    favourites = selectors.favourite_ids_get(user=request.user)
    return render(
        request,
        "matches/team.html",
        {
            "team": team,
            "fixtures": fixtures,
            "results": results,
            "squad": selectors.team_squad_get(team=team),
            "is_favourite": team.pk in favourites.teams,
        },
    )
