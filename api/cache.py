"""Answers kept while the store does not change, already encoded, and sent with an ETag.

An entry is keyed by what was asked (a named query and its parameters, an /id/ path, a
collection's filters) and the Accept header, and stamped with the store generation it
was computed at: the `dcterms:modified` value every ingest writes
(plankg.dataset.stamp_modified). The service reads the generation when it starts and
again every `cache_check_seconds` (api.deps), so after an ingest into a remote server
the cache answers from the old data for at most that long. A store with no generation
is never cached. Least recently used entries go first once the bytes held (both
encodings) pass `cache_bytes`.

An entry holds the body as sent: identity and, for bodies worth it, gzip, compressed
the first time a client accepts it and kept from then on, so a hit costs a dictionary
look-up and a write, and a miss for a client that takes no gzip does not compress (the
gzip of a 3,000-plan /id/plan page took 0.8 ms of its 10). A body of `GZIP_THREAD_BYTES`
or more is compressed in a worker thread, as the GZip middleware does: a page of a
national answer is megabytes (tens of ms to compress), and on the event loop that time
would hold every other request. Every answer
(cached or not) carries a strong ETag per encoding and `Vary: Accept, Accept-Encoding`;
a request whose If-None-Match names it is answered 304 without a body.
"""

from __future__ import annotations

import gzip
import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response

from workers.stats import work_timing

GZIP_MIN_BYTES = 1024  # as the GZip middleware (api.operations): smaller is not worth it
GZIP_LEVEL = 6
GZIP_THREAD_BYTES = 128 * 1024  # as the GZip middleware: larger bodies, off the event loop
VARY = "Accept, Accept-Encoding"
CACHE_HEADER = "Plankg-Cache"  # hit: answered from the cache; miss: by the store


@dataclass
class Encoded:
    """A response body ready to send, in each encoding, with its ETag."""

    body: bytes
    media_type: str
    headers: tuple[tuple[str, str], ...] = ()
    status: int = 200
    etag: str = ""
    gzipped: bytes | None = field(default=None, repr=False)
    # told the bytes the gzip encoding adds, once made (the cache that holds the entry)
    grown: Callable[[int], None] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.etag:
            self.etag = '"' + hashlib.blake2b(self.body, digest_size=12).hexdigest() + '"'

    def gzip_body(self) -> bytes | None:
        """The gzip encoding (computed once), None when the body is too small."""
        if len(self.body) < GZIP_MIN_BYTES:
            return None
        if self.gzipped is None:
            self._keep(_compress(self.body))
        return self.gzipped

    async def gzip_body_off_loop(self) -> bytes | None:
        """`gzip_body`, a large body compressed in a worker thread while the event loop
        serves other requests (two requests asking at once may both compress it; the
        first kept is sent to both)."""
        if len(self.body) < GZIP_THREAD_BYTES or self.gzipped is not None:
            return self.gzip_body()
        zipped = await anyio.to_thread.run_sync(_compress, self.body)
        if self.gzipped is None:
            self._keep(zipped)
        return self.gzipped

    def _keep(self, zipped: bytes) -> None:
        """Hold the gzip encoding, told to the cache on the event loop, never in a thread."""
        self.gzipped = zipped
        if self.grown is not None:
            self.grown(len(zipped))

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"")


def _compress(body: bytes) -> bytes:
    return gzip.compress(body, GZIP_LEVEL, mtime=0)


def encoded(
    body: bytes, media_type: str, headers: Mapping[str, str] | None = None, status: int = 200
) -> Encoded:
    return Encoded(body, media_type, tuple((headers or {}).items()), status)


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header accepts gzip (by name or `*`, with q > 0)."""
    if not header:
        return False
    named: float | None = None
    star: float | None = None
    for part in header.split(","):
        coding, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        coding = coding.lower()
        if coding in ("gzip", "x-gzip"):
            named = q
        elif coding == "*":
            star = q
    chosen = named if named is not None else star
    return chosen is not None and chosen > 0


def _matches(if_none_match: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison: W/ prefixes do not count."""
    if if_none_match.strip() == "*":
        return True
    tags = (t.strip().removeprefix("W/") for t in if_none_match.split(","))
    return etag in tags


async def respond(entry: Encoded, request: Request, cache_status: str | None = None) -> Response:
    """The entry as a response to `request`: gzip when accepted (a large body compressed
    off the event loop), 304 when the client already holds this representation."""
    body: bytes = entry.body
    etag = entry.etag
    headers = dict(entry.headers)
    if accepts_gzip(request.headers.get("accept-encoding")):
        zipped = await entry.gzip_body_off_loop()
        if zipped is not None:
            body = zipped
            etag = etag[:-1] + '-gzip"'  # a strong ETag names one encoding
            headers["Content-Encoding"] = "gzip"
    headers["ETag"] = etag
    headers["Vary"] = VARY
    timing = work_timing.get()
    if timing is not None:
        # for operators: how long this answer waited for a query worker and took in it
        headers["Server-Timing"] = (
            f"queue;dur={timing[0] * 1000:.2f}, worker;dur={timing[1] * 1000:.2f}"
        )
    if cache_status is not None:
        headers[CACHE_HEADER] = cache_status
    if entry.status == 200:
        condition = request.headers.get("if-none-match")
        if condition and _matches(condition, etag):
            headers.pop("Content-Encoding", None)
            return Response(status_code=304, headers=headers)
    return Response(body, status_code=entry.status, media_type=entry.media_type, headers=headers)


class AnswerCache:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.generation: str | None = None  # of the store, as last read
        self._entries: OrderedDict[Hashable, tuple[str, Encoded]] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Encoded | None:
        """The entry for `key` computed at the current generation, if held."""
        entry = self._entries.get(key)
        if entry is None or self.generation is None or entry[0] != self.generation:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry[1]

    def put(self, key: Hashable, generation: str | None, entry: Encoded) -> None:
        """Keep `entry`, computed when the store was at `generation` (read before the
        query ran, so an answer that may straddle an ingest is never served later).
        Its gzip encoding, made when first asked for, is counted then."""
        if generation is None or generation != self.generation or self.max_bytes <= 0:
            return
        size = entry.size
        if size > self.max_bytes:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= old[1].size
            old[1].grown = None
        self._entries[key] = (generation, entry)
        self._bytes += size
        entry.grown = lambda extra: self._grew(key, entry, extra)
        self._evict()

    def _grew(self, key: Hashable, entry: Encoded, extra: int) -> None:
        held = self._entries.get(key)
        if held is not None and held[1] is entry:
            self._bytes += extra
            self._evict()

    def _evict(self) -> None:
        while self._bytes > self.max_bytes and self._entries:
            _, (_, evicted) = self._entries.popitem(last=False)
            self._bytes -= evicted.size
            evicted.grown = None  # no cycle left to wait for the collector

    def set_generation(self, generation: str | None) -> None:
        if generation != self.generation:
            self.generation = generation
            for _, entry in self._entries.values():
                entry.grown = None
            self._entries.clear()
            self._bytes = 0

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)
