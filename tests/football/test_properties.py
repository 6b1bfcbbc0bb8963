"""Invariants over random event sequences: refusals change nothing, dump/load is exact."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.rules.contract import RuleViolation
from scoring.rules.football import engine
from tests.football.match import AWAY, HOME, KICK_OFF, new_match

players = st.sampled_from(HOME + AWAY + [None])
sides = st.sampled_from(["home", "away"])
minutes = st.floats(min_value=0, max_value=130 * 60)

events = st.one_of(
    st.builds(lambda p, t: ("period_start", {"period": p, "at": KICK_OFF + t}),
              st.sampled_from(["first_half", "second_half", "extra_time_first",
                               "extra_time_second", "penalty_shootout"]), minutes),
    st.builds(lambda t: ("period_end", {"at": KICK_OFF + t}), minutes),
    st.builds(lambda s, p, k, t: ("goal", {"side": s, "scorer": p, "kind": k, "at": KICK_OFF + t}),
              sides, players, st.sampled_from(["open_play", "penalty", "own_goal"]), minutes),
    st.builds(lambda s, p, c: ("card", {"side": s, "player": p, "card": c}),
              sides, players, st.sampled_from(["yellow", "red"])),
    st.builds(lambda s, off, on, t: ("substitution", {"side": s, "player_off": off,
                                                      "player_on": on, "at": KICK_OFF + t}),
              sides, players, players, minutes),
    st.builds(lambda n: ("var", {"target": f"goal-{n}"}), st.integers(1, 30)),
    st.builds(lambda s, p, ok: ("shootout_kick", {"side": s, "player": p, "scored": ok}),
              sides, players, st.booleans()),
    st.builds(lambda s, v: ("stat", {"side": s, "name": "shots", "value": v}),
              sides, st.integers(0, 40)),
    st.just(("full_time", {})),
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(events, max_size=60), st.booleans())
def test_random_matches_keep_their_invariants(sequence, knockout: bool) -> None:
    state = new_match(has_extra_time=knockout, has_shootout=knockout)
    for kind, payload in sequence:
        before = engine.dump(state)
        try:
            engine.apply(state, kind=kind, payload=payload)
        except RuleViolation:
            assert engine.dump(state) == before
        detail = engine.detail(state)
        goals = detail["goals"]
        for side in ("home", "away"):
            assert detail[side]["score"] == sum(1 for goal in goals if goal["side"] == side)
            on_pitch = detail["lineups"][side]["on_pitch"]
            assert len(on_pitch) == len(set(on_pitch)) <= 11
            assert not set(on_pitch) & set(detail["lineups"][side]["sent_off"])
            substitutions = [s for s in detail["substitutions"] if s["side"] == side]
            assert len(substitutions) <= 6
    assert engine.load(json.loads(json.dumps(engine.dump(state)))) == state
    json.dumps(engine.detail(state))
