"""Admin writes go through matches.services: the same checks as the staff API (a refusal is
a form error, never a 500, and writes nothing), the squad service for squads, and the
read-cache bumps on commit, never before."""

from __future__ import annotations

import logging

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from rest_framework.test import APIClient
from selectolax.lexbor import LexborHTMLParser

from accounts.models import User
from matches import read_cache
from matches.models import AlertKind, Match, MatchAlert, MatchPlayer
from scoring import services
from scoring.models import EventSource
from tests.factories import CompetitionFactory, MatchFactory, PlayerFactory, TeamFactory

pytestmark = pytest.mark.django_db

SYSTEM = {"source": EventSource.SYSTEM}


@pytest.fixture
def staff() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def form_data(client: Client, url: str) -> dict[str, str | list[str]]:
    """What the browser would post back unchanged: every field of the admin's form."""
    page = client.get(url)
    assert page.status_code == 200
    form = LexborHTMLParser(page.content.decode()).css_first("form#match_form")
    data: dict[str, str | list[str]] = {}
    for field in form.css("input[name], select[name], textarea[name]"):
        name, kind = field.attributes["name"], (field.attributes.get("type") or "").lower()
        if kind in {"submit", "button", "file"} or "__prefix__" in name:
            continue
        if kind == "checkbox":
            if "checked" in field.attributes:
                data[name] = field.attributes.get("value") or "on"
        elif field.tag == "select":
            chosen = [
                option.attributes.get("value") or "" for option in field.css("option[selected]")
            ]
            if "multiple" in field.attributes:
                data[name] = chosen
            elif chosen:
                data[name] = chosen[0]
        elif field.tag == "textarea":
            data[name] = field.text()
        else:
            data[name] = field.attributes.get("value") or ""
    return data


def change_url(match: Match) -> str:
    return f"/admin/matches/match/{match.pk}/change/"


def finished(match: Match, home: int, away: int) -> Match:
    services.match_transition(match_id=match.pk, to_status="live", **SYSTEM)
    services.event_record(
        match_id=match.pk, kind="result", payload={"home": home, "away": away}, **SYSTEM
    )
    services.match_transition(match_id=match.pk, to_status="finished", **SYSTEM)
    return Match.objects.get(pk=match.pk)


def squad(match: Match, side: str) -> list[tuple[int, bool]]:
    entries = MatchPlayer.objects.filter(match=match, side=side).order_by("order")
    return list(entries.values_list("player_id", "is_starting"))


def test_swapping_the_home_team_of_a_finished_match_is_a_form_error(staff) -> None:
    match = finished(MatchFactory(competition=CompetitionFactory(sport="football")), 1, 0)
    other = TeamFactory(name="Interlopers", sport="football")
    data = {**form_data(staff, change_url(match)), "home_team": str(other.pk)}

    response = staff.post(change_url(match), data)

    assert response.status_code == 200
    errors = LexborHTMLParser(response.content.decode()).css(".field-home_team .errorlist li")
    assert [error.text() for error in errors] == ["Scoring has begun."]
    assert Match.objects.get(pk=match.pk).home_team_id == match.home_team_id
    assert not LogEntry.objects.filter(object_id=str(match.pk)).exists()


