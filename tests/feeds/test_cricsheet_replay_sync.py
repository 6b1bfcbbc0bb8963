"""The Cricsheet replay crawled into real cricket scoring events: the converted match,
written up to the last released delivery, once, and equal in the end to the import."""

from __future__ import annotations

import io
import itertools
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from django.core.management import call_command
from rest_framework.test import APIClient

from matches import crawl_services
from matches.demo import FINISHED_CRICKET_FILE, LIVE_CRICKET_FILE
from matches.models import Competition, CrawlJob, CrawlStatus, Match, MatchPlayer
from scoring.formats.cricsheet import convert_by_delivery
from scoring.models import MatchEvent
from scoring.selectors import match_detail_get
from tests.feeds.test_cricsheet_replay import Clock
from tests.foundation.test_broadcast import subscribed

START = datetime(2024, 6, 1, 14, 0, tzinfo=UTC)
# England v South Africa, Taunton 2017 (T20I): 125 + 126 deliveries; the first over has
# six balls, the second nine (three wides).
MATCH_ID = LIVE_CRICKET_FILE.stem


def _config(path: Path = LIVE_CRICKET_FILE) -> dict:
    # One delivery every 30 s from START, ten minutes between innings.
    return {"path": str(path), "start_at": START.isoformat()}


def _crawl(clock: Clock, config: dict | None = None) -> CrawlJob:
    job = crawl_services.crawl_job_create(source="cricsheet_replay", config=config or _config())
    return crawl_services.crawl_job_run(job_id=job.pk, clock=clock)


def _log(match: Match) -> list[tuple[int, str, str]]:
    return list(
        MatchEvent.objects.filter(match=match)
        .order_by("seq")
        .values_list("seq", "kind", "idempotency_key")
    )


def _imported(path: Path) -> Match:
    call_command("import_cricsheet", str(path), stdout=io.StringIO())
    return Match.objects.get(**{"external_ids__cricsheet": path.stem})


@pytest.mark.django_db
def test_crawls_over_time_write_a_growing_contiguous_log_equal_in_the_end_to_the_import():
    clock = Clock(START - timedelta(seconds=1))
    job = _crawl(clock)
    assert (job.status, job.error, job.events_written) == (CrawlStatus.SUCCESS, "", 0)
    match = Match.objects.get(external_ids__cricsheet_replay=MATCH_ID)
    # Created as the importer creates it: both squads (11 each) from the file's info.
    assert match.status == "scheduled"
    assert MatchPlayer.objects.filter(match=match).count() == 22
    assert _log(match) == []

    logs = []
    for seconds in (0, 150, 180, 450):  # deliveries 1, 6, 7 and 16 released
        clock.now = START + timedelta(seconds=seconds)
        job = _crawl(clock)
        assert (job.status, job.error) == (CrawlStatus.SUCCESS, "")
        logs.append(_log(match))

    key = f"cricsheet:{MATCH_ID}:event:"
    assert logs[0] == [
        (1, "status", f"cricsheet_replay:{MATCH_ID}:status:scheduled->live@0"),
        (2, "innings_start", f"{key}1"),
        (3, "delivery", f"{key}2"),
    ]
    # The first over is closed only once the next over's first ball is released.
    assert [kind for _, kind, _ in logs[1][3:]] == ["delivery"] * 5
    assert [kind for _, kind, _ in logs[2][8:]] == ["over_end", "delivery"]
    assert [kind for _, kind, _ in logs[3][10:]] == ["delivery"] * 8 + ["over_end", "delivery"]
    for shorter, longer in itertools.pairwise(logs):
        assert longer[: len(shorter)] == shorter
    assert [seq for seq, _, _ in logs[3]] == list(range(1, 21))
    assert [k for _, _, k in logs[3][1:]] == [f"{key}{n}" for n in range(1, 20)]
    match.refresh_from_db()
    assert match.status == "live"
    assert match.scoreboard.summary["text"] == "South Africa 20/0 (2.1 ov)"

    clock.now = START + timedelta(days=1)
    job = _crawl(clock)
    assert (job.status, job.error) == (CrawlStatus.SUCCESS, "")
    _setup, converted = convert_by_delivery(json.loads(LIVE_CRICKET_FILE.read_bytes()))
    log = _log(match)
    assert log[: len(logs[3])] == logs[3]
    assert [k for _, _, k in log[1:-1]] == [f"{key}{n}" for n in range(1, len(converted) + 1)]
    assert log[-1][1:] == (
        "status",
        f"cricsheet_replay:{MATCH_ID}:status:live->finished@{len(converted) + 1}",
    )
    match.refresh_from_db()
    assert match.status == "finished"
    assert (
        match_detail_get(match_id=match.pk)[1]
        == match_detail_get(match_id=_imported(LIVE_CRICKET_FILE).pk)[1]
    )


