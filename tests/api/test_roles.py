"""Role by endpoint: anonymous reads; fans their favourites and profile; scorers write to
their assigned matches only; staff manage everything. A refused call changes nothing."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import SCORERS_GROUP
from matches.models import Competition, Team
from scoring.models import MatchEvent
from tests.api.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "fan", "other_scorer", "scorer", "staff")

# (name, method, url, body, expected status per role in ROLES order)
MATRIX = [
    ("read match", "get", "/api/v1/matches/{m}/", None, (200, 200, 200, 200, 200)),
    ("read live", "get", "/api/v1/matches/live/", None, (200, 200, 200, 200, 200)),
    ("read log", "get", "/api/v1/matches/{m}/events/", None, (200, 200, 200, 200, 200)),
    ("profile", "get", "/api/v1/auth/me/", None, (401, 200, 200, 200, 200)),
    ("favourites", "get", "/api/v1/favourites/", None, (401, 200, 200, 200, 200)),
    (
        "follow",
        "post",
        "/api/v1/favourites/",
        {"kind": "match", "target_id": "{m}"},
        (401, 201, 201, 201, 201),
    ),
    (
        "score",
        "post",
        "/api/v1/matches/{m}/events/",
        {"kind": "goal", "payload": {"side": "home"}},
        (401, 403, 403, 201, 201),
    ),
    ("undo", "post", "/api/v1/matches/{m}/undo/", {}, (401, 403, 403, 201, 201)),
    (
        "status",
        "post",
        "/api/v1/matches/{m}/status/",
        {"status": "break"},
        (401, 403, 403, 201, 201),
    ),
    (
        "create competition",
        "post",
        "/api/v1/competitions/",
        {"name": "New", "sport": "cricket", "season": "{role}"},
        (401, 403, 403, 403, 201),
    ),
    (
        "rename team",
        "patch",
        "/api/v1/teams/{t}/",
        {"name": "Renamed {role}"},
        (401, 403, 403, 403, 200),
    ),
    (
        "assign scorers",
        "put",
        "/api/v1/matches/{m}/scorers/",
        {"scorers": []},
        (401, 403, 403, 403, 200),
    ),
    ("schedule", "post", "/api/v1/matches/", {}, (401, 403, 403, 403, 400)),
]


def _fill(value, **names):
    if isinstance(value, str):
        filled = value.format(**names)
        return int(filled) if filled.isdigit() and value.startswith("{") else filled
    if isinstance(value, dict):
        return {k: _fill(v, **names) for k, v in value.items()}
    return value


@pytest.fixture
def clients(fan, scorer, staff):
    other = UserFactory(username="other_scorer")
    other.groups.add(Group.objects.get_or_create(name=SCORERS_GROUP)[0])
    return {
        "anonymous": client_for(None),
        "fan": client_for(fan),
        "other_scorer": client_for(other),
        "scorer": client_for(scorer),
        "staff": client_for(staff),
    }


@pytest.mark.parametrize(
    ("name", "method", "url", "body", "expected"), MATRIX, ids=[r[0] for r in MATRIX]
)
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(clients, football_match, role, name, method, url, body, expected):
    names = {"m": football_match.pk, "t": football_match.home_team_id, "role": role}
    events_before = MatchEvent.objects.filter(match=football_match).count()
    competitions_before = Competition.objects.count()
    team_name = Team.objects.get(pk=football_match.home_team_id).name
    call = getattr(clients[role], method)
    response = call(_fill(url, **names), _fill(body, **names), format="json")
    want = expected[ROLES.index(role)]
    assert response.status_code == want, response.content
    if want >= 400:
        assert set(response.json()) == {"error"}
        assert MatchEvent.objects.filter(match=football_match).count() == events_before
        assert Competition.objects.count() == competitions_before
        assert Team.objects.get(pk=football_match.home_team_id).name == team_name
