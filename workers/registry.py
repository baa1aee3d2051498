"""The tasks a worker may run, by name.

A task is a module-level function `fn(store, *args)` that runs its queries, consumes
their results (pyoxigraph's are bound to the thread that ran them) and returns plain
picklable values. A lane sends a task's name and its arguments, never the function: a
worker imports the one module that holds the registry (its `TASKS`), so it loads what
the tasks need and nothing of the server (no routes, no web framework), and a function
that is not registered is refused in the server before any worker sees it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Concatenate

from plankg.backends import QueryStore
from workers.errors import UnknownTask

Task = Callable[Concatenate[QueryStore, ...], Any]

ATTRIBUTE = "TASKS"  # the name of a task module's registry


def name_of(fn: Task) -> str:
    """A task's name: where it is defined, `module:qualified.name`."""
    return f"{fn.__module__}:{fn.__qualname__}"


class Registry:
    """The tasks of module `module` (a worker imports it and reads its `TASKS`), and what
    a worker runs before it opens the store (`setup`: the process's log set-up)."""

    def __init__(
        self, module: str, tasks: Iterable[Task], setup: Callable[[], None] | None = None
    ) -> None:
        self.module = module
        self.setup = setup
        self._by_name: dict[str, Task] = {}
        self._names: dict[Task, str] = {}
        for fn in tasks:
            name = name_of(fn)
            if name in self._by_name:
                raise ValueError(f"task {name} is registered twice")
            self._by_name[name] = fn
            self._names[fn] = name

    def __contains__(self, fn: object) -> bool:
        return fn in self._names

    def __len__(self) -> int:
        return len(self._by_name)

    def __iter__(self) -> Iterator[Task]:
        return iter(self._by_name.values())

    def name(self, fn: Task) -> str:
        """The name a worker knows `fn` by; UnknownTask when it is not registered here."""
        try:
            return self._names[fn]
        except (KeyError, TypeError):
            raise UnknownTask(f"{name_of(fn)} is not a task of {self.module}") from None

    def task(self, name: str) -> Task:
        try:
            return self._by_name[name]
        except KeyError:
            raise UnknownTask(f"{name} is not a task of {self.module}") from None


def load(module: str) -> Registry:
    """The registry of a task module, imported (in a worker: the only module it asks for)."""
    found = getattr(importlib.import_module(module), ATTRIBUTE, None)
    if not isinstance(found, Registry):
        raise TypeError(f"{module} has no task registry {ATTRIBUTE}")
    return found
