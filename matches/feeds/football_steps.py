"""What a football feed's view of a match means in engine events, given what we hold.

`football_steps` compares a FixtureRecord (and its EventRecords, when the feed gives
them) with the engine's state of the match and yields, one at a time, the events that
would bring our match up to the feed: periods starting and ending, goals, cards,
substitutions, and the final result. The caller records each step through the scoring
service and applies it to `state` before asking for the next, so every decision is
taken against the state as it really is, including steps an earlier crawl already wrote.

Every step carries a stable idempotency key derived from the feed's facts (never from
our own sequence numbers), so the same fact crawled twice, or by two workers at once, is
written once. Plain Python: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from matches.feeds.records import EventKind, EventRecord, FixtureRecord, FixtureStatus
from matches.feeds.steps import FeedConflict, PlayerLookup, Step
from scoring.rules.football.goals import score
from scoring.rules.football.state import MatchState

_CARDS = {"yellow": "yellow", "second_yellow": "yellow", "red": "red"}
_GOAL_KINDS = {"regular": "open_play", "penalty": "penalty", "own_goal": "own_goal"}
_MINUTE = re.compile(r"^(\d+)(?:\s*\+\s*(\d+))?'?$")
_REGULATION_MINUTES = 90
_HALF_MINUTES = 45


def football_steps(
    *,
    fixture: FixtureRecord,
    events: list[EventRecord],
    state: MatchState,
    player: PlayerLookup,
) -> Iterator[Step]:
    """Yield the engine events that bring `state` up to `fixture`; see the module doc.

    Only for a fixture the feed reports live, finished or awarded. `state` must be
    updated by the caller after each step.
    """
    prefix = f"{fixture.source}:{fixture.external_id}"
    is_over = fixture.status in (FixtureStatus.FINISHED, FixtureStatus.AWARDED)
    if fixture.status is FixtureStatus.AWARDED or (
        is_over and not events and not _kicked_off(state)
    ):
        # A result without play: awarded, or a past fixture we never saw live and whose
        # events the feed does not give.
        if state.status != "finished":
            yield _result_step(fixture, state, prefix)
        return
    if state.status == "finished":
        return

    goals_seen = {"home": 0, "away": 0}
    for event in sorted(events, key=lambda item: item.sequence):
        minute = event.payload.get("minute")
        added = event.payload.get("injury_time")
        yield from _periods_until(state, _period_of(minute), prefix)
        step = _event_step(event, player=player)
        if step.kind == "goal":
            side = step.payload["side"]
            goals_seen[side] += 1
            # The feed's nth goal for a side is already ours when we hold n goals for it
            # (e.g. first seen as a bare score change, before the feed gave the scorer).
            if score(state)[side] >= goals_seen[side]:
                continue
        if minute is not None:
            step.payload["minute"] = minute
            if added:
                step.payload["added"] = added
        yield step

    yield from _periods_until(state, _period_of_clock(fixture.minute, is_over), prefix)
    for side in ("home", "away"):
        feed_goals = fixture.home_score if side == "home" else fixture.away_score
        if feed_goals is None:
            continue
        held = score(state)[side]
        if feed_goals < held:
            raise FeedConflict(
                f"the feed gives {side} {feed_goals} goals, we hold {held}; "
                "a goal may have been disallowed: review the match"
            )
        for number in range(held + 1, feed_goals + 1):
            # The nth goal of a side is one fact whoever the feed later says scored it.
            yield Step("goal", {"side": side}, f"{prefix}:goal:{side}:{number}")
    if fixture.minute == "HT" and state.status == "in_play" and state.period == "first_half":
        yield Step("period_end", {"period": "first_half"}, f"{prefix}:period_end:first_half")
    if is_over:
        yield _result_step(fixture, state, prefix)


def _kicked_off(state: MatchState) -> bool:
    return bool(state.periods)


def _result_step(fixture: FixtureRecord, state: MatchState, prefix: str) -> Step:
    held = score(state)
    home = fixture.home_score if fixture.home_score is not None else held["home"]
    away = fixture.away_score if fixture.away_score is not None else held["away"]
    payload: dict[str, Any] = {
        "home": home,
        "away": away,
        "status": "awarded" if fixture.status is FixtureStatus.AWARDED else "played",
    }
    if fixture.home_score_half_time is not None and fixture.away_score_half_time is not None:
        payload["ht"] = {"home": fixture.home_score_half_time, "away": fixture.away_score_half_time}
    if fixture.home_score_penalties is not None and fixture.away_score_penalties is not None:
        payload["penalties"] = {
            "home": fixture.home_score_penalties,
            "away": fixture.away_score_penalties,
        }
    return Step("result", payload, f"{prefix}:result")


def _period_of(minute: Any) -> str:
    if not isinstance(minute, int) or minute <= _HALF_MINUTES:
        return "first_half"
    if minute <= _REGULATION_MINUTES:
        return "second_half"
    return "extra_time_first" if minute <= _REGULATION_MINUTES + 15 else "extra_time_second"


def _period_of_clock(clock: str | None, is_over: bool) -> str:
    if clock is None or clock == "HT":
        return "second_half" if is_over else "first_half"
    match = _MINUTE.match(clock.strip())
    return _period_of(int(match.group(1))) if match else "first_half"


def _periods_until(state: MatchState, period: str, prefix: str) -> Iterator[Step]:
    """Start (closing the one before) every period up to `period`, unless already there."""
    order = ("first_half", "second_half", "extra_time_first", "extra_time_second")
    started = [entry["name"] for entry in state.periods]
    for name in order[: order.index(period) + 1]:
        if name in started:
            continue
        if state.status == "in_play":
            current = state.period
            yield Step("period_end", {"period": current}, f"{prefix}:period_end:{current}")
        yield Step("period_start", {"period": name}, f"{prefix}:period_start:{name}")


def _event_step(event: EventRecord, *, player: PlayerLookup) -> Step:
    payload = event.payload
    side = payload["team_side"]
    if event.kind is EventKind.GOAL:
        kind = _GOAL_KINDS[payload["goal_type"]]
        scorer_side = ("away" if side == "home" else "home") if kind == "own_goal" else side
        step_payload: dict[str, Any] = {"side": side, "kind": kind}
        scorer = player(payload.get("scorer"), scorer_side)
        if scorer is not None:
            step_payload["scorer"] = scorer
        assist = player(payload.get("assist"), side)
        if assist is not None and assist != scorer and kind != "own_goal":
            step_payload["assist"] = assist
        return Step("goal", step_payload, event.key)
    if event.kind is EventKind.CARD:
        return Step(
            "card",
            {
                "side": side,
                "player": player(payload.get("player"), side),
                "card": _CARDS[payload["card"]],
            },
            event.key,
        )
    if event.kind is EventKind.SUBSTITUTION:
        return Step(
            "substitution",
            {
                "side": side,
                "player_off": player(payload.get("player_out"), side),
                "player_on": player(payload.get("player_in"), side),
            },
            event.key,
        )
    raise ValueError(f"a football feed cannot give a {event.kind} event")
