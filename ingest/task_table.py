"""Division-of-labour tables (重点任务分工表): responsibilities given by the rows of a
table instead of notes in the text, wherever the table stands.

序号 | 重点任务 | 具体工作 | 牵头单位 | 配合单位 | 完成时限: each row is linked to the measure
or sub-item it is about, by its reference (三（九）2), its task's title (a measure's or a
sub-item's title, or one containing the other; a sub-item of the task's measure by the
content cell; an empty task cell is merged with the one above), its number within the
section heading row above it (a single-cell row 三、…), or else by its content, when one
measure's text clearly holds it. A row with agencies that links to no one measure is a gap
(`row-without-measure`), never a guess. A table in the body under a measure is that
measure's: its rows are the measure's sub-items (those it has, by title, or new ones).

The agency cells are read as a note whose labels are the column headers: a 牵头单位 cell
names leads, a 配合单位 cell supporters, a 责任单位 cell is read like any note (first
listed leads). Role words inside a cell (…牵头, …等按职责分工负责) are the cell's own and
win over its header. Rows and columns come from the one table reader (ingest/tables.py).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

from ingest import tables
from ingest.annex import annex_heading
from ingest.model import Gap, Measure, MeasureKind, Plan, SubItem
from ingest.responsibility import NoteState, carries_forward, parse_note, table_rule
from ingest.structure import MEASURE_RE, NUMERAL, SECTION_RE, cn_number
from ingest.tables import AGENCY, Row, agency_label, as_written, cell_at, row_span
from ingest.text import Compact, compact
from ingest.tree import Node
from ingest.vocab import Vocabularies, vocabularies

_PUNCT = re.compile(r"[\s,.;:!?()\[\]“”\"'、。，；：（）《》〔〕]")
_NUMBER = re.compile(rf"^\(?({NUMERAL}|\d{{1,3}})\)?[.、]?$")
# 三(一), 三（九）2: the section, the measure and perhaps the sub-item in one cell.
_SECTION_MEASURE = re.compile(rf"^({NUMERAL})[、.]?\(({NUMERAL})\)(?:第?(\d{{1,2}})[项条]?)?$")
# Content linking: the share of a row's character pairs a measure's text must hold, and
# how far ahead of the next measure it must be, to be that row's measure.
_CONTENT_SHARE = 0.6
_CONTENT_LEAD = 0.15


@dataclass
class _Columns:
    index: int | None
    task: int | None
    agencies: list[tuple[int, str]]  # (column, label)
    content: int | None = None
    reference: int | None = None


def _header(texts: list[str]) -> _Columns | None:
    """The columns of a division-of-labour table's header row, or None for another row:
    it names an agency column and a task (or content) or index column."""
    found = tables.columns(texts)
    agencies = [(c.index, c.label) for c in found if c.role == AGENCY and c.label is not None]
    index, reference, task, content = (
        next((c.index for c in found if c.role == role), None)
        for role in ("index", "reference", "task", "content")
    )
    if not agencies or (task is None and content is None and index is None and reference is None):
        return None
    return _Columns(index, task, agencies, content, reference)


@dataclass(frozen=True)
class _Line:
    """A row of a table as the header row above it reads it."""

    index: int  # of the row in the table's rows
    row: Row
    # "header": a header row; "row": a row under one; "single": a row of one cell under one
    # (a caption, a note 注：…, a section heading, the next annex's heading); "outside": a
    # row under no header (before the first, or after an annex heading)
    kind: Literal["header", "row", "single", "outside"]
    columns: _Columns | None  # the columns the header above names, as a sub-header splits them
    header_at: int  # the index of that header row, -1 for none
    section: int | None  # the number of the section heading row above it, since that header


def _walk(rows: list[Row], normalised: str) -> Iterator[_Line]:
    """The rows of a table (or of an annex's tables), each as the header above it reads it:
    a header row names the columns of the rows under it; a second header row splitting
    its agency column (牵头单位 | 配合单位) gives that column's parts, and is no row itself;
    a section heading row (三、…) numbers the rows under it; an annex heading ends the
    table."""
    columns: _Columns | None = None
    header_at = -1
    section: int | None = None
    for k, row in enumerate(rows):
        texts = [c.text for c in row.cells]
        header = _header(texts)
        if header is not None:
            columns, header_at, section = header, k, None
            yield _Line(k, row, "header", columns, header_at, None)
            continue
        if columns is None:
            yield _Line(k, row, "outside", None, -1, None)
            continue
        sub = [agency_label(t) for t in texts if t]
        labels = [label for label in sub if label is not None]
        if len(sub) >= 2 and len(labels) == len(sub):
            first = columns.agencies[0][0]
            columns = replace(columns, agencies=[(first + i, lb) for i, lb in enumerate(labels)])
            continue
        cells = row.nonempty()
        if len(cells) != 1:
            yield _Line(k, row, "row", columns, header_at, section)
            continue
        yield _Line(k, row, "single", columns, header_at, section)
        m = SECTION_RE.match(cells[0].text)
        if m and m.group(2):
            section = cn_number(m.group(1))
        elif annex_heading(normalised, cells[0]) is not None:
            columns, header_at, section = None, -1, None  # the next annex


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
    # a task naming a measure and one of its sub-items (挥发性有机物综合整治工程——工业源综合
    # 治理): that sub-item
    items = [
        u for u in within if u[1] is not None and any(w[1] is None and w[0] is u[0] for w in within)
    ]
    if len(items) == 1:
        return items[0]
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
    plan: Plan, rows: list[Row], normalised: str, original: str, state: NoteState
) -> dict[int, NoteState]:
    """The lead rule a table states in its own note (注：…列第一位的为牵头单位，其他为配合
    单位): it holds for that table's rows, keyed by the index of the table's header row."""
    out: dict[int, NoteState] = {}
    for line in _walk(rows, normalised):
        cells = line.row.nonempty()
        if line.kind != "single":
            continue
        if carries_forward(cells[0].text):
            # 各县（市、区）人民政府负责本辖区各项任务落实，不再在表中列出: the bodies every
            # row of the table leaves out
            found = NoteState()
            view = compact(normalised, original, cells[0].start, cells[0].end)
            note = parse_note(view, found, vocabularies(), plan.jurisdiction)
            named = [m for m in note.mentions if m.role == "implementing"] if note else []
            if named:
                held = out.get(line.header_at, state)
                out[line.header_at] = replace(held, carried=[*held.carried, *named])
            continue
        if not cells[0].text.startswith("注"):
            continue
        rule = table_rule(cells[0].text)
        if rule is not None:
            held = out.get(line.header_at, state)
            out[line.header_at] = NoteState(True, held.carried, others=rule)
            if plan.lead_rule is None:
                plan.lead_rule = compact(normalised, original, cells[0].start, cells[0].end).whole()
    return out


def annex_table_notes(
    plan: Plan,
    annex: Node,
    normalised: str,
    original: str,
    state: NoteState,
    vocab: Vocabularies,
) -> None:
    """Give the measures that have no note of their own the rows of an annex's
    division-of-labour tables that link to them."""
    rows = tables.rows(normalised, original, annex.start, annex.end)
    _read(plan, rows, normalised, original, state, vocab, None)


def section_measures(
    table: Node,
    section: int,
    kind: MeasureKind,
    normalised: str,
    original: str,
    vocab: Vocabularies,
) -> list[Measure]:
    """The measures a table stands for in a section that numbers none in its text (三、
    重点工程 then 表1 with 序号, 工程名称, 主要内容, 责任单位): one per row with a number and
    a task, its topics from its cells but the agencies'. None for another table, or one
    whose rows fall under section heading rows or repeat a number."""
    found: list[Measure] = []
    headers = 0
    for line in _walk(table.rows, normalised):
        row, columns = line.row, line.columns
        headers += line.kind == "header"
        if headers > 1:
            return []  # a second table: not one measure per row
        if line.kind == "single" and SECTION_RE.match(row.nonempty()[0].text):
            return []  # rows under section headings: not one section's measures
        if line.kind != "row" or columns is None:
            continue  # a caption or a note (注：…)
        index, task = cell_at(row, columns.index), cell_at(row, columns.task)
        number = _number(index.text) if index is not None else None
        if number is None or task is None or task.empty:
            continue
        lo, hi = row_span(row)
        title = as_written(normalised, original, task)
        measure = Measure(
            section_number=section,
            number=number,
            title=title,
            kind=kind,
            span=compact(normalised, original, lo, hi).whole(),
        )
        agency_columns = {column for column, _ in columns.agencies}
        words = "\n".join(c.text for k, c in enumerate(row.cells) if k not in agency_columns)
        measure.primary_topic, measure.mentioned_topics = vocab.unit_topics(title, words)
        found.append(measure)
    numbers = [m.number for m in found]
    return found if len(set(numbers)) == len(numbers) else []


def names_measures(table: Node, measures: list[Measure], normalised: str) -> bool:
    """Do the rows of a table name two or more of `measures` by title: a table standing
    after a section's measures (within its last one's text) that gives the responsibility
    of each, not sub-items of the last."""
    named: set[int] = set()
    units: list[_Unit] = [(m, None) for m in measures]
    for line in _walk(table.rows, normalised):
        columns = line.columns
        if line.kind not in ("row", "single") or columns is None:
            continue
        for at in (columns.task, columns.content):
            cell = cell_at(line.row, at)
            unit = _by_title(cell.text, units) if cell is not None and not cell.empty else None
            if unit is not None:
                named.add(id(unit[0]))
                break
    return len(named) >= 2


def body_table_notes(
    plan: Plan,
    table: Node,
    home: Measure | None,
    normalised: str,
    original: str,
    state: NoteState,
    vocab: Vocabularies,
    section: int | None = None,
) -> None:
    """The rows of a division-of-labour table in the body: under a measure (`home`), its
    sub-items; elsewhere, linked to the measures as an annex table's are, a row's running
    number naming a measure of `section`, the section the table stands in, if given."""
    _read(plan, table.rows, normalised, original, state, vocab, home, section)


@dataclass
class _Pending:
    """A row with agencies, waiting for the rest of its table to be linked."""

    row: Row
    columns: _Columns
    task: str  # its task, a merged cell's from the row above
    section: int | None  # the section heading row above it
    note: Compact  # its agency cells as one note
    state: NoteState  # the rules its table's note states, or the document's


def _read(
    plan: Plan,
    rows: list[Row],
    normalised: str,
    original: str,
    state: NoteState,
    vocab: Vocabularies,
    home: Measure | None,
    within: int | None = None,
) -> None:
    task_above: str = ""  # the task cell a merged (empty) one repeats
    rules = _table_rules(plan, rows, normalised, original, state)
    table: list[_Pending] = []
    text = (normalised, original)
    for line in _walk(rows, normalised):
        if line.kind == "header":
            _give(plan, table, home, vocab, text)
            table, task_above = [], ""
            continue
        row, columns = line.row, line.columns
        if line.kind != "row" or columns is None:
            continue
        section = line.section if line.section is not None else within
        task = cell_at(row, columns.task)
        if task is not None and task.empty and columns.content is not None:
            task_text = task_above  # a merged task cell: the task of the rows above
        else:
            task_text = task_above = task.text if task is not None else ""
        cells = []
        for column, label in columns.agencies:
            if column < len(row.cells):
                cell = row.cells[column]
                cells.append((label, compact(normalised, original, cell.start, cell.end)))
        note_text = _cell_note(cells)
        if note_text is not None:
            rule = rules.get(line.header_at, state)
            table.append(_Pending(row, columns, task_text, section, note_text, rule))
    _give(plan, table, home, vocab, text)


def _give(
    plan: Plan,
    table: list[_Pending],
    home: Measure | None,
    vocab: Vocabularies,
    text: tuple[str, str],
) -> None:
    """Give the rows of one table to their units. A table links its rows one way: only
    one none of whose rows links by reference, title or number is linked by content, and
    there a measure two rows would share is no row's."""
    units: list[_Unit | None]
    if home is not None:
        units = [_in_measure(home, p.row, p.columns, p.task, vocab, text) for p in table]
    else:
        units = [_link(plan, p.row, p.columns, p.task, p.section) for p in table]
    if home is None and table and not any(units):
        found = [_by_content(_row_words(p), plan.measures) for p in table]
        shared = {id(m) for m in found if m is not None and found.count(m) > 1}
        units = [(m, None) if m is not None and id(m) not in shared else None for m in found]
    elif home is None:
        # rows that each name a measure and a part of it (重点行业绿色升级工程——节能降碳改造,
        # ——污染物深度治理) or tell a part of it in a content cell, where the text has no
        # such sub-item: each row is one of its own
        whole = [id(u[0]) for u in units if u is not None and u[1] is None]
        for k, (pending, unit) in enumerate(zip(table, units, strict=True)):
            if unit is None or unit[1] is not None or whole.count(id(unit[0])) < 2:
                continue
            title, task = _key(unit[0].title), _key(pending.task)
            content = cell_at(pending.row, pending.columns.content)
            told = content is not None and not content.empty  # …工程 | 集中涂装中心建设
            if (title in task and len(task) > len(title) + 1) or told:
                units[k] = _in_measure(
                    unit[0], pending.row, pending.columns, pending.task, vocab, text
                )
        # rows naming work of a measure no row names and the text gives no note (建筑节能和
        # 清洁取暖, 公共机构节能 for 城镇绿色节能改造工程): linked by content, items of it
        named = {id(u[0]) for u in units if u is not None}
        free = [m for m in plan.measures if id(m) not in named and not m.has_note()]
        for k, (pending, unit) in enumerate(zip(table, units, strict=True)):
            if unit is None and free and (m := _by_content(_row_words(pending), free)):
                units[k] = _in_measure(m, pending.row, pending.columns, pending.task, vocab, text)
    for pending, unit in zip(table, units, strict=True):
        if unit is None:
            lo, hi = row_span(pending.row)
            span = compact(*text, lo, hi).whole()
            plan.gaps.append(Gap("row-without-measure", span, pending.task or span.text[:40]))
            continue
        measure, item = unit
        # the text's own note wins over the table: a sub-item's over its row, a measure's
        # (or its sub-items') over a row of the whole measure; a measure's note leaves its
        # sub-items' rows theirs, as sub-items with notes of their own in the text
        if item is not None and item.responsibilities:
            continue
        if item is None and measure.has_note():
            continue
        note = parse_note(pending.note, pending.state, vocab, plan.jurisdiction)
        if note is not None and item is not None:
            item.responsibilities = [replace(m) for m in note.mentions]
        elif note is not None:
            measure.responsibilities = [replace(m) for m in note.mentions]


