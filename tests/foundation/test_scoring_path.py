"""The one data path: a face → the scoring service → log + projection → fans."""

import json

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse
from rest_framework.test import APIClient

from scoring import services
from scoring.errors import ScoringError
from scoring.models import EventSource, MatchEvent, Scoreboard
from tests.factories import CompetitionFactory, MatchFactory, UserFactory
from tests.foundation.scoring_helpers import cricket_ball, cricket_opening
from tests.foundation.test_websocket_protocol import connected


def live_match(**kwargs):
    match = MatchFactory(**kwargs)
    services.match_transition(match_id=match.pk, to_status="live", source=EventSource.SYSTEM)
    return match


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db(transaction=True)
async def test_event_posted_through_the_api_reaches_a_subscribed_websocket_client():
    match = await database_sync_to_async(live_match)()
    scorer = await database_sync_to_async(UserFactory)()
    await database_sync_to_async(match.scorers.add)(scorer)
    ws = await connected()
    await ws.send_json_to({"action": "subscribe", "channels": [f"match:{match.pk}"]})
    assert (await ws.receive_json_from())["type"] == "subscribed"
    assert (await ws.receive_json_from())["seq"] == 1  # snapshot after the status change

    def post_opening_and_a_four():
        client = api_as(scorer)
        url = f"/api/v1/matches/{match.pk}/events/"
        first = client.post(
            url, {"kind": "innings_start", "payload": cricket_opening(match)}, format="json"
        )
        assert first.status_code == 201, first.content
        second = client.post(
            url,
            {"kind": "delivery", "payload": cricket_ball(match, runs=4, boundary=True)},
            format="json",
        )
        assert second.status_code == 201, second.content
        return second.json()

    answer = await database_sync_to_async(post_opening_and_a_four)()
    assert answer["seq"] == 3
    assert answer["summary"]["home"]["score"] == "4/0"

    frames = [await ws.receive_json_from(timeout=5), await ws.receive_json_from(timeout=5)]
    assert [(f["seq"], f["type"]) for f in frames] == [(2, "innings_start"), (3, "delivery")]
    assert frames[1]["data"]["summary"]["home"]["score"] == "4/0"
    assert frames[1]["data"]["payload"]["runs"] == 4
    await ws.disconnect()


@pytest.mark.django_db
def test_anonymous_gets_401_and_another_scorer_gets_403_and_nothing_is_written():
    match = live_match()
    owner, other = UserFactory(), UserFactory()
    match.scorers.add(owner)
    url = f"/api/v1/matches/{match.pk}/events/"
    body = {"kind": "innings_start", "payload": cricket_opening(match)}

    anonymous = APIClient().post(url, body, format="json")
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "not_authenticated"

    refused = api_as(other).post(url, body, format="json")
    assert refused.status_code == 403
    assert refused.json()["error"] == {
        "code": "not_assigned",
        "message": "You are not assigned to score this match.",
        "fields": {},
    }
    assert MatchEvent.objects.filter(match=match).count() == 1  # only the status change

    assert api_as(owner).post(url, body, format="json").status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"kind": "delivery", "payload": {"runs": -1}}, 400, "no_innings"),
        ({"kind": "goal", "payload": {}}, 400, "unknown_event_kind"),
        ({"kind": "undo", "payload": {}}, 400, "unknown_event_kind"),
        ({"payload": {}}, 400, "invalid"),
        ({"kind": "delivery", "payload": [1, 2]}, 400, "invalid"),
        ({"kind": "delivery", "payload": {}, "expected_seq": "x"}, 400, "invalid"),
    ],
)
def test_bad_events_get_a_json_error_and_write_nothing(body, status, code):
    match = live_match()
    staff = UserFactory(is_superuser=True)
    response = api_as(staff).post(f"/api/v1/matches/{match.pk}/events/", body, format="json")
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert MatchEvent.objects.filter(match=match).count() == 1


@pytest.mark.django_db
def test_scoring_a_match_that_has_not_started_is_refused():
    match = MatchFactory()
    with pytest.raises(ScoringError, match="The match is scheduled"):
        services.event_record(
            match_id=match.pk,
            kind="innings_start",
            payload=cricket_opening(match),
            source=EventSource.SYSTEM,
        )
    assert not MatchEvent.objects.filter(match=match).exists()