def test_a_squad_edited_in_admin_is_saved_through_the_squad_service(
    staff, django_capture_on_commit_callbacks
) -> None:
    match = MatchFactory(competition=CompetitionFactory(sport="football"))
    home = squad(match, "home")
    newcomer = PlayerFactory(team=match.home_team, name="Newcomer")
    data = form_data(staff, change_url(match))
    forms = int(data["squad-TOTAL_FORMS"])
    dropped = next(i for i in range(forms) if data[f"squad-{i}-player"] == str(home[0][0]))
    data[f"squad-{dropped}-DELETE"] = "on"
    data.update(
        {
            f"squad-{forms}-player": str(newcomer.pk),
            f"squad-{forms}-side": "home",
            f"squad-{forms}-order": "20",
            f"squad-{forms}-is_starting": "on",
            "squad-TOTAL_FORMS": str(forms + 1),
        }
    )
    before = read_cache.generations_get(scopes=[read_cache.match_scope(match.pk)])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = staff.post(change_url(match), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    # The service rewrote the side in order: the dropped player out, orders 0..10.
    assert squad(match, "home") == [*home[1:], (newcomer.pk, True)]
    orders = MatchPlayer.objects.filter(match=match, side="home").order_by("order")
    assert list(orders.values_list("order", flat=True)) == list(range(11))
    assert len(squad(match, "away")) == 11
    assert callbacks  # the bumps were registered on commit
    after = read_cache.generations_get(scopes=[read_cache.match_scope(match.pk)])
    assert after[read_cache.match_scope(match.pk)] > before[read_cache.match_scope(match.pk)]


def test_a_squad_edit_after_scoring_began_is_a_form_error(staff) -> None:
    match = finished(MatchFactory(competition=CompetitionFactory(sport="football")), 1, 0)
    home = squad(match, "home")
    data = form_data(staff, change_url(match))
    forms = range(int(data["squad-TOTAL_FORMS"]))
    first = next(i for i in forms if data[f"squad-{i}-player"] == str(home[0][0]))
    data[f"squad-{first}-DELETE"] = "on"

    response = staff.post(change_url(match), data)

    assert response.status_code == 200
    page = LexborHTMLParser(response.content.decode())
    assert [e.text() for e in page.css(".errornote, ul.errorlist.nonfield li")][-1] == (
        "Scoring has begun."
    )
    assert squad(match, "home") == home


def test_the_api_body_is_refreshed_when_an_admin_edit_commits_and_not_before(
    staff, django_capture_on_commit_callbacks
) -> None:
    match = MatchFactory(competition=CompetitionFactory(sport="football"), round="Round 1")
    url = f"/api/v1/matches/{match.pk}/"
    assert APIClient().get(url).json()["round"] == "Round 1"  # now cached
    data = {**form_data(staff, change_url(match)), "round": "Round 2"}

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff.post(change_url(match), data)
        before_commit = APIClient().get(url).json()["round"]
    for callback in callbacks:
        callback()
    after_commit = APIClient().get(url).json()["round"]

    assert response.status_code == 302
    assert Match.objects.get(pk=match.pk).round == "Round 2"
    # Before the commit the cached body still answers: a reader rebuilding it then could
    # only see the old row, and would file it under the old generation.
    assert before_commit == "Round 1"
    assert after_commit == "Round 2"


def test_a_refused_admin_edit_bumps_nothing(staff, django_capture_on_commit_callbacks) -> None:
    match = finished(MatchFactory(competition=CompetitionFactory(sport="football")), 1, 0)
    other = TeamFactory(name="Interlopers", sport="football")
    data = {**form_data(staff, change_url(match)), "home_team": str(other.pk), "round": "X"}

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff.post(change_url(match), data)

    assert response.status_code == 200
    assert callbacks == []
    assert Match.objects.get(pk=match.pk).round == match.round


def test_resolving_an_alert_in_admin_goes_through_the_service_and_is_logged(staff, caplog) -> None:
    match = MatchFactory(competition=CompetitionFactory(sport="football"))
    alert = MatchAlert.objects.create(match=match, kind=AlertKind.choices[0][0], detail="late")
    done = MatchAlert.objects.create(
        match=match, kind=AlertKind.choices[-1][0], detail="old", resolved_at=match.start_time
    )

    with caplog.at_level(logging.INFO, logger="matches.services"):
        response = staff.post(
            "/admin/matches/matchalert/",
            {"action": "resolve", "_selected_action": [alert.pk, done.pk]},
        )

    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.resolved_at is not None
    assert MatchAlert.objects.get(pk=done.pk).resolved_at == match.start_time
    resolved = [r for r in caplog.records if getattr(r, "alert_id", None) is not None]
    assert [(r.alert_id, r.resolved_by) for r in resolved] == [(alert.pk, User.objects.get().pk)]
    entries = LogEntry.objects.filter(object_id=str(alert.pk))
    assert [entry.change_message for entry in entries] == ["Resolved."]
    assert not LogEntry.objects.filter(object_id=str(done.pk)).exists()


def test_changing_the_sport_of_a_competition_with_matches_is_a_form_error(staff) -> None:
    match = MatchFactory(competition=CompetitionFactory(sport="football"))
    url = f"/admin/matches/competition/{match.competition_id}/change/"
    page = staff.get(url)
    form = LexborHTMLParser(page.content.decode()).css_first("form#competition_form")
    assert form is not None
    data = {
        "name": match.competition.name,
        "season": match.competition.season,
        "sport": "cricket",
        "rules": "{}",
        "external_ids": "{}",
        "created_at_0": "2024-01-01",
        "created_at_1": "00:00:00",
        "points_deductions-TOTAL_FORMS": "0",
        "points_deductions-INITIAL_FORMS": "0",
    }

    response = staff.post(url, data)

    assert response.status_code == 200
    errors = LexborHTMLParser(response.content.decode()).css(".field-sport .errorlist li")
    assert [error.text() for error in errors] == ["A competition with matches cannot change sport."]
    assert match.competition.__class__.objects.get(pk=match.competition_id).sport == "football"


def test_a_match_deleted_in_admin_leaves_no_cached_body(
    staff, django_capture_on_commit_callbacks
) -> None:
    match = MatchFactory(competition=CompetitionFactory(sport="football"))
    url = f"/api/v1/matches/{match.pk}/"
    assert APIClient().get(url).status_code == 200  # now cached

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"/admin/matches/match/{match.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Match.objects.filter(pk=match.pk).exists()
    assert APIClient().get(url).status_code == 404


def test_a_match_added_in_admin_is_scheduled_with_its_squad_through_the_services(
    staff, django_capture_on_commit_callbacks
) -> None:
    competition = CompetitionFactory(sport="football")
    home, away = (TeamFactory(name=name, sport="football") for name in ("Home", "Away"))
    players = [PlayerFactory(team=home, name=f"Home {n}") for n in range(2)]
    rows = {}
    for n, player in enumerate(players):
        rows |= {
            f"squad-{n}-player": str(player.pk),
            f"squad-{n}-side": "home",
            f"squad-{n}-order": str(5 - n),
            f"squad-{n}-is_starting": "on",
        }
    data = {
        "competition": str(competition.pk),
        "home_team": str(home.pk),
        "away_team": str(away.pk),
        "start_time_0": "2026-11-26",
        "start_time_1": "15:00:00",
        "created_at_0": "2026-11-01",
        "created_at_1": "09:00:00",
        "round": "Round 3",
        "stage": "",
        "external_ids": "{}",
        "squad-TOTAL_FORMS": "2",
        "squad-INITIAL_FORMS": "0",
        **rows,
    }

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = staff.post("/admin/matches/match/add/", data)
    bowlers = TeamFactory(name="Bowlers", sport="cricket")
    refused = staff.post("/admin/matches/match/add/", {**data, "away_team": str(bowlers.pk)})

    assert response.status_code == 302, [
        e.text() for e in LexborHTMLParser(response.content.decode()).css(".errorlist li")
    ]
    match = Match.objects.get(round="Round 3")
    # The squad in the posted order (order 4 before 5), renumbered by the service.
    assert squad(match, "home") == [(players[1].pk, True), (players[0].pk, True)]
    assert len(callbacks) >= 2  # the schedule's and the squad's bumps, on commit
    assert refused.status_code == 200
    errors = LexborHTMLParser(refused.content.decode()).css(".field-away_team .errorlist li")
    assert [error.text() for error in errors] == ["Bowlers plays cricket, not football."]
    assert Match.objects.count() == 1
