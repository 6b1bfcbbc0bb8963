"""ETag / 304, Cache-Control, and the Redis read cache invalidated by scoring events."""

import time

import pytest

from scoring import services
from scoring.models import EventSource
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db(transaction=True)


def _goal(match, side="home"):
    services.event_record(
        match_id=match.pk, kind="goal", payload={"side": side}, source=EventSource.SYSTEM
    )


def test_matching_etag_gives_304_and_a_new_event_changes_it(anonymous, football_match):
    url = f"/api/v1/matches/{football_match.pk}/"
    first = anonymous.get(url)
    etag = first["ETag"]
    assert etag.startswith('"2-')  # the match's seq
    assert first["Cache-Control"] == "public, no-cache"
    assert "Last-Modified" in first
    again = anonymous.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    _goal(football_match)
    after = anonymous.get(url, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200
    assert after["ETag"].startswith('"3-')
    assert after.json()["seq"] == 3


def test_cached_detail_and_live_list_are_refreshed_by_a_new_event(anonymous, football_match):
    detail = f"/api/v1/matches/{football_match.pk}/"
    assert anonymous.get(detail).json()["summary"]["home"]["score"] == 0
    assert (
        anonymous.get("/api/v1/matches/live/").json()["results"][0]["summary"]["home"]["score"] == 0
    )
    _goal(football_match)  # committed: its on-commit hook bumps the generations
    assert anonymous.get(detail).json()["summary"]["home"]["score"] == 1
    live = anonymous.get("/api/v1/matches/live/").json()["results"]
    assert [m["summary"]["home"]["score"] for m in live] == [1]


def test_a_second_read_is_served_from_the_cache_without_the_database(
    anonymous, football_match, django_assert_num_queries
):
    url = f"/api/v1/matches/{football_match.pk}/"
    anonymous.get(url)
    with django_assert_num_queries(0):
        assert anonymous.get(url).status_code == 200


def test_the_plain_path_reads_the_database_every_time(
    anonymous, football_match, settings, django_assert_max_num_queries
):
    settings.API_READ_CACHE = False
    url = f"/api/v1/matches/{football_match.pk}/"
    first = anonymous.get(url)
    _goal(football_match)
    second = anonymous.get(url)
    assert second.json()["seq"] == first.json()["seq"] + 1


def test_a_staff_edit_refreshes_cached_bodies(anonymous, football_match, staff):
    url = f"/api/v1/matches/{football_match.pk}/"
    assert anonymous.get(url).json()["round"] == ""
    response = client_for(staff).patch(url, {"round": "Matchday 7"}, format="json")
    assert response.status_code == 200
    assert anonymous.get(url).json()["round"] == "Matchday 7"
    team_url = f"/api/v1/teams/{football_match.home_team_id}/"
    client_for(staff).patch(team_url, {"name": "Renamed FC"}, format="json")
    assert anonymous.get(url).json()["home_team"]["name"] == "Renamed FC"


def test_finished_matches_may_be_cached_by_clients(anonymous, football_match):
    services.match_transition(
        match_id=football_match.pk, to_status="finished", source=EventSource.SYSTEM
    )
    response = anonymous.get(f"/api/v1/matches/{football_match.pk}/")
    assert response["Cache-Control"] == "public, max-age=300"
    since = anonymous.get(
        f"/api/v1/matches/{football_match.pk}/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert since.status_code == 304


def test_generations_move_up_on_each_change_and_restart_above_a_lost_value():
    from django.core.cache import cache

    from matches import read_cache

    scopes = [read_cache.match_scope(987654), read_cache.LIVE]
    before = read_cache.generations_get(scopes=scopes)
    read_cache.match_changed(match_id=987654, competition_id=123456)
    after = read_cache.generations_get(scopes=scopes)
    assert after == {scope: value + 1 for scope, value in before.items()}

    cache.delete("gen:" + read_cache.match_scope(987654))  # as after a Redis flush
    started = time.time_ns()
    read_cache.match_changed(match_id=987654, competition_id=123456)
    restarted = read_cache.generations_get(scopes=scopes)[read_cache.match_scope(987654)]
    assert restarted > started > after[read_cache.match_scope(987654)]
