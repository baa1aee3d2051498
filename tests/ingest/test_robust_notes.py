"""Robustness of responsibility reading: each bundled plan, rewritten the
ways real plans write their notes (VARIETY.md §5, §6), still gives its gold
responsibilities: per measure, the agencies' types, roles, lead bases and carried flags.

The transforms are functions of the real plan text: they move or rewrite the plan's own
notes (found by the parser on the untouched text, then checked against the brackets
around them), never write new plans:
- bracket kinds （…） <-> 〔…〕;
- brackets -> a labelled line under the paragraph (责任单位：… / 牵头单位：…；配合单位：…,
  on one line or two);
- brackets -> inline 由…牵头;
- agency names -> their short and older forms (发改委, 经信局, 住建局, 环保局, …);
- every note -> a division-of-labour table in a new annex (重点任务分工表), one cell per
  line, tab-separated or space-separated, rows mapped by title or by number;
- the stated lead rule (列第一位的为牵头单位) moved to the start or the end of the plan, or
  stated in a plan that had none (every listing-order lead becomes document-convention).
Hypothesis chooses the combinations.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.model import Plan
from ingest.parser import parse_bytes
from ingest.vocab import vocabularies
from tests.support.paths import ROOT

PLANS = sorted((ROOT / "data" / "plans").glob("*.txt"))
GOLD = ROOT / "tests" / "gold"

Row = tuple[str, str, str | None, bool]  # agency type, role, basis, carried
Expected = dict[tuple[int, int], list[Row]]

OPEN_CLOSE = {"（": "）", "〔": "〕", "(": ")"}
# Full and current names -> short or older forms in use (VARIETY.md §6), longest first.
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "发展和改革委员会": ("发改委", "发改局"),
    "发展改革委": ("发改委", "发改局"),
    "工业和信息化局": ("工信局", "经信局", "经信委", "经济信息委"),
    "经信局": ("经济和信息化局", "经信委"),
    "工信局": ("经信局", "经济和信息化委员会"),
    "住房和城乡建设局": ("住建局", "住房城乡建设局"),
    "住房城乡建设局": ("住建局",),
    "市场监督管理局": ("市场监管局",),
    "机关事务管理局": ("机关事务局",),
    "交通运输局": ("交通局", "城乡交通运输局"),
    "生态环境局": ("环保局", "环境保护局"),
    "科学技术局": ("科技局",),
    "自然资源和规划局": ("自然资源局",),
}
_SHORT_RE = re.compile("|".join(sorted(map(re.escape, SHORT_FORMS), key=len, reverse=True)))
_LEAD_RULE_IN_NOTE = re.compile(r"列第一位的[，,]?为牵头单位[，,]?")
_SUPPORT_END = re.compile(r"(等)?(配合|参与|协助)$")


@dataclass(frozen=True)
class Note:
    """One measure's note in the original text: the content and the brackets around it."""

    key: tuple[int, int]
    title: str
    open_at: int  # offset of the opening bracket
    start: int  # content [start, end)
    end: int  # offset of the closing bracket
    title_end: int  # offset just past the measure's title in the text, -1 if not found

    def content(self, text: str) -> str:
        return text[self.start : self.end]


@cache
def original(path: Path) -> tuple[str, Plan]:
    raw = path.read_bytes()
    return raw.decode("utf-8-sig"), parse_bytes(raw, path.name)


@cache
def notes_of(path: Path) -> tuple[Note, ...]:
    text, plan = original(path)
    out = []
    for m in plan.measures:
        spans = {r.note for r in m.responsibilities if not r.carried_forward and r.note}
        assert len(spans) <= 1, "one note per measure in the bundled plans"
        for span in spans:
            opener, closer = text[span.start - 1], text[span.end]
            assert OPEN_CLOSE.get(opener) == closer, (path.name, span)
            at = text.find(m.title, m.span.start, span.start)
            title_end = at + len(m.title) if at >= 0 else -1
            out.append(
                Note(
                    (m.section_number, m.number),
                    m.title,
                    span.start - 1,
                    span.start,
                    span.end,
                    title_end,
                )
            )
    return tuple(out)


