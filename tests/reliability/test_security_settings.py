"""Deployment settings, headers and the content security policy our pages must meet."""

import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.reliability.conftest import live_football_match

ROOT = Path(__file__).resolve().parents[2]


def production_env(**overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="livescore.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="livescore.example",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/livescore"),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args, env):
    return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_finds_no_security_issue_with_production_settings():
    result = manage(
        "check", "--deploy", "--tag", "security", "--fail-level", "WARNING", env=production_env()
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_its_secrets(missing):
    result = manage("check", env=production_env(**{missing: None}))
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


class InlineCode(HTMLParser):
    """Collects what a strict CSP (no 'unsafe-inline') would block."""

    def __init__(self) -> None:
        super().__init__()
        self.blocked: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            if "src" not in attributes and attributes.get("type") != "application/json":
                self._in_script = True
        if tag == "style":
            self.blocked.append("<style> element")
        if "style" in attributes:
            self.blocked.append(f"style attribute on <{tag}>")
        self.blocked.extend(
            f"{name} handler on <{tag}>" for name in attributes if name.startswith("on")
        )
        for name in ("href", "src", "action"):
            if (attributes.get(name) or "").strip().lower().startswith("javascript:"):
                self.blocked.append(f"javascript: URL on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.blocked.append(f"inline script: {data.strip()[:60]}")


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.django_db
def test_pages_carry_a_strict_policy_and_meet_it(client, admin_client):
    match = live_football_match()
    for url, browser in [
        ("/", client),
        (f"/matches/{match.pk}/", client),
        ("/admin/login/", client),
        ("/admin/", admin_client),
        (f"/admin/matches/match/{match.pk}/change/", admin_client),
        (f"/admin/matches/match/{match.pk}/score/", admin_client),
    ]:
        response = browser.get(url)
        assert response.status_code == 200, url
        directives = csp_directives(response)
        assert directives["default-src"] == ["'self'"]
        assert directives["script-src"] == ["'self'"]
        assert directives["style-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        parser = InlineCode()
        parser.feed(response.content.decode())
        assert parser.blocked == [], f"{url} breaks the policy: {parser.blocked}"


@pytest.mark.django_db
def test_api_answers_carry_nosniff_and_a_request_id(client):
    response = client.get("/api/v1/matches/", HTTP_X_REQUEST_ID="lb-7f3a9c21")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Request-ID"] == "lb-7f3a9c21"
    forged = client.get("/api/v1/matches/", HTTP_X_REQUEST_ID="bad id\r\nSet-Cookie: x")
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])


def test_passwords_shorter_than_twelve_or_common_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("Sh0rt!pass", "password1234", "123456789012"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("correct-horse-battery-staple")


def test_access_tokens_live_fifteen_minutes_at_most():
    from django.conf import settings

    assert settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds() <= 15 * 60
