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
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
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
