"""Scorers write through the API: idempotent retries, stale seqs, undo, correction, status."""

import pytest

from matches.models import Match
from scoring import services
from scoring.models import EventSource, MatchEvent, Scoreboard
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


ENDPOINTS = {
    # endpoint: (the first body, a different body sent with the same key)
    "events": (GOAL, {"kind": "goal", "payload": {"side": "away"}}),
    "undo": ({"target_seq": 3}, {}),
    "corrections": (
        {"target_seq": 3, "kind": "goal", "payload": {"side": "away"}},
        {"target_seq": 3, "kind": "goal", "payload": {"side": "home"}},
    ),
    "status": ({"status": "break"}, {"status": "finished"}),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_key_reused_with_another_body_is_422_and_writes_nothing(
    football_match, scorer, endpoint, django_capture_on_commit_callbacks
):
    client = client_for(scorer)
    client.post(_events(football_match), GOAL, format="json")  # seq 3, a target for undo
    first_body, other_body = ENDPOINTS[endpoint]
    url = f"/api/v1/matches/{football_match.pk}/{endpoint}/"
    first = client.post(url, first_body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201, first.content
    logged = list(MatchEvent.objects.filter(match=football_match).values_list("seq", "kind"))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reused = client.post(url, other_body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert reused.status_code == 422
    assert reused.json() == {
        "error": {
            "code": "idempotency_key_reused",
            "message": "This Idempotency-Key was already used for a different request; "
            "send a new key with a new request.",
            "fields": {},
        }
    }
    assert list(MatchEvent.objects.filter(match=football_match).values_list("seq", "kind")) == (
        logged
    )
    assert Scoreboard.objects.get(match=football_match).seq == 4
    assert callbacks == []
    retry = client.post(url, first_body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (retry.status_code, retry.json()["seq"], retry.json()["is_replay"]) == (200, 4, True)


def test_a_key_reused_on_another_endpoint_is_422(football_match, scorer):
    client = client_for(scorer)
    client.post(_events(football_match), GOAL, format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    reused = client.post(
        f"/api/v1/matches/{football_match.pk}/status/",
        {"status": "break"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )

    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    assert Match.objects.get(pk=football_match.pk).status == "live"


def test_a_changed_expected_seq_is_another_request(football_match, scorer):
    client = client_for(scorer)
    client.post(
        _events(football_match),
        {**GOAL, "expected_seq": 2},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )

    reused = client.post(
        _events(football_match),
        {**GOAL, "expected_seq": 3},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )

    assert reused.status_code == 422
    assert MatchEvent.objects.filter(match=football_match, kind="goal").count() == 1


def test_keys_are_each_users_own(football_match, scorer, staff):
    mine = client_for(scorer).post(
        _events(football_match), GOAL, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    theirs_body = {"kind": "goal", "payload": {"side": "away"}}

    theirs = client_for(staff).post(
        _events(football_match), theirs_body, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    theirs_retry = client_for(staff).post(
        _events(football_match), theirs_body, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )

    assert (mine.status_code, mine.json()["seq"]) == (201, 3)
    assert (theirs.status_code, theirs.json()["seq"], theirs.json()["is_replay"]) == (201, 4, False)
    assert theirs.json()["summary"]["away"]["score"] == 1
    assert (theirs_retry.status_code, theirs_retry.json()["seq"]) == (200, 4)
    assert list(
        MatchEvent.objects.filter(match=football_match, idempotency_key="k-1")
        .order_by("seq")
        .values_list("seq", "author__username", "payload__side")
    ) == [(3, "scorer", "home"), (4, "staff", "away")]


def test_a_system_import_rerun_skips_what_is_logged_even_if_the_file_changed(football_match):
    system = {"source": EventSource.IMPORT, "idempotency_key": "feed:goal-1"}
    services.event_record(
        match_id=football_match.pk, kind="goal", payload={"side": "home"}, **system
    )

    again = services.event_record(
        match_id=football_match.pk, kind="goal", payload={"side": "away"}, **system
    )

    assert again.is_replay is True
    assert again.event.payload["side"] == "home"
    assert MatchEvent.objects.filter(match=football_match, kind="goal").count() == 1
