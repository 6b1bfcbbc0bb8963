"""Each operation of the schema describes itself: the POST on /events/ was documented
with the GET's "the match's log after ?since" (issue 20)."""

import pytest

pytestmark = pytest.mark.django_db


def test_joined_operations_carry_their_own_descriptions(client):
    schema = client.get("/api/schema/?format=json").json()
    events = schema["paths"]["/api/v1/matches/{match_id}/events/"]
    assert "since" in events["get"]["description"]
    assert "Record one event" in events["post"]["description"]
    corrections = schema["paths"]["/api/v1/matches/{match_id}/corrections/"]
    assert "correction log" in corrections["get"]["summary"]
    assert "Replace an earlier entry" in corrections["post"]["description"]
    assert events["get"]["description"] != events["post"]["description"]
