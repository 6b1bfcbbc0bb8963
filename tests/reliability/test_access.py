"""Who may sign in, who may score which match, and what the record says they did."""

import pytest
from channels.testing import WebsocketCommunicator
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from livescore.asgi import application
from matches.models import Match, Player, Team
from scoring.models import MatchEvent
from tests.factories import UserFactory
from tests.reliability.conftest import corner, live_football_match

SCRIPT = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"

# --- sign-in brute force -------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_login_locks_a_username_after_five_failures_from_one_address(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    UserFactory(username="keeper", is_staff=True, is_superuser=True)
    for _ in range(5):
        response = client.post(
            "/admin/login/", {"username": "keeper", "password": "wrong-password-guess"}
        )
        assert response.status_code == 200  # the form again, no session
    locked = client.post(
        "/admin/login/", {"username": "keeper", "password": "correct-horse-battery"}
    )
    assert locked.status_code == 200
    assert "_auth_user_id" not in client.session
    # Another address is not punished for the first one's guesses.
    elsewhere = client.post(
        "/admin/login/",
        {"username": "keeper", "password": "correct-horse-battery"},
        REMOTE_ADDR="10.9.8.7",
    )
    assert elsewhere.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.django_db
def test_token_endpoint_is_locked_by_the_same_counter(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(username="apiuser")
    api = APIClient()
    for _ in range(3):
        bad = api.post(
            "/api/v1/auth/token/", {"username": "apiuser", "password": "nope"}, format="json"
        )
        assert bad.status_code == 401
    locked = api.post(
        "/api/v1/auth/token/",
        {"username": "apiuser", "password": "correct-horse-battery"},
        format="json",
    )
    assert locked.status_code == 401
    assert "access" not in locked.json()


@pytest.mark.django_db
def test_a_success_before_the_limit_clears_the_count(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(username="forgetful")
    api = APIClient()
    for _ in range(2):
        api.post("/api/v1/auth/token/", {"username": "forgetful", "password": "x"}, format="json")
    good = {"username": "forgetful", "password": "correct-horse-battery"}
    assert api.post("/api/v1/auth/token/", good, format="json").status_code == 200
    for _ in range(2):
        api.post("/api/v1/auth/token/", {"username": "forgetful", "password": "x"}, format="json")
    assert api.post("/api/v1/auth/token/", good, format="json").status_code == 200


# --- object-level permission on every write path -------------------------------------------


@pytest.mark.django_db
def test_api_refuses_a_scorer_who_is_not_assigned_and_writes_nothing(scorer):
    match = live_football_match()
    api = APIClient()
    api.force_authenticate(scorer)
    response = api.post(
        f"/api/v1/matches/{match.pk}/events/", {"kind": "stat", "payload": corner(1)}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_assigned"
    assert list(MatchEvent.objects.filter(match=match).values_list("kind", flat=True)) == ["status"]
    for path, body in [
        ("undo", {}),
        ("corrections", {"target_seq": 1, "kind": "stat", "payload": corner(2)}),
        ("status", {"status": "break"}),
    ]:
        refused = api.post(f"/api/v1/matches/{match.pk}/{path}/", body, format="json")
        assert refused.status_code == 403, path
    assert MatchEvent.objects.filter(match=match).count() == 1

    match.scorers.add(scorer)
    allowed = api.post(
        f"/api/v1/matches/{match.pk}/events/", {"kind": "stat", "payload": corner(1)}, format="json"
    )
    assert allowed.status_code == 201
    assert MatchEvent.objects.get(match=match, seq=2).author == scorer


@pytest.mark.django_db
def test_anonymous_api_writes_are_refused(client):
    match = live_football_match()
    response = APIClient().post(
        f"/api/v1/matches/{match.pk}/events/", {"kind": "stat", "payload": corner(1)}, format="json"
    )
    assert response.status_code == 401
    assert MatchEvent.objects.filter(match=match).count() == 1


@pytest.mark.django_db
def test_admin_console_refuses_an_unassigned_scorer_and_writes_nothing(client, scorer):
    match = live_football_match()
    client.force_login(scorer)
    url = f"/admin/matches/match/{match.pk}/score/"
    assert client.get(url).status_code == 403
    posted = client.post(
        url, {"action": "event", "kind": "stat", "payload": '{"side":"home","name":"corners"}'}
    )
    assert posted.status_code == 403
    assert client.post(url, {"action": "undo"}).status_code == 403
    assert client.post(url, {"action": "status", "status": "break"}).status_code == 403
    assert MatchEvent.objects.filter(match=match).count() == 1
    # Nor through the model admin, even holding the model permissions: the queryset is
    # limited to the scorer's own matches.
    scorer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="matches", codename__in=["view_match", "change_match"]
        )
    )
    own = live_football_match()
    own.scorers.add(scorer)
    listing = client.get("/admin/matches/match/")
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    assert client.get(f"/admin/matches/match/{own.pk}/change/").status_code == 200
    assert client.get(f"/admin/matches/match/{match.pk}/change/").status_code == 302
    assert client.post(f"/admin/matches/match/{match.pk}/delete/").status_code in {302, 403}
    assert Match.objects.filter(pk=match.pk).exists()


@pytest.mark.django_db
def test_admin_scoring_is_attributed_to_the_signed_in_scorer(client, scorer):
    match = live_football_match()
    match.scorers.add(scorer)
    client.force_login(scorer)
    response = client.post(
        f"/admin/matches/match/{match.pk}/score/",
        {
            "action": "event",
            "kind": "stat",
            "payload": '{"side": "home", "name": "corners", "value": 3}',
            "expected_seq": "1",
        },
    )
    assert response.status_code == 302
    event = MatchEvent.objects.get(match=match, seq=2)
    assert (event.kind, event.author, event.source) == ("stat", scorer, "admin")


@pytest.mark.django_db
def test_model_admin_changes_leave_a_log_entry_naming_the_user(client, staff_user):
    team = Team.objects.create(name="Old Name", sport="football")
    staff_user.is_superuser = True
    staff_user.save()
    client.force_login(staff_user)
    response = client.post(
        f"/admin/matches/team/{team.pk}/change/",
        {"name": "New Name", "short_name": "NN", "sport": "football"},
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get(object_id=str(team.pk), content_type__model="team")
    assert (entry.user, entry.action_flag) == (staff_user, CHANGE)
    assert "Name" in entry.get_change_message()


# --- names are escaped everywhere ----------------------------------------------------------


@pytest.mark.django_db
def test_script_in_team_and_player_names_is_escaped_on_pages_and_admin(client, admin_client):
    match = live_football_match(home_team__name=SCRIPT)
    Player.objects.create(name=SCRIPT, team=match.home_team)
    for url, browser in [
        ("/", client),
        (f"/matches/{match.pk}/", client),
        ("/admin/matches/player/", admin_client),
        ("/admin/matches/match/", admin_client),
        (f"/admin/matches/match/{match.pk}/change/", admin_client),
        (f"/admin/matches/match/{match.pk}/score/", admin_client),
        ("/admin/scoring/matchevent/", admin_client),
    ]:
        page = browser.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert SCRIPT not in html, url
        if url != "/admin/scoring/matchevent/":
            assert ESCAPED in html, url


@pytest.mark.django_db
def test_api_returns_names_as_json_strings_not_markup():
    match = live_football_match(home_team__name=SCRIPT)
    response = APIClient().get(f"/api/v1/matches/{match.pk}/")
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["home_team"]["name"] == SCRIPT


# --- WebSocket origin ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_websocket_from_a_foreign_origin_is_refused():
    foreign = WebsocketCommunicator(
        application, "/ws/", headers=[(b"origin", b"https://evil.test")]
    )
    connected, _ = await foreign.connect()
    assert connected is False
    own = WebsocketCommunicator(application, "/ws/", headers=[(b"origin", b"http://localhost")])
    connected, _ = await own.connect()
    assert connected is True
    await own.disconnect()
