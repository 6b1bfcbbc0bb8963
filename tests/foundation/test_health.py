import pytest


@pytest.mark.django_db
def test_health_is_alive(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db(transaction=True)
def test_ready_checks_database_redis_and_channel_layer(client):
    response = client.get("/health/ready/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": ["channel_layer", "database", "redis"],
    }


@pytest.mark.django_db(transaction=True)
def test_ready_names_the_failing_part(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/ready/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert list(body["failing"]) == ["redis"]
