"""The read edge (livescore.api_edge): hot anonymous reads answered from Redis in front of
Django, on the real Redis and PostgreSQL, through the ASGI application as daphne runs it."""

import asyncio
import itertools

import pytest
from asgiref.sync import sync_to_async
from channels.testing import HttpCommunicator
from django.core.asgi import get_asgi_application
from django.test import override_settings

from livescore.api_edge import ReadEdge
from scoring import services
from scoring.models import EventSource

pytestmark = pytest.mark.django_db(transaction=True)

_addresses = (f"10.9.{n // 250}.{n % 250 + 1}" for n in itertools.count())
PER_REQUEST = {b"x-request-id", b"x-cache"}


@pytest.fixture
def edge(settings):
    return ReadEdge(get_asgi_application(), redis_url=settings.REDIS_URL)


@pytest.fixture
def address():
    """A caller address of this test's own, so rate-limit windows never collide."""
    return next(_addresses)


async def _get(app, path, *, address, headers=(), method="GET"):
    headers = [(b"host", b"testserver"), *headers]
    communicator = HttpCommunicator(app, method, path, headers=headers)
    communicator.scope["client"] = (address, 40000)
    response = await communicator.get_response(timeout=10)
    # Django returns the request's database connection to the pool after the response
    # (request_finished): let it finish, as daphne would.
    await communicator.wait(timeout=10)
    response["headers"] = dict((k.lower(), v) for k, v in response["headers"])
    return response


def _served_by_edge(response) -> bool:
    return response["headers"].get(b"x-cache") == b"edge"


def _goal(match):
    services.event_record(
        match_id=match.pk, kind="goal", payload={"side": "home"}, source=EventSource.SYSTEM
    )


async def test_a_repeated_read_is_answered_by_the_edge_exactly_as_django_answered_it(
    edge, address, football_match
):
    path = f"/api/v1/matches/{football_match.pk}/"
    first = await _get(edge, path, address=address)
    second = await _get(edge, path, address=address)
    assert first["status"] == second["status"] == 200
    assert not _served_by_edge(first)
    assert _served_by_edge(second)
    assert second["body"] == first["body"]
    without = {k: v for k, v in first["headers"].items() if k not in PER_REQUEST}
    assert {k: v for k, v in second["headers"].items() if k not in PER_REQUEST} == without
    assert b"etag" in without
    assert b"content-security-policy" in without
    assert second["headers"][b"x-request-id"] != first["headers"][b"x-request-id"]


async def test_a_goal_makes_the_edge_answer_stale_at_once(edge, address, football_match):
    detail = f"/api/v1/matches/{football_match.pk}/"
    live = "/api/v1/matches/live/"
    for path in (detail, live, detail, live):
        await _get(edge, path, address=address)
    assert _served_by_edge(await _get(edge, detail, address=address))

    await sync_to_async(_goal)(football_match)

    after = await _get(edge, detail, address=address)
    assert not _served_by_edge(after)
    assert b'"score":1' in after["body"]
    live_after = await _get(edge, live, address=address)
    assert not _served_by_edge(live_after)
    assert b'"score":1' in live_after["body"]
    again = await _get(edge, detail, address=address)
    assert _served_by_edge(again)
    assert again["body"] == after["body"]


async def test_readers_missing_together_wait_for_one_rebuild_instead_of_all_reaching_django(
    edge, address, football_match
):
    path = "/api/v1/matches/live/"
    await _get(edge, path, address=address)
    await sync_to_async(_goal)(football_match)  # every reader of the live list now misses
    answers = await asyncio.gather(*(_get(edge, path, address=address) for _ in range(10)))
    assert [a["status"] for a in answers] == [200] * 10
    assert sum(not _served_by_edge(a) for a in answers) == 1
    assert len({a["body"] for a in answers}) == 1
    assert b'"score":1' in answers[0]["body"]


async def test_the_edge_answers_304_to_a_matching_etag_and_200_to_a_stale_one(
    edge, address, football_match
):
    path = f"/api/v1/matches/{football_match.pk}/"
    first = await _get(edge, path, address=address)
    etag = first["headers"][b"etag"]
    await _get(edge, path, address=address)  # filed; now the edge answers
    not_modified = await _get(edge, path, address=address, headers=[(b"if-none-match", etag)])
    assert _served_by_edge(not_modified)
    assert not_modified["status"] == 304
    assert not_modified["body"] == b""
    assert not_modified["headers"][b"etag"] == etag
    weak_in_a_list = b'"1-x", W/' + etag
    weak = await _get(edge, path, address=address, headers=[(b"if-none-match", weak_in_a_list)])
    assert weak["status"] == 304
    other = await _get(edge, path, address=address, headers=[(b"if-none-match", b'"1-x"')])
    assert other["status"] == 200
    assert _served_by_edge(other)


