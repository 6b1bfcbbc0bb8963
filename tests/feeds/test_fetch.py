from __future__ import annotations

import socket
from collections.abc import Mapping
from datetime import UTC, datetime

import pytest

from matches.feeds.errors import FetchError
from matches.feeds.fetch import USER_AGENT, Fetcher, parse_retry_after
from matches.feeds.ratelimit import RateLimiter
from tests.feeds.feed_server import FakeSleep, FeedServer, Reply


def _fetcher(sleep: FakeSleep, **kwargs) -> Fetcher:
    # jitter=1.0 makes "full jitter" deterministic: the sleep is the whole backoff ceiling.
    return Fetcher(sleep=sleep, jitter=lambda: 1.0, **kwargs)


def test_retries_500_then_succeeds(feed_server: FeedServer, fake_sleep: FakeSleep) -> None:
    url = feed_server.add(
        "/scores",
        Reply(500, b"oops"),
        Reply(503, b"busy"),
        Reply(200, b'{"ok": true}', {"ETag": '"v1"'}),
    )

    with _fetcher(fake_sleep, backoff_base=0.5) as fetcher:
        result = fetcher.get(url)

    assert result.status == 200
    assert result.body == b'{"ok": true}'
    assert result.attempts == 3
    assert result.etag == '"v1"'
    assert result.not_modified is False
    assert result.url == url
    assert fake_sleep.calls == [0.5, 1.0]
    assert len(feed_server.requests_to("/scores")) == 3


def test_backoff_uses_full_jitter_below_the_cap(
    feed_server: FeedServer, fake_sleep: FakeSleep
) -> None:
    url = feed_server.add("/scores", *[Reply(502)] * 4, Reply(200, b"x"))

    with Fetcher(
        sleep=fake_sleep, jitter=lambda: 0.25, max_attempts=5, backoff_base=1.0, backoff_cap=3.0
    ) as fetcher:
        fetcher.get(url)

    # ceilings 1, 2, 4->3 (cap), 8->3 (cap), each scaled by the jitter draw 0.25
    assert fake_sleep.calls == [0.25, 0.5, 0.75, 0.75]


def test_gives_up_after_max_attempts_with_one_line_reason(
    feed_server: FeedServer, fake_sleep: FakeSleep
) -> None:
    url = feed_server.add("/scores", Reply(500, b"down"))

    with _fetcher(fake_sleep, max_attempts=3) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url)

    assert str(caught.value) == f"GET {url} gave up after 3 attempts: HTTP 500"
    assert caught.value.status == 500
    assert caught.value.attempts == 3
    assert len(feed_server.requests_to("/scores")) == 3
    assert len(fake_sleep.calls) == 2


def test_network_errors_are_retried_then_reported(fake_sleep: FakeSleep) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/scores"  # nothing listens here any more

    with _fetcher(fake_sleep, max_attempts=2) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url)

    assert str(caught.value).startswith(f"GET {url} gave up after 2 attempts: network error: ")
    assert "\n" not in str(caught.value)
    assert caught.value.status is None
    assert fake_sleep.calls == [0.5]


def test_404_is_not_retried(feed_server: FeedServer, fake_sleep: FakeSleep) -> None:
    url = feed_server.url("/missing")

    with _fetcher(fake_sleep) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url)

    assert str(caught.value) == f"GET {url} failed: HTTP 404 is not retryable"
    assert caught.value.attempts == 1
    assert fake_sleep.calls == []


def test_429_retry_after_seconds_is_honoured_in_real_time(feed_server: FeedServer) -> None:
    url = feed_server.add(
        "/scores", Reply(429, b"slow down", {"Retry-After": "1"}), Reply(200, b"ok")
    )

    with Fetcher() as fetcher:
        result = fetcher.get(url)

    first, second = feed_server.requests_to("/scores")
    assert result.body == b"ok"
    assert result.attempts == 2
    assert 0.95 <= second.at - first.at < 2.0


def test_retry_after_http_date_is_honoured(feed_server: FeedServer, fake_sleep: FakeSleep) -> None:
    url = feed_server.add(
        "/scores",
        Reply(503, b"", {"Retry-After": "Sat, 14 Sep 2024 14:00:07 GMT"}),
        Reply(200, b"ok"),
    )
    now = datetime(2024, 9, 14, 14, 0, 0, tzinfo=UTC)

    with _fetcher(fake_sleep, now=lambda: now) as fetcher:
        result = fetcher.get(url)

    assert result.status == 200
    assert fake_sleep.calls == [7.0]


