"""Plan text -> `Plan` model: decode, normalise, lay out, then read notes and targets."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import cast

from ingest.annex import annex_targets
from ingest.docnumber import canonical
from ingest.errors import PlanError
from ingest.gaps import responsibility_gaps
from ingest.gazetteer import NATIONAL_CODE, gazetteer
from ingest.jurisdiction import resolve as resolve_jurisdiction
from ingest.metadata import PlanMeta
from ingest.model import (
    Division,
    JurisdictionEvidence,
    Measure,
    MeasureKind,
    Plan,
    Section,
    Span,
    SubItem,
    Target,
)
from ingest.responsibility import (
    MeasureNote,
    Note,
    NoteState,
    is_label_line,
    lead_rule,
    measure_notes,
    names_section_work,
    notes_in,
    numbered_responsibilities,
    parse_note,
    rule_scope,
    table_rule,
    title_without_note,
)
from ingest.structure import (
    CIRCLED,
    HEADING_NUMERALS,
    Block,
    Layout,
    MeasureBlock,
    doc_numbers,
    find_date,
    is_target_heading,
    layout,
)
from ingest.targets import headline_targets, measure_targets
from ingest.task_table import (
    annex_table_notes,
    body_table_notes,
    names_measures,
    section_measures,
)
from ingest.text import (
    Compact,
    CompactIndex,
    as_written,
    decode,
    is_traditional,
    normalise,
)
from ingest.tree import Node, build
from ingest.vocab import Vocabularies, vocabularies

# Lines that may close a plan without a full stop: signature, date, contact, 抄送.
_TRAILER = re.compile(
    r"^(?:\(?(?:联系人|联络人|联系电话|联络电话|联系方式|电话|传真|邮箱|电子邮箱|地址|邮编)\s*:.*"
    r"|抄送\s*:.*"
    r"|.{0,40}(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:印发|发布|\))?"
    # a draft's month alone (2022年9月, 二〇二二年九月), on its own line
    r"|(?:(?:19|20)\d{2}|[〇零一二][〇零一二三四五六七八九]{3})年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"|[^。,;:]{2,30}(?:人民政府|办公室|办公厅|委员会|领导小组|局|厅)"
    r"|\(此件[^()]{0,20}\))$"
)
_NUMBERING = re.compile(rf"\s*[(\[]?\s*[{HEADING_NUMERALS}{CIRCLED}\d\s]+[)\]、.]?\s*")
_TABLE_ROW = re.compile(r"\S(?:\t|[ \u3000\xa0]{2,})\S")
# A cited document: 《title》 then its 文号 in brackets (the brackets are folded to ASCII).
_CITATION_RE = re.compile(
    r"《([^《》]{2,120})》\s*\(\s*([^()]{2,40}?\(\s*(?:19|20)\d{2}\s*\)\s*\d{1,4}\s*号)"
)
_TERMINAL = ("。", ")", "]", "”", "!", "?", ";", "」", "…", '"', "'")


def section_kind(title: str) -> MeasureKind:
    """The kind of a section or measure title, from the measure-kind vocabulary."""
    return cast(MeasureKind, vocabularies().measure_kind(title))


def parse_file(
    path: Path, base: str = "https://w3id.org/plankg/", meta: PlanMeta | None = None
) -> Plan:
    return parse_bytes(path.read_bytes(), path.name, base, meta)


def parse_bytes(
    raw: bytes, source: str, base: str = "https://w3id.org/plankg/", meta: PlanMeta | None = None
) -> Plan:
    original, encoding = decode(raw, source)
    traditional = is_traditional(original)
    norm = normalise(original, simplify=traditional)
    lay = layout(norm, source, original)
    vocab = vocabularies(base)
    _check_complete(norm, original, lay, source)
    title_as_written = original[lay.title_start : lay.title_end] if traditional else None
    jurisdiction, evidence = _jurisdiction(lay, norm, source, title_as_written, meta)

    preamble = norm[: lay.preamble_end]
    own_numbers = doc_numbers(preamble)
    document_number = None
    if own_numbers:
        a, b = own_numbers[-1]
        document_number = as_written(original, norm, a, b)  # "〔2023〕11 号" -> "〔2023〕11号"
    cited = []
    for a, b in doc_numbers(norm[lay.title_end : lay.body_end]):
        number = as_written(original, norm, lay.title_end + a, lay.title_end + b)
        if number != document_number and number not in cited:
            cited.append(number)
    cited_titles = _cited_titles(norm[lay.title_end : lay.body_end])
    date = find_date(preamble)
    issuer = _issuer(preamble, date[1] if date else None)

    plan = Plan(
        source_name=source,
        sha256=hashlib.sha256(raw).hexdigest(),
        encoding=encoding,
        original_text=original,
        traditional=traditional,
        title=as_written(original, norm, lay.title_start, lay.title_end),
        jurisdiction=jurisdiction,
        status="draft" if lay.status_draft else "issued",
        issuer=issuer,
        issued=date[0] if date else None,
        document_number=document_number,
        cited_documents=cited,
        jurisdiction_evidence=evidence,
    )
    plan.cited_titles = {
        n: cited_titles[canonical(n)] for n in cited if canonical(n) in cited_titles
    }
    if meta is not None:
        plan.source_url = meta.source_url or plan.source_url
        plan.issued = meta.issued or plan.issued
    plan.title = _clean_title(plan.title, lay.title)
    doc = CompactIndex(norm, original)
    body = doc.view(lay.body_start, lay.body_end)
    state = NoteState()
    root = build(norm, original, lay)
    # The rule may be stated anywhere in the body, in a note, or in the cover notice (and
    # it speaks of the lead: "全省排在第一位" is no rule). It holds where it says: a rule
    # for 本部分 in its section only, one for 以上 in the sections up to its own, one for 本表
    # or stated in a table's note (注：) in that table only (ingest/task_table.py);
    # elsewhere, for the whole document.
    ruled: frozenset[int] = frozenset()  # the sections a rule holds in alone, if any
    annex = doc.view(lay.body_end, len(norm))
    tables = [(n.start, n.end) for n in root.find("table")]
    for view in (body, annex, doc.view(0, lay.body_start)):
        rules = (
            m
            for m in lead_rule().finditer(view.text)
            if "牵头" in view.text[max(0, m.start() - 20) : m.end() + 20]
            and not (view is annex and _in_table_note(original, view.span(m.start(), 0).start))
            and not any(a <= view.offsets[m.start()] < b for a, b in tables)
        )
        rule = next((m for m in rules if rule_scope(view.text, m.start()) != "table"), None)
        if rule:
            at = view.span(rule.start(), 0).start
            sentence_end = view.text.find("。", rule.end())
            others = table_rule(
                view.text[rule.start() : sentence_end if sentence_end > 0 else None]
            )
            scope = rule_scope(view.text, rule.start())
            if scope in ("section", "preceding") and view is body:
                # 本部分…, or 以上各项… closing a section: the section it stands in
                ruled = frozenset(sb.number for sb in lay.sections if sb.start <= at < sb.end)
            elif not (scope == "following" and view is body):
                # a rule a note of the body states for itself and after (下同) is set by
                # that note when it is read
                state.lead_by_convention = True
            state.others = others or ""
            plan.lead_rule = view.span(rule.start(), rule.end())
            break
    _read_sections(plan, lay, doc, original, norm, state, vocab, root, ruled)
    _body_tables(plan, lay, root, norm, original, state, vocab)
    for appendix in root.find("annex"):
        annex_table_notes(plan, appendix, norm, original, state, vocab)
    plan.gaps.extend(responsibility_gaps(plan))
    plan.targets = _targets(plan, lay, doc, norm, original)
    return plan


def _in_table_note(text: str, at: int) -> bool:
    """Is offset `at` of the text inside a note under a table (a line that starts with 注)?"""
    line = text[text.rfind("\n", 0, at) + 1 : at]
    return line.lstrip().startswith("注")


def _check_complete(norm: str, original: str, lay: Layout, source: str) -> None:
    """Refuse a truncated plan: the body must end a sentence, brackets must close.

    The end is the plan's own text: web page furniture is already blank in `norm`, and a
    closing signature, date, contact or 抄送 line after the last sentence is not prose.
    """
    body = norm[lay.body_start : lay.body_end]
    end = len(body.rstrip())
    table = False
    while end > 0:
        line_start = body.rfind("\n", 0, end) + 1
        row = original[lay.body_start + line_start : lay.body_start + end]
        squeezed = "".join(body[line_start:end].split())
        # A signature, date or contact line, or a table (rows with cells apart by tabs or
        # runs of spaces, under a title "…分工表": no 附件 heading) is not a sentence left
        # unfinished.
        if _TABLE_ROW.search(row):
            table = True
        elif not (
            _TRAILER.match(squeezed)
            or (table and len(squeezed) <= 40 and squeezed.endswith(("表", "清单")))
        ):
            break
        end = len(body[:line_start].rstrip())
    stripped = body[:end]
    last_line = stripped[stripped.rfind("\n") + 1 :].strip()
    if (
        lay.body_end == len(norm)
        and stripped
        and not stripped.endswith(_TERMINAL)
        and not is_label_line(last_line)  # a labelled note line ends without 。
    ):
        line = norm.count("\n", 0, lay.body_start + len(stripped)) + 1
        raise PlanError(source, "truncated plan: the text stops mid-sentence", line=line)
    depth = 0
    for ch in body:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
    last_open = body.rfind("(")
    if depth > 0 and body.rfind(")") < last_open:
        line = norm.count("\n", 0, lay.body_start + last_open) + 1
        raise PlanError(source, "truncated plan: a bracket opened here is never closed", line=line)


def _jurisdiction(
    lay: Layout, norm: str, source: str, traditional_title: str | None, meta: PlanMeta | None
) -> tuple[Division, list[JurisdictionEvidence]]:
    """The plan's division from all the evidence of its text (ingest/jurisdiction.py), or
    the one the user gave (--jurisdiction, the metadata file), which wins."""
    override = meta.jurisdiction if meta else None
    return resolve_jurisdiction(
        lay,
        norm,
        source,
        original_title=traditional_title,
        override=override,
        override_from=meta.jurisdiction_from if meta else "--jurisdiction",
    )


def _cited_titles(body: str) -> dict[str, str]:
    """文号 -> the title of the document cited with it: 《title》（冀政字〔2022〕18号）."""
    out: dict[str, str] = {}
    for m in _CITATION_RE.finditer(body):
        out.setdefault(canonical(m.group(2)), m.group(1))
    return out


def _clean_title(as_written: str, normalised: str) -> str:
    # Masked noise (e.g. Word bookmarks) is blank in the normalised title; drop it here too.
    start = as_written.find(normalised[:4]) if normalised[:4] else -1
    return as_written[start:].strip() if start > 0 else as_written.strip()


def _issuer(preamble: str, date_at: int | None) -> str | None:
    if date_at is None:
        return None
    before = preamble[:date_at].rstrip().splitlines()
    if not before:
        return None
    last = before[-1].strip()
    if last.endswith(("政府", "办公室", "委员会", "办公厅", "局", "厅")) and len(last) <= 30:
        return last
    return None


def _read_sections(
    plan: Plan,
    lay: Layout,
    doc: CompactIndex,
    original: str,
    norm: str,
    state: NoteState,
    vocab: Vocabularies,
    root: Node,
    ruled: frozenset[int] = frozenset(),
) -> None:
    """Read the notes of every section's measures into them. A lead rule stated for some
    sections (`ruled`) holds there only; the bodies a section's opening text carries
    forward for the work its title names end with it."""
    gaps = plan.gaps
    where = plan.jurisdiction
    for sb in lay.sections:
        saved = replace(state, carried=list(state.carried))
        if sb.number in ruled:
            state.lead_by_convention = True
        kind = section_kind(sb.title)
        sec_span = doc.view(sb.start, sb.end).whole()
        plan.sections.append(Section(sb.number, sb.title, kind, sec_span))
        intro_end = sb.measures[0].start if sb.measures else sb.end
        # A note in the section's lead text (以下各项任务由…牵头, or a bracketed one): for
        # its measures without a note of their own.
        # Its tables are read as tables, not as prose.
        intro = _view_without(
            doc,
            sb.title_end,
            intro_end,
            [(n.start, n.end) for n in root.tables_within(sb.title_end, intro_end)],
        )
        below = [  # (measures before it, note): 以下各项任务由…牵头
            (0, n)
            for n in notes_in(intro, state, vocab, where, gaps)
            if n.scope == "below" or n.form != "inline"  # not "由…负责" in its prose
        ]
        # the bodies carried forward as the section opens: a rule for it may name them
        opening = list(state.carried)
        above: list[tuple[int, Note]] = []  # (measures before it, note): 以上任务由…牵头
        first = len(plan.measures)
        section_tables: list[Node] = []  # tables in a measure's text naming the section's
        by_number: list[tuple[MeasureNote, Note]] = []  # notes naming measures by number
        for mb in sb.measures:
            whole = doc.view(mb.start, mb.end)
            own_end = mb.items[0].start if mb.items else mb.end
            # Its tables are read as tables (ingest/task_table.py), not as prose.
            in_tables = [(n.start, n.end) for n in root.tables_within(mb.start, mb.end)]
            # From the heading on: a note may close the title line ("…工程（市经信局牵头）").
            own = _view_without(doc, mb.start, own_end, in_tables)
            # 第(一)至(三)项由A牵头: notes for measures of the section by number, given once
            # its measures are read
            referring = _measure_notes(own, state, vocab, where)
            sentences = [own.span(n.start, n.end) for n, _ in referring]
            if referring:
                holes = [(s.start, s.end) for s in sentences]
                own = _view_without(doc, mb.start, own_end, in_tables + holes)
                by_number += referring
            title_kind = section_kind(mb.title) if kind == "other" else kind
            measure = Measure(
                section_number=sb.number,
                number=mb.number,
                title=title_without_note(_title(original, norm, mb)),
                kind=title_kind,
                span=whole.whole(),
            )
            units: list[tuple[Compact, Measure | SubItem]] = [(own, measure)]
            for ib in mb.items:
                item = SubItem(
                    number=ib.number,
                    title=title_without_note(_title(original, norm, ib)),
                    span=doc.view(ib.start, ib.end).whole(),
                )
                measure.items.append(item)
                units.append((_view_without(doc, ib.start, ib.end, in_tables), item))
            notes: list[Span] = list(sentences)  # the notes inside it: no topic of its work
            closing: list[Note] = []  # the notes given to its last unit
            for view, unit in units:  # in text order: a note's rules hold for later ones
                for note in notes_in(view, state, vocab, where, gaps):
                    notes.append(note.span)
                    if note.scope == "here":
                        unit.responsibilities.extend(note.mentions)
                        if unit is units[-1][1]:
                            closing.append(note)
                    elif note.scope == "measure" and (unit is measure or _own_line(note, original)):
                        # 本工程由…负责落实 on a line of its own: the whole measure's
                        measure.responsibilities.extend(note.mentions)
                    elif note.scope == "measure":  # 此项工作由… in a sub-item's text: its
                        unit.responsibilities.extend(note.mentions)
                        if unit is units[-1][1]:
                            closing.append(note)
                    elif note.scope == "items":
                        for item in measure.items:
                            if item.number in note.items:
                                item.responsibilities.extend(replace(m) for m in note.mentions)
                    elif note.scope == "below":
                        below.append((len(plan.measures) + 1 - first, note))
                    elif note.scope == "section":
                        below.append((0, note))  # 本部分各项工作由…: every measure of it
                    elif (
                        note.count and isinstance(unit, SubItem) and note.count < len(measure.items)
                    ):
                        # (以上两项责任单位：…) among more sub-items: those it counts; counting
                        # all of them, it is the measure's (as 以上 after its last one)
                        k = measure.items.index(unit) + 1
                        for item in measure.items[max(0, k - note.count) : k]:
                            if not item.responsibilities:
                                item.responsibilities = [replace(m) for m in note.mentions]
                    else:
                        above.append((len(plan.measures) + 1 - first, note))
            _whole_measure_note(measure, closing, original)
            for table in root.tables_within(mb.start, mb.end):
                if names_measures(table, [*plan.measures[first:], measure], norm):
                    section_tables.append(table)  # read once the section's measures are
                    notes.append(doc.view(table.start, table.end).whole())  # not its topics
                else:
                    body_table_notes(plan, table, measure, norm, original, state, vocab)
            _unit_topics(measure, mb, doc, notes, vocab)
            _renumber(measure)
            _clean_names(measure, original, norm)
            plan.measures.append(measure)
        for table in section_tables:
            body_table_notes(plan, table, None, norm, original, state, vocab, sb.number)
        for ref, note in by_number:
            for measure in plan.measures[first:]:
                if measure.number in ref.numbers and not measure.has_note():
                    measure.responsibilities = numbered_responsibilities(
                        ref, note, measure.number, state
                    )
                    if ref.inner is not None:  # 其中第②项由B牵头
                        numbers, part = ref.inner
                        given = parse_note(part, state, vocab, where)
                        for item in measure.items:
                            if given is not None and item.number in numbers:
                                item.responsibilities = [replace(m) for m in given.mentions]
        _section_notes(plan.measures[first:], above, below)
        for measure in plan.measures[first:]:
            _renumber(measure)
        if sb.number in ruled:
            state.lead_by_convention = saved.lead_by_convention
            state.others = saved.others
        if (
            state.carried == opening
            and opening != saved.carried
            and (sb.number in ruled or names_section_work(intro.text, sb.title))
        ):
            # 以下各项重点工程均需各苏木镇人民政府负责落实，不再一一列出 before the measures of
            # 实施节能减排重点工程, or named with the section's own lead rule: they end with
            # it; for 各项任务, or named by a note of one of its measures, they go on
            state.carried = saved.carried


def _measure_notes(
    view: Compact, state: NoteState, vocab: Vocabularies, where: Division
) -> list[tuple[MeasureNote, Note]]:
    """The sentences of a measure's text that give notes to measures by number, with
    their notes (those that name agencies)."""
    found = []
    for ref in measure_notes(view):
        note = parse_note(ref.note, state, vocab, where)
        if note is not None:
            found.append((ref, note))
    return found


def _unit_topics(
    measure: Measure, mb: MeasureBlock, doc: CompactIndex, notes: list[Span], vocab: Vocabularies
) -> None:
    """The topics of each unit of work (the rule: ingest/vocab.py). A sub-item's come from
    its own title and text; a measure's from its title and its text less its sub-items that
    have a note of their own, which are units of their own. The notes are left out of every
    text: an agency's name (市交通运输局, 市科学技术局) says nothing of what the work is.
    The sub-items after those of the layout are rows of a table in the measure, their
    topics their own cells' (ingest/task_table.py)."""
    holes = [(n.start, n.end) for n in notes]
    holes += [(m.span.start, m.span.end) for m in measure.responsibilities]
    laid_out = measure.items[: len(mb.items)]
    within = vocab.primary_topic(title_without_note(mb.title))
    for ib, item in zip(mb.items, laid_out, strict=True):
        text = _text_without(doc, ib.start, ib.end, holes)
        item.primary_topic, item.topics = vocab.unit_topics(
            title_without_note(ib.title), text, within
        )
    units = [
        (ib.start, ib.end) for ib, i in zip(mb.items, laid_out, strict=True) if i.responsibilities
    ]
    units += [
        (i.span.start, i.span.end) for i in measure.items[len(mb.items) :] if i.responsibilities
    ]
    text = _text_without(doc, mb.start, mb.end, holes + units)
    measure.primary_topic, measure.mentioned_topics = vocab.unit_topics(
        title_without_note(mb.title), text
    )


