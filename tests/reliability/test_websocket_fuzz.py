"""Whatever a client sends on /ws/, the server answers with protocol frames or closes with a
protocol close code; the consumer never crashes (WebsocketCommunicator re-raises a crash)."""

import asyncio
import json

import pytest
from channels.testing import WebsocketCommunicator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from livescore.asgi import application
from scoring.realtime.consumers import MAX_CHANNELS, MAX_FRAME_BYTES

pytestmark = [pytest.mark.django_db(transaction=True)]

ORIGIN = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]
FRAME_TYPES = {"subscribed", "unsubscribed", "pong", "error", "snapshot", "status"}
CLOSE_CODES = {1000, 4400, 4401, 4429}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
channels = st.one_of(
    st.sampled_from(["live:all", "user:me", "match:1", "match:0", "team:-1", "match:99999999"]),
    st.text(max_size=30),
    json_values,
)
actions = st.fixed_dictionaries(
    {"action": st.sampled_from(["subscribe", "unsubscribe", "ping", "favourites", "", "drop"])},
    optional={
        "channels": st.lists(channels, max_size=8) | json_values,
        "last_seq": st.dictionaries(st.text(max_size=12), json_values, max_size=3) | json_values,
        "id": json_values,
    },
)
messages = st.one_of(
    actions.map(json.dumps),
    json_values.map(json.dumps),
    st.text(max_size=200),
    st.binary(max_size=200),
)


async def exchange(sent: list) -> list[dict]:
    ws = WebsocketCommunicator(application, "/ws/", headers=ORIGIN)
    assert (await ws.connect())[0]
    outputs = []
    for message in sent:
        field = "bytes" if isinstance(message, bytes) else "text"
        await ws.send_input({"type": "websocket.receive", field: message})
    # receive_nothing waits without cancelling the app (a receive_output timeout would).
    while not await ws.receive_nothing(timeout=0.2):
        output = await ws.receive_output()
        outputs.append(output)
        if output["type"] == "websocket.close":
            await ws.wait()
            return outputs
    await ws.disconnect()
    return outputs


def assert_protocol(outputs: list[dict]) -> None:
    for output in outputs:
        if output["type"] == "websocket.close":
            assert output.get("code", 1000) in CLOSE_CODES, output
            continue
        assert output["type"] == "websocket.send", output
        frame = json.loads(output["text"])
        assert frame["type"] in FRAME_TYPES, frame
        if frame["type"] == "error":
            assert isinstance(frame["code"], str)
            assert isinstance(frame["message"], str)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sent=st.lists(messages, min_size=1, max_size=5))
def test_any_client_input_gets_protocol_frames_or_a_protocol_close(sent):
    assert_protocol(asyncio.run(exchange(sent)))


def errors_of(outputs):
    return [
        json.loads(o["text"])["code"]
        for o in outputs
        if o["type"] == "websocket.send" and json.loads(o["text"])["type"] == "error"
    ]


def test_oversized_frames_and_huge_subscriptions_are_refused_with_a_reason():
    huge = json.dumps({"action": "subscribe", "channels": ["live:all"], "pad": "x" * 70_000})
    many = json.dumps({"action": "subscribe", "channels": [f"match:{n}" for n in range(1, 5001)]})
    outputs = asyncio.run(exchange([huge, many, "x" * (MAX_FRAME_BYTES + 1)]))
    assert_protocol(outputs)
    assert errors_of(outputs) == ["frame_too_large", "frame_too_large", "frame_too_large"]
    just_over = json.dumps(
        {"action": "subscribe", "channels": [f"match:{n}" for n in range(1, MAX_CHANNELS + 2)]}
    )
    assert errors_of(asyncio.run(exchange([just_over]))) == ["too_many_channels"]


def test_a_stream_of_garbage_ends_in_a_close_not_a_crash():
    outputs = asyncio.run(exchange(["{not json"] * 40))
    assert_protocol(outputs)
    assert outputs[-1]["type"] == "websocket.close"
    assert outputs[-1]["code"] in {4400, 4429}