def test_retry_after_above_cap_gives_up_at_once_for_rescheduling(
    feed_server: FeedServer, fake_sleep: FakeSleep
) -> None:
    url = feed_server.add("/scores", Reply(429, b"", {"Retry-After": "3600"}), Reply(200))

    with _fetcher(fake_sleep, retry_after_cap=60) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url)

    assert str(caught.value) == (
        f"GET {url} failed: HTTP 429 with Retry-After 3600s, above the 60s cap"
    )
    assert caught.value.retry_after == 3600.0
    assert fake_sleep.calls == []
    assert len(feed_server.requests_to("/scores")) == 1


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("120", 120.0),
        ("Sat, 14 Sep 2024 14:01:00 GMT", 60.0),
        ("Sat, 14 Sep 2024 13:59:00 GMT", 0.0),
        ("soon", None),
        (None, None),
    ],
)
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    now = datetime(2024, 9, 14, 14, 0, 0, tzinfo=UTC)

    assert parse_retry_after(header, now=now) == expected


def test_conditional_get_sends_validators_and_reports_304(
    feed_server: FeedServer, fake_sleep: FakeSleep
) -> None:
    etag, last_modified = '"abc123"', "Sat, 14 Sep 2024 14:00:00 GMT"

    def respond(headers: Mapping[str, str]) -> Reply:
        if headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag})
        return Reply(200, b"fresh", {"ETag": etag, "Last-Modified": last_modified})

    url = feed_server.add_dynamic("/scores", respond)

    with _fetcher(fake_sleep) as fetcher:
        first = fetcher.get(url)
        second = fetcher.get(url, etag=first.etag, last_modified=first.last_modified)

    assert (first.status, first.body, first.not_modified) == (200, b"fresh", False)
    assert (first.etag, first.last_modified) == (etag, last_modified)
    assert second.status == 304
    assert second.not_modified is True
    assert second.body == b""
    assert (second.etag, second.last_modified) == (etag, last_modified)
    unconditional, conditional = feed_server.requests_to("/scores")
    assert "if-none-match" not in unconditional.headers
    assert conditional.headers["if-none-match"] == etag
    assert conditional.headers["if-modified-since"] == last_modified


def test_sends_user_agent_and_extra_headers(feed_server: FeedServer, fake_sleep: FakeSleep) -> None:
    url = feed_server.add("/scores", Reply(200, b"ok"))

    with _fetcher(fake_sleep) as fetcher:
        fetcher.get(url, headers={"X-Auth-Token": "secret"})

    (request,) = feed_server.requests_to("/scores")
    assert (
        request.headers["user-agent"]
        == "livescore-crawler/0.1 (+https://livescore.example/crawler)"
    )
    assert request.headers["user-agent"] == USER_AGENT
    assert request.headers["x-auth-token"] == "secret"


def test_body_above_max_bytes_is_refused(feed_server: FeedServer, fake_sleep: FakeSleep) -> None:
    url = feed_server.add("/huge", Reply(200, b"x" * 2048))

    with _fetcher(fake_sleep, max_bytes=1024) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url)

    assert str(caught.value) == f"GET {url} failed: body larger than 1024 bytes"


def test_non_http_url_is_refused_without_a_request(fake_sleep: FakeSleep) -> None:
    with _fetcher(fake_sleep) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get("file:///etc/passwd")

    assert str(caught.value) == "URL 'file:///etc/passwd' is not an http(s) URL with a host"


def test_every_attempt_passes_the_rate_limit(
    feed_server: FeedServer, fake_sleep: FakeSleep, redis_client, redis_prefix: str
) -> None:
    limiter = RateLimiter(redis_client, rate=1, burst=2, key_prefix=redis_prefix)
    url = feed_server.add("/scores", Reply(500), Reply(200, b"ok"))

    with _fetcher(fake_sleep, rate_limiter=limiter) as fetcher:
        fetcher.get(url)

    # Two attempts used the burst of two, so a third request must wait about a second.
    assert 0.9 < limiter.try_acquire("127.0.0.1") <= 1.0
