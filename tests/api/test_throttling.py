"""Rate limits per anonymous IP, per user and on the token endpoint: 429 with Retry-After."""

import pytest

from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def test_anonymous_callers_are_limited_per_address(anonymous, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anonymous": "3/m"}
    codes = [anonymous.get("/api/v1/competitions/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = anonymous.get("/api/v1/competitions/")
    assert refused.json()["error"]["code"] == "throttled"
    assert 1 <= int(refused["Retry-After"]) <= 60
    other = anonymous.get("/api/v1/competitions/", REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200


def test_signed_in_callers_are_limited_per_user(fan, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "user": "2/m", "anonymous": "1/m"}
    client = client_for(fan)
    codes = [client.get("/api/v1/auth/me/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_the_token_endpoint_has_its_own_tighter_limit(anonymous, fan, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "token": "2/m"}
    body = {"username": "fan", "password": "wrong"}
    codes = [
        anonymous.post("/api/v1/auth/token/", body, format="json").status_code for _ in range(3)
    ]
    assert codes == [401, 401, 429]
    assert anonymous.get("/api/v1/competitions/").status_code == 200
