"""Two scorers post to one match at the same instant, over real HTTP to a threaded server:
the scoreboard row lock serialises them, the stale one gets 409, the log stays contiguous."""

import threading

import httpx
import pytest

from scoring.models import MatchEvent
from tests.factories import UserFactory
from tests.reliability.conftest import corner, live_football_match

pytestmark = [pytest.mark.django_db(transaction=True)]


def token_for(base_url, username):
    response = httpx.post(
        f"{base_url}/api/v1/auth/token/",
        json={"username": username, "password": "correct-horse-battery"},
        timeout=10,
    )
    return response.json()["access"]


def test_simultaneous_posts_with_one_expected_seq_give_one_201_and_one_409(live_server):
    match = live_football_match()
    scorers = [UserFactory(username=f"desk{n}", is_superuser=True) for n in range(2)]
    tokens = [token_for(live_server.url, user.username) for user in scorers]
    url = f"{live_server.url}/api/v1/matches/{match.pk}/events/"
    rounds = 15
    outcomes: list[list[int]] = []
    for round_number in range(rounds):
        expected = 1 + round_number  # seq 1 is the kick-off status change
        barrier = threading.Barrier(2)
        statuses = [0, 0]

        def post(n, expected=expected, barrier=barrier, statuses=statuses):
            with httpx.Client(timeout=20) as client:
                barrier.wait()
                statuses[n] = client.post(
                    url,
                    json={"kind": "stat", "payload": corner(n), "expected_seq": expected},
                    headers={"Authorization": f"Bearer {tokens[n]}"},
                ).status_code

        threads = [threading.Thread(target=post, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes.append(sorted(statuses))
    assert outcomes == [[201, 409]] * rounds
    seqs = list(
        MatchEvent.objects.filter(match=match).order_by("seq").values_list("seq", flat=True)
    )
    assert seqs == list(range(1, rounds + 2))


def test_simultaneous_posts_without_expected_seq_are_all_kept_in_order(live_server):
    match = live_football_match()
    UserFactory(username="desk", is_superuser=True)
    token = token_for(live_server.url, "desk")
    url = f"{live_server.url}/api/v1/matches/{match.pk}/events/"
    barrier = threading.Barrier(8)
    answers: list[int] = []
    lock = threading.Lock()

    def post(n):
        with httpx.Client(timeout=30) as client:
            barrier.wait()
            for value in range(5):
                response = client.post(
                    url,
                    json={"kind": "stat", "payload": corner(10 * n + value)},
                    headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"{n}-{value}"},
                )
                with lock:
                    answers.append(response.status_code)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers.count(201) == 40
    seqs = list(
        MatchEvent.objects.filter(match=match).order_by("seq").values_list("seq", flat=True)
    )
    assert seqs == list(range(1, 42))