def _body_tables(
    plan: Plan,
    lay: Layout,
    root: Node,
    norm: str,
    original: str,
    state: NoteState,
    vocab: Vocabularies,
) -> None:
    """The division-of-labour tables of the body that stand under no measure (a section's
    own text: a key-project table with a responsibility column). In a section whose text
    numbers no measure, the table's numbered rows are its measures."""
    measures = [(mb.start, mb.end) for sb in lay.sections for mb in sb.measures]
    for table in root.tables_within(lay.body_start, lay.body_end):
        if any(a <= table.start and table.end <= b for a, b in measures):
            continue
        sb = next((s for s in lay.sections if s.start <= table.start < s.end), None)
        if sb is not None and not any(m.section_number == sb.number for m in plan.measures):
            rows = section_measures(table, sb.number, section_kind(sb.title), norm, original, vocab)
            at = next(
                (k for k, m in enumerate(plan.measures) if m.section_number > sb.number),
                len(plan.measures),
            )
            plan.measures[at:at] = rows
        body_table_notes(plan, table, None, norm, original, state, vocab)


def _pieces(doc: CompactIndex, start: int, end: int, holes: list[tuple[int, int]]) -> list[Compact]:
    """The compact views of the stretches of [start, end) between the ranges in `holes`."""
    parts = []
    at = start
    for a, b in sorted(holes):
        if b <= at or a >= end:
            continue
        if a > at:
            parts.append(doc.view(at, a))
        at = max(at, b)
    if at < end:
        parts.append(doc.view(at, end))
    return parts