def _row_words(pending: _Pending) -> str:
    content = cell_at(pending.row, pending.columns.content)
    return pending.task + (content.text if content is not None else "")


def _link(plan: Plan, row: Row, columns: _Columns, task: str, section: int | None) -> _Unit | None:
    """The measure or sub-item a row is about: by reference, title or number."""
    units = _units(plan.measures)
    for at in (columns.reference, columns.index):
        ref = cell_at(row, at)
        both = _SECTION_MEASURE.match(ref.text) if ref is not None else None
        if both:
            return _by_reference(plan, both)
    content = cell_at(row, columns.content)
    content_text = content.text if content is not None else ""
    if task:
        unit = _by_title(task, units)
        if unit is not None and unit[1] is None and content_text:
            # 重点任务 names the measure, 具体工作 one of its sub-items.
            item = _by_title(content_text, _units([unit[0]])[1:])
            return item or unit
        if unit is not None:
            return unit
    if content_text:
        unit = _by_title(content_text, units)
        if unit is not None:
            return unit
    index = cell_at(row, columns.index)
    # A running number names a measure only as counted under a section heading row.
    if section is not None and index is not None and (number := _number(index.text)) is not None:
        measure = _by_number(number, section, plan.measures)
        if measure is not None:
            return measure, None
    return None


