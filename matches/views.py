"""Fans' pages: server-rendered from the projection, then kept live over /ws/."""

from django.http import Http404
from django.shortcuts import render

from matches.selectors import home_page_matches, match_get


def home(request):
    return render(request, "matches/home.html", {"sections": home_page_matches()})


def match_centre(request, match_id: int):
    match = match_get(match_id=match_id)
    if match is None:
        raise Http404("No such match")
    board = getattr(match, "scoreboard", None)
    return render(
        request,
        "matches/match.html",
        {
            "match": match,
            "summary": board.summary if board else {},
            "seq": board.seq if board else 0,
        },
    )
