"""Sign-up, tokens (by user name or e-mail), rotation, logout, profile and password."""

import pytest

from accounts.models import User
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def _tokens(client, login):
    response = client.post(
        "/api/v1/auth/token/", {"username": login, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_register_then_sign_in_by_name_and_by_email(anonymous):
    response = anonymous.post(
        "/api/v1/auth/register/",
        {
            "username": "ada",
            "email": "ada@example.com",
            "password": PASSWORD,
            "time_zone": "Europe/London",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["time_zone"] == "Europe/London"
    assert User.objects.get(username="ada").check_password(PASSWORD)
    assert set(_tokens(anonymous, "ada")) == {"access", "refresh"}
    assert set(_tokens(anonymous, "ADA@example.com")) == {"access", "refresh"}


def test_register_refuses_a_taken_name_and_a_weak_password(anonymous, fan):
    taken = anonymous.post(
        "/api/v1/auth/register/",
        {"username": "fan", "email": "x@example.com", "password": PASSWORD},
        format="json",
    )
    assert taken.status_code == 400
    assert taken.json()["error"]["fields"] == {"username": ["It is taken."]}
    weak = anonymous.post(
        "/api/v1/auth/register/",
        {"username": "bob", "email": "bob@example.com", "password": "123"},
        format="json",
    )
    assert weak.status_code == 400
    assert "password" in weak.json()["error"]["fields"]
    assert not User.objects.filter(username="bob").exists()


def test_wrong_password_is_401_in_the_error_body(anonymous, fan):
    response = anonymous.post(
        "/api/v1/auth/token/", {"username": "fan", "password": "nope"}, format="json"
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "no_active_account"


def test_refresh_rotates_and_the_old_refresh_token_is_refused(anonymous, fan):
    first = _tokens(anonymous, "fan")
    rotated = anonymous.post(
        "/api/v1/auth/token/refresh/", {"refresh": first["refresh"]}, format="json"
    )
    assert rotated.status_code == 200
    assert rotated.json()["refresh"] != first["refresh"]
    again = anonymous.post(
        "/api/v1/auth/token/refresh/", {"refresh": first["refresh"]}, format="json"
    )
    assert again.status_code == 401
    assert again.json()["error"]["code"] == "token_not_valid"


def test_verify_and_logout_blacklists_the_refresh_token(anonymous, fan):
    tokens = _tokens(anonymous, "fan")
    verify = anonymous.post(
        "/api/v1/auth/token/verify/", {"token": tokens["access"]}, format="json"
    )
    assert verify.status_code == 200
    bad = anonymous.post("/api/v1/auth/token/verify/", {"token": "not.a.jwt"}, format="json")
    assert bad.status_code == 401
    logout = anonymous.post("/api/v1/auth/logout/", {"refresh": tokens["refresh"]}, format="json")
    assert logout.status_code == 200
    refresh = anonymous.post(
        "/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]}, format="json"
    )
    assert refresh.status_code == 401


def test_me_reads_and_updates_the_profile(fan):
    client = client_for(fan)
    assert client.get("/api/v1/auth/me/").json()["username"] == "fan"
    response = client.patch(
        "/api/v1/auth/me/",
        {"first_name": "Fay", "time_zone": "Asia/Kolkata", "language": "hi"},
        format="json",
    )
    assert response.status_code == 200
    fan.refresh_from_db()
    assert (fan.first_name, fan.time_zone, fan.language) == ("Fay", "Asia/Kolkata", "hi")
    bad = client.patch("/api/v1/auth/me/", {"time_zone": "Mars/Olympus"}, format="json")
    assert bad.status_code == 400
    assert list(bad.json()["error"]["fields"]) == ["time_zone"]
    fan.refresh_from_db()
    assert fan.time_zone == "Asia/Kolkata"


def test_password_change_needs_the_old_password(fan):
    client = client_for(fan)
    wrong = client.post(
        "/api/v1/auth/password/",
        {"old_password": "nope", "new_password": "another-long-phrase"},
        format="json",
    )
    assert wrong.status_code == 400
    fan.refresh_from_db()
    assert fan.check_password(PASSWORD)
    right = client.post(
        "/api/v1/auth/password/",
        {"old_password": PASSWORD, "new_password": "another-long-phrase"},
        format="json",
    )
    assert right.status_code == 204
    fan.refresh_from_db()
    assert fan.check_password("another-long-phrase")