@pytest.mark.django_db
def test_idempotent_retry_writes_once_and_stale_seq_gets_409():
    match = live_match()
    staff = UserFactory(is_superuser=True)
    client = api_as(staff)
    url = f"/api/v1/matches/{match.pk}/events/"
    body = {"kind": "innings_start", "payload": cricket_opening(match), "expected_seq": 1}
    first = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    retry = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json()["seq"] == first.json()["seq"] == 2
    assert retry.json()["is_replay"] is True
    assert MatchEvent.objects.filter(match=match).count() == 2

    stale = client.post(
        url,
        {"kind": "delivery", "payload": cricket_ball(match), "expected_seq": 1},
        format="json",
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale_seq"
    assert stale.json()["error"]["current_seq"] == 2
    assert MatchEvent.objects.filter(match=match).count() == 2


@pytest.mark.django_db
def test_undo_and_correction_recompute_the_projection():
    match = live_match()
    record = {"match_id": match.pk, "source": EventSource.SYSTEM}
    services.event_record(kind="innings_start", payload=cricket_opening(match), **record)
    four = services.event_record(kind="delivery", payload=cricket_ball(match, runs=1), **record)
    assert four.summary["home"]["score"] == "1/0"

    corrected = services.event_correct(
        target_seq=four.event.seq,
        kind="delivery",
        payload=cricket_ball(match, runs=4, boundary=True),
        **record,
    )
    assert corrected.summary["home"]["score"] == "4/0"
    undone = services.event_undo(**record)
    assert undone.event.target_seq == four.event.seq
    assert undone.summary["home"]["score"] == "0/0"
    kinds = list(MatchEvent.objects.filter(match=match).values_list("kind", "target_seq"))
    assert kinds == [
        ("status", None),
        ("innings_start", None),
        ("delivery", None),
        ("correction", 3),
        ("undo", 3),
    ]
    with pytest.raises(ScoringError, match="not a scoring event in force"):
        services.event_undo(target_seq=3, **record)


@pytest.mark.django_db
def test_admin_scoring_form_records_an_event_and_shows_errors(client):
    scorer = UserFactory(is_staff=True)
    match = live_match(competition=CompetitionFactory(sport="cricket"))
    match.scorers.add(scorer)
    client.force_login(scorer)
    url = reverse("admin:matches_match_score", args=[match.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert b"Record an event" in page.content

    ok = client.post(
        url,
        {
            "action": "event",
            "kind": "innings_start",
            "payload": json.dumps(cricket_opening(match)),
            "expected_seq": 1,
        },
    )
    assert ok.status_code == 302
    assert Scoreboard.objects.get(match=match).seq == 2

    bad = client.post(url, {"action": "event", "kind": "delivery", "payload": "{not json"})
    assert bad.status_code == 200
    assert b"Not valid JSON" in bad.content
    illegal = client.post(
        url,
        {"action": "event", "kind": "delivery", "payload": json.dumps({"runs": -3})},
    )
    assert illegal.status_code == 200
    assert b"errornote" in illegal.content or b"errorlist" in illegal.content
    assert Scoreboard.objects.get(match=match).seq == 2


@pytest.mark.django_db
def test_admin_console_refuses_a_scorer_of_another_match(client):
    scorer = UserFactory(is_staff=True)
    match = live_match()
    client.force_login(scorer)
    response = client.get(reverse("admin:matches_match_score", args=[match.pk]))
    assert response.status_code == 403


@pytest.mark.django_db
def test_events_are_stamped_with_their_time_and_corrections_keep_it():
    match = live_match(competition=CompetitionFactory(sport="football"))
    record = {"match_id": match.pk, "source": EventSource.SYSTEM}
    home = list(match.squad.filter(side="home").values_list("player_id", flat=True))
    away = list(match.squad.filter(side="away").values_list("player_id", flat=True))
    for side, players in (("home", home), ("away", away)):
        services.event_record(
            kind="lineup", payload={"side": side, "starting": players, "bench": []}, **record
        )
    kick_off = services.event_record(
        kind="period_start", payload={"period": "first_half"}, **record
    )
    assert isinstance(kick_off.event.payload["at"], float)
    goal = services.event_record(
        kind="goal", payload={"side": "home", "scorer": home[9], "at": 1_800_000_000.0}, **record
    )
    assert goal.event.payload["at"] == 1_800_000_000.0  # the source's own time wins
    corrected = services.event_correct(
        target_seq=goal.event.seq,
        kind="goal",
        payload={"side": "home", "scorer": home[8]},
        **record,
    )
    assert corrected.event.payload["payload"]["at"] == 1_800_000_000.0
    assert services.scoreboard_rebuild(match_id=match.pk).summary == corrected.summary