@cache
def expected(path: Path) -> Expected:
    gold = json.loads((GOLD / (path.stem + ".json")).read_text(encoding="utf-8"))
    vocab = vocabularies()
    return {
        (m["section"], m["number"]): [
            (vocab.agency_type(a["name"]), a["role"], a["basis"], bool(a.get("carried")))
            for a in m["agencies"]
        ]
        for m in gold["measures"]
    }


def got(plan: Plan) -> Expected:
    return {
        (m.section_number, m.number): [
            (r.agency_type, r.role, r.basis, r.carried_forward)
            for r in [*m.responsibilities, *(r for i in m.items for r in i.responsibilities)]
        ]
        for m in plan.measures
    }


# ------------------------------------------------------------------ transforms

Edit = tuple[int, int, str]  # replace text[start:end] with the string


def apply(text: str, edits: list[Edit]) -> str:
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def line_end(text: str, at: int) -> int:
    k = text.find("\n", at)
    return len(text) if k < 0 else k


def swapped(note: Note, text: str) -> list[Edit]:
    opener = text[note.open_at]
    new_open, new_close = ("〔", "〕") if opener in "（(" else ("（", "）")
    return [(note.open_at, note.start, new_open), (note.end, note.end + 1, new_close)]


def _split_lead_support(content: str) -> tuple[str, str] | None:
    """ "A、B牵头，C、D等配合" -> ("A、B", "C、D"); None when the note is not of that shape."""
    body = content.removeprefix("责任单位：")
    clauses = re.split(r"[，,；;]", body)
    if len(clauses) != 2 or "。" in body or not clauses[0].endswith("牵头"):
        return None
    m = _SUPPORT_END.search(clauses[1])
    if not m:
        return None
    return clauses[0][: -len("牵头")], clauses[1][: m.start()]


def labelled(note: Note, text: str, style: str) -> list[Edit]:
    """Take the note out of its brackets onto a labelled line below its paragraph."""
    content = note.content(text)
    pair = _split_lead_support(content)
    if pair and style != "single":
        sep = "\n" if style == "two-lines" else "；"
        line = f"牵头单位：{pair[0]}{sep}配合单位：{pair[1]}"
    elif content.startswith("责任单位："):
        line = content
    else:
        line = "责任单位：" + content
    at = line_end(text, note.end)
    return [(note.open_at, note.end + 1, ""), (at, at, "\n" + line)]


def inline_ok(note: Note, text: str) -> bool:
    content = note.content(text)
    return not re.search(r"[:：。]|以下|下同|列第一位", content)


def inline(note: Note, text: str) -> list[Edit]:
    """（A牵头，B配合） -> 由A牵头，B配合。"""
    sentence = "由" + note.content(text)
    after = text[note.end + 1 : note.end + 2]
    return [(note.open_at, note.end + 1, sentence + ("" if after == "。" else "。"))]


def title_ok(note: Note, text: str) -> bool:
    """A short note can close the heading (a long one would run past the title's end)."""
    return 0 <= note.title_end < note.open_at and len(note.title) + len(note.content(text)) <= 50


def in_title(note: Note, text: str) -> list[Edit]:
    """ "（一）…工程。…（A牵头）" -> "（一）…工程（A牵头）。…"."""
    bracketed = text[note.open_at : note.end + 1]
    return [(note.open_at, note.end + 1, ""), (note.title_end, note.title_end, bracketed)]


_CITY_PREFIX = re.compile(r"(?:(?<=^)|(?<=[、，,：:；;]))市(?!场)")


def prefixed(content: str, how: str, city: str) -> str:
    """Each name's 市 prefix replaced by the city's name, or dropped."""
    return _CITY_PREFIX.sub(city if how == "city" else "", content)


def shortened(content: str, pick: int) -> str:
    forms = SHORT_FORMS
    return _SHORT_RE.sub(lambda m: forms[m.group()][pick % len(forms[m.group()])], content)


