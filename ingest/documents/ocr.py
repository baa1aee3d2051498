"""OCR of PDF pages without a usable text layer: pdftoppm renders each page, Tesseract
(chi_sim) reads it as TSV (each word with its box), and the words become page lines for
the same layout rules as a text layer. Words far apart on one line are table cells; a
bordered table (found by its rulings) is read cell by cell (scanned_tables.py)."""

from __future__ import annotations

import csv
import dataclasses
import functools
import hashlib
import io
import itertools
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image

from ingest.documents.glyphs import ring_at
from ingest.documents.grid import Grid, Mask, dark, grids
from ingest.documents.layout import RING, Line, Page
from ingest.documents.programs import require
from ingest.documents.scanned_tables import (
    Sheet,
    Word,
    join_words,
    read_sheets,
    sheets,
    table_lines,
)
from ingest.errors import PlanError
from plankg.settings import Settings

_POINTS = 72.0


def ocr_pages(
    raw: bytes, source: str, numbers: list[int], why: str, settings: Settings
) -> Iterator[Page]:
    """The pages `numbers` (from 1) read by OCR, as Page objects in PDF points
    (settings.ocr_dpi, ocr_lang, and ocr_timeout seconds a page)."""
    dpi, limit = settings.ocr_dpi, settings.ocr_timeout
    purpose = f"reading this PDF ({why})"
    pdftoppm = require("pdftoppm", source, purpose)
    tesseract = require("tesseract", source, purpose)
    with tempfile.TemporaryDirectory(prefix="plankg-ocr-") as tmp:
        pdf = Path(tmp) / "in.pdf"
        pdf.write_bytes(raw)
        for number in numbers:
            prefix = Path(tmp) / f"p{number}"
            _run([pdftoppm, "-r", str(dpi), "-gray", "-png", "-singlefile", "-f", str(number),
                  "-l", str(number), str(pdf), str(prefix)], source, "pdftoppm", limit)  # fmt: skip
            image = prefix.with_suffix(".png")
            tsv = _tesseract([tesseract, str(image), "stdout", "-l", settings.ocr_lang, "--psm",
                              "6", "tsv"], image, source, limit, settings.ocr_cache)  # fmt: skip
            with Image.open(image) as opened:
                pixels = np.asarray(opened.convert("L"))
            ink = dark(pixels)
            tables = grids(ink, dpi)
            page = page_from_tsv(tsv.decode("utf-8", "replace"), number, dpi, tables, ink)
            if tables:
                read_all = read_sheets(
                    sheets(pixels, tables, dpi),
                    functools.partial(
                        _read_sheet, [tesseract, "-l", settings.ocr_lang, "--psm", "6"],
                        prefix.with_name(f"{prefix.name}-cells.png"), source, limit,
                        settings.ocr_cache,
                    ),
                    dpi,
                )  # fmt: skip
                page.lines += table_lines(tables, read_all, _POINTS / dpi)
                page.lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
            yield page
            image.unlink(missing_ok=True)


def _read_sheet(
    command: list[str], path: Path, source: str, limit: float, cache: Path | None, sheet: Sheet
) -> list[Word]:
    """The words Tesseract (`command`: the program and its options) reads on a sheet of
    table cells."""
    sheet.image.save(path)
    program, options = command[0], command[1:]
    tsv = _tesseract([program, str(path), "stdout", *options, "tsv"], path, source, limit, cache)
    path.unlink(missing_ok=True)
    return [w for _, w in _words(tsv.decode("utf-8", "replace"))]


def _tesseract(
    command: list[str], image: Path, source: str, limit: float, cache: Path | None
) -> bytes:
    """Tesseract's answer for a page image; kept in `cache` (settings.ocr_cache) when set,
    keyed by the image and the command, for reading the same scans again."""
    if cache is None:
        return _run(command, source, "tesseract", limit)
    key = hashlib.sha256(image.read_bytes())
    key.update(" ".join(command[2:]).encode())
    kept = cache / f"{key.hexdigest()}.tsv"
    if kept.exists():
        return kept.read_bytes()
    tsv = _run(command, source, "tesseract", limit)
    kept.parent.mkdir(parents=True, exist_ok=True)
    partial = kept.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(tsv)
    partial.replace(kept)
    return tsv


