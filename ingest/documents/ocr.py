"""OCR of PDF pages without a usable text layer: pdftoppm renders each page, Tesseract
(chi_sim) reads it as TSV (each word with its box), and the words become page lines for
the same layout rules as a text layer. Words far apart on one line are table cells."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ingest.documents.layout import Line, Page
from ingest.documents.programs import require
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
            yield _page(tsv.decode("utf-8", "replace"), number, dpi)
            image.unlink(missing_ok=True)


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


def _page(tsv: str, number: int, dpi: int) -> Page:
    scale = _POINTS / dpi
    width = height = 0.0
    words: dict[tuple[str, str, str], list[tuple[float, float, float, float, str]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        left, top = float(row["left"]) * scale, float(row["top"]) * scale
        w, h = float(row["width"]) * scale, float(row["height"]) * scale
        if row["level"] == "1":
            width, height = w, h
        text = (row.get("text") or "").strip()
        if row["level"] != "5" or not text or float(row.get("conf") or -1) < 0:
            continue
        key = (row["block_num"], row["par_num"], row["line_num"])
        words.setdefault(key, []).append((left, top, left + w, top + h, text))
    page = Page(number, width, height, ocr=True)
    for found in words.values():
        found.sort()
        sizes = sorted(b - t for _, t, _, b, _ in found)
        size = sizes[len(sizes) // 2]
        cells: list[str] = [found[0][4]]
        for prev, word in itertools.pairwise(found):
            if word[0] - prev[2] > 2.5 * size:
                cells.append(word[4])  # a wide gap: the next table cell
            else:
                cells[-1] += (
                    word[4]
                    if not (cells[-1][-1:].isascii() and word[4][:1].isascii())
                    else " " + word[4]
                )
        x0, x1 = found[0][0], max(w[2] for w in found)
        top, bottom = min(w[1] for w in found), max(w[3] for w in found)
        if len(cells) > 1:
            page.lines.append(Line("", x0, x1, top, bottom, size, cells))
        else:
            page.lines.append(Line(cells[0], x0, x1, top, bottom, size))
    page.lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return page
