"""OCR of PDF pages without a usable text layer: pdftoppm renders each page, Tesseract
(chi_sim) reads it as TSV (each word with its box), and the words become page lines for
the same layout rules as a text layer. Words far apart on one line are table cells; a
bordered table (found by its rulings) is read cell by cell (scanned_tables.py). Once every
page is read, the words Tesseract doubted are put right against the parser's lexicon
(correction.py), over the whole document: what it reads elsewhere tells a misreading from
a word of its own."""

from __future__ import annotations

import csv
import dataclasses
import functools
import hashlib
import io
import itertools
import os
import re
import statistics
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PIL import Image

from ingest.documents.correction import DOUBT, Reading, correct, lexicon
from ingest.documents.glyphs import bars, ring_at, ruling
from ingest.documents.grid import Grid, Mask, dark, grids
from ingest.documents.layout import RING, Line, Page
from ingest.documents.programs import require
from ingest.documents.scanned_tables import (
    Ruleless,
    Sheet,
    TextLine,
    Word,
    join_words,
    read_sheets,
    reread_cells,
    sheets,
    table_lines,
)
from ingest.errors import PlanError
from plankg.settings import Settings

_POINTS = 72.0
_QUOTES = "“”‘’\"'"
_TALL = 0.6  # a mark this tall (of a character's height) is a character, not punctuation
# What Tesseract makes of a drawn table's bar │
_BAR_MARKS = set("|│｜丨")
_BAR_READINGS = _BAR_MARKS | set("[]【】1lI!")
_DRAWN_BARS = 3  # a line with this many bars is a drawn table's row (prose has none)
_BLOCK, _SINGLE_LINE = "6", "7"  # Tesseract's page segmentation: a block of text, one line
# A short aside Tesseract read without its opening bracket, as a doubted word of its own
# after a name ("县经济开发区管委会" then "牵头)", 6 to 42 where the scan prints
# 管委会（牵头）): its opening bracket is the mark it dropped.
_UNOPENED = re.compile(r"[\u4e00-\u9fff]{1,4}[)）]")
# what opens an aside: as printed, or as Tesseract misreads it (layout.py puts it right)
_ROOM = 0.4  # a bracket's width, of a character's
_OPENING, _CLOSING = "(（〈《<【〔[", ")）"


# What OCR made of a line: the Line, and the words of its text (one list) or of each of
# its cells.
_Read = tuple[Line, list[list[Word]]]


def ocr_pages(
    raw: bytes, source: str, numbers: list[int], why: str, settings: Settings
) -> Iterator[Page]:
    """The pages `numbers` (from 1) read by OCR, as Page objects in PDF points
    (settings.ocr_dpi, ocr_lang, and ocr_timeout seconds a page)."""
    dpi, limit = settings.ocr_dpi, settings.ocr_timeout
    purpose = f"reading this PDF ({why})"
    pdftoppm = require("pdftoppm", source, purpose)
    tesseract = require("tesseract", source, purpose)
    read: list[tuple[Page, list[_Read]]] = []
    ruleless = Ruleless()  # a table without rulings goes on over pages
    ruled: set[int] = set()  # the rows of bordered tables (ids of their Lines)
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
            page, lines = _read_page(
                tsv.decode("utf-8", "replace"), number, dpi, tables, ink, ruleless
            )
            reader = functools.partial(
                _read_sheet, [tesseract, "-l", settings.ocr_lang, "--psm", _BLOCK],
                prefix.with_name(f"{prefix.name}-cells.png"), source, limit, settings.ocr_cache,
            )  # fmt: skip
            for line, cells in lines:
                if line.table and line.cells is not None:  # a table without rulings' row
                    cells[:] = reread_cells(pixels, cells, reader, dpi)
                    line.cells = [join_words([w.text for w in cell]) for cell in cells]
            if tables:
                read_all = read_sheets(sheets(pixels, tables, dpi), reader, dpi)
                rows = table_lines(tables, read_all, _POINTS / dpi)
                ruled.update(id(line) for line, _ in rows)
                page.lines += [line for line, _ in rows]
                lines += rows
                page.lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
            read.append((page, lines))
            image.unlink(missing_ok=True)
    _continued(read, ruled)
    _put_right(read)
    for page, _ in read:
        yield page