def _view_without(doc: CompactIndex, start: int, end: int, holes: list[tuple[int, int]]) -> Compact:
    """The compact view of [start, end) less the ranges in `holes`."""
    parts = _pieces(doc, start, end, holes)
    if len(parts) == 1:
        return parts[0]
    return Compact(
        "".join(p.text for p in parts),
        tuple(o for p in parts for o in p.offsets),
        doc.full.original,
    )


def _text_without(doc: CompactIndex, start: int, end: int, holes: list[tuple[int, int]]) -> str:
    """The compact text of [start, end) less the ranges in `holes`, a line break where each
    was (a keyword never joins across one)."""
    return "\n".join(p.text for p in _pieces(doc, start, end, holes))


def _section_notes(
    measures: list[Measure], above: list[tuple[int, Note]], below: list[tuple[int, Note]]
) -> None:
    """Give a section's notes that apply to several measures to those with no note of
    their own: 以上任务由…牵头 to the measures before it, 以下…由… to those after it."""
    for count, implementers in above:
        if all(m.role == "implementing" for m in implementers.mentions):
            # 以上任务各县（市、区）人民政府负责落实: the implementers join every note above.
            for measure in measures[count - (implementers.count or count) : count]:
                if measure.has_note():
                    written = {m.name_as_written for m in measure.responsibilities}
                    measure.responsibilities += [
                        replace(m, carried_forward=True)
                        for m in implementers.mentions
                        if m.name_as_written not in written
                    ]
    for k, measure in enumerate(measures):
        if measure.has_note():
            continue
        note = next(
            (n for count, n in above if k < count and k >= count - (n.count or count)), None
        )
        if note is None:  # the nearest before it
            note = next((n for count, n in reversed(below) if k >= count), None)
        if note is not None:
            measure.responsibilities = [replace(m) for m in note.mentions]


