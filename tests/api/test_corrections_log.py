"""The public correction log: every undo and correction, from what to what, when and by
which role, in the API and on the match page, refreshed with the match (issue 20)."""

import pytest
from selectolax.lexbor import LexborHTMLParser

from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def _goal(client, match, side, scorer_id):
    response = client.post(
        f"/api/v1/matches/{match.pk}/events/",
        {"kind": "goal", "payload": {"side": side, "scorer": scorer_id}},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()["seq"]


def test_a_correction_and_an_undo_are_listed_with_before_after_and_role(
    football_match, scorer, anonymous
):
    client = client_for(scorer)
    home = list(football_match.squad.filter(side="home").order_by("order"))
    away = list(football_match.squad.filter(side="away").order_by("order"))
    seq = _goal(client, football_match, "home", home[9].player_id)
    corrected = client.post(
        f"/api/v1/matches/{football_match.pk}/corrections/",
        {
            "target_seq": seq,
            "kind": "goal",
            "payload": {"side": "away", "scorer": away[9].player_id},
        },
        format="json",
    )
    assert corrected.status_code == 201
    undone = client.post(f"/api/v1/matches/{football_match.pk}/undo/", {}, format="json")
    assert undone.status_code == 201

    log = anonymous.get(f"/api/v1/matches/{football_match.pk}/corrections/")
    assert log.status_code == 200
    body = log.json()
    assert body["seq"] == undone.json()["seq"]
    newest, oldest = body["corrections"]
    assert oldest["kind"] == "correction"
    assert oldest["target_seq"] == seq
    assert home[9].player.name in oldest["before"]
    assert away[9].player.name in oldest["after"]
    assert oldest["role"] == "match scorer"
    assert newest["kind"] == "undo"
    assert newest["after"] is None
    assert away[9].player.name in newest["before"]  # the undo struck out the correction
    # A role, never a person: no author field, and the role is one of the few roles.
    assert set(oldest) == {"seq", "kind", "target_seq", "before", "after", "role", "at"}

    page = LexborHTMLParser(anonymous.get(f"/matches/{football_match.pk}/").content)
    section = page.css_first('[data-part="corrections"]')
    assert section is not None
    assert "Corrected" in section.text()
    assert "Struck out" in section.text()
    fragment = LexborHTMLParser(anonymous.get(f"/matches/{football_match.pk}/live/").content)
    assert fragment.css_first('[data-part="corrections"]') is not None


def test_a_match_without_corrections_has_an_empty_log_and_no_section(football_match, anonymous):
    log = anonymous.get(f"/api/v1/matches/{football_match.pk}/corrections/")
    assert log.json()["corrections"] == []
    page = LexborHTMLParser(anonymous.get(f"/matches/{football_match.pk}/").content)
    assert page.css_first('[data-part="corrections"]') is None
