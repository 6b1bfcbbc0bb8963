"""The scorer's POST while Redis is down: found by the Redis drill (bench/reliability/soak.py
--drill redis@40:20), where the write committed but the answer was a 500, because forgetting
the cached standings table after commit met the dead cache."""

import pytest
from rest_framework.test import APIClient

from scoring.models import MatchEvent, PendingBroadcast
from tests.reliability.conftest import corner, live_football_match
from tests.reliability.redis_process import RedisProcess

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_redis_cache(settings):
    """The cache on a Redis of the test's own that has just stopped."""
    server = RedisProcess()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "livescore.cache.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    server.stop()
    yield server
    server.stop()


def test_an_event_posted_while_the_cache_is_down_is_acknowledged(
    staff_user, dead_redis_cache, django_capture_on_commit_callbacks
):
    match = live_football_match()
    api = APIClient()
    api.force_authenticate(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/v1/matches/{match.pk}/events/",
            {"kind": "stat", "payload": corner(1)},
            format="json",
        )

    assert response.status_code == 201, response.content
    assert response.json()["seq"] == 2
    assert MatchEvent.objects.filter(match=match).count() == 2
    # The channel layer of the test settings answered: the broadcast went out, nothing held.
    assert PendingBroadcast.objects.filter(match=match).count() == 0


def test_the_standings_table_is_computed_when_the_cache_is_down(dead_redis_cache):
    match = live_football_match()
    api = APIClient()
    response = api.get(f"/api/v1/competitions/{match.competition_id}/table/")
    assert response.status_code == 200, response.content


def test_the_match_centre_page_renders_when_the_cache_is_down(client, dead_redis_cache):
    match = live_football_match()
    response = client.get(f"/matches/{match.pk}/")
    assert response.status_code == 200
    assert match.home_team.name in response.content.decode()


def test_sign_in_works_when_the_cache_is_down(client, dead_redis_cache):
    """The lockout counters live in Redis; without them sign-in fails open, not with a 500."""
    from tests.factories import UserFactory

    UserFactory(username="scorer", password="correct-horse-battery")
    response = client.post(
        "/admin/login/", {"username": "scorer", "password": "correct-horse-battery"}
    )
    assert response.status_code in {200, 302}
    wrong = client.post("/admin/login/", {"username": "scorer", "password": "nope"})
    assert wrong.status_code == 200
