"""Bad input never gives HTML or a 500: always the one error body with the right status."""

import pytest

from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def _error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    return body["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nothing-here/",
        "/api/nope",
        "/api/v1/matches/99999999999999999999999999/",
        "/api/v1/matches/-1/",
        "/api/v1/matches/abc/",
        "/api/v1/matches/0/",
        "/api/v1/teams/999999999999999999/squad/",
    ],
)
def test_unknown_urls_and_ids_are_json_404(anonymous, url):
    _error(anonymous.get(url), 404, "not_found")


@pytest.mark.parametrize(
    "query",
    [
        "competition=99999999999999999999999",
        "competition=abc",
        "status=exploded",
        "date_from=yesterday",
        "live=perhaps",
        "sport=curling",
        "ordering=password",
        "team=1.5",
        "competition=%00",
    ],
)
def test_bad_query_parameters_are_400(anonymous, query):
    response = anonymous.get(f"/api/v1/matches/?{query}")
    if "ordering" in query:  # an unknown ordering field is ignored, as DRF documents
        assert response.status_code == 200
        return
    _error(response, 400, "invalid")


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/api/v1/matches/upcoming/", "days=0"),
        ("/api/v1/matches/upcoming/", "days=100000000000000000000"),
        ("/api/v1/matches/today/", "tz=Nowhere/Special"),
        ("/api/v1/matches/{id}/events/", "since=-4"),
        ("/api/v1/matches/{id}/commentary/", "limit=zero"),
    ],
)
def test_bad_parameters_of_other_reads_are_400(anonymous, football_match, url, query):
    url = url.format(id=football_match.pk)
    _error(anonymous.get(f"{url}?{query}"), 400, "invalid")


def test_bad_json_wrong_content_type_and_non_objects(football_match, scorer):
    client = client_for(scorer)
    url = f"/api/v1/matches/{football_match.pk}/events/"
    _error(client.post(url, "{not json", content_type="application/json"), 400, "parse_error")
    _error(client.post(url, "kind=goal", content_type="text/plain"), 415, "unsupported_media_type")
    _error(client.post(url, "[1, 2]", content_type="application/json"), 400, "invalid")
    nul = client.post(
        url, {"kind": "goal", "payload": {"side": "home", "note": "\u0000"}}, format="json"
    )
    assert nul.status_code in (400, 201)  # refused or stored, never a 500


def test_wrong_method_and_unacceptable_accept_header(anonymous, football_match):
    _error(anonymous.delete("/api/v1/matches/live/"), 405, "method_not_allowed")
    response = anonymous.get("/api/v1/competitions/", HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert response.json()["error"]["code"] == "not_acceptable"


def test_a_bad_bearer_token_is_401_even_on_public_reads(anonymous):
    anonymous.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    _error(anonymous.get("/api/v1/competitions/"), 401, "token_not_valid")