def _run(command: list[str], source: str, name: str, limit: float) -> bytes:
    # One thread: Tesseract's OpenMP threads fight over a busy machine's cores (a page
    # took 23 s with them on 2 loaded cores, 4 s without).
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        proc = subprocess.run(command, capture_output=True, timeout=limit, check=False, env=env)
    except subprocess.TimeoutExpired:
        raise PlanError(source, f"{name} did not finish a page within {limit:.0f} s") from None
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PlanError(source, f"{name} failed: {lines[-1] if lines else proc.returncode}")
    return proc.stdout


def _words(tsv: str) -> Iterator[tuple[tuple[str, str, str], Word]]:
    """The words of a Tesseract TSV answer (pixels), each with its line's key."""
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row["level"] != "5" or not text or float(row.get("conf") or -1) < 0:
            continue
        left, top = float(row["left"]), float(row["top"])
        right, bottom = left + float(row["width"]), top + float(row["height"])
        word = Word(left, top, right, bottom, text, float(row["conf"]))
        yield (row["block_num"], row["par_num"], row["line_num"]), word


def page_from_tsv(tsv: str, number: int, dpi: int, tables: list[Grid], ink: Mask) -> Page:
    """The page's lines from Tesseract's words, but for those inside a bordered table
    (read cell by cell instead). Words far apart on a line are cells of a table without
    rulings; how far apart is measured on the page's ink (`ink`), not on the words' boxes:
    Tesseract at times boxes a word far from its glyphs (a justified line's "管理" boxed
    with the comma after it), and the glyphs fill the gap between the boxes. A line whose
    first mark is a ring (glyphs.py) starts with RING, numbered by layout.py."""
    scale = _POINTS / dpi
    width = height = 0.0
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["level"] == "1":
            width, height = float(row["width"]) * scale, float(row["height"]) * scale
            break
    words: dict[tuple[str, str, str], list[Word]] = {}
    for key, w in _words(tsv):
        if not any(grid.holds((w.left + w.right) / 2, (w.top + w.bottom) / 2) for grid in tables):
            words.setdefault(key, []).append(w)
    page = Page(number, width, height, ocr=True)
    for found in words.values():
        found.sort(key=lambda w: (w.left, w.top))
        sizes = sorted(w.bottom - w.top for w in found)
        size = sizes[len(sizes) // 2]
        top, bottom = min(w.top for w in found), max(w.bottom for w in found)
        ring = ring_at(ink, found[0].left, found[0].top, found[0].bottom, size)
        if ring is not None:  # a circled numeral, whatever Tesseract made of it
            x0 = min(found[0].left, ring - size)
            found = [w for w in found if (w.left + w.right) / 2 > ring] or [
                Word(ring, top, ring, bottom, "")
            ]
            found[0] = dataclasses.replace(found[0], text=RING + found[0].text)
        else:
            x0 = found[0].left
        cells: list[list[str]] = [[found[0].text]]
        for prev, word in itertools.pairwise(found):
            if _blank(ink, prev.right, word.left, top, bottom) > 2.5 * size:
                cells.append([word.text])  # a wide gap: the next table cell
            else:
                cells[-1].append(word.text)
        x1 = max(w.right for w in found)
        texts = [join_words(cell) for cell in cells]
        where = (x0 * scale, x1 * scale, top * scale, bottom * scale, size * scale)
        if len(texts) > 1:
            page.lines.append(Line("", *where, texts))
        else:
            page.lines.append(Line(texts[0], *where))
    page.lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return page


def _blank(ink: Mask, left: float, right: float, top: float, bottom: float) -> int:
    """The widest stretch of columns without ink between left and right (pixels) on the
    band top..bottom."""
    band = ink[max(0, int(top)) : int(bottom) + 1, max(0, int(left)) : max(0, int(right))]
    if band.size == 0:
        return 0
    # the edges of the runs of blank columns
    edges = np.flatnonzero(np.diff(np.concatenate(([1], band.any(axis=0).astype(np.int8), [1]))))
    return int((edges[1::2] - edges[::2]).max(initial=0))
