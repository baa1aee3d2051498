"""The in-process executor: the lanes' interface on threads of this process, for tests
and the command line. Same tasks, same answers as a lane of worker processes; unknown
tasks refused the same way; past the deadline the caller gets QueryTimeout (the thread
is not stopped: nothing in this process can stop a query)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from api.engine import Answer, Job, execute
from plankg.backends import StoreSpec
from plankg.queries import resolve
from tests.support import worker_tasks
from tests.support.aio import run
from workers.errors import QueryTimeout, StoreUnavailable, UnknownTask
from workers.executor import Executor
from workers.in_process import InProcessExecutor
from workers.lane import Lane

BASE = "https://w3id.org/plankg/"


def test_it_answers_as_a_lane_of_worker_processes_does(spec: StoreSpec) -> None:
    query = resolve("lead-agencies")
    job = Job(query.bound({"topic": "VOCs"}), "text/csv", 1000)

    async def answers(executor: Executor) -> tuple[object, ...]:
        try:
            return (
                await executor.run(execute, job, timeout=60),
                await executor.run(worker_tasks.echo, {"一": [1, 2]}, timeout=60),
            )
        finally:
            await executor.close()

    async def scenario() -> None:
        here = await answers(InProcessExecutor(spec, worker_tasks.TASKS))
        there = await answers(Lane(spec, worker_tasks.TASKS, workers=1))
        assert here == there
        answer = here[0]
        assert isinstance(answer, Answer) and answer.fmt == "csv"
        assert answer.body.count(b"\n") > 1  # the flagship question has answers

    run(scenario)


def test_it_refuses_what_is_not_a_task() -> None:
    async def scenario() -> None:
        executor = InProcessExecutor(StoreSpec(Path("/nonexistent")), worker_tasks.TASKS)
        with pytest.raises(UnknownTask):
            await executor.run(time.sleep, 1, timeout=1)  # type: ignore[arg-type]

    run(scenario)


def test_past_the_deadline_the_caller_gets_query_timeout(spec: StoreSpec) -> None:
    async def scenario() -> None:
        executor = InProcessExecutor(spec, worker_tasks.TASKS)
        await executor.start()
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            await executor.run(worker_tasks.sleep, 1.5, timeout=0.2)
        assert time.monotonic() - started < 1.0  # not held until the thread ends
        assert executor.stats.killed == 1
        assert await executor.run(worker_tasks.echo, 7, timeout=5) == 7
        await executor.close()

    run(scenario)


def test_a_store_that_cannot_be_opened_answers_store_unavailable(tmp_path: Path) -> None:
    async def scenario() -> None:
        executor = InProcessExecutor(StoreSpec(tmp_path / "nothing"), worker_tasks.TASKS)
        with pytest.raises(StoreUnavailable, match="no store here"):
            await executor.run(worker_tasks.pid, timeout=5)

    run(scenario)


def test_its_state_has_the_shape_of_a_lanes(spec: StoreSpec) -> None:
    async def scenario() -> None:
        executor = InProcessExecutor(spec, worker_tasks.TASKS, workers=2)
        lane = Lane(spec, worker_tasks.TASKS, workers=2)
        assert executor.state().keys() == lane.state().keys()
        assert executor.idle == 0
        await executor.start()
        assert (executor.idle, executor.busy, executor.queued) == (2, 0, 0)
        await executor.close()
        await lane.close()

    run(scenario)