@pytest.mark.django_db
def test_a_finished_replay_is_the_imported_match_and_a_re_crawl_writes_nothing():
    # Gujarat Lions v Mumbai Indians, IPL 2017: a tie decided by a super over.
    clock = Clock(START + timedelta(days=1))
    first = _crawl(clock, _config(FINISHED_CRICKET_FILE))
    match = Match.objects.get(external_ids__cricsheet_replay=FINISHED_CRICKET_FILE.stem)
    log = _log(match)

    again = _crawl(clock, _config(FINISHED_CRICKET_FILE))

    assert (first.status, first.error) == (CrawlStatus.SUCCESS, "")
    assert first.events_written == len(log)
    assert (again.status, again.error, again.events_written) == (CrawlStatus.SUCCESS, "", 0)
    assert (again.items_crawled, again.items_updated) == (1, 0)
    assert _log(match) == log
    imported = _imported(FINISHED_CRICKET_FILE)
    api = APIClient()
    replayed = api.get(f"/api/v1/matches/{match.pk}/scorecard/")
    expected = api.get(f"/api/v1/matches/{imported.pk}/scorecard/")
    assert replayed.status_code == expected.status_code == 200
    assert replayed.json()["result"]["text"] == "Match tied (Mumbai Indians won the super over)"
    assert _without_match_ids(replayed.json()) == _without_match_ids(expected.json())


def _without_match_ids(body: dict) -> dict:
    return {key: value for key, value in body.items() if key not in ("id", "match")}


@pytest.mark.django_db
def test_crawl_command_replays_a_shipped_file(capsys):
    config = json.dumps({"path": str(LIVE_CRICKET_FILE), "start_at": "2017-06-21T17:00:00+01:00"})

    call_command("crawl", "cricsheet_replay", "--config", config, "--sync")

    job = CrawlJob.objects.get()
    match = Match.objects.get(external_ids__cricsheet_replay=MATCH_ID)
    assert capsys.readouterr().out == (
        f"crawl job {job.pk}: success (crawled 1, updated 1, failed 0, "
        f"events written {len(_log(match))})\n"
    )
    assert match.status == "finished"
    assert match_detail_get(match_id=match.pk)[1]["result"]["text"] == (
        "South Africa won by 3 runs"
    )


@pytest.mark.django_db(transaction=True)
async def test_a_subscribed_fan_receives_the_released_deliveries():
    fan = await subscribed(["live:all"])
    clock = Clock(START + timedelta(seconds=30))  # two deliveries

    job = await database_sync_to_async(_crawl)(clock)

    assert (job.status, job.error) == (CrawlStatus.SUCCESS, "")
    frames = [await fan.receive_json_from(timeout=5) for _ in range(4)]
    assert [(frame["type"], frame["seq"]) for frame in frames] == [
        ("status", 1),
        ("innings_start", 2),
        ("delivery", 3),
        ("delivery", 4),
    ]
    assert await fan.receive_nothing(timeout=0.3)

    clock.now = START + timedelta(seconds=180)  # the first over done, a ball of the second
    await database_sync_to_async(_crawl)(clock)
    frames = [await fan.receive_json_from(timeout=5) for _ in range(6)]
    assert [(frame["type"], frame["seq"]) for frame in frames] == [
        ("delivery", 5),
        ("delivery", 6),
        ("delivery", 7),
        ("delivery", 8),
        ("over_end", 9),
        ("delivery", 10),
    ]
    bowlers = await database_sync_to_async(
        lambda: dict(MatchPlayer.objects.values_list("player_id", "player__name"))
    )()
    assert bowlers[frames[-1]["data"]["payload"]["bowler"]] == "CJ Jordan"
    await fan.disconnect()


@pytest.mark.django_db
def test_a_competition_without_the_files_rules_fails_the_match_with_nothing_written():
    competition = Competition.objects.create(name="Demo", sport="cricket", season="2024", rules={})
    job = crawl_services.crawl_job_create(
        source="cricsheet_replay", config=_config(), competition=competition
    )

    job = crawl_services.crawl_job_run(job_id=job.pk, clock=Clock(START + timedelta(hours=1)))

    assert (job.status, job.items_crawled, job.items_failed) == (CrawlStatus.SUCCESS, 1, 1)
    assert job.failures == [
        {
            "external_id": MATCH_ID,
            "error": (
                "invalid_payload: Competition Demo 2024 already exists with other rules "
                "(cricket {}); this match needs {'balls_per_over': 6, 'overs_per_innings': 20, "
                "'innings_per_side': 1, 'max_overs_per_bowler': 4, 'free_hit': True}."
            ),
        }
    ]
    assert not Match.objects.exists()
    assert not MatchEvent.objects.exists()
