"""What the service asks of a lane, whichever runs the tasks: worker processes
(workers.lane.Lane) or threads of this process (workers.in_process.InProcessExecutor)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, Protocol, TypeVar

from plankg.backends import QueryStore
from workers.stats import LaneStats

T = TypeVar("T")


class Executor(Protocol):
    name: str
    stats: LaneStats

    @property
    def size(self) -> int: ...

    @property
    def busy(self) -> int: ...

    @property
    def idle(self) -> int: ...

    @property
    def queued(self) -> int: ...

    def state(self) -> dict[str, int]:
        """workers, busy, idle, starting, queued, queue_limit: for /readyz."""
        ...

    async def start(self) -> None: ...

    async def run(
        self, fn: Callable[Concatenate[QueryStore, ...], T], *args: Any, timeout: float
    ) -> T: ...

    async def close(self) -> None: ...
