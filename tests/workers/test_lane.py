"""A lane of real worker processes: a task's own error comes back as itself, an unknown
task is refused before any worker sees it, the deadline kills and replaces the worker, a
worker that dies idle is replaced at once, an abort past the memory limit is
QueryOutOfMemory, a store that cannot be opened answers StoreUnavailable, and each answer
says where its time went."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from api.engine import Answer, Job, execute
from plankg.backends import StoreSpec
from plankg.queries import resolve
from plankg.settings import Settings
from tests.support import worker_tasks
from tests.support.aio import run
from workers.errors import (
    QueryOutOfMemory,
    QueryTimeout,
    StoreUnavailable,
    UnknownTask,
    WorkerFailed,
)
from workers.lane import Lane
from workers.stats import work_timing


async def until(check: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        await asyncio.sleep(0.02)


def test_a_tasks_own_error_is_its_answer(spec: StoreSpec) -> None:
    async def scenario() -> None:
        lane = Lane(spec, worker_tasks.TASKS, workers=1)
        try:
            before = await lane.run(worker_tasks.pid, timeout=60)
            with pytest.raises(ValueError, match=r"^no such city$"):
                await lane.run(worker_tasks.fail, "no such city", timeout=30)
            assert await lane.run(worker_tasks.pid, timeout=30) == before
        finally:
            await lane.close()

    run(scenario)


def test_what_a_worker_could_not_run_is_refused_before_any_worker_starts(
    spec: StoreSpec,
) -> None:
    async def scenario() -> None:
        lane = Lane(spec, worker_tasks.TASKS, workers=1)
        with pytest.raises(UnknownTask, match=r"not a task of tests\.support\.worker_tasks"):
            await lane.run(os.getpid, timeout=30)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="pickle"):  # an argument that cannot cross
            await lane.run(worker_tasks.echo, threading.Lock(), timeout=30)
        assert lane.state()["starting"] == 0 and lane.stats.completed == 0
        await lane.close()

    run(scenario)


def test_past_its_deadline_the_worker_is_killed_and_replaced(spec: StoreSpec) -> None:
    async def scenario() -> None:
        lane = Lane(spec, worker_tasks.TASKS, workers=1)
        try:
            first = await lane.run(worker_tasks.pid, timeout=60)
            started = time.monotonic()
            with pytest.raises(QueryTimeout) as stopped:
                await lane.run(worker_tasks.sleep, 30, timeout=0.5)
            assert time.monotonic() - started < 5 and stopped.value.limit == 0.5
            assert lane.stats.killed == 1
            assert lane.state()["starting"] == 1  # counted as soon as it is spawned
            assert await lane.run(worker_tasks.pid, timeout=60) != first
        finally:
            await lane.close()

    run(scenario)


def test_waiting_for_a_worker_counts_towards_the_deadline(spec: StoreSpec) -> None:
    async def scenario() -> None:
        lane = Lane(spec, worker_tasks.TASKS, workers=1)
        try:
            await lane.run(worker_tasks.pid, timeout=60)
            busy = asyncio.create_task(lane.run(worker_tasks.sleep, 2, timeout=30))
            await until(lambda: lane.busy == 1, "the worker busy")
            with pytest.raises(QueryTimeout):
                await lane.run(worker_tasks.pid, timeout=0.3)
            assert lane.queued == 0
            await busy  # the running task was not disturbed
        finally:
            await lane.close()

    run(scenario)


def test_a_worker_that_dies_idle_is_replaced_at_once(spec: StoreSpec) -> None:
    async def scenario() -> None:
        lane = Lane(spec, worker_tasks.TASKS, workers=2)
        try:
            await lane.start()
            await until(lambda: lane.idle == 2, "both workers up")
            victim = await lane.run(worker_tasks.pid, timeout=60)
            os.kill(victim, signal.SIGKILL)
            await until(lambda: lane.stats.died == 1, "the death seen")
            await until(lambda: lane.idle == 2, "the worker replaced")
            pids = {await lane.run(worker_tasks.sleep, 0.2, timeout=30) for _ in range(2)}
            assert victim not in pids
        finally:
            await lane.close()

    run(scenario)


def test_an_abort_past_the_memory_limit_is_out_of_memory(spec: StoreSpec) -> None:
    async def scenario() -> None:
        capped = Lane(spec, worker_tasks.TASKS, workers=1, memory_limit=512 * 2**20)
        plain = Lane(spec, worker_tasks.TASKS, workers=1)
        try:
            with pytest.raises(QueryOutOfMemory) as stopped:
                await capped.run(worker_tasks.abort, timeout=60)
            assert stopped.value.limit == 512 * 2**20 and capped.stats.out_of_memory == 1
            # without a limit, the same death is only a worker that died
            with pytest.raises(WorkerFailed) as died:
                await plain.run(worker_tasks.abort, timeout=60)
            assert not isinstance(died.value, QueryOutOfMemory) and plain.stats.died == 1
        finally:
            await capped.close()
            await plain.close()

    run(scenario)


def test_a_store_that_cannot_be_opened_answers_store_unavailable(tmp_path: Path) -> None:
    async def scenario() -> None:
        lane = Lane(StoreSpec(tmp_path / "nothing"), worker_tasks.TASKS, workers=1)
        try:
            with pytest.raises(StoreUnavailable, match="no store here"):
                await lane.run(worker_tasks.pid, timeout=60)
            assert lane.idle == 1  # the worker is up, and stays
        finally:
            await lane.close()

    run(scenario)


def test_an_answer_says_how_long_it_waited_and_how_long_it_took(spec: StoreSpec) -> None:
    async def scenario() -> None:
        lane = Lane(spec, worker_tasks.TASKS, workers=1)
        try:
            await lane.run(worker_tasks.pid, timeout=60)
            await lane.run(worker_tasks.sleep, 0.2, timeout=30)
            timing = work_timing.get()
            assert timing is not None
            queue, worker = timing
            assert 0 <= queue < 0.2 and 0.2 <= worker < 5
        finally:
            await lane.close()

    run(scenario)


def test_the_state_of_a_lane(spec: StoreSpec) -> None:
    async def scenario() -> None:
        lane = Lane(spec, worker_tasks.TASKS, workers=2, name="sparql", max_queue=8)
        try:
            assert lane.state() == {
                "workers": 2,
                "busy": 0,
                "idle": 0,
                "starting": 0,
                "queued": 0,
                "queue_limit": 8,
            }
            await lane.start()
            assert lane.state()["starting"] == 2
            await until(lambda: lane.idle == 2, "both workers up")
            assert lane.state()["starting"] == 0
        finally:
            await lane.close()

    run(scenario)


def test_the_service_reads_the_store_from_disk_unless_told_memory(bundled_store: Path) -> None:
    """From disk by default (ready in seconds, little memory a worker); PLANKG_SERVE_FROM=
    memory copies the store into each named-lane worker, which answers as one reading it
    in place."""
    assert not StoreSpec.from_settings(Settings(store=bundled_store), serving=True).in_memory
    chosen = Settings(store=bundled_store, serve_from="memory")
    assert StoreSpec.from_settings(chosen, serving=True).in_memory
    assert not StoreSpec.from_settings(chosen).in_memory  # the command line reads in place
    job = Job(resolve("responsibilities").bound({"city": "130682"}), "text/csv", 100)

    async def answer(spec: StoreSpec) -> bytes:
        lane = Lane(spec, worker_tasks.TASKS, workers=1)
        try:
            got = await lane.run(execute, job, timeout=120)
            assert isinstance(got, Answer)
            return got.body
        finally:
            await lane.close()

    on_disk = run(lambda: answer(StoreSpec(bundled_store)))
    assert on_disk.count(b"\n") > 10
    assert run(lambda: answer(StoreSpec(bundled_store, in_memory=True))) == on_disk
