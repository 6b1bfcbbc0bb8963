import pytest
from rest_framework.test import APIClient

from matches.lifecycle import IllegalTransition, Status, check_transition
from scoring import services
from scoring.errors import ErrorCode, ScoringError
from scoring.models import EventSource, MatchEvent
from tests.factories import MatchFactory, UserFactory


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("scheduled", "live"),
        ("live", "break"),
        ("break", "live"),
        ("live", "finished"),
        ("scheduled", "postponed"),
        ("scheduled", "cancelled"),
        ("live", "suspended"),
        ("suspended", "live"),
        ("live", "abandoned"),
        ("postponed", "scheduled"),
    ],
)
def test_allowed_transitions(current, target):
    assert check_transition(current, target) == Status(target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("scheduled", "finished"),
        ("finished", "live"),
        ("cancelled", "scheduled"),
        ("live", "scheduled"),
        ("break", "finished"),
        ("live", "nonsense"),
    ],
)
def test_illegal_transitions(current, target):
    with pytest.raises(IllegalTransition, match=f"A {current} match cannot become {target}"):
        check_transition(current, target)


@pytest.mark.django_db
def test_service_refuses_illegal_transition_and_writes_nothing():
    match = MatchFactory()
    with pytest.raises(ScoringError) as refused:
        services.match_transition(
            match_id=match.pk, to_status="finished", source=EventSource.SYSTEM
        )
    assert refused.value.code == ErrorCode.ILLEGAL_TRANSITION
    match.refresh_from_db()
    assert match.status == "scheduled"
    assert not MatchEvent.objects.filter(match=match).exists()


@pytest.mark.django_db
def test_transitions_are_logged_with_contiguous_seq():
    match = MatchFactory()
    for status in ("live", "break", "live", "finished"):
        services.match_transition(match_id=match.pk, to_status=status, source=EventSource.SYSTEM)
    match.refresh_from_db()
    assert match.status == "finished"
    log = list(MatchEvent.objects.filter(match=match).values_list("seq", "kind", "payload"))
    assert log == [
        (1, "status", {"from": "scheduled", "to": "live"}),
        (2, "status", {"from": "live", "to": "break"}),
        (3, "status", {"from": "break", "to": "live"}),
        (4, "status", {"from": "live", "to": "finished"}),
    ]


@pytest.mark.django_db
def test_api_refuses_illegal_transition_with_409():
    scorer = UserFactory()
    match = MatchFactory()
    match.scorers.add(scorer)
    client = APIClient()
    client.force_authenticate(scorer)
    response = client.post(
        f"/api/v1/matches/{match.pk}/status/", {"status": "finished"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "illegal_transition"
    assert "A scheduled match cannot become finished" in response.json()["error"]["message"]
    match.refresh_from_db()
    assert match.status == "scheduled"
