"""The dump file ingest writes (plankg.dump_files): one gzip member holding exactly what
the store holds, and the Turtle and JSON-LD dumps written from it the same, after a first
load, after an ingest that replaces and adds plans (whose untouched plans' parts are
copied, not made again), and after `plankg summarise`; a store without it gets it from
the next ingest."""

from __future__ import annotations

import gc
import random
import shutil
import zlib
from pathlib import Path

import pyoxigraph as ox

from plankg.dataset import same_generation
from plankg.dump_files import FORMATS, Dumps, converted, crc32_combine, current
from tests.support import derived
from tests.support.cli import Run
from tests.support.paths import PLANS

DINGZHOU = "https://w3id.org/plankg/id/plan/130682"
TIANSHUI = "https://w3id.org/plankg/id/plan/620500"


def test_crc32_combine_is_zlibs() -> None:
    rng = random.Random(7)
    data = rng.randbytes(100_000)
    for cut in (0, 1, 17, 4096, 65_537, 99_999, 100_000):
        a, b = data[:cut], data[cut:]
        assert crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(data)


def _content(dumps: Dumps, key: str) -> bytes:
    """A dump decompressed, checking it is one gzip member with nothing after it."""
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
    data = decompressor.decompress(dumps.path(key).read_bytes()) + decompressor.flush()
    assert decompressor.eof and not decompressor.unused_data
    return data


def _canonical(quads: list[ox.Quad]) -> set[ox.Quad]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def assert_dumps_are_the_store(store: Path) -> Dumps:
    dumps = current(store)
    assert dumps is not None
    opened = ox.Store.read_only(str(store))
    try:
        held = list(opened)
        generation = next(
            q.object.value for q in held if q.predicate.value.endswith("/terms/modified")
        )
    finally:
        del opened
        gc.collect()
    assert same_generation(dumps.generation, generation)
    nquads = list(ox.parse(_content(dumps, "nq"), format=ox.RdfFormat.N_QUADS))
    assert len(nquads) == len(held) and _canonical(nquads) == _canonical(held)
    union = set(ox.parse(b"".join(converted(dumps, "ttl")), format=ox.RdfFormat.TURTLE))
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in held}
    assert len(union) == len(triples)
    jsonld = list(ox.parse(b"".join(converted(dumps, "jsonld")), format=ox.RdfFormat.JSON_LD))
    assert _canonical(jsonld) == _canonical(held)
    for key in FORMATS:
        assert dumps.size(key) == dumps.path(key).stat().st_size
    return dumps


def test_dumps_follow_the_store(tmp_path: Path, plankg: Run) -> None:
    store = tmp_path / "store"
    plankg("ingest", str(PLANS), "--store", str(store), "--jobs", "2", check=True)
    first = assert_dumps_are_the_store(store)
    kept = {key: first.files[key]["parts"] for key in FORMATS}
    # one plan replaced, one added: the others' parts are copied from the dumps before
    more = derived.one_replaced_one_added(tmp_path / "more")
    plankg("ingest", str(more), "--store", str(store), check=True)
    second = assert_dumps_are_the_store(store)
    assert second.directory != first.directory and not first.directory.exists()
    for key in FORMATS:
        parts = second.files[key]["parts"]
        assert isinstance(parts, dict)
        before = kept[key]
        assert isinstance(before, dict)
        assert parts[TIANSHUI][2:] == before[TIANSHUI][2:]
        assert parts[DINGZHOU][2:] != before[DINGZHOU][2:]
    # a store without dump files (an older plankg) gets them from the next ingest, even
    # of files it holds already
    shutil.rmtree(store / "dumps")
    proc = plankg("ingest", str(PLANS), "--store", str(store), check=True)
    assert "unchanged" in proc.stdout
    assert_dumps_are_the_store(store)
    # summarise rewrites plan graphs: their parts are made again
    plankg("summarise", "--all", "--store", str(store), check=True)
    assert_dumps_are_the_store(store)
