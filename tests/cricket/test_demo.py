"""The demo: demo_data's two cricket matches and the live replay inside the web process."""

from __future__ import annotations

import asyncio
import io

import pytest
from channels.db import database_sync_to_async
from channels.testing import HttpCommunicator
from django.core.management import call_command

from matches.models import Match
from scoring.imports import demo_live
from scoring.models import MatchEvent, Scoreboard

pytestmark = pytest.mark.django_db(transaction=True)


def load_demo() -> tuple[Match, Match]:
    call_command("demo_data", stdout=io.StringIO())
    live = Match.objects.get(external_ids={"demo": "cricsheet:1031433"})
    finished = Match.objects.get(external_ids={"cricsheet": "1082625"})
    return live, finished


async def test_demo_data_imports_the_super_over_match_and_the_replay_plays_and_resumes():
    live, finished = await database_sync_to_async(load_demo)()
    assert (live.status, finished.status) == ("scheduled", "finished")
    board = await database_sync_to_async(Scoreboard.objects.get)(match=finished)
    assert board.summary["text"] == "Match tied (Mumbai Indians won the super over)"

    plan = await database_sync_to_async(demo_live.demo_plan)()
    await database_sync_to_async(demo_live.demo_start)(plan)
    for event in plan.to_play[:10]:  # a server that stopped after ten events
        await database_sync_to_async(demo_live.demo_play)(plan, event)

    resumed = await database_sync_to_async(demo_live.demo_plan)()
    assert resumed.to_play == plan.to_play[10:]
    await demo_live.replay_demo_match(seconds_per_event=0)

    live = await database_sync_to_async(Match.objects.get)(pk=live.pk)
    assert live.status == "finished"
    board = await database_sync_to_async(Scoreboard.objects.get)(match=live)
    assert board.summary["text"] == "South Africa won by 3 runs"
    count = await database_sync_to_async(MatchEvent.objects.filter(match=live).count)()
    assert count == len(plan.to_play) + 2  # every event once, plus live and finished
    # Loading the demo again changes nothing.
    await database_sync_to_async(load_demo)()
    assert (
        await database_sync_to_async(Match.objects.filter(competition__sport="cricket").count)()
        == 2
    )


async def test_the_first_request_starts_the_replay_once(settings):
    settings.DEMO_BALL_SECONDS = 0.01
    live, _finished = await database_sync_to_async(load_demo)()
    calls = []

    async def app(scope, receive, send):
        calls.append(scope["path"])
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    wrapped = demo_live.with_demo_replay(app)
    for _ in range(2):
        response = await HttpCommunicator(wrapped, "GET", "/").get_response()
        assert response["status"] == 204
    tasks = [task for task in asyncio.all_tasks() if task.get_name() == "demo-replay"]
    assert len(tasks) == 1
    for _ in range(200):
        seq = await database_sync_to_async(
            lambda: Scoreboard.objects.filter(match=live).values_list("seq", flat=True).first()
        )()
        if seq and seq >= 5:
            break
        await asyncio.sleep(0.05)
    assert seq >= 5
    tasks[0].cancel()
    with pytest.raises(asyncio.CancelledError):
        await tasks[0]
    assert calls == ["/", "/"]
