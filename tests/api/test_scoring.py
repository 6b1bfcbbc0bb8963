"""Scorers write through the API: idempotent retries, stale seqs, undo, correction, status."""

import pytest

from scoring.models import MatchEvent
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

GOAL = {"kind": "goal", "payload": {"side": "home"}}


def _events(match):
    return f"/api/v1/matches/{match.pk}/events/"


def test_a_retried_post_returns_the_first_answer_and_writes_once(football_match, scorer):
    client = client_for(scorer)
    first = client.post(_events(football_match), GOAL, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    retry = client.post(_events(football_match), GOAL, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201
    assert retry.status_code == 200
    assert retry.json()["seq"] == first.json()["seq"] == 3
    assert retry.json()["is_replay"] is True
    assert MatchEvent.objects.filter(match=football_match, kind="goal").count() == 1
    assert football_match.scoreboard.__class__.objects.get(match=football_match).seq == 3


def test_stale_expected_seq_is_409_with_the_current_seq(football_match, scorer):
    client = client_for(scorer)
    response = client.post(_events(football_match), {**GOAL, "expected_seq": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "stale_seq"
    assert response.json()["error"]["current_seq"] == 2
    assert not MatchEvent.objects.filter(match=football_match, kind="goal").exists()
    fresh = client.post(_events(football_match), {**GOAL, "expected_seq": 2}, format="json")
    assert fresh.status_code == 201


def test_undo_correction_and_status_change(football_match, scorer):
    client = client_for(scorer)
    client.post(_events(football_match), GOAL, format="json")
    corrected = client.post(
        f"/api/v1/matches/{football_match.pk}/corrections/",
        {"target_seq": 3, "kind": "goal", "payload": {"side": "away"}},
        format="json",
    )
    assert corrected.status_code == 201
    assert corrected.json()["summary"]["away"]["score"] == 1
    undone = client.post(f"/api/v1/matches/{football_match.pk}/undo/", {}, format="json")
    assert undone.status_code == 201
    assert undone.json()["target_seq"] == 3
    assert undone.json()["summary"]["away"]["score"] == 0
    paused = client.post(
        f"/api/v1/matches/{football_match.pk}/status/", {"status": "break"}, format="json"
    )
    assert paused.status_code == 201
    assert paused.json()["status"] == "break"
    illegal = client.post(
        f"/api/v1/matches/{football_match.pk}/status/", {"status": "scheduled"}, format="json"
    )
    assert illegal.status_code == 409
    assert illegal.json()["error"]["code"] == "illegal_transition"


def test_a_rule_violation_is_400_and_writes_nothing(football_match, scorer):
    response = client_for(scorer).post(
        _events(football_match), {"kind": "goal", "payload": {"side": "middle"}}, format="json"
    )
    assert response.status_code == 400
    assert not MatchEvent.objects.filter(match=football_match, kind="goal").exists()


def test_an_overlong_idempotency_key_is_refused(football_match, scorer):
    response = client_for(scorer).post(
        _events(football_match), GOAL, format="json", HTTP_IDEMPOTENCY_KEY="k" * 201
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["error"]["fields"]