def _continued(read: list[tuple[Page, list[_Read]]], ruled: set[int]) -> None:
    """Join a bordered table's row that the page break cut: the first row of a page, its
    numbered first column's cell empty, goes on in the row that ends the page before
    (the same columns, its first cell a figure). A writer's table gives it as one row."""
    for (before, lines_before), (page, lines) in itertools.pairwise(read):
        last = next((ln for ln in reversed(before.lines) if _written(ln)), None)
        first = next((ln for ln in page.lines if _written(ln)), None)
        if (
            last is None
            or first is None
            or id(last) not in ruled
            or id(first) not in ruled
            or last.cells is None
            or first.cells is None
            or len(last.cells) != len(first.cells)
            or first.cells[0]
            or not last.cells[0].isdigit()
        ):
            continue
        words_of = {id(line): cells for line, cells in lines_before}
        mine = {id(line): cells for line, cells in lines}
        above, below = words_of[id(last)], mine[id(first)]
        for k, cell in enumerate(below):
            above[k].extend(cell)
        last.cells = [join_words([w.text for w in cell]) for cell in above]
        page.lines.remove(first)
        lines[:] = [(line, cells) for line, cells in lines if line is not first]


def _written(line: Line) -> bool:
    """Does the line hold Chinese writing (not a page number's "— 6 —")?"""
    texts = line.cells if line.cells is not None else [line.text]
    return any("\u4e00" <= ch <= "\u9fff" for text in texts for ch in text)


def _put_right(read: list[tuple[Page, list[_Read]]]) -> None:
    """Correct the words of every page against the lexicon (correction.py), as one
    reading in page order (a line's text runs on into the next line's; a table cell is a
    piece of its own), and write the lines' texts again from them."""
    pieces: list[tuple[Line, list[list[Word]]]] = []
    for page, lines in read:
        words_of = {id(line): cells for line, cells in lines}
        pieces += [(line, words_of[id(line)]) for line in page.lines if id(line) in words_of]
    text: list[str] = []
    confidence: list[float] = []
    starts: list[bool] = []

    def add(chars: str, sure: float, start: bool) -> None:
        text.append(chars)
        confidence.extend([sure] * len(chars))
        starts.extend([start] + [False] * (len(chars) - 1))

    for line, cells in pieces:
        for cell in cells:
            if line.cells is not None:
                add("\n", 100.0, True)
            for word in cell:
                add(word.text, word.confidence, True)
    reading = Reading("".join(text), confidence, starts)
    corrected = correct(reading, lexicon())
    if corrected == reading.text:
        return
    at = 0
    for line, cells in pieces:
        for cell in cells:
            at += line.cells is not None  # the "\n" before a cell
            for n, word in enumerate(cell):
                fixed = corrected[at : at + len(word.text)]
                if fixed != word.text:
                    cell[n] = dataclasses.replace(word, text=fixed)
                at += len(word.text)
        texts = [join_words([w.text for w in cell]) for cell in cells]
        if line.cells is None:
            line.text = texts[0]
        else:
            line.cells = texts


def _read_sheet(
    command: list[str], path: Path, source: str, limit: float, cache: Path | None, sheet: Sheet
) -> list[Word]:
    """The words Tesseract (`command`: the program and its options) reads on a sheet of
    table cells."""
    sheet.image.save(path)
    program, options = command[0], command[1:]
    if sheet.line:  # one line of text: Tesseract passes over a lone short line in a block
        options = [_SINGLE_LINE if o == _BLOCK else o for o in options]
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
    """The page's lines from Tesseract's words (`_read_page`), as the only page read."""
    return _read_page(tsv, number, dpi, tables, ink, Ruleless())[0]


