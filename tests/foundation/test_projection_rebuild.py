"""Property: for any sequence of scoring actions (refused ones included), the projection kept
incrementally equals the one rebuilt from the log alone, undo and correction included."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import services
from scoring.errors import ScoringError
from scoring.models import EventSource, MatchEvent, Scoreboard
from scoring.rules.cricket import engine
from tests.factories import CompetitionFactory, MatchFactory
from tests.foundation.scoring_helpers import squad_ids

SYSTEM = {"source": EventSource.SYSTEM}

cricket_actions = st.lists(
    st.one_of(
        st.tuples(st.just("ball"), st.sampled_from([0, 1, 2, 3, 4, 6])),
        st.tuples(st.just("extra"), st.sampled_from(["wides", "noballs", "byes", "legbyes"])),
        st.tuples(st.just("wicket"), st.sampled_from(["bowled", "caught", "run out"])),
        st.tuples(st.just("over_end"), st.none()),
        st.tuples(st.just("undo"), st.none()),
        st.tuples(st.just("correct"), st.integers(min_value=0, max_value=6)),
    ),
    max_size=30,
)

football_actions = st.lists(
    st.one_of(
        st.tuples(st.just("goal"), st.sampled_from(["home", "away"]), st.integers(0, 10)),
        st.tuples(st.just("card"), st.sampled_from(["home", "away"]), st.integers(0, 10)),
        st.tuples(st.just("period"), st.none(), st.none()),
        st.tuples(st.just("undo"), st.none(), st.none()),
        st.tuples(st.just("correct"), st.sampled_from(["home", "away"]), st.integers(0, 10)),
    ),
    max_size=25,
)


def try_to(action, **kwargs):
    """Refused actions are part of the property: they must write nothing."""
    before = MatchEvent.objects.filter(match_id=kwargs["match_id"]).count()
    try:
        return action(**kwargs, **SYSTEM)
    except ScoringError:
        assert MatchEvent.objects.filter(match_id=kwargs["match_id"]).count() == before
        return None


def assert_rebuild_matches(match_id: int) -> None:
    incremental = Scoreboard.objects.get(match_id=match_id)
    kept = (incremental.seq, incremental.state, incremental.summary)
    rebuilt = services.scoreboard_rebuild(match_id=match_id)
    assert (rebuilt.seq, rebuilt.state, rebuilt.summary) == kept
    seqs = list(MatchEvent.objects.filter(match_id=match_id).values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))


def last_delivery_seq(match_id: int) -> int | None:
    return (
        MatchEvent.objects.filter(match_id=match_id, kind="delivery")
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions=cricket_actions)
def test_cricket_rebuild_equals_incremental(actions):
    match = MatchFactory(competition=CompetitionFactory(sport="cricket"))
    home, away = squad_ids(match, "home"), squad_ids(match, "away")
    services.match_transition(match_id=match.pk, to_status="live", **SYSTEM)
    services.event_record(
        match_id=match.pk,
        kind="innings_start",
        payload={"batting": "home", "striker": home[0], "non_striker": home[1]},
        **SYSTEM,
    )
    overs = 0
    for action, value in actions:
        board = Scoreboard.objects.get(match_id=match.pk)
        current = engine.detail(engine.load(board.state))["current"] or {}
        striker = (current.get("striker") or {}).get("player") or next_batter(match.pk, home)
        non_striker = (current.get("non_striker") or {}).get("player") or next_batter(
            match.pk, home, not_=striker
        )
        ball = {"striker": striker, "non_striker": non_striker, "bowler": away[6 + overs % 2]}
        if action == "ball":
            ball["runs"] = value
        elif action == "extra":
            ball["extras"] = {value: 1}
        elif action == "wicket":
            ball["dismissals"] = [
                {"kind": value, "player_out": striker, "fielders": [away[1]]}
                if value != "bowled"
                else {"kind": value, "player_out": striker}
            ]
        if action in {"ball", "extra", "wicket"}:
            try_to(services.event_record, match_id=match.pk, kind="delivery", payload=ball)
        elif action == "over_end":
            if try_to(services.event_record, match_id=match.pk, kind="over_end", payload={}):
                overs += 1
        elif action == "undo":
            try_to(services.event_undo, match_id=match.pk)
        elif action == "correct" and (target := last_delivery_seq(match.pk)):
            original = MatchEvent.objects.get(match=match, seq=target).payload
            payload = {key: original[key] for key in ("striker", "non_striker", "bowler")}
            payload["runs"] = value
            try_to(
                services.event_correct,
                match_id=match.pk,
                target_seq=target,
                kind="delivery",
                payload=payload,
            )
    assert_rebuild_matches(match.pk)


def next_batter(match_id: int, batting: list[int], not_: int | None = None) -> int:
    board = Scoreboard.objects.get(match_id=match_id)
    innings = engine.detail(engine.load(board.state))["innings"]
    batted = {row["player"] for row in innings[-1]["batting"]} if innings else set()
    return next(p for p in batting if p not in batted and p != not_)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions=football_actions)
def test_football_rebuild_equals_incremental(actions):
    match = MatchFactory(competition=CompetitionFactory(sport="football"))
    players = {side: squad_ids(match, side) for side in ("home", "away")}
    services.match_transition(match_id=match.pk, to_status="live", **SYSTEM)
    for side in ("home", "away"):
        services.event_record(
            match_id=match.pk,
            kind="lineup",
            payload={"side": side, "starting": players[side], "bench": []},
            **SYSTEM,
        )
    periods = iter(["first_half", "second_half"])
    services.event_record(
        match_id=match.pk, kind="period_start", payload={"period": next(periods)}, **SYSTEM
    )
    for action, side, index in actions:
        if action == "goal":
            payload = {"side": side, "scorer": players[side][index], "kind": "open_play"}
            try_to(services.event_record, match_id=match.pk, kind="goal", payload=payload)
        elif action == "card":
            payload = {"side": side, "player": players[side][index], "card": "yellow"}
            try_to(services.event_record, match_id=match.pk, kind="card", payload=payload)
        elif action == "period":
            try_to(services.event_record, match_id=match.pk, kind="period_end", payload={})
            if (period := next(periods, None)) is not None:
                try_to(
                    services.event_record,
                    match_id=match.pk,
                    kind="period_start",
                    payload={"period": period},
                )
        elif action == "undo":
            try_to(services.event_undo, match_id=match.pk)
        elif action == "correct":
            goal = MatchEvent.objects.filter(match=match, kind="goal").order_by("-seq").first()
            if goal:
                payload = {"side": side, "scorer": players[side][index], "kind": "open_play"}
                try_to(
                    services.event_correct,
                    match_id=match.pk,
                    target_seq=goal.seq,
                    kind="goal",
                    payload=payload,
                )
    assert_rebuild_matches(match.pk)
