"""Running a test's asyncio scenario."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run(scenario: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """`asyncio.run(scenario())` on a thread of its own: a browser test earlier in the same
    process leaves Playwright's event loop running in the main thread, where asyncio.run
    refuses to start another."""
    with ThreadPoolExecutor(1, thread_name_prefix="scenario") as pool:
        return pool.submit(asyncio.run, scenario()).result()
