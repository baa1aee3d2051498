"""Division-of-labour tables in the annex (重点任务分工表) instead of notes in the text.

序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限: each row is mapped to its measure by the task's
title (the measure's title, or one containing the other) or else by its number within
the section heading row above it (a single-cell row 三、…), and its agency cells are read
as a note whose labels are the column headers: a 牵头单位 cell names leads, a 配合单位 cell
supporters, a 责任单位 cell is read like any note (first listed leads). Role words inside
a cell (…牵头, …等按职责分工负责) are the cell's own and win over its header. The table
arrives as text one cell per line, or with its cells separated by tabs or runs of spaces
(ingest/annex.py reads both layouts into rows).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from ingest.annex import _Row as _TableRow
from ingest.annex import _rows as table_rows
from ingest.annex import annex_heading
from ingest.model import Measure, Plan, SubItem
from ingest.responsibility import NoteState, parse_note, table_rule
from ingest.structure import MEASURE_RE, SECTION_RE, cn_number
from ingest.text import Compact, compact
from ingest.vocab import Vocabularies, vocabularies

_TASK_HEADERS = (
    "重点任务",
    "主要任务",
    "工作任务",
    "任务名称",
    "具体任务",
    "任务",
    "工作内容",
    "重点工程",
    "工程名称",
    "工作措施",
    "主要内容",
    "内容",
)
_INDEX_HEADERS = ("序号", "编号", "序列")
_PUNCT = re.compile(r"[\s,.;:!?()\[\]“”\"'、。，；：（）《》〔〕]")
_NUMBER = re.compile(r"^\(?([一二三四五六七八九十]{1,4}|\d{1,3})\)?[.、]?$")
# 三(一): the section and the measure in one index cell.
_CN = "[一二三四五六七八九十]{1,4}"
_SECTION_MEASURE = re.compile(rf"^({_CN})[、.]?\(({_CN})\)$")


@dataclass
class _Columns:
    index: int | None
    task: int | None
    agencies: list[tuple[int, str]]  # (column, label)


def _agency_label(text: str) -> str | None:
    """The note label for an agency column's header, or None: the header itself when it
    is a note label of the role vocabulary (牵头单位, 配合部门, 责任单位 …), else a label
    of the role its first word names (牵头 -> a lead label, 配合 -> a supporting one)."""
    if len(text) > 12:
        return None
    vocab = vocabularies()
    label = next((lb for lb, _ in vocab.note_labels if text.startswith(lb)), None)
    if label is not None:
        return label
    role = next((r for w, r in vocab.role_words if text.startswith(w)), None)
    if role is None:
        return None
    wanted = None if role == "responsible" else role
    return next((lb for lb, r in vocab.note_labels if r == wanted), None)


def _header(texts: list[str]) -> _Columns | None:
    agencies: list[tuple[int, str]] = []
    index = task = None
    for k, text in enumerate(texts):
        label = _agency_label(text)
        if label is not None:
            agencies.append((k, label))
        elif index is None and text in _INDEX_HEADERS:
            index = k
        elif task is None and any(text.startswith(w) for w in _TASK_HEADERS) and len(text) <= 12:
            task = k
    if not agencies or (task is None and index is None):
        return None
    return _Columns(index, task, agencies)


def _key(title: str) -> str:
    return _PUNCT.sub("", title)


_Unit = tuple[Measure, SubItem | None]  # a measure, or a sub-item of it


def _units(measures: list[Measure]) -> list[_Unit]:
    """What a row may give its responsibility to: the measures and their sub-items."""
    return [(m, None) for m in measures] + [(m, i) for m in measures for i in m.items]


def _by_title(task: str, units: list[_Unit]) -> _Unit | None:
    """The one measure or sub-item whose title the row's task is, contains, is contained
    in, or (failing those) clearly resembles."""
    key = _key(task)
    if len(key) < 4:
        return None
    titles = [_key(i.title if i is not None else m.title) for m, i in units]
    exact = [u for u, t in zip(units, titles, strict=True) if t == key]
    if len(exact) == 1:
        return exact[0]
    within = [
        u for u, t in zip(units, titles, strict=True) if len(t) >= 4 and (t in key or key in t)
    ]
    if len(within) == 1:
        return within[0]
    scored = sorted(
        ((difflib.SequenceMatcher(None, key, t).ratio(), k) for k, t in enumerate(titles)),
        reverse=True,
    )
    if scored and scored[0][0] >= 0.75 and (len(scored) == 1 or scored[1][0] < scored[0][0] - 0.1):
        return units[scored[0][1]]
    return None


def _number(text: str) -> int | None:
    m = _NUMBER.match(text)
    if not m:
        m2 = MEASURE_RE.match(text)
        if not m2 or m2.group(2):
            return None
        return cn_number(m2.group(1))
    numeral = m.group(1)
    return int(numeral) if numeral.isdigit() else cn_number(numeral)


def _by_number(number: int, section: int | None, measures: list[Measure]) -> Measure | None:
    candidates = [
        m
        for m in measures
        if m.number == number and (section is None or m.section_number == section)
    ]
    return candidates[0] if len(candidates) == 1 else None


def _cell_note(row_cells: list[tuple[str, Compact]]) -> Compact | None:
    """One Compact note "牵头单位:A;配合单位:B" of a row's agency cells; labels and
    separators sit at the offset of their cell's first character."""
    text: list[str] = []
    offsets: list[int] = []
    original = ""
    for label, cell in row_cells:
        if not cell.text:
            continue
        original = cell.original
        if text:
            text.append(";")
            offsets.append(offsets[-1])
        head = label + ":"
        text.append(head)
        offsets.extend([cell.offsets[0]] * len(head))
        text.append(cell.text)
        offsets.extend(cell.offsets)
    if not text:
        return None
    return Compact("".join(text), tuple(offsets), original)


