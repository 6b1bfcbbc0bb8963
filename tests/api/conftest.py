import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import SCORERS_GROUP, STAFF_GROUP
from scoring import services
from scoring.models import EventSource
from tests.factories import CompetitionFactory, MatchFactory, UserFactory


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def fan():
    return UserFactory(username="fan")


@pytest.fixture
def scorer():
    user = UserFactory(username="scorer")
    user.groups.add(Group.objects.get_or_create(name=SCORERS_GROUP)[0])
    return user


@pytest.fixture
def staff():
    user = UserFactory(username="staff")
    user.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    return user


@pytest.fixture
def football_match(scorer):
    """A football match in its first half, scored by `scorer`."""
    competition = CompetitionFactory(sport="football", name="Premier League")
    match = MatchFactory(competition=competition)
    match.scorers.add(scorer)
    services.match_transition(match_id=match.pk, to_status="live", source=EventSource.SYSTEM)
    services.event_record(
        match_id=match.pk,
        kind="period_start",
        payload={"period": "first_half"},
        source=EventSource.SYSTEM,
    )
    return match
