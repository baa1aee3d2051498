"""The named queries' answer cache: keyed by query, parameters and Accept, dropped when
the store's generation (the `dcterms:modified` every ingest writes) changes; and the
lock that keeps an ingest out of a served embedded store."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import shutil
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.requests import Request

from api.cache import GZIP_THREAD_BYTES, AnswerCache, Encoded, encoded, respond
from tests.support.aio import run
from tests.support.cli import Run
from tests.support.paths import PLANS
from tests.support.servers import oxigraph_server, running_server, serving


def get(url: str, accept: str = "application/json") -> tuple[str, bytes]:
    req = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=30) as r:
        assert r.status == 200
        return r.headers["Plankg-Cache"], r.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    store = tmp_path_factory.mktemp("cache") / "store"
    with running_server(store) as url:
        yield url, store


def test_a_repeated_named_query_is_answered_from_the_cache(server: tuple[str, Path]) -> None:
    url = server[0]
    first = get(url + "/queries/lead-agencies?topic=COD")
    second = get(url + "/queries/lead-agencies?topic=COD")
    assert first[0] == "miss" and second == ("hit", first[1])
    # Another parameter value, or another format, is another entry.
    assert get(url + "/queries/lead-agencies?topic=NOx")[0] == "miss"
    status, csv = get(url + "/queries/lead-agencies?topic=COD", "text/csv")
    assert status == "miss" and csv.startswith(b"city,")
    assert get(url + "/queries/lead-agencies?topic=COD", "text/csv") == ("hit", csv)


def test_an_ingest_into_a_served_store_is_refused(server: tuple[str, Path], plankg: Run) -> None:
    url, store = server
    proc = plankg("ingest", str(PLANS), "--store", str(store))
    assert proc.returncode == 2
    assert "being served" in proc.stderr and "Traceback" not in proc.stderr
    assert get(url + "/queries/plans")[0] in ("hit", "miss")  # still serving


def test_the_cache_can_be_turned_off(tmp_path: Path) -> None:
    with running_server(tmp_path / "store", {"PLANKG_CACHE_BYTES": "0"}) as url:
        assert get(url + "/queries/plans")[0] == "miss"
        assert get(url + "/queries/plans")[0] == "miss"


def test_an_ingest_into_the_remote_server_invalidates_the_cache(
    tmp_path: Path, plankg: Run
) -> None:
    some = tmp_path / "some"
    some.mkdir()
    for plan in sorted(PLANS.glob("*.txt"))[:3]:
        shutil.copy(plan, some)
    with oxigraph_server(tmp_path / "oxigraph") as endpoint:
        plankg("ingest", str(some), "--endpoint", endpoint, check=True)
        env = {"PLANKG_CACHE_CHECK_SECONDS": "0.2"}
        with serving(["--endpoint", endpoint], tmp_path / "store", env) as url:
            status, body = get(url + "/queries/plans")
            assert status == "miss" and len(json.loads(body)) == 3
            assert get(url + "/queries/plans") == ("hit", body)
            plankg("ingest", str(PLANS), "--endpoint", endpoint, check=True)
            deadline = time.monotonic() + 10
            while (answer := get(url + "/queries/plans"))[0] == "hit":
                assert time.monotonic() < deadline, "the cache never saw the ingest"
                time.sleep(0.1)
            assert len(json.loads(answer[1])) == 5


def answer(size: int) -> Encoded:
    return encoded(b"x" * size, "application/json")


def test_entries_need_the_current_generation() -> None:
    cache = AnswerCache(1000)
    cache.put("k", "g1", answer(10))  # no generation known yet: not kept
    assert cache.get("k") is None
    cache.set_generation("g1")
    cache.put("k", "g0", answer(10))  # computed at an older generation: not kept
    assert cache.get("k") is None
    cache.put("k", "g1", answer(10))
    assert cache.get("k") == answer(10)
    cache.set_generation("g2")
    assert cache.get("k") is None and len(cache) == 0


def test_least_recently_used_entries_go_first_past_the_byte_limit() -> None:
    cache = AnswerCache(100)
    cache.set_generation("g")
    for key in "abc":
        cache.put(key, "g", answer(40))
    assert cache.get("a") is None and cache.get("b") is not None  # 120 > 100: a went
    cache.put("d", "g", answer(40))  # b was used last, so c goes
    assert cache.get("c") is None and cache.get("b") is not None
    cache.put("huge", "g", answer(101))
    assert cache.get("huge") is None and len(cache) == 2


def test_the_gzip_encoding_is_made_when_first_asked_for_and_counted_then() -> None:
    cache = AnswerCache(10_000)
    cache.set_generation("g")
    text = bytes(range(256)) * 12  # 3,072 bytes that compress to less
    entry = encoded(text, "text/plain")
    cache.put("k", "g", entry)
    assert entry.gzipped is None and cache.bytes == len(text)  # a miss does not compress
    zipped = entry.gzip_body()
    assert zipped is not None and gzip.decompress(zipped) == text
    assert cache.bytes == len(text) + len(zipped)
    assert entry.gzip_body() is zipped and cache.bytes == len(text) + len(zipped)  # once
    cache.set_generation("h")  # dropped: a later encoding is no longer counted
    other = encoded(text + b"!", "text/plain")
    cache.put("k", "h", other)
    entry.gzipped = None
    entry.gzip_body()
    assert cache.bytes == len(text) + 1
    tight = AnswerCache(len(text) + 10)  # the encoding pushes the entry past the limit
    tight.set_generation("g")
    tight.put("k", "g", encoded(text, "text/plain"))
    held = tight.get("k")
    assert held is not None and held.gzip_body() is not None
    assert tight.get("k") is None and tight.bytes == 0


def test_a_large_body_is_compressed_while_the_event_loop_answers_others() -> None:
    """A client taking gzip asks for a body of megabytes (compressed for the first time),
    then another for a small one: the small answer is sent while the large one is being
    compressed, not after it; both encodings are right and the large one is counted once."""
    text = os.urandom(6_000_000).hex().encode()  # 12 MB, about half a second to compress
    cache = AnswerCache(10**9)
    cache.set_generation("g")
    large, small = encoded(text, "application/json"), encoded(b"[1]" * 1000, "application/json")
    cache.put("large", "g", large)
    scope = {"type": "http", "method": "GET", "path": "/", "query_string": b"",
             "headers": [(b"accept-encoding", b"gzip")]}  # fmt: skip
    done: dict[str, float] = {}

    async def send(entry: Encoded, name: str, start: float) -> bytes:
        response = await respond(entry, Request(scope))
        done[name] = time.monotonic() - start
        assert response.headers["content-encoding"] == "gzip"
        return bytes(response.body)

    async def scenario() -> bytes:
        start = time.monotonic()
        sending = asyncio.create_task(send(large, "large", start))
        await asyncio.sleep(0.01)  # it has begun
        await send(small, "small", start)
        return await sending

    zipped = run(scenario)
    assert len(text) >= GZIP_THREAD_BYTES and gzip.decompress(zipped) == text
    assert list(done) == ["small", "large"], done
    assert done["small"] < 0.1 and done["large"] > 3 * done["small"], done
    assert cache.bytes == len(text) + len(zipped)


def test_a_second_service_shares_a_served_store(server: tuple[str, Path]) -> None:
    with running_server(server[1]) as second:
        assert get(second + "/queries/plans")[1] == get(server[0] + "/queries/plans")[1]