def annex_table(
    notes: tuple[Note, ...], text: str, layout: str, by: str, columns: str = "single"
) -> tuple[list[Edit], str]:
    """Every note out of the text into 重点任务分工表 appended as new annexes: one table with
    a 责任单位 column, or ("lead-support") the notes of the form A牵头，B配合 in a table
    with 牵头单位 and 配合单位 columns (under a spanning 责任单位 header: "split-header")
    and the others in a second table."""
    edits: list[Edit] = [(n.open_at, n.end + 1, "") for n in notes]
    tables: dict[str, list[list[str]]] = {"单位": [], "分": []}
    sections: dict[str, int | None] = {"单位": None, "分": None}
    for k, n in enumerate(notes, start=1):
        pair = _split_lead_support(n.content(text)) if columns != "single" else None
        which = "分" if pair else "单位"
        rows = tables[which]
        if by == "number" and n.key[0] != sections[which]:
            sections[which] = n.key[0]
            rows.append([f"{'一二三四五六七八九十'[n.key[0] - 1]}、第{n.key[0]}部分任务"])
        number = f"（{n.key[1]}）" if by == "number" else str(k)
        task = n.title if by == "title" else "—"
        cells = list(pair) if pair else [n.content(text)]
        rows.append([number, task, *cells, "2025年底前"])
    headers = {
        "单位": [["序号", "重点任务", "责任单位", "完成时限"]],
        "分": [["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]],
    }
    if columns == "split-header":  # 责任单位 spanning 牵头单位 | 配合单位 on a second row
        headers["分"] = [["序号", "重点任务", "责任单位", "完成时限"], ["牵头单位", "配合单位"]]
    annexes = len(re.findall(r"^附件\s*\d", text, flags=re.M))
    lines: list[str] = []
    for which, rows in tables.items():
        if not rows:
            continue
        annexes += 1
        lines += [f"附件{annexes}", "", "重点任务分工表", ""]
        for row in [*headers[which], *rows]:
            if layout == "cell-per-line":
                lines += ["\t" + cell for cell in row] + [""]
            elif layout == "tabs":
                lines.append("\t".join(row))
            else:
                lines.append("    ".join(row))
    return edits, "\n" + "\n".join(lines) + "\n"


def moved_rule(text: str, where: str) -> str:
    """State 列第一位的为牵头单位 at the start of the body or at its end (before the annex)."""
    rule = "各项任务责任单位中，列第一位的为牵头单位。"
    if where == "start":
        first = re.search(r"^\s*一、", text, flags=re.M)
        assert first
        return text[: first.start()] + rule + "\n" + text[first.start() :]
    annex = re.search(r"^附件\s*\d", text, flags=re.M)
    at = annex.start() if annex else len(text.rstrip())
    return text[:at].rstrip() + "\n" + rule + "\n" + text[at:]


@dataclass(frozen=True)
class Choice:
    forms: tuple[
        str, ...
    ]  # per note: keep, swap, label-single, label-one-line, label-two-lines, inline
    short: tuple[int, ...]  # per note: -1 keep names, else which short form
    annex: tuple[str, str, str] | None  # (layout, by, columns): every note to annex tables
    rule: str  # keep, start, end (the plan's rule, stated or added there)
    prefix: str = "keep"  # the names' 市 prefix: keep, city (天水市…), none


def transform(path: Path, choice: Choice) -> tuple[str, Expected]:
    text, _ = original(path)
    notes = notes_of(path)
    want = {k: list(v) for k, v in expected(path).items()}
    edits: list[Edit] = []
    had_rule = bool(_LEAD_RULE_IN_NOTE.search(text))
    # Names and the rule first (inside the contents); the moves below work on the result.
    renames: list[Edit] = []
    for n, pick in zip(notes, choice.short, strict=True):
        content = n.content(text)
        if choice.rule != "keep":
            content = _LEAD_RULE_IN_NOTE.sub("", content, count=1)
        if pick >= 0:
            content = shortened(content, pick)
        if choice.prefix != "keep":
            content = prefixed(content, choice.prefix, original(path)[1].jurisdiction.name)
        if content != n.content(text):
            renames.append((n.start, n.end, content))
    text, notes = _with_edits(text, notes, renames)
    if choice.annex:
        edits, appendix = annex_table(notes, text, *choice.annex)
        text = apply(text, edits).rstrip() + "\n" + appendix
    else:
        for n, form in zip(notes, choice.forms, strict=True):
            if form == "swap":
                edits += swapped(n, text)
            elif form.startswith("label-"):
                edits += labelled(n, text, form.removeprefix("label-"))
            elif form == "inline" and inline_ok(n, text):
                edits += inline(n, text)
            elif form == "title" and title_ok(n, text):
                edits += in_title(n, text)
        text = apply(text, edits)
    if choice.rule != "keep":
        text = moved_rule(text, choice.rule)
        if not had_rule:
            for rows in want.values():
                rows[:] = [
                    (t, r, "document-convention" if b == "listing-order" else b, c)
                    for t, r, b, c in rows
                ]
    return text, want


def _with_edits(
    text: str, notes: tuple[Note, ...], edits: list[Edit]
) -> tuple[str, tuple[Note, ...]]:
    """Apply edits that fall inside notes' contents, and shift the notes to match."""
    out = []
    for n in notes:
        delta_before = sum(len(new) - (e - s) for s, e, new in edits if e <= n.open_at)
        delta_inside = sum(len(new) - (e - s) for s, e, new in edits if n.start <= s and e <= n.end)
        title_shift = sum(len(new) - (e - s) for s, e, new in edits if e <= n.title_end)
        out.append(
            Note(
                n.key,
                n.title,
                n.open_at + delta_before,
                n.start + delta_before,
                n.end + delta_before + delta_inside,
                n.title_end + title_shift if n.title_end >= 0 else -1,
            )
        )
    return apply(text, edits), tuple(out)


# ----------------------------------------------------------------------- tests

FORMS = ("keep", "swap", "label-single", "label-one-line", "label-two-lines", "inline", "title")


@st.composite
def choices(draw: st.DrawFn, n: int) -> Choice:
    annex = draw(
        st.one_of(
            st.none(),
            st.tuples(
                st.sampled_from(["cell-per-line", "tabs", "spaces"]),
                st.sampled_from(["title", "number"]),
                st.sampled_from(["single", "lead-support", "split-header"]),
            ),
        )
    )
    return Choice(
        forms=tuple(draw(st.lists(st.sampled_from(FORMS), min_size=n, max_size=n))),
        short=tuple(draw(st.lists(st.integers(-1, 3), min_size=n, max_size=n))),
        annex=annex,
        rule=draw(st.sampled_from(["keep", "keep", "start", "end"])),
        prefix=draw(st.sampled_from(["keep", "city", "none"])),
    )


def check(path: Path, choice: Choice) -> None:
    text, want = transform(path, choice)
    plan = parse_bytes(text.encode("utf-8"), path.name)
    have = got(plan)
    assert sorted(have) == sorted(want)
    for key in want:
        assert have[key] == want[key], (path.name, key, choice)
    assert [m.title for m in plan.measures] == [m.title for m in original(path)[1].measures]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_untouched_plans_match_gold(path: Path) -> None:
    check(path, Choice(("keep",) * len(notes_of(path)), (-1,) * len(notes_of(path)), None, "keep"))


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
@pytest.mark.parametrize("form", FORMS[1:])
def test_every_note_in_one_form(path: Path, form: str) -> None:
    n = len(notes_of(path))
    check(path, Choice((form,) * n, (-1,) * n, None, "keep"))


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
@pytest.mark.parametrize("layout", ["cell-per-line", "tabs", "spaces"])
@pytest.mark.parametrize("by", ["title", "number"])
@pytest.mark.parametrize("columns", ["single", "lead-support", "split-header"])
def test_notes_in_an_annex_table(path: Path, layout: str, by: str, columns: str) -> None:
    n = len(notes_of(path))
    check(path, Choice(("keep",) * n, (-1,) * n, (layout, by, columns), "keep"))


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_short_and_older_agency_names(path: Path) -> None:
    n = len(notes_of(path))
    for pick in range(4):
        check(path, Choice(("keep",) * n, (pick,) * n, None, "keep"))


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
@pytest.mark.parametrize("prefix", ["city", "none"])
def test_names_with_the_city_name_or_no_prefix(path: Path, prefix: str) -> None:
    n = len(notes_of(path))
    check(path, Choice(("keep",) * n, (-1,) * n, None, "keep", prefix))


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
@pytest.mark.parametrize("where", ["start", "end"])
def test_lead_rule_stated_elsewhere(path: Path, where: str) -> None:
    n = len(notes_of(path))
    check(path, Choice(("keep",) * n, (-1,) * n, None, where))


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
@pytest.mark.parametrize("short", [-1, 1, 3])
def test_inline_notes_naming_the_city_before_every_agency(path: Path, short: int) -> None:
    """由达州市机关事务服务中心牵头，达州市发改局、…、达州市统计局按职责分工负责: a list of
    agencies after the lead is read whole, however long its names make it."""
    n = len(notes_of(path))
    check(path, Choice(("inline",) * n, (short,) * n, None, "keep", "city"))


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_combinations(path: Path, data: st.DataObject) -> None:
    check(path, data.draw(choices(len(notes_of(path)))))


def test_short_forms_are_typed_like_the_full_names() -> None:
    vocab = vocabularies()
    for full, shorts in SHORT_FORMS.items():
        for short in shorts:
            assert vocab.agency_type("市" + short) == vocab.agency_type("市" + full), short


# ------------------------------------------------ notes that apply to several measures


def _section_heading(text: str, section: int) -> re.Match[str]:
    numeral = "一二三四五六七八九十"[section - 1]
    m = re.search(rf"^[ \t\u3000]*{numeral}、.*$", text, flags=re.M)
    assert m, section
    return m


def section_note(path: Path, form: str) -> tuple[str, Expected]:
    """The notes of one section taken out and replaced by one note for the section: at its
    end (以上任务由X牵头…, inline or in brackets) or at its start (以下各项任务由X牵头…). X is
    the lead the section's first note names."""
    text, _ = original(path)
    notes = notes_of(path)
    gold = json.loads((GOLD / (path.stem + ".json")).read_text(encoding="utf-8"))
    want = {k: list(v) for k, v in expected(path).items()}
    first_note = notes[0].key[0]
    by_section: dict[int, list[dict[str, Any]]] = {}
    for m in gold["measures"]:
        by_section.setdefault(m["section"], []).append(m)
    section = max(
        s
        for s, ms in by_section.items()
        if s != first_note and len(ms) >= 2 and all(m["agencies"] for m in ms)
    )
    lead = next(a["name"] for a in by_section[section][0]["agencies"] if a["role"] == "lead")
    ours = [n for n in notes if n.key[0] == section]
    text = apply(text, [(n.open_at, n.end + 1, "") for n in ours])
    sentence = f"{lead}牵头，各有关部门按职责分工负责"
    if form == "below":
        heading = _section_heading(text, section)
        text = text[: heading.end()] + f"\n以下各项任务由{sentence}。" + text[heading.end() :]
    else:
        # Right under the paragraph of the section's last measure (its note taken out).
        last = ours[-1]
        at = line_end(text, last.open_at - sum(n.end + 1 - n.open_at for n in ours[:-1]))
        line = f"以上任务由{sentence}。" if form == "above-inline" else f"（以上任务由{sentence}）"
        text = text[:at] + "\n" + line + text[at:]
    lead_type = vocabularies().agency_type(lead)
    for key in want:
        if key[0] == section:
            carried = [row for row in want[key] if row[3]]
            want[key] = [(lead_type, "lead", "explicit", False), *carried]
    return text, want


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
@pytest.mark.parametrize("form", ["above-inline", "above-bracket", "below"])
def test_one_note_for_a_section(path: Path, form: str) -> None:
    text, want = section_note(path, form)
    have = got(parse_bytes(text.encode("utf-8"), path.name))
    assert sorted(have) == sorted(want)
    for key in want:
        assert have[key] == want[key], (path.name, key, form)


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_implementers_for_the_section_above(path: Path) -> None:
    """以上任务各县（市、区）人民政府负责落实 closing a section joins every note above it."""
    text, _ = original(path)
    notes = notes_of(path)
    section = notes[-1].key[0]
    last = [n for n in notes if n.key[0] == section][-1]
    at = line_end(text, last.end)
    body = "以上任务各县（市、区）人民政府负责落实。"
    plan = parse_bytes((text[:at] + "\n" + body + text[at:]).encode("utf-8"), path.name)
    want = expected(path)
    local = vocabularies().agency_type("各县（市、区）人民政府")
    for m in plan.measures:
        rows = [(r.agency_type, r.role, r.basis, r.carried_forward) for r in m.responsibilities]
        key = (m.section_number, m.number)
        if m.section_number != section or not want[key]:
            assert rows == want[key], key
        elif any(r.name_as_written == "各县（市、区）人民政府" for r in m.responsibilities[:-1]):
            assert rows == want[key], key  # already named there
        else:
            assert rows == [*want[key], (local, "implementing", None, True)], key
