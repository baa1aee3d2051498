"""The channel between the server and a worker: our own frames (an 8-byte length, then
pickle), small and large, both ways; a frame cut short; an answer that cannot be read or
cannot be pickled; a worker killed while it writes its answer; a big answer read without
holding up the event loop."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable

import pytest

from plankg.backends import StoreSpec
from tests.support import worker_tasks
from tests.support.aio import run
from tests.workers.conftest import TASK_MODULE
from workers.errors import WorkerFailed
from workers.lane import Lane
from workers.process import WorkerProcess
from workers.transport import HEADER, Channel, Pipe, Unreadable, dumps
from workers.worker import WorkerConfig

SIZES = (0, 1, 65_535, 65_536, 65_537, 5 * 2**20)


async def channel_over_pipes() -> tuple[Channel, Pipe]:
    """A Channel (the server's end) and a Pipe (the worker's end) joined by two OS pipes,
    in this process."""
    loop = asyncio.get_running_loop()
    to_server_r, to_server_w = os.pipe()
    to_worker_r, to_worker_w = os.pipe()
    reader = asyncio.StreamReader(limit=2**16, loop=loop)
    await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(to_server_r, "rb", 0)
    )
    transport, protocol = await loop.connect_write_pipe(
        asyncio.streams.FlowControlMixin, os.fdopen(to_worker_w, "wb", 0)
    )
    writer = asyncio.StreamWriter(transport, protocol, reader, loop)
    return Channel(reader, writer), Pipe(to_worker_r, to_server_w)


def in_thread(fn: Callable[[], object]) -> threading.Thread:
    thread = threading.Thread(target=fn, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("size", SIZES)
def test_a_frame_of_any_size_arrives_whole_both_ways(size: int) -> None:
    async def scenario() -> None:
        channel, pipe = await channel_over_pipes()
        value = worker_tasks.blob(None, size)  # type: ignore[arg-type]
        # worker -> server: the worker writes (blocking) while the server reads
        writer = in_thread(lambda: pipe.send(dumps(("ok", value))))
        assert await channel.receive() == ("ok", value)
        writer.join()
        # server -> worker
        received: list[object] = []
        reader = in_thread(lambda: received.append(pipe.receive()))
        await channel.send(("echo", (value,)))
        await asyncio.to_thread(reader.join)
        assert received == [("echo", (value,))]

    run(scenario)


def test_a_frame_cut_short_is_the_end_of_the_worker() -> None:
    async def scenario() -> None:
        channel, pipe = await channel_over_pipes()
        os.write(pipe.write_fd, HEADER.pack(100) + b"0123456789")
        os.close(pipe.write_fd)
        size = await channel.size()
        assert size == 100
        with pytest.raises(EOFError):
            await channel.payload(size)

    run(scenario)


def test_an_unreadable_frame_leaves_the_channel_in_step() -> None:
    async def scenario() -> None:
        channel, pipe = await channel_over_pipes()
        pipe.send(b"not a pickle")
        pipe.send(dumps(("ok", 42)))
        with pytest.raises(Unreadable):
            await channel.receive()
        assert await channel.receive() == ("ok", 42)

    run(scenario)


def test_answers_through_a_worker_process_small_and_large(spec: StoreSpec) -> None:
    async def scenario() -> None:
        lane = Lane(spec, worker_tasks.TASKS, workers=1)
        try:
            nested = {"rows": [{"a": "一", "b": 2.5}], "none": None, "t": (1, 2)}
            assert await lane.run(worker_tasks.echo, nested, timeout=30) == nested
            for size in SIZES:
                got = await lane.run(worker_tasks.blob, size, timeout=30)
                assert got == worker_tasks.blob(None, size)  # type: ignore[arg-type]
            assert lane.stats.completed == 1 + len(SIZES)
        finally:
            await lane.close()

    run(scenario)


def test_a_big_answer_is_read_as_it_arrives_while_the_loop_goes_on(spec: StoreSpec) -> None:
    async def scenario() -> None:
        lane = Lane(spec, worker_tasks.TASKS, workers=1)
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0)
                ticks += 1

        try:
            await lane.run(worker_tasks.pid, timeout=60)  # the worker is up
            beat = asyncio.create_task(ticker())
            got = await lane.run(worker_tasks.blob, 64 * 2**20, timeout=60)
            beat.cancel()
            assert len(got) == 64 * 2**20
            # 64 MiB through a 64 KiB pipe: hundreds of reads, the loop free between them
            assert ticks > 100
        finally:
            await lane.close()

    run(scenario)


def test_a_worker_killed_mid_answer_is_an_end_of_file(spec: StoreSpec) -> None:
    async def scenario() -> None:
        worker = await WorkerProcess.start(WorkerConfig(spec, TASK_MODULE))
        try:
            assert await worker.ready() == ""
            name = worker_tasks.TASKS.name(worker_tasks.blob)
            await worker.channel.send((name, (256 * 2**20,)))  # as a lane sends a task
            size = await worker.channel.size()  # its answer has begun: it is writing
            assert size > 256 * 2**20
            os.kill(worker.pid, signal.SIGKILL)
            with pytest.raises(EOFError):
                await worker.channel.payload(size)
            assert await worker.wait() == -signal.SIGKILL
        finally:
            worker.kill()
            await worker.wait()

    run(scenario)


def test_a_worker_that_dies_during_a_task_fails_it_and_is_replaced(spec: StoreSpec) -> None:
    async def scenario() -> None:
        lane = Lane(spec, worker_tasks.TASKS, workers=1)
        try:
            first = await lane.run(worker_tasks.pid, timeout=60)
            running = asyncio.create_task(lane.run(worker_tasks.sleep, 30, timeout=60))
            while lane.busy == 0:
                await asyncio.sleep(0.01)
            os.kill(first, signal.SIGKILL)
            with pytest.raises(WorkerFailed, match="query process died"):
                await running
            assert lane.stats.died == 1
            assert await lane.run(worker_tasks.pid, timeout=60) != first
        finally:
            await lane.close()

    run(scenario)


def test_an_unpicklable_answer_fails_the_task_and_the_worker_stays(spec: StoreSpec) -> None:
    async def scenario() -> None:
        lane = Lane(spec, worker_tasks.TASKS, workers=1)
        try:
            before = await lane.run(worker_tasks.pid, timeout=60)
            with pytest.raises(WorkerFailed, match="unpicklable answer"):
                await lane.run(worker_tasks.unpicklable, timeout=30)
            assert await lane.run(worker_tasks.pid, timeout=30) == before
            assert lane.stats.died == 0
        finally:
            await lane.close()

    run(scenario)


def test_a_task_the_worker_cannot_read_fails_and_the_worker_stays(spec: StoreSpec) -> None:
    async def scenario() -> None:
        lane = Lane(spec, worker_tasks.TASKS, workers=1)
        try:
            before = await lane.run(worker_tasks.pid, timeout=60)
            with pytest.raises(Unreadable, match="not to be read here"):
                await lane.run(worker_tasks.echo, worker_tasks.Unreadable(), timeout=30)
            assert await lane.run(worker_tasks.pid, timeout=30) == before
        finally:
            await lane.close()

    run(scenario)
