"""The dumps as files: every graph in N-Quads, one gzip file that `plankg ingest`
writes with the plans and the service sends as it is (api/routes_dumps.py); the Turtle
and JSON-LD dumps are written from it as they are sent (`converted`), by a process of
their own (`python -m plankg.dump_files FORMAT STORE`).

Writing a dump of a national store from the store at each ingest would cost as much as
the ingest. A gzip member is a series of deflate blocks, and blocks ended by a full flush
may be laid end to end, so each graph's part of the dump is compressed once, where the
graph is made (`graph_parts`: in the ingest's worker processes, from the text they
already hold), and the dump is its graphs' parts in graph order between a gzip header and
a trailer whose CRC-32 is combined from the parts' (`crc32_combine`, as zlib's). A later
ingest copies the parts of the graphs it left alone from the current dump, whose index
says where each part is; each part also decompresses alone, which is how the other
formats are written graph by graph. (Compressing Turtle and JSON-LD parts as well cost
the ingest a fifth of its time more, for downloads that are rare.) The Turtle dump is the
graphs' N-Triples (N-Triples is Turtle; a triple in several graphs is stated once per
graph, which says nothing more), the JSON-LD dump the array of the graphs' objects.

The files of one store generation sit in `{store}/dumps/{generation}/` with their
`index.json`, and `{store}/dumps/current` names the current generation's folder: it is
switched in one rename once every file is whole, and the service sends the files only
when their generation is the store's.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import struct
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from plankg import generations
from plankg.backends import Store

LEVEL = 1  # zlib level: gzip -1 (a third of the time of -6 for 25% more bytes)
INDEX = "index.json"


@dataclass(frozen=True)
class Format:
    key: str
    file: str  # the gzip file's name
    name: str  # the dump's name under /dumps/ (api.void.DUMPS)


# The formats written as files; the others are converted from the N-Quads as sent.
FORMATS = {f.key: f for f in (Format("nq", "plankg.nq.gz", "plankg.nq"),)}
CONVERTED = ("ttl", "jsonld")


@dataclass(frozen=True)
class Part:
    """A graph's part of a dump: raw deflate blocks ending in a full flush, with the CRC-32
    and the length of what they hold."""

    data: bytes
    crc: int
    size: int


def deflated(raw: bytes) -> Part:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return Part(
        compressor.compress(raw) + compressor.flush(zlib.Z_FULL_FLUSH), zlib.crc32(raw), len(raw)
    )


def graph_parts(graph: str, ntriples: str) -> dict[str, Part]:
    """A graph's parts of each dump file, from its N-Triples (one triple a line, as
    pyoxigraph writes them)."""
    text = ntriples if ntriples.endswith("\n") or not ntriples else ntriples + "\n"
    name = ox.NamedNode(graph)
    nquads = text.replace(" .\n", f" {name} .\n")  # a line ends only at a statement's end
    return {"nq": deflated(nquads.encode("utf-8"))}


def _jsonld(graph: str, ntriples: str) -> str:
    """The graph as one JSON-LD graph object (expanded form), written from its N-Triples
    lines: parsing them into terms to have pyoxigraph write it costs more. An IRI holds no
    character JSON escapes, and a string as pyoxigraph writes it in N-Triples is a JSON
    string (the same escapes); one with what JSON lacks is read and written again."""
    subjects: dict[str, dict[str, list[str]]] = {}
    for line in ntriples.splitlines():
        if line:
            s, p, rest = line.split(" ", 2)
            subjects.setdefault(s, {}).setdefault(p, []).append(_value(rest[:-2]))
    nodes = [
        f'{{"@id":"{_node(s)}",'
        + ",".join(f'"{p[1:-1]}":[{",".join(v)}]' for p, v in properties.items())
        + "}"
        for s, properties in subjects.items()
    ]
    return f'{{"@id":"{graph}","@graph":[{",".join(nodes)}]}}'


def _node(term: str) -> str:
    return term[1:-1] if term.startswith("<") else term  # an IRI, or a blank node _:b


# what N-Triples allows in a string and JSON does not: raw control characters, \U, \'
_NOT_JSON = re.compile(r"[\x00-\x1f]|\\U|\\'")


def _value(term: str) -> str:
    if term[0] != '"':
        return f'{{"@id":"{_node(term)}"}}'
    end = term.rindex('"')
    lexical, suffix = term[: end + 1], term[end + 1 :]
    if _NOT_JSON.search(lexical):
        lexical = json.dumps(_unescape(lexical), ensure_ascii=False)
    if not suffix:
        return f'{{"@value":{lexical}}}'
    if suffix[0] == "@":
        return f'{{"@value":{lexical},"@language":"{suffix[1:]}"}}'
    return f'{{"@value":{lexical},"@type":"{suffix[3:-1]}"}}'


def _unescape(quoted: str) -> str:
    """An N-Triples string's value, for the rare one with an escape JSON lacks."""
    for q in ox.parse(f"<x:s> <x:p> {quoted} .".encode(), format=ox.RdfFormat.N_TRIPLES):
        if isinstance(q.object, ox.Literal):
            return q.object.value
    raise ValueError(f"not an N-Triples string: {quoted}")