def _read_page(
    tsv: str, number: int, dpi: int, tables: list[Grid], ink: Mask, ruleless: Ruleless
) -> tuple[Page, list[_Read]]:
    """The page's lines from Tesseract's words, each with its words, but for those inside
    a bordered table (read cell by cell instead). Words far apart on a line are cells of a
    table without rulings (`ruleless` reads those tables over the pages); how far apart is
    measured on the page's ink (`ink`), not on the words' boxes: Tesseract at times boxes a
    word far from its glyphs (a justified line's "管理" boxed with the comma after it), and
    the glyphs fill the gap between the boxes; a word boxed on blank paper (a "。" or "”"
    Tesseract sees in a tab's blank) is no word. A line whose first mark is a ring
    (glyphs.py) starts with RING, numbered by layout.py."""
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
    lines: list[TextLine] = []
    for found in words.values():
        found.sort(key=lambda w: (w.left, w.top))
        # the height of the writing in each word's box: a mark seen on blank paper makes
        # a box taller than its word
        sizes = sorted(_ink_height(ink, w) for w in found)
        size = sizes[len(sizes) // 2] or max(w.bottom - w.top for w in found)
        found = [_unghost(ink, w, size) for w in found if _inked(ink, w, size)] or found
        top, bottom = min(w.top for w in found), max(w.bottom for w in found)
        if ruling(ink, min(w.left for w in found), max(w.right for w in found), top, bottom):
            continue  # a drawn table's border (├──┼──┤): no text
        body = (statistics.median(w.top for w in found), statistics.median(w.bottom for w in found))
        drawn = bars(ink, found[0].left, max(w.right for w in found), *body, size)
        if len(drawn) >= _DRAWN_BARS:
            found = _debar(found, drawn, *body, size)
        else:
            drawn = []
        ring = ring_at(ink, found[0].left, found[0].top, found[0].bottom, size)
        if ring is not None:  # a circled numeral, whatever Tesseract made of it
            x0 = min(found[0].left, ring - size)
            found = [w for w in found if (w.left + w.right) / 2 > ring] or [
                Word(ring, top, ring, bottom, "")
            ]
            found[0] = dataclasses.replace(found[0], text=RING + found[0].text)
        else:
            x0 = found[0].left
        found = reopened(found, size)
        gaps = [
            _gap(ink, _ink_edge(ink, prev, -1), _ink_edge(ink, word, 1), top, bottom, size)
            for prev, word in itertools.pairwise(found)
        ]
        x1 = max(w.right for w in found)
        blanks, bare = [b for b, _ in gaps], [g for _, g in gaps]
        lines.append(TextLine(found, blanks, bare, x0, x1, top, bottom, size, bool(drawn)))
    lines.sort(key=lambda ln: ln.top)
    # where a full line ends: the furthest a line of some length reaches
    right = max((ln.x1 for ln in lines if sum(len(w.text) for w in ln.words) >= 5), default=0.0)
    page = Page(number, width, height, ocr=True)
    read: list[_Read] = []
    for cells, spans, table in ruleless.page(lines, right):
        texts = [join_words([w.text for w in cell]) for cell in cells]
        x0, x1 = min(ln.x0 for ln in spans), max(ln.x1 for ln in spans)
        top, bottom = spans[0].top, spans[-1].bottom
        size = spans[0].size
        where = (x0 * scale, x1 * scale, top * scale, bottom * scale, size * scale)
        if len(texts) > 1 or table:
            line = Line("", *where, texts, table=table)
        else:
            line = Line(texts[0], *where)
        page.lines.append(line)
        read.append((line, cells))
    page.lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return page, read


def reopened(words: list[Word], size: float) -> list[Word]:
    """A line's words with the opening bracket put back before a doubted word that is a
    short aside closed and never opened (`_UNOPENED`; its closing bracket may be a word
    of its own after it: "牵头" then ")"), whose box holds room for the bracket it
    dropped (`_ROOM` of a character of `size` more than its marks), where the word before
    it on the line ends in a Chinese character and no bracket is open on the line before
    it."""
    out: list[Word] = []
    depth = 0
    for n, word in enumerate(words):
        before = out[-1].text[-1:] if out else ""
        after = words[n + 1].text[:1] if n + 1 < len(words) else ""
        marks = sum(1.0 if ch not in _CLOSING else 0.5 for ch in word.text)
        if (
            depth == 0
            and word.confidence < DOUBT
            and (
                _UNOPENED.fullmatch(word.text)
                or (after in _CLOSING and _UNOPENED.fullmatch(word.text + after))
            )
            and "\u4e00" <= before <= "\u9fff"
            and word.right - word.left >= (marks + _ROOM) * size
        ):
            word = dataclasses.replace(word, text="（" + word.text)
        depth = max(0, depth + sum(ch in _OPENING for ch in word.text))
        depth = max(0, depth - sum(ch in _CLOSING for ch in word.text))
        out.append(word)
    return out


def _debar(
    words: list[Word], drawn: list[float], top: float, bottom: float, size: float
) -> list[Word]:
    """The words of a drawn table's row with a "│" at each bar (`drawn`, pixels) in place
    of what Tesseract read there. Its characters are taken in its reading order, each at
    its share of its word's box; a bar takes the reading of a bar nearest it ("|" within
    a character, "1", "[" … within half of one: Tesseract at times boxes the character
    beside a bar on the bar), else stands between the characters either side of it."""
    chars: list[tuple[str, float, Word]] = []  # each character, where it stands, its word
    for word in words:
        step = (word.right - word.left) / len(word.text)
        chars += [(ch, word.left + (k + 0.5) * step, word) for k, ch in enumerate(word.text)]
    is_bar = [False] * len(chars)
    for x in drawn:
        reach = {i: abs(at - x) for i, (ch, at, _) in enumerate(chars) if not is_bar[i]}
        readings = [
            i for i, d in reach.items()
            if (chars[i][0] in _BAR_MARKS and d <= size)
            or (chars[i][0] in _BAR_READINGS and d <= size / 2)
        ]  # fmt: skip
        if readings:
            at = min(readings, key=reach.__getitem__)
            chars[at] = ("│", x, chars[at][2])
        else:
            at = sum(1 for _, c, _ in chars if c < x)
            chars.insert(at, ("│", x, Word(x - 1, top, x + 1, bottom, "│")))
            is_bar.insert(at, False)
        is_bar[at] = True
    # words again: each bar one, the characters of a word between bars one (its
    # confidence kept for the correction); a bar's reading left beside a bar none
    out: list[Word] = []
    keyed = zip(chars, is_bar, strict=True)
    for (bar, _), group in itertools.groupby(keyed, key=lambda c: (c[1], id(c[0][2]))):
        run = [c for c, _ in group]
        if bar:
            out += [Word(x - 1, top, x + 1, bottom, "│", w.confidence) for _, x, w in run]
            continue
        text = "".join(c for c, _, _ in run)
        if set(text) <= _BAR_MARKS and (not out or out[-1].text == "│"):
            continue
        half = size / 2
        word = run[0][2]
        out.append(dataclasses.replace(word, text=text, left=run[0][1] - half,
                                       right=run[-1][1] + half))  # fmt: skip
    return out


def _ink_edge(ink: Mask, word: Word, side: int) -> float:
    """Where the writing in the word's box begins (`side` 1) or ends (-1): its box may hold
    blank paper Tesseract read as a mark ("”县" at a tab's blank)."""
    box = ink[int(word.top) : int(word.bottom) + 1, int(word.left) : int(word.right) + 1]
    columns = np.flatnonzero(box.any(axis=0))
    if not columns.size:
        return word.left if side > 0 else word.right
    return int(word.left) + float(columns[0] if side > 0 else columns[-1] + 1)


def _unghost(ink: Mask, word: Word, size: float) -> Word:
    """The word without a quote mark Tesseract saw at its start or end on blank paper
    (the "”" of "”县" at a tab's blank): no writing where the mark would be."""
    text = word.text
    box, mark = _ink_box(ink, word, 0.0), max(1, int(size / 2))
    if len(text) > 1 and text[0] in _QUOTES and not box[:, :mark].any():
        text = text[1:]
    if len(text) > 1 and text[-1] in _QUOTES and not box[:, box.shape[1] - mark :].any():
        text = text[:-1]
    return word if text == word.text else dataclasses.replace(word, text=text)


def _inked(ink: Mask, word: Word, size: float) -> bool:
    """Is there writing in or next to the word's box (a mark's box may miss its few dots
    by a little; a mark seen in a tab's blank has none near it)?"""
    return bool(_ink_box(ink, word, size / 4).any())


def _ink_height(ink: Mask, word: Word) -> float:
    rows = np.flatnonzero(_ink_box(ink, word, 0.0).any(axis=1))
    return float(rows[-1] - rows[0] + 1) if rows.size else 0.0


def _ink_box(ink: Mask, word: Word, margin: float) -> Mask:
    top, left = max(0, int(word.top - margin)), max(0, int(word.left - margin))
    return ink[top : int(word.bottom + margin) + 1, left : int(word.right + margin) + 1]


def _blank(ink: Mask, left: float, right: float, top: float, bottom: float) -> int:
    """The widest stretch of columns without ink between left and right (pixels) on the
    band top..bottom."""
    return _widest(ink, left, right, top, bottom)[1]


def _widest(ink: Mask, left: float, right: float, top: float, bottom: float) -> tuple[int, int]:
    """Where the widest stretch of columns without ink between left and right begins on
    the band top..bottom, and how wide it is (pixels; 0 wide where there is none)."""
    lo = max(0, int(left))
    band = ink[max(0, int(top)) : int(bottom) + 1, lo : max(0, int(right))]
    if band.size == 0:
        return lo, 0
    # the edges of the runs of blank columns
    edges = np.flatnonzero(np.diff(np.concatenate(([1], band.any(axis=0).astype(np.int8), [1]))))
    if not edges.size:
        return lo, 0
    widths = edges[1::2] - edges[::2]
    at = int(widths.argmax())
    return lo + int(edges[::2][at]), int(widths[at])


def _gap(
    ink: Mask, left: float, right: float, top: float, bottom: float, size: float
) -> tuple[float, bool]:
    """The widest blank between left and right (in character heights) on the band
    top..bottom, and whether characters stand on both its sides: marks as tall as
    characters, not the low or high dots of a 、，。 or quote mark, which leave a blank
    of their own."""
    start, width = _widest(ink, left, right, top, bottom)
    band = ink[max(0, int(top)) : int(bottom) + 1]
    columns: npt.NDArray[np.bool_] = np.asarray(band.any(axis=0))

    def tall(step: int) -> bool:
        x = start - 1 if step < 0 else start + width
        rows = np.zeros(band.shape[0], dtype=bool)
        while 0 <= x < columns.size and columns[x]:
            rows |= band[:, x]
            x += step
        found = np.flatnonzero(rows)
        return bool(found.size) and found[-1] - found[0] + 1 >= _TALL * size

    return width / size, width > 0 and tall(-1) and tall(1)
