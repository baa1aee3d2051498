"""One worker process, seen from the server: started, told its configuration, awaited
until it has opened the store, given tasks one at a time, killed.

The worker is a fresh interpreter (`sys.executable -c …`), not a fork: the server holds
store threads and an event loop that a child must not inherit. It gets the server's
`sys.path`, so it imports the same code, and it imports only what its task module needs.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from dataclasses import replace
from typing import Any

from workers.errors import WorkerFailed
from workers.transport import STREAM_LIMIT, Channel, Unreadable
from workers.worker import WorkerConfig

# The command line: the server's sys.path follows it (as arguments), then the entry point.
_BOOT = (
    "import sys; sys.path[:] = sys.argv[1:]; from workers.worker import spawn_main; spawn_main()"
)

Reply = tuple[str, Any]  # ("ok", value) or ("err", exception)


class WorkerProcess:
    """A started worker; `ready()` once, then `call()` for each task."""

    def __init__(self, process: asyncio.subprocess.Process, channel: Channel) -> None:
        self.process = process
        self.channel = channel

    @classmethod
    async def start(cls, config: WorkerConfig) -> WorkerProcess:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            _BOOT,
            *sys.path,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=STREAM_LIMIT,
        )
        assert process.stdin is not None and process.stdout is not None
        worker = cls(process, Channel(process.stdout, process.stdin))
        await worker.channel.send(replace(config, parent=os.getpid()))
        return worker

    @property
    def pid(self) -> int:
        return self.process.pid

    async def ready(self) -> str:
        """Wait until the worker has opened the store: "" when it has, else why not.
        EOFError when it died first."""
        message = await self.channel.receive()
        if not (isinstance(message, tuple) and len(message) == 2 and message[0] == "ready"):
            raise WorkerFailed(f"a worker started with {message!r}")
        return str(message[1])

    async def call(self, name: str, args: tuple[Any, ...], deadline: float) -> tuple[Reply, float]:
        """Run task `name` on `args`: its reply, and when (time.perf_counter) the answer
        began to arrive. TimeoutError when it has not begun by `deadline` (the loop's
        clock); the answer itself then gets at least one second more to arrive. EOFError
        when the worker dies first or mid-answer."""
        await self.channel.send((name, args))
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
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
        self.channel.close()

    async def wait(self) -> int:
        """Its exit status, once it has exited (negative: the signal that ended it)."""
        return await self.process.wait()

    async def exit_status(self, timeout: float) -> int | None:
        """Its exit status, waiting at most `timeout` seconds for it to exit."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                return await self.process.wait()
        return None
