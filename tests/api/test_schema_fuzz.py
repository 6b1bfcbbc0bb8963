"""Property-based fuzz of the whole API against our own OpenAPI schema (schemathesis).

A real server (pytest-django's live_server, threaded) on the real PostgreSQL and Redis;
every operation is called with generated input, as a staff user so that the write paths
run too. No response may be a 5xx or break the schema: status code, content type and body
must all be the documented ones. Bounded: a few examples per operation.

`positive_data_acceptance` is left out: it expects every schema-valid body to be accepted,
but some checks cannot live in a schema (an IANA time zone, an id that exists, a strong
password) and are rightly refused with a documented 400."""

import pytest
import schemathesis
from django.contrib.auth.models import Group
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework_simplejwt.tokens import RefreshToken
from schemathesis.specs.openapi.checks import positive_data_acceptance

from accounts.models import STAFF_GROUP
from scoring import services
from scoring.models import EventSource
from tests.factories import CompetitionFactory, MatchFactory, UserFactory

EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def staff_headers(transactional_db):
    staff = UserFactory(username="fuzz-staff")
    staff.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    match = MatchFactory(competition=CompetitionFactory(sport="football"))
    services.match_transition(match_id=match.pk, to_status="live", source=EventSource.SYSTEM)
    return {"Authorization": f"Bearer {RefreshToken.for_user(staff).access_token}"}


def _fuzz(operation, *, base_url: str, headers: dict) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def call(case):
        case.call_and_validate(
            base_url=base_url, headers=headers, excluded_checks=[positive_data_acceptance]
        )

    call()


def test_every_operation_conforms_to_the_schema(live_server, staff_headers):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")
    failures = {}
    count = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        count += 1
        try:
            _fuzz(operation, base_url=live_server.url, headers=staff_headers)
        except Exception as failure:  # collect all, report together
            failures[operation.label] = str(failure)[:2000]
    assert count >= 45  # every documented operation was fuzzed
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