def _by_reference(plan: Plan, ref: re.Match[str]) -> _Unit | None:
    """三（九）2: measure (九) of section 三, and its sub-item 2 where the cell names one."""
    measure = _by_number(cn_number(ref.group(2)), cn_number(ref.group(1)), plan.measures)
    if measure is None:
        return None
    if ref.group(3) is None:
        return measure, None
    item = next((i for i in measure.items if i.number == int(ref.group(3))), None)
    return (measure, item) if item is not None else None


def _bigrams(text: str) -> set[str]:
    key = _key(text)
    return {key[k : k + 2] for k in range(len(key) - 1)}


def _by_content(text: str, measures: list[Measure]) -> Measure | None:
    """The one measure whose text clearly holds a row's words (its character pairs)."""
    pairs = _bigrams(text)
    if len(pairs) < 4:
        return None
    scored = sorted(
        ((len(pairs & _bigrams(m.span.text)) / len(pairs), k) for k, m in enumerate(measures)),
        reverse=True,
    )
    if not scored or scored[0][0] < _CONTENT_SHARE:
        return None
    if len(scored) > 1 and scored[1][0] > scored[0][0] - _CONTENT_LEAD:
        return None
    return measures[scored[0][1]]


def _in_measure(
    home: Measure,
    row: Row,
    columns: _Columns,
    task: str,
    vocab: Vocabularies,
    text: tuple[str, str],
) -> _Unit:
    """A row of a table under measure `home`: the sub-item its title names, or a new
    sub-item of its own (numbered by its index cell, else after the last item), whose topics
    are those of its cells but the agencies' (`text`: the normalised and original text)."""
    normalised, original = text
    content = cell_at(row, columns.content)
    for written in (task, content.text if content is not None else ""):
        unit = _by_title(written, _units([home])[1:]) if written else None
        if unit is not None:
            return unit
    # its title: the task cell, unless it tells the work in clauses and the content cell
    # only names it (工作内容 | 主要任务: 包装印刷行业综合治理 | 推广水性油墨，淘汰…)
    cells = [c for c in (cell_at(row, columns.task), content) if c is not None and not c.empty]
    if len(cells) == 2 and _key(cells[0].text) == _key(home.title):
        cells = cells[1:]  # the task cell repeats its measure's title: the content names it
    named = [c for c in cells if not re.search(r"[,;。]", c.text)]
    title_cell = named[0] if named else cells[0] if cells else None
    lo, hi = row_span(row)
    index = cell_at(row, columns.index)
    number = _number(index.text) if index is not None else None
    title = as_written(normalised, original, title_cell) if title_cell is not None else ""
    taken = {i.number for i in home.items}  # an item's number names it (its IRI)
    item = SubItem(
        number=number if number is not None and number not in taken else max(taken, default=0) + 1,
        title=title,
        span=compact(normalised, original, lo, hi).whole(),
    )
    agency_columns = {column for column, _ in columns.agencies}
    words = "\n".join(c.text for k, c in enumerate(row.cells) if k not in agency_columns)
    item.primary_topic, item.topics = vocab.unit_topics(
        title, words, vocab.primary_topic(home.title)
    )
    home.items.append(item)
    return home, item
