"""The workers' tests: lanes over the bundled store serving tests.support.worker_tasks."""

from __future__ import annotations

from pathlib import Path

import pytest

from plankg.backends import StoreSpec

TASK_MODULE = "tests.support.worker_tasks"


@pytest.fixture(scope="module")
def spec(bundled_store: Path) -> StoreSpec:
    return StoreSpec(bundled_store)
