"""services.match_batch: the one batching entry point writes exactly what the ordinary calls
write one at a time, broadcasts each match's last frame once, and is all or nothing."""

from __future__ import annotations

import pytest

from matches.models import Match, MatchPlayer
from scoring import services
from scoring.errors import ScoringError
from scoring.models import EventSource, MatchEvent, PendingBroadcast, Scoreboard
from tests.factories import MatchFactory
from tests.foundation.scoring_helpers import cricket_ball, cricket_opening

pytestmark = pytest.mark.django_db

AT = 1_800_000_000.0  # given, so the batched and the one-by-one logs can be compared whole


def play(match: Match, *, key: str) -> list[services.Recorded]:
    """Kick off, open the innings, bowl three balls (a four among them), all keyed."""
    write = {"match_id": match.pk, "source": EventSource.IMPORT}
    recorded = [services.match_transition(to_status="live", idempotency_key=f"{key}:live", **write)]
    recorded.append(
        services.event_record(
            kind="innings_start",
            payload={**cricket_opening(match), "at": AT},
            idempotency_key=f"{key}:innings",
            **write,
        )
    )
    for ball, runs in enumerate((0, 4, 1), start=1):
        recorded.append(
            services.event_record(
                kind="delivery",
                payload={**cricket_ball(match, runs=runs), "at": AT + ball},
                idempotency_key=f"{key}:ball{ball}",
                **write,
            )
        )
    return recorded


def written(match: Match) -> dict:
    board = Scoreboard.objects.get(match=match)
    return {
        "log": list(
            MatchEvent.objects.filter(match=match)
            .order_by("seq")
            .values_list("seq", "kind", "payload", "source", "idempotency_key")
        ),
        "seq": board.seq,
        "summary": board.summary,
        "status": Match.objects.get(pk=match.pk).status,
    }


def twin(match: Match) -> Match:
    """Another fixture of the same two teams and squads: its log and board can equal the
    first one's exactly."""
    other = MatchFactory(
        competition=match.competition,
        home_team=match.home_team,
        away_team=match.away_team,
        squads=False,
    )
    for entry in MatchPlayer.objects.filter(match=match):
        MatchPlayer.objects.create(
            match=other, player=entry.player, side=entry.side, order=entry.order
        )
    return other


def test_a_batch_of_many_matches_writes_what_one_call_at_a_time_writes(
    django_capture_on_commit_callbacks,
) -> None:
    one_by_one = [MatchFactory() for _ in range(3)]
    batched = [twin(match) for match in one_by_one]
    with django_capture_on_commit_callbacks(execute=True) as single_callbacks:
        for match in one_by_one:
            play(match, key="k")

    with (
        django_capture_on_commit_callbacks(execute=True) as batch_callbacks,
        services.match_batch(match_ids=[match.pk for match in batched]),
    ):
        for match in batched:
            play(match, key="k")

    for single, batch in zip(one_by_one, batched, strict=True):
        assert written(batch) == written(single)
        assert written(batch)["seq"] == 5
        assert written(batch)["status"] == "live"
    assert len(single_callbacks) == 3 * 5  # a frame per write
    assert len(batch_callbacks) == 3  # each match's last frame, once
    assert not PendingBroadcast.objects.exists()  # all sent after commit


def test_a_refused_write_in_one_match_leaves_every_match_of_the_batch_as_it_was(
    django_capture_on_commit_callbacks,
) -> None:
    first, second = MatchFactory(), MatchFactory()
    play(first, key="before")
    before, held = written(first), PendingBroadcast.objects.count()

    def good_then_refused() -> None:
        with services.match_batch(match_ids=[first.pk, second.pk]):
            services.event_record(
                match_id=first.pk,
                kind="delivery",
                payload=cricket_ball(first, runs=6),
                source=EventSource.IMPORT,
            )
            services.match_transition(
                match_id=second.pk, to_status="live", source=EventSource.IMPORT
            )
            services.event_record(
                match_id=second.pk,
                kind="delivery",  # before any innings has started
                payload=cricket_ball(second),
                source=EventSource.IMPORT,
            )

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ScoringError) as refused:
        good_then_refused()

    assert refused.value.code != "rule_violation"  # the engine's own refusal surfaces
    assert callbacks == []
    assert written(first) == before
    assert not MatchEvent.objects.filter(match=second).exists()
    assert Match.objects.get(pk=second.pk).status == "scheduled"
    assert not Scoreboard.objects.filter(match=second).exists()
    assert PendingBroadcast.objects.count() == held


def test_a_batch_writes_nothing_twice(django_capture_on_commit_callbacks) -> None:
    first, second = MatchFactory(), MatchFactory()
    with services.match_batch(match_ids=[first.pk, second.pk]):
        play(first, key="feed")
    before = written(first)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        services.match_batch(match_ids=[first.pk, second.pk]),
    ):
        replays = play(first, key="feed")
        services.match_transition(
            match_id=second.pk, to_status="live", source=EventSource.IMPORT, idempotency_key="x"
        )
        repeated = services.match_transition(
            match_id=second.pk, to_status="live", source=EventSource.IMPORT, idempotency_key="x"
        )

    assert all(recorded.is_replay for recorded in replays)
    assert [recorded.event.seq for recorded in replays] == [1, 2, 3, 4, 5]
    assert repeated.is_replay
    assert repeated.event.seq == 1
    assert repeated.status == "live"  # the batch's own, not yet saved, status
    assert written(first) == before
    assert MatchEvent.objects.filter(match=second).count() == 1
    assert len(callbacks) == 1  # only the second match wrote anything


def test_a_nested_batch_joins_the_open_one(django_capture_on_commit_callbacks) -> None:
    first, second = MatchFactory(), MatchFactory()
    with (
        django_capture_on_commit_callbacks() as callbacks,
        services.match_batch(match_ids=[first.pk]),
    ):
        play(first, key="a")
        with services.match_batch(match_ids=[first.pk, second.pk]):
            play(second, key="b")
        # The inner block ended: the second match is written, the first one not yet.
        assert Scoreboard.objects.get(match=second).seq == 5
        assert not MatchEvent.objects.filter(match=first).exists()

    assert len(callbacks) == 2
    assert Scoreboard.objects.get(match=first).seq == 5
