"""Metrics and the answer when PostgreSQL is unreachable."""

import gc
import tracemalloc

import pytest
from channels.testing import WebsocketCommunicator
from django.db import connections
from prometheus_client import REGISTRY
from rest_framework.test import APIClient

from livescore.asgi import application
from livescore.malloc_stats import malloc_totals
from livescore.metrics import heap_measure
from scoring.models import MatchEvent
from tests.reliability.conftest import corner, live_football_match


def sample(name, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.mark.django_db
def test_metrics_count_requests_by_route_and_status(client):
    labels = {"method": "GET", "route": "match-list", "status": "2xx"}
    before = sample("livescore_http_request_duration_seconds_count", **labels)
    client.get("/api/v1/matches/")
    client.get("/api/v1/matches/")
    assert sample("livescore_http_request_duration_seconds_count", **labels) == before + 2
    body = client.get("/metrics").content.decode()
    assert 'livescore_http_request_duration_seconds_bucket{le="0.005",method="GET"' in body
    assert "livescore_websocket_connections" in body
    assert "livescore_channel_layer_drops_total" in body


@pytest.mark.django_db
def test_metrics_need_the_token_when_one_is_set(client, settings):
    settings.METRICS_TOKEN = "s3cret-scrape-token"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    allowed = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")
    assert allowed.status_code == 200


@pytest.mark.django_db(transaction=True)
async def test_open_websockets_are_counted():
    before = sample("livescore_websocket_connections")
    fans = [
        WebsocketCommunicator(application, "/ws/", headers=[(b"origin", b"http://localhost")])
        for _ in range(3)
    ]
    for fan in fans:
        assert (await fan.connect())[0]
    assert sample("livescore_websocket_connections") == before + 3
    for fan in fans:
        await fan.disconnect()
    assert sample("livescore_websocket_connections") == before


def test_channel_layer_drops_are_counted_from_the_layer_log():
    import logging

    from livescore.metrics import install_drop_counter

    install_drop_counter()
    before = sample("livescore_channel_layer_drops_total")
    logging.getLogger("channels_redis.core").info(
        "%s of %s channels over capacity in group %s", 7, 40, "match.1"
    )
    assert sample("livescore_channel_layer_drops_total") == before + 7


class DatabaseDown:
    """Points the default connection at a port where nothing listens: a real refused
    connection, as when PostgreSQL is stopped."""

    def __enter__(self):
        self.connection = connections["default"]
        self.port = self.connection.settings_dict["PORT"]
        self.connection.close()
        self.connection.close_pool()  # the pool's warm connections would hide the outage
        self.connection.settings_dict["PORT"] = "1"

    def __exit__(self, *exc):
        self.connection.close()
        self.connection.close_pool()
        self.connection.settings_dict["PORT"] = self.port


@pytest.mark.django_db(transaction=True)
def test_writes_answer_503_while_postgresql_is_down_and_resume_after(client, admin_user):
    match = live_football_match()
    api = APIClient()
    api.force_authenticate(admin_user)
    url = f"/api/v1/matches/{match.pk}/events/"
    with DatabaseDown():
        refused = api.post(url, {"kind": "stat", "payload": corner(1)}, format="json")
        ready = client.get("/health/ready/")
        page = client.get(f"/matches/{match.pk}/")
    assert refused.status_code == 503
    assert refused["Retry-After"] == "5"
    assert refused.json()["error"]["code"] == "unavailable"
    assert "nothing was written" in refused.json()["error"]["message"]
    assert ready.status_code == 503
    assert list(ready.json()["failing"]) == ["database"]
    assert page.status_code == 503

    assert MatchEvent.objects.filter(match=match).count() == 1
    again = api.post(url, {"kind": "stat", "payload": corner(1)}, format="json")
    assert again.status_code == 201
    assert again.json()["seq"] == 2
    assert client.get("/health/ready/").status_code == 200


@pytest.mark.django_db
def test_metrics_report_the_answering_process_heap(client):
    gc.collect()

    body = client.get("/metrics").content.decode()

    values = {
        name: float(value)
        for name, _, value in (line.partition(" ") for line in body.splitlines())
        if name.startswith("livescore_process_")
    }
    assert set(values) == {
        "livescore_process_heap_blocks",
        "livescore_process_heap_blocks_after_full_collection",
        "livescore_process_gc_full_collections",
        "livescore_process_malloc_in_use_bytes",
        "livescore_process_malloc_free_bytes",
    }
    assert values["livescore_process_heap_blocks"] > 10_000
    assert values["livescore_process_heap_blocks_after_full_collection"] > 10_000
    assert values["livescore_process_gc_full_collections"] >= 1
    assert values["livescore_process_malloc_in_use_bytes"] > 1_000_000
    assert values["livescore_process_malloc_free_bytes"] >= 0


def test_a_scrape_allocates_nothing_in_proportion_to_the_heap():
    """Counting the tracked objects with gc.get_objects() built a 1.5 MB list per scrape in
    a daphne, and those lists fragmented malloc's heap by a megabyte a minute."""
    held = [[n] for n in range(200_000)]  # lists are always tracked by the collector
    tracemalloc.start()
    try:
        heap_measure()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert len(held) == 200_000
    assert peak < 64 * 1024


def test_malloc_totals_follow_a_large_allocation():
    before = malloc_totals()
    block = bytearray(8 * 1024 * 1024)
    during = malloc_totals()
    del block
    after = malloc_totals()

    assert during.in_use_bytes - before.in_use_bytes >= 8 * 1024 * 1024
    assert during.in_use_bytes - after.in_use_bytes >= 8 * 1024 * 1024