def _own_line(note: Note, original: str) -> bool:
    """Whether a note opens a line of its own: between the line's start and the note, a
    bracket, a label or the words of its scope at most (（责任单位：, 本工程由), no sentence."""
    start = max(original.rfind("\n", 0, note.span.start), original.rfind("\r", 0, note.span.start))
    before = original[start + 1 : note.span.start]
    return len(before.strip()) <= 12 and not any(c in before for c in "。；;！？!?")


def _whole_measure_note(measure: Measure, closing: list[Note], original: str) -> None:
    """The one note of a measure with sub-items, on a line of its own after the last of
    them, is the whole measure's: 1.… 2.… 3.…⏎（责任单位：A、B）."""
    if len(measure.items) < 2 or measure.responsibilities or not closing:
        return
    if any(i.responsibilities for i in measure.items[:-1]):
        return
    if all(_own_line(n, original) for n in closing):
        measure.responsibilities = measure.items[-1].responsibilities
        measure.items[-1].responsibilities = []


def _clean_names(measure: Measure, original: str, norm: str) -> None:
    """Names as written without what the normaliser masked inside their span (a page
    header where the name broke across pages, invisible garbage, ⼯ for 工)."""
    for group in [measure.responsibilities, *(i.responsibilities for i in measure.items)]:
        for mention in group:
            raw = "".join(mention.span.text.split())
            clean = as_written(original, norm, mention.span.start, mention.span.end)
            if clean != raw and mention.name_as_written.startswith(raw):
                mention.name_as_written = clean + mention.name_as_written[len(raw) :]


