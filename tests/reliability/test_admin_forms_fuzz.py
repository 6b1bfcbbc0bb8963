"""Junk posted to the scoring consoles (generic, cricket, football) and to the Match and
Competition add/change forms: never a 500, the page shows an error, nothing is written."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from matches.models import Competition, Match, MatchPlayer
from scoring import services
from scoring.models import EventSource, MatchEvent
from tests.factories import CompetitionFactory, MatchFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
JUNK_NUMBERS = ["abc", "-1", "0", HUGE, "1.5", "\x00"]


@pytest.fixture
def admin_client() -> Client:
    user = User.objects.create_superuser("fuzzer", "fuzzer@example.com", "correct-horse-9")
    client = Client()
    client.force_login(user)
    return client


def live(match: Match) -> Match:
    services.match_transition(match_id=match.pk, to_status="live", source=EventSource.SYSTEM)
    return match


def score_url(match: Match, generic: bool = False) -> str:
    return f"/admin/matches/match/{match.pk}/score/" + ("?generic=1" if generic else "")


def refused(client: Client, url: str, data: dict) -> str:
    """Posts `data`; the page comes back (200) with an error and no event is written."""
    before = MatchEvent.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200, (data, response.status_code)
    assert MatchEvent.objects.count() == before, data
    return response.content.decode()


def error_shown(page: str) -> bool:
    return any(mark in page for mark in ("errorlist", 'class="errornote', "error"))


# --- the generic console ---------------------------------------------------------------------

GENERIC_POSTS = [
    {"action": "event", "kind": "delivery", "payload": "not json"},
    {"action": "event", "kind": "delivery", "payload": "[1, 2]"},
    {"action": "event", "kind": "delivery", "payload": "[" * 50_000 + "]" * 50_000},
    {"action": "event", "kind": "delivery", "payload": '{"runs": ' + HUGE * 1000 + "}"},
    {"action": "event", "kind": "delivery", "payload": '{"runs": 1e999}'},
    {"action": "event", "kind": "delivery", "payload": '{"runs": -4}'},
    {"action": "event", "kind": "delivery", "payload": '{"runs": "four"}'},
    {"action": "event", "kind": "delivery", "payload": '{"striker": "\\u0000"}'},
    {"action": "event", "kind": "no_such_kind", "payload": "{}"},
    {"action": "event", "kind": "", "payload": ""},
    {"action": "event", "kind": "delivery", "payload": "{}", "expected_seq": HUGE},
    {"action": "event", "kind": "delivery", "payload": "{}", "expected_seq": "-5"},
    {"action": "status", "status": "no_such_status"},
    {"action": "status", "status": "x" * 10_000},
    {"action": "no_such_action"},
    {},
]


@pytest.mark.parametrize("data", GENERIC_POSTS, ids=range(len(GENERIC_POSTS)))
@pytest.mark.parametrize("sport", ["cricket", "football"])
def test_the_generic_console_refuses_junk(admin_client, sport, data) -> None:
    match = live(MatchFactory(competition=CompetitionFactory(sport=sport)))
    page = refused(admin_client, score_url(match, generic=True), data)
    assert error_shown(page)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run: a fuzz test must not be flaky
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(["delivery", "goal", "card", "stat", "over_end", "undo", "zzz"]),
    payload=st.one_of(
        st.text(max_size=60),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.text(max_size=8), inner, max_size=3)
            ),
            max_leaves=8,
        ).map(json.dumps),
    ),
    expected_seq=st.sampled_from(["", "0", "1", "2", "-1", HUGE, "x"]),
)
def test_the_generic_console_answers_every_post_without_a_500(
    admin_client, kind, payload, expected_seq
) -> None:
    match = Match.objects.filter(competition__sport="football").first() or live(
        MatchFactory(competition=CompetitionFactory(sport="football"))
    )
    before = MatchEvent.objects.filter(match=match).count()
    response = admin_client.post(
        score_url(match, generic=True),
        {"action": "event", "kind": kind, "payload": payload, "expected_seq": expected_seq},
    )
    written = MatchEvent.objects.filter(match=match).count() - before
    # Either refused on the page with nothing written, or recorded once and redirected.
    assert (response.status_code, written) in ((200, 0), (302, 1))


# --- the cricket console ---------------------------------------------------------------------


def _cricket_posts() -> list[dict]:
    posts = [{"action": "no_such_action"}, {"action": ""}, {}]
    for value in JUNK_NUMBERS:
        posts += [
            {"action": "runs_1", "striker": value, "non_striker": value, "bowler": value},
            {"action": "wide", "extra_runs": value},
            {"action": "runs_1", "correct_seq": value},
            {"action": "runs_1", "expected_seq": value},
            {"action": "wicket", "player_out": value, "fielder": value},
        ]
    posts += [
        {"action": "wicket", "dismissal_kind": "no_such_dismissal"},
        {"action": "innings_start", "batting": "nobody"},
        {"action": "status", "status": "no_such_status"},
    ]
    return posts


CRICKET_POSTS = _cricket_posts()


@pytest.mark.parametrize("data", CRICKET_POSTS, ids=range(len(CRICKET_POSTS)))
def test_the_cricket_console_refuses_junk(admin_client, data) -> None:
    match = live(MatchFactory(competition=CompetitionFactory(sport="cricket")))
    before = MatchEvent.objects.count()
    response = admin_client.post(score_url(match), data)
    if data.get("action") == "status":  # a refused transition redirects with a message
        assert response.status_code == 302
        messages = admin_client.get(score_url(match)).content.decode()
        assert "no_such_status" in messages or "invalid" in messages.lower()
    else:
        assert response.status_code == 200, (data, response.status_code)
        assert error_shown(response.content.decode())
    assert MatchEvent.objects.count() == before


# --- the football console --------------------------------------------------------------------


def _football_posts() -> list[dict]:
    posts = [
        {"action": "no_such_action"},
        {"action": "start_period", "period": "no_such_period"},
        {"action": "start_period", "period": HUGE},
        {"action": "full_time"},
    ]
    for value in JUNK_NUMBERS:
        posts += [
            {"action": "goal", "goal-side": "home", "goal-scorer": value, "goal-kind": "open_play"},
            {"action": "goal", "goal-side": value, "goal-kind": value},
            {"action": "card", "card-player": value, "card-card": "yellow"},
            {"action": "card", "card-player": "", "card-card": value},
            {
                "action": "substitution",
                "substitution-player_off": value,
                "substitution-player_on": value,
            },
        ]
    return posts


FOOTBALL_POSTS = _football_posts()


@pytest.mark.parametrize("data", FOOTBALL_POSTS, ids=range(len(FOOTBALL_POSTS)))
def test_the_football_console_refuses_junk(admin_client, data) -> None:
    match = MatchFactory(competition=CompetitionFactory(sport="football", rules={}))
    assert admin_client.post(score_url(match), {"action": "lineups"}).status_code == 302
    assert admin_client.post(score_url(match), {"action": "kick_off"}).status_code == 302
    page = refused(admin_client, score_url(match), data)
    assert error_shown(page)


# --- Match and Competition add / change forms ------------------------------------------------

COMPETITION_JUNK = [
    {"name": "", "sport": "football", "season": "2026", "rules": "{}"},
    {"name": "x" * 10_000, "sport": "football", "season": "2026", "rules": "{}"},
    {"name": "League\x00", "sport": "football", "season": "2026", "rules": "{}"},
    {"name": "League", "sport": "curling", "season": "2026", "rules": "{}"},
    {"name": "League", "sport": "football", "season": "y" * 100, "rules": "{}"},
    {"name": "League", "sport": "football", "season": "2026", "rules": "not json"},
    {"name": "League", "sport": "football", "season": "2026", "rules": "[" * 50_000},
    {"name": "League", "sport": "football", "season": "2026", "rules": '{"a": "\\u0000"}'},
    {"name": "League", "sport": "football", "season": "2026", "rules": '{"a": 1e999}'},
    {"name": "League", "sport": "football", "season": "2026", "rules": '{"a": NaN}'},
    {"name": "League", "sport": "football", "season": "2026", "rules": "{}", "external_ids": "{"},
]


def _inline_management(prefix: str) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


COMPETITION_INLINE = "pointsdeduction_set"
MATCH_INLINE = "squad"


def _form_refused(client: Client, url: str, data: dict, model) -> None:
    before = list(model.objects.values_list("pk", flat=True).order_by("pk"))
    before_values = list(model.objects.values().order_by("pk"))
    response = client.post(url, data)
    assert response.status_code == 200, (data, response.status_code)
    page = response.content.decode()
    assert "errornote" in page or "errorlist" in page, data
    assert list(model.objects.values_list("pk", flat=True).order_by("pk")) == before
    assert list(model.objects.values().order_by("pk")) == before_values


@pytest.mark.parametrize("data", COMPETITION_JUNK, ids=range(len(COMPETITION_JUNK)))
def test_the_competition_add_form_refuses_junk(admin_client, data) -> None:
    body = {**data, **_inline_management(COMPETITION_INLINE)}
    body.setdefault("external_ids", "{}")
    _form_refused(admin_client, "/admin/matches/competition/add/", body, Competition)


@pytest.mark.parametrize("data", COMPETITION_JUNK, ids=range(len(COMPETITION_JUNK)))
def test_the_competition_change_form_refuses_junk(admin_client, data) -> None:
    competition = CompetitionFactory(sport="football")
    body = {**data, **_inline_management(COMPETITION_INLINE)}
    body.setdefault("external_ids", "{}")
    url = f"/admin/matches/competition/{competition.pk}/change/"
    _form_refused(admin_client, url, body, Competition)


def _match_junk(match: Match) -> list[dict]:
    good = {
        "competition": str(match.competition_id),
        "home_team": str(match.home_team_id),
        "away_team": str(match.away_team_id),
        "start_time_0": "2026-11-26",
        "start_time_1": "15:00:00",
        "round": "",
        "stage": "",
        "external_ids": "{}",
    }
    junk = [
        {"competition": "abc"},
        {"competition": HUGE},
        {"competition": "-1"},
        {"home_team": "999999999"},
        {"home_team": ""},
        {"start_time_0": "2026-13-45"},
        {"start_time_0": "0000-01-01"},
        {"start_time_0": "99999-01-01"},
        {"start_time_1": "25:61:00"},
        {"start_time_0": "", "start_time_1": ""},
        {"round": "r" * 1000},
        {"stage": "\x00"},
        {"external_ids": "not json"},
        {"external_ids": '{"a": "\\u0000"}'},
        {"external_ids": '{"a": 1e999}'},
        {"scorers": "abc"},
        {"scorers": HUGE},
        {"venue": HUGE},
    ]
    return [{**good, **_inline_management(MATCH_INLINE), **change} for change in junk]


@pytest.mark.parametrize("case", range(18))
def test_the_match_add_and_change_forms_refuse_junk(admin_client, case) -> None:
    match = MatchFactory(competition=CompetitionFactory(sport="football"))
    MatchPlayer.objects.filter(match=match).delete()  # the inline starts empty
    data = _match_junk(match)[case]
    _form_refused(admin_client, "/admin/matches/match/add/", data, Match)
    _form_refused(admin_client, f"/admin/matches/match/{match.pk}/change/", data, Match)
