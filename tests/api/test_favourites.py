"""A fan follows and unfollows teams, competitions and matches."""

import pytest

from accounts.models import Favourite
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def test_follow_list_and_unfollow(fan, football_match):
    client = client_for(fan)
    team = client.post(
        "/api/v1/favourites/",
        {"kind": "team", "target_id": football_match.home_team_id},
        format="json",
    )
    assert team.status_code == 201
    again = client.post(
        "/api/v1/favourites/",
        {"kind": "team", "target_id": football_match.home_team_id},
        format="json",
    )
    assert again.status_code == 200
    client.post(
        "/api/v1/favourites/", {"kind": "match", "target_id": football_match.pk}, format="json"
    )
    client.post(
        "/api/v1/favourites/",
        {"kind": "competition", "target_id": football_match.competition_id},
        format="json",
    )
    listed = client.get("/api/v1/favourites/").json()["results"]
    assert sorted(f["kind"] for f in listed) == ["competition", "match", "team"]
    assert [
        f["target_id"] for f in client.get("/api/v1/favourites/?kind=team").json()["results"]
    ] == [football_match.home_team_id]
    gone = client.delete(f"/api/v1/favourites/team/{football_match.home_team_id}/")
    assert gone.status_code == 204
    assert Favourite.objects.filter(user=fan).count() == 2
    assert (
        client.delete(f"/api/v1/favourites/team/{football_match.home_team_id}/").status_code == 404
    )


def test_following_something_missing_is_404(fan):
    response = client_for(fan).post(
        "/api/v1/favourites/", {"kind": "team", "target_id": 424242}, format="json"
    )
    assert response.status_code == 404
    assert not Favourite.objects.exists()


def test_favourites_are_private(fan, staff, football_match):
    client_for(fan).post(
        "/api/v1/favourites/", {"kind": "match", "target_id": football_match.pk}, format="json"
    )
    assert client_for(staff).get("/api/v1/favourites/").json()["results"] == []
    assert (
        client_for(staff).delete(f"/api/v1/favourites/match/{football_match.pk}/").status_code
        == 404
    )
    assert Favourite.objects.filter(user=fan).count() == 1