def _renumber(measure: Measure) -> None:
    """Positions count within the measure's own note, and within each item's notes."""
    for group in [measure.responsibilities, *(i.responsibilities for i in measure.items)]:
        for position, mention in enumerate(group, start=1):
            mention.position = position


def _title(original: str, norm: str, block: Block) -> str:
    """A heading's title as written (original script), without the numbering mark.

    The mark is found in the normalised text (⼀ and 一 alike), then cut from the original.
    """
    mark = _NUMBERING.match(norm, block.start, block.title_end)
    start = mark.end() if mark else block.start
    return as_written(original, norm, start, block.title_end).rstrip("。:：")


def _targets(plan: Plan, lay: Layout, doc: CompactIndex, norm: str, original: str) -> list[Target]:
    targets: list[Target] = []
    code = plan.jurisdiction.code
    gaz = gazetteer()
    within = None if code == NATIONAL_CODE else code

    def subject(name: str) -> str | None:
        return gaz.resolve(name, within=within)

    def elsewhere(t: Target) -> bool:
        """A figure its clause gives to subdivisions it names (其中，高要区、四会市单位地区
        生产总值能耗下降不低于15%) or to a sector (其中焦化行业氮氧化物减排量1500吨):
        theirs, not the plan's."""
        lo = max(original.rfind(c, 0, t.span.start) for c in "，,；;。\n") + 1
        if any(w in original[lo : t.span.start] for w in vocabularies().sector_words):
            return True
        names = re.split(r"[、和及与]", original[lo : t.span.start])
        return any(subject(n.strip()) not in (None, code) for n in names if n.strip())

    def headline(lo: int, hi: int) -> list[Target]:
        """The 主要目标 in [lo, hi): its sentences, and its table where it has one."""
        prose = [t for t in headline_targets(doc.view(lo, hi), plan.gaps) if not elsewhere(t)]
        table = annex_targets(norm, original, lo, subject, end=hi, scope="headline", gaps=plan.gaps)
        # a row the table reader read is its: the prose reader saw only its text
        rows = [(t.span.start, t.span.end) for t in table]
        prose = [t for t in prose if not any(a <= t.span.start < b for a, b in rows)]
        said = {(t.indicator, t.pollutant, t.value) for t in prose}
        return prose + [
            t
            for t in table
            if t.subject_code is not None or (t.indicator, t.pollutant, t.value) not in said
        ]

    headline_found = False
    for sb in lay.sections:
        if is_target_heading(sb.title):
            # A targets section's own text; its measures too when all of them are targets
            # ("（一）能源利用目标" "（二）污染物减排目标"), not projects.
            whole = all("目标" in mb.title for mb in sb.measures)
            first = sb.measures[0].start if sb.measures and not whole else sb.end
            targets += headline(sb.title_end, first)
            headline_found = True
            if whole:
                continue
        for mb in sb.measures:
            if is_target_heading(mb.title):
                targets += headline(mb.title_end, mb.end)
                headline_found = True
    if not headline_found and lay.sections:
        # No 主要目标 heading: the targets sit in the opening section's text or its table.
        opening = lay.sections[0]
        targets += headline(opening.title_end, opening.end)
    for sb in lay.sections:
        for mb in sb.measures:
            if "目标" in mb.title and section_kind(sb.title) == "general":
                continue
            block = doc.view(mb.title_end, mb.end)
            title = doc.view(mb.start, mb.title_end).text
            targets += measure_targets(block, (sb.number, mb.number), title)
    if lay.body_end < len(norm):
        targets += annex_targets(norm, original, lay.body_end, subject, gaps=plan.gaps)
    return targets