def _table_rules(
    plan: Plan, rows: list[_TableRow], normalised: str, original: str, state: NoteState
) -> dict[int, NoteState]:
    """The lead rule a table states in its own note (注：…列第一位的为牵头单位，其他为配合
    单位): it holds for that table's rows, keyed by the index of the table's header row."""
    out: dict[int, NoteState] = {}
    header_at: int | None = None
    for k, row in enumerate(rows):
        cells = row.nonempty()
        if _header([c.text for c in row.cells]) is not None:
            header_at = k
            continue
        if header_at is None or len(cells) != 1 or not cells[0].text.startswith("注"):
            continue
        rule = table_rule(cells[0].text)
        if rule is not None:
            out[header_at] = NoteState(True, state.carried, others=rule)
            if plan.lead_rule is None:
                plan.lead_rule = compact(normalised, original, cells[0].start, cells[0].end).whole()
    return out


def task_table_notes(
    plan: Plan, normalised: str, original: str, start: int, state: NoteState, vocab: Vocabularies
) -> None:
    """Give the measures that have no note of their own the rows of the annex's
    division-of-labour tables that name them."""
    columns: _Columns | None = None
    section: int | None = None
    rows = table_rows(normalised, original, start)
    units = _units(plan.measures)
    rules = _table_rules(plan, rows, normalised, original, state)
    columns_at = -1
    for k, row in enumerate(rows):
        texts = [c.text for c in row.cells]
        header = _header(texts)
        if header is not None:
            columns, section, columns_at = header, None, k
            continue
        if columns is None:
            continue
        sub = [_agency_label(t) for t in texts if t]
        if len(sub) >= 2 and all(sub):
            # A second header row splitting the 责任单位 column: 牵头单位 | 配合单位.
            first = columns.agencies[0][0]
            labels = [label for label in sub if label is not None]
            columns.agencies = [(first + k, label) for k, label in enumerate(labels)]
            continue
        if len(row.nonempty()) == 1:
            only = row.nonempty()[0].text
            m = SECTION_RE.match(only)
            if m and m.group(2):
                section = cn_number(m.group(1))
            elif annex_heading(normalised, row.nonempty()[0]) is not None:
                columns = None  # the next annex
            continue
        measure = None
        item = None
        if columns.task is not None and columns.task < len(row.cells):
            unit = _by_title(row.cells[columns.task].text, units)
            measure, item = unit if unit is not None else (None, None)
        if measure is None and columns.index is not None and columns.index < len(row.cells):
            index = row.cells[columns.index].text
            both = _SECTION_MEASURE.match(index)
            if both:
                at = cn_number(both.group(1))
                measure = _by_number(cn_number(both.group(2)), at, plan.measures)
            elif (number := _number(index)) is not None:
                measure = _by_number(number, section, plan.measures)
        if (
            measure is None
            or measure.responsibilities
            or (item is not None and item.responsibilities)
            or (item is None and any(i.responsibilities for i in measure.items))
        ):
            continue
        cells = []
        for column, label in columns.agencies:
            if column < len(row.cells):
                cell = row.cells[column]
                cells.append((label, compact(normalised, original, cell.start, cell.end)))
        note_text = _cell_note(cells)
        if note_text is None:
            continue
        note = parse_note(note_text, rules.get(columns_at, state), vocab, plan.jurisdiction)
        if note is not None and item is not None:
            item.responsibilities = [replace(m) for m in note.mentions]
        elif note is not None:
            measure.responsibilities = [replace(m) for m in note.mentions]
