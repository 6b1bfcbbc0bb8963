import pytest
from django.contrib.auth.models import Group

from accounts.models import SCORERS_GROUP, STAFF_GROUP
from scoring import services
from scoring.models import EventSource
from tests.factories import MatchFactory, UserFactory


def live_football_match(**kwargs):
    match = MatchFactory(competition__sport="football", **kwargs)
    services.match_transition(match_id=match.pk, to_status="live", source=EventSource.SYSTEM)
    return match


def corner(value: int) -> dict:
    """A scoring event valid at any moment of a live football match, as often as wanted."""
    return {"side": "home", "name": "corners", "value": value}


@pytest.fixture
def scorer():
    user = UserFactory(username="scorer", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=SCORERS_GROUP)[0])
    return user


@pytest.fixture
def staff_user():
    user = UserFactory(username="staffer", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    return user
