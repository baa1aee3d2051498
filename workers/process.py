"""One worker process, seen from the server: started, told its configuration, awaited
until it has opened the store, given tasks one at a time, killed.

The worker is a fresh interpreter (`sys.executable -c …`), not a fork: the server holds
store threads and an event loop that a child must not inherit. It gets the server's
`sys.path`, so it imports the same code, and it imports only what its task module needs.
Its standard input and output are the channel (workers.transport); its standard error is
the server's.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from dataclasses import replace
from typing import Any, cast

from workers.errors import WorkerFailed
from workers.transport import STREAM_LIMIT, Channel, Unreadable
from workers.worker import WorkerConfig

# The command line: the server's sys.path follows it (as arguments), then the entry point.
_BOOT = (
    "import sys; sys.path[:] = sys.argv[1:]; from workers.worker import spawn_main; spawn_main()"
)

Reply = tuple[str, Any]  # ("ok", value) or ("err", exception)


class _Pipes(asyncio.SubprocessProtocol):
    """A worker's standard output as a stream, its standard input as a writer that waits
    while the pipe is full, and its exit as a future."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.output = asyncio.StreamReader(limit=STREAM_LIMIT, loop=loop)
        self.exited: asyncio.Future[None] = loop.create_future()
        self._loop = loop
        self._input: asyncio.WriteTransport | None = None
        self._writable: asyncio.Future[None] | None = None  # while writing is paused

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        process = cast(asyncio.SubprocessTransport, transport)
        self.output.set_transport(cast(asyncio.ReadTransport, process.get_pipe_transport(1)))
        self._input = cast(asyncio.WriteTransport, process.get_pipe_transport(0))

    def pipe_data_received(self, fd: int, data: bytes | bytearray) -> None:
        if fd == 1:
            self.output.feed_data(data)

    def pipe_connection_lost(self, fd: int, exc: Exception | None) -> None:
        if fd == 1:
            self.output.feed_eof()
        elif fd == 0:
            self.resume_writing()

    def process_exited(self) -> None:
        if not self.exited.done():
            self.exited.set_result(None)

    def pause_writing(self) -> None:
        if self._writable is None:
            self._writable = self._loop.create_future()

    def resume_writing(self) -> None:
        if self._writable is not None and not self._writable.done():
            self._writable.set_result(None)
        self._writable = None

    # the channel's Writer (workers.transport)

    def write(self, data: bytes) -> None:
        assert self._input is not None
        self._input.write(data)

    async def drain(self) -> None:
        if self.is_closing():
            raise ConnectionResetError("the worker's input is closed")
        if self._writable is not None:
            await asyncio.shield(self._writable)

    def is_closing(self) -> bool:
        return self._input is None or self._input.is_closing()

    def close(self) -> None:
        if self._input is not None:
            self._input.close()


class WorkerProcess:
    """A started worker; `ready()` once, then `call()` for each task."""

    def __init__(self, transport: asyncio.SubprocessTransport, pipes: _Pipes) -> None:
        self.transport = transport
        self.pipes = pipes
        self.channel = Channel(pipes.output, pipes)
        self.pid = transport.get_pid()

    @classmethod
    async def start(cls, config: WorkerConfig) -> WorkerProcess:
        loop = asyncio.get_running_loop()
        transport, pipes = await loop.subprocess_exec(
            lambda: _Pipes(loop),
            sys.executable,
            "-c",
            _BOOT,
            *sys.path,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=None,
        )
        worker = cls(transport, pipes)
        try:
            await worker.channel.send(replace(config, parent=os.getpid()))
        except BaseException:
            worker.kill()
            raise
        return worker

    async def ready(self) -> str:
        """Wait until the worker has opened the store: "" when it has, else why not.
        EOFError when it died first."""
        message = await self.channel.receive()
        if not (isinstance(message, tuple) and len(message) == 2 and message[0] == "ready"):
            raise WorkerFailed(f"a worker started with {message!r}")
        return str(message[1])

    async def call(self, task: bytes, deadline: float) -> tuple[Reply, float]:
        """Run a task (its name and arguments, pickled: `transport.dumps((name, args))`):
        its reply, and when (time.perf_counter) the answer began to arrive. TimeoutError
        when it has not begun by `deadline` (the loop's clock); the answer itself then
        gets at least one second more to arrive. EOFError when the worker dies first or
        mid-answer."""
        await self.channel.send_payload(task)
        async with asyncio.timeout_at(deadline):
            size = await self.channel.size()
        answered = time.perf_counter()
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout_at(max(deadline, loop.time() + 1.0)):
                reply = await self.channel.payload(size)
        except Unreadable as exc:  # the stream is still in step: the worker stays
            return ("err", exc), answered
        if not (isinstance(reply, tuple) and len(reply) == 2 and reply[0] in ("ok", "err")):
            raise WorkerFailed(f"a worker answered {type(reply).__name__}")
        return reply, answered

    def kill(self) -> None:
        """SIGKILL, and the pipes closed; `wait()` then reaps it."""
        if self.transport.get_returncode() is None:
            with contextlib.suppress(ProcessLookupError):
                self.transport.kill()
        self.transport.close()

    async def wait(self) -> int:
        """Its exit status, once it has exited (negative: the signal that ended it)."""
        await asyncio.shield(self.pipes.exited)
        self.transport.close()
        code = self.transport.get_returncode()
        assert code is not None
        return code

    async def exit_status(self, timeout: float) -> int | None:
        """Its exit status, waiting at most `timeout` seconds for it to exit."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                return await self.wait()
        return None