# --- CRC-32 of parts laid end to end (zlib's crc32_combine) ------------------------------

_POLY = 0xEDB88320


def _multmodp(a: int, b: int) -> int:
    """a * b modulo the CRC-32 polynomial (bit-reflected)."""
    m, p = 1 << 31, 0
    while True:
        if a & m:
            p ^= b
            if not a & (m - 1):
                return p
        m >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1


def _powers() -> list[int]:
    table, p = [], 1 << 30  # x^1
    for _ in range(32):
        table.append(p)
        p = _multmodp(p, p)
    return table


_X2N = _powers()  # x^(2^k) modulo the polynomial


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of A + B from that of A, that of B and B's length."""
    p, k, n = 1 << 31, 3, length2  # x^(8 * length2): k starts at 3 for the 8 bits a byte
    while n:
        if n & 1:
            p = _multmodp(_X2N[k & 31], p)
        n >>= 1
        k += 1
    return _multmodp(p, crc1) ^ crc2


# --- the parts of a run, the current dumps, writing new ones -----------------------------


class Spool:
    """The parts of the graphs stored by one run, kept in files (a national first load
    holds hundreds of MB of them), the last one of a graph winning."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self._files = {k: (directory / f"{k}.parts").open("w+b") for k in FORMATS}
        self.where: dict[str, dict[str, tuple[int, int, int, int]]] = {k: {} for k in FORMATS}

    def add(self, graph: str, parts: Mapping[str, Part]) -> None:
        for key, part in parts.items():
            handle = self._files[key]
            handle.seek(0, os.SEEK_END)
            self.where[key][graph] = (handle.tell(), len(part.data), part.crc, part.size)
            handle.write(part.data)

    def read(self, key: str, graph: str) -> Part | None:
        found = self.where[key].get(graph)
        if found is None:
            return None
        offset, length, crc, size = found
        handle = self._files[key]
        handle.seek(offset)
        return Part(handle.read(length), crc, size)

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()
        shutil.rmtree(self.directory, ignore_errors=True)


@dataclass(frozen=True)
class Dumps:
    """The current dumps of a store: their folder and index."""

    directory: Path
    generation: str
    files: dict[str, dict[str, object]]  # format key -> bytes, sha256, parts by graph

    def path(self, key: str) -> Path:
        return self.directory / FORMATS[key].file

    def size(self, key: str) -> int:
        return int(str(self.files[key]["bytes"]))

    def sha256(self, key: str) -> str:
        return str(self.files[key]["sha256"])

    def part(self, key: str, graph: str) -> Part | None:
        parts = self.files[key]["parts"]
        assert isinstance(parts, dict)
        found = parts.get(graph)
        if found is None:
            return None
        offset, length, crc, size = found
        with self.path(key).open("rb") as handle:
            handle.seek(offset)
            return Part(handle.read(length), crc, size)


def dumps_dir(store: Path) -> Path:
    return store / "dumps"


def current(store: Path) -> Dumps | None:
    """The store's current dump files, None when it has none (a remote server, a store
    ingested before they existed)."""
    directory = dumps_dir(store) / generations.CURRENT
    try:
        index = json.loads((directory / INDEX).read_text(encoding="utf-8"))
        return Dumps(directory.resolve(), str(index["generation"]), dict(index["files"]))
    except (OSError, ValueError, KeyError):
        return None


def _graph_text(store: Store, graph: str) -> str:
    result = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    if not isinstance(result, ox.QueryTriples):
        raise TypeError("a graph's triples must come from a CONSTRUCT")
    return (ox.serialize(list(result), format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def write(
    store: Store,
    directory: Path,
    generation: str,
    spool: Spool | None,
    previous: Dumps | None,
    rebuilt: Iterable[str] = (),
) -> Dumps:
    """Write the dumps of `generation` into `directory` (a store's dumps folder) and make
    them current. A graph's parts come from `spool` (stored by this run), else from
    `previous` (the dumps of the store as this run found it) unless it is in `rebuilt`,
    else from the store."""
    graphs = sorted(g for g in store.graphs() if not g.startswith("urn:plankg:"))
    stale = set(rebuilt)

    def fill(building: Path) -> None:
        index: dict[str, dict[str, object]] = {}
        with ExitStack() as files:
            writers = {
                k: _GzipWriter(files.enter_context((building / f.file).open("wb")))
                for k, f in FORMATS.items()
            }
            for graph in graphs:
                parts = _parts_of(store, graph, spool, None if graph in stale else previous)
                for key, writer in writers.items():
                    writer.graph(graph, parts[key])
            for key, writer in writers.items():
                index[key] = writer.close()
        (building / INDEX).write_text(
            json.dumps({"generation": generation, "files": index}), encoding="utf-8"
        )

    generations.lay_out(directory, generation, fill)
    found = current(directory.parent)
    assert found is not None
    return found


def _parts_of(
    store: Store, graph: str, spool: Spool | None, previous: Dumps | None
) -> dict[str, Part]:
    if spool is not None:
        parts = {k: spool.read(k, graph) for k in FORMATS}
        if all(p is not None for p in parts.values()):
            return {k: p for k, p in parts.items() if p is not None}
    if previous is not None:
        kept = {k: previous.part(k, graph) for k in FORMATS}
        if all(p is not None for p in kept.values()):
            return {k: p for k, p in kept.items() if p is not None}
    return graph_parts(graph, _graph_text(store, graph))


class _GzipWriter:
    """One gzip member written from parts, with its index of where each graph's is."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.digest = hashlib.sha256()
        self.crc = 0
        self.size = 0
        self.offset = 0
        self.parts: dict[str, tuple[int, int, int, int]] = {}
        # magic, deflate, no flags, no time, no extra flags, OS unknown (RFC 1952)
        self._write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.digest.update(data)
        self.offset += len(data)

    def _part(self, part: Part) -> None:
        self._write(part.data)
        self.crc = crc32_combine(self.crc, part.crc, part.size)
        self.size += part.size

    def graph(self, graph: str, part: Part) -> None:
        if part.size:
            self.parts[graph] = (self.offset, len(part.data), part.crc, part.size)
            self._part(part)

    def close(self) -> dict[str, object]:
        end = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
        self._write(end.flush(zlib.Z_FINISH))  # the last block
        self._write(struct.pack("<II", self.crc & 0xFFFFFFFF, self.size & 0xFFFFFFFF))
        return {"bytes": self.offset, "sha256": self.digest.hexdigest(), "parts": self.parts}


def iter_decompressed(path: Path, chunk: int = 1 << 20) -> Iterator[bytes]:
    """A dump's content, for a client that takes no gzip."""
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            if data := decompressor.decompress(block):
                yield data
    if tail := decompressor.flush():
        yield tail


def _graphs_in_order(dumps: Dumps) -> Iterator[tuple[str, str]]:
    """Each graph of the N-Quads dump and its N-Quads text, in the file's order: a part
    is raw deflate blocks ending in a full flush, so it decompresses alone."""
    parts = dumps.files["nq"]["parts"]
    assert isinstance(parts, dict)
    with dumps.path("nq").open("rb") as handle:
        for graph, (offset, length, _, _) in sorted(parts.items(), key=lambda item: item[1][0]):
            handle.seek(offset)
            text = zlib.decompressobj(-15).decompress(handle.read(length))
            yield graph, text.decode("utf-8")


def converted(dumps: Dumps, key: str) -> Iterator[bytes]:
    """The Turtle (`ttl`) or JSON-LD (`jsonld`) dump, written from the N-Quads one."""
    first = True
    if key == "jsonld":
        yield b"["
    for graph, nquads in _graphs_in_order(dumps):
        ntriples = nquads.replace(f" {ox.NamedNode(graph)} .\n", " .\n")
        if key == "ttl":
            yield ntriples.encode("utf-8")
        else:
            yield (b"" if first else b",") + _jsonld(graph, ntriples).encode("utf-8")
        first = False
    if key == "jsonld":
        yield b"]\n"


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m plankg.dump_files FORMAT STORE [--gzip]`: a store's dump in FORMAT
    (ttl or jsonld) on standard output, from its N-Quads file (exit 1 when it has none)."""
    args = list(sys.argv[1:] if argv is None else argv)
    gzip = "--gzip" in args
    key, store = [a for a in args if a != "--gzip"]
    dumps = current(Path(store))
    if dumps is None or key not in CONVERTED:
        return 1
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, zlib.MAX_WBITS | 16) if gzip else None
    out = sys.stdout.buffer
    for data in converted(dumps, key):
        out.write(compressor.compress(data) if compressor else data)
    if compressor:
        out.write(compressor.flush())
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
