"""Answers of named queries, kept while the store does not change.

An entry is keyed by the query, its parameters and the Accept header, and stamped with
the store generation it was computed at: the `dcterms:modified` value every ingest
writes (plankg.dataset.stamp_modified). The service reads the generation when it starts
and again every `cache_check_seconds` (api.deps), so after an ingest into a remote
server the cache answers from the old data for at most that long. A store with no
generation is never cached. Least recently used entries go first once the answers
held pass `cache_bytes`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

from api.engine import Answer


class AnswerCache:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.generation: str | None = None  # of the store, as last read
        self._entries: OrderedDict[Hashable, tuple[str, Answer]] = OrderedDict()
        self._bytes = 0

    def get(self, key: Hashable) -> Answer | None:
        """The answer for `key` computed at the current generation, if held."""
        entry = self._entries.get(key)
        if entry is None or self.generation is None or entry[0] != self.generation:
            return None
        self._entries.move_to_end(key)
        return entry[1]

    def put(self, key: Hashable, generation: str | None, answer: Answer) -> None:
        """Keep `answer`, computed when the store was at `generation` (read before the
        query ran, so an answer that may straddle an ingest is never served later)."""
        size = len(answer.body)
        if generation is None or generation != self.generation or size > self.max_bytes:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= len(old[1].body)
        self._entries[key] = (generation, answer)
        self._bytes += size
        while self._bytes > self.max_bytes:
            _, (_, evicted) = self._entries.popitem(last=False)
            self._bytes -= len(evicted.body)

    def set_generation(self, generation: str | None) -> None:
        if generation != self.generation:
            self.generation = generation
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)