async def test_a_request_id_that_is_not_text_is_replaced_not_a_500(edge, address, football_match):
    path = f"/api/v1/matches/{football_match.pk}/"
    await _get(edge, path, address=address)
    answer = await _get(edge, path, address=address, headers=[(b"x-request-id", b"\xff\xfe")])
    assert answer["status"] == 200
    assert _served_by_edge(answer)
    assert len(answer["headers"][b"x-request-id"]) == 32  # a fresh uuid4().hex


async def test_head_is_answered_without_a_body(edge, address, football_match):
    path = f"/api/v1/matches/{football_match.pk}/"
    await _get(edge, path, address=address)
    head = await _get(edge, path, address=address, method="HEAD")
    assert _served_by_edge(head)
    assert head["status"] == 200
    assert head["body"] == b""


async def test_signed_in_callers_always_reach_django(edge, address, football_match, fan):
    from rest_framework_simplejwt.tokens import AccessToken

    path = f"/api/v1/matches/{football_match.pk}/"
    await _get(edge, path, address=address)
    await _get(edge, path, address=address)
    token = str(AccessToken.for_user(fan))
    signed_in = await _get(
        edge, path, address=address, headers=[(b"authorization", f"Bearer {token}".encode())]
    )
    assert signed_in["status"] == 200
    assert not _served_by_edge(signed_in)
    with_session = await _get(edge, path, address=address, headers=[(b"cookie", b"sessionid=x")])
    assert not _served_by_edge(with_session)


async def test_edge_answers_count_against_the_anonymous_rate_limit(edge, address, football_match):
    path = f"/api/v1/matches/{football_match.pk}/"
    with override_settings(
        API_THROTTLE_RATES={"anonymous": "3/m", "user": "100/m", "token": "100/m"}
    ):
        answers = [await _get(edge, path, address=address) for _ in range(4)]
    assert [a["status"] for a in answers] == [200, 200, 200, 429]
    assert [_served_by_edge(a) for a in answers[:3]] == [False, True, True]
    refused = answers[3]
    assert int(refused["headers"][b"retry-after"]) >= 1
    assert b'"code":"throttled"' in refused["body"]
    # Another caller has a window of its own.
    assert (await _get(edge, path, address=next(_addresses)))["status"] == 200


async def test_without_redis_the_edge_steps_aside(address, football_match):
    edge = ReadEdge(get_asgi_application(), redis_url="redis://127.0.0.1:1/0")
    path = f"/api/v1/matches/{football_match.pk}/"
    for _ in range(2):
        response = await _get(edge, path, address=address)
        assert response["status"] == 200
        assert not _served_by_edge(response)


async def test_a_host_django_refuses_is_refused_whatever_the_edge_holds(
    edge, address, football_match
):
    path = f"/api/v1/matches/{football_match.pk}/"
    await _get(edge, path, address=address)
    response = await _get(edge, path, address=address, headers=[(b"host", b"evil.example")])
    assert response["status"] == 400
    assert not _served_by_edge(response)


async def test_plain_http_is_redirected_as_django_would_when_https_is_required(
    settings, address, football_match
):
    path = f"/api/v1/matches/{football_match.pk}/"
    tls = [(b"x-forwarded-proto", b"https")]
    with override_settings(
        SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
    ):
        # Django's SecurityMiddleware reads the settings when the handler is built.
        edge = ReadEdge(get_asgi_application(), redis_url=settings.REDIS_URL)
        filed = await _get(edge, path, address=address, headers=tls)
        plain = await _get(edge, path, address=address)
        behind_tls = await _get(edge, path, address=address, headers=tls)
    assert filed["status"] == 200
    assert plain["status"] == 301
    assert not _served_by_edge(plain)
    assert behind_tls["status"] == 200
    assert _served_by_edge(behind_tls)


async def test_reads_that_are_not_hot_reads_are_never_answered_by_the_edge(
    edge, address, football_match
):
    path = f"/api/v1/matches/{football_match.pk}/events/?since=0"
    for _ in range(3):
        response = await _get(edge, path, address=address)
        assert response["status"] == 200
        assert not _served_by_edge(response)


def test_hot_reads_work_with_the_embedded_default_cache(football_match, settings):
    """`make run` with no REDIS_URL uses the local-memory cache: nothing is filed for an
    edge, and hot reads still answer (a 500 here once reached the demo)."""
    from django.core.cache import caches
    from rest_framework.test import APIClient

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert type(caches["default"]).__name__ == "LocMemCache"
    client = APIClient()
    for path in ("/api/v1/matches/live/", f"/api/v1/matches/{football_match.pk}/"):
        first = client.get(path)
        again = client.get(path)
        assert first.status_code == again.status_code == 200
        assert again.content == first.content
    assert client.get(f"/api/v1/matches/{football_match.pk}/").json()["id"] == football_match.pk
