"""Admission without processes: the workers are names, handed out and given back by the
test, so each rule (round robin, a client's share, the bounded queue, Retry-After, giving
up) is checked exactly, on the event loop alone."""

from __future__ import annotations

import asyncio

import pytest

from tests.support.aio import run
from workers.admission import Admission, current_client
from workers.errors import Rejected


async def settle() -> None:
    """Let every task that can run, run."""
    for _ in range(5):
        await asyncio.sleep(0)


def test_an_idle_worker_is_taken_at_once_and_kept_when_nobody_waits() -> None:
    async def scenario() -> None:
        lane: Admission[str] = Admission("named")
        lane.release("w1")
        assert (lane.idle, lane.queued) == (1, 0)
        assert await lane.acquire("a", timeout=1) == "w1"
        assert lane.idle == 0
        lane.release("w1")
        assert lane.idle == 1

    run(scenario)


def test_waiting_clients_are_served_in_turn_each_in_its_own_order() -> None:
    async def scenario() -> None:
        lane: Admission[str] = Admission("named")
        served: list[str] = []

        async def ask(client: str, n: int) -> None:
            worker = await lane.acquire(client, timeout=5)
            served.append(f"{client}{n}")
            lane.release(worker)

        # client a asks three times before b and c ask once each
        tasks = [asyncio.create_task(ask("a", n)) for n in (1, 2, 3)]
        await settle()
        tasks += [asyncio.create_task(ask("b", 1)), asyncio.create_task(ask("c", 1))]
        await settle()
        assert lane.queued == 5
        lane.release("w1")
        await asyncio.gather(*tasks)
        assert served == ["a1", "b1", "c1", "a2", "a3"]
        assert (lane.idle, lane.queued) == (1, 0)

    run(scenario)


def test_a_client_over_its_share_is_refused_with_429_until_its_nearest_deadline() -> None:
    async def scenario() -> None:
        lane: Admission[str] = Admission("sparql", client_limit=2)
        loop = asyncio.get_running_loop()
        lane.release("w1")
        lane.release("w2")
        with lane.admitted("abuser"):
            first = await lane.acquire("abuser", 1)
            lane.running(first, "abuser", loop.time() + 20)
            with lane.admitted("abuser"):
                second = await lane.acquire("abuser", 1)
                lane.running(second, "abuser", loop.time() + 7.5)
                with pytest.raises(Rejected) as refused, lane.admitted("abuser"):
                    pass
                assert refused.value.status == 429
                assert refused.value.retry_after == 8  # its own nearest deadline, rounded up
                assert "at most 2" in refused.value.detail and "sparql lane" in refused.value.detail
                # another client is not held to the abuser's share (it would queue)
                with lane.admitted("neighbour"):
                    pass
            lane.finished(second)
            lane.release(second)
            with lane.admitted("abuser"):  # one of its two has ended: room for one more
                pass
        assert lane.stats.rejected_client == 1

    run(scenario)


def test_work_from_no_client_has_no_share() -> None:
    async def scenario() -> None:
        lane: Admission[str] = Admission("named", client_limit=1)
        with lane.admitted(None), lane.admitted(None), lane.admitted(None):
            pass

    run(scenario)


def test_a_full_queue_refuses_with_503_until_the_nearest_deadline_of_any_client() -> None:
    async def scenario() -> None:
        lane: Admission[str] = Admission("sparql", max_queue=2)
        loop = asyncio.get_running_loop()
        lane.release("w1")
        worker = await lane.acquire("a", 1)
        lane.running(worker, "a", loop.time() + 3.2)
        waiting = [asyncio.create_task(lane.acquire(c, 10)) for c in ("b", "c")]
        await settle()
        with pytest.raises(Rejected) as refused, lane.admitted("d"):
            pass
        assert refused.value.status == 503
        assert refused.value.retry_after == 4
        assert "2 requests are already waiting" in refused.value.detail
        assert lane.stats.rejected_queue == 1
        lane.finished(worker)
        lane.release(worker)
        assert await waiting[0] == "w1"
        lane.release("w1")
        assert await waiting[1] == "w1"

    run(scenario)


def test_an_idle_worker_admits_even_when_the_queue_is_full() -> None:
    async def scenario() -> None:
        lane: Admission[str] = Admission("named", max_queue=0)
        lane.release("w1")
        with lane.admitted("a"):
            assert await lane.acquire("a", 1) == "w1"
        with pytest.raises(Rejected), lane.admitted("a"):
            pass

    run(scenario)


def test_retry_after_is_one_second_when_nothing_runs() -> None:
    async def scenario() -> None:
        lane: Admission[str] = Admission("named", max_queue=0)
        with pytest.raises(Rejected) as refused, lane.admitted("a"):
            pass
        assert refused.value.retry_after == 1

    run(scenario)


def test_a_request_that_waits_too_long_leaves_the_queue() -> None:
    async def scenario() -> None:
        lane: Admission[str] = Admission("named")
        with pytest.raises(TimeoutError):
            await lane.acquire("a", timeout=0.05)
        assert lane.queued == 0
        lane.release("w1")
        assert lane.idle == 1  # nobody waits for it any more

    run(scenario)


def test_a_worker_handed_to_a_request_that_gave_up_goes_to_the_next() -> None:
    async def scenario() -> None:
        lane: Admission[str] = Admission("named")
        first = asyncio.create_task(lane.acquire("a", 10))
        second = asyncio.create_task(lane.acquire("b", 10))
        await settle()
        lane.release("w1")  # a's turn: handed to it ...
        first.cancel()  # ... as it is cancelled (its client went away)
        with pytest.raises(asyncio.CancelledError):
            await first
        assert await second == "w1"
        assert lane.queued == 0

    run(scenario)


def test_a_dead_worker_is_forgotten_only_when_idle() -> None:
    async def scenario() -> None:
        lane: Admission[str] = Admission("named")
        lane.release("w1")
        lane.release("w2")
        busy = await lane.acquire("a", 1)
        assert lane.discard(busy) is False  # its request meets its death
        idle = "w1" if busy == "w2" else "w2"
        assert lane.discard(idle) is True
        assert lane.idle == 0

    run(scenario)


def test_closing_cancels_every_waiting_request() -> None:
    async def scenario() -> None:
        lane: Admission[str] = Admission("named")
        waiting = asyncio.create_task(lane.acquire("a", 10))
        await settle()
        lane.close()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        assert lane.queued == 0

    run(scenario)


def test_the_client_of_a_request_is_read_from_its_context() -> None:
    assert current_client.get() is None
    token = current_client.set("127.0.0.2")
    try:
        assert current_client.get() == "127.0.0.2"
    finally:
        current_client.reset(token)
