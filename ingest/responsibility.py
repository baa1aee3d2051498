"""Responsibility notes: （市发展改革委牵头，市统计局等配合） and their many variants.

A note is read clause by clause (split on ， ； 。 outside nested brackets); inside a
clause, names are split on 、 and a role word (牵头, 配合, 按职责分工负责, 负责落实, …)
closes the group of names before it. Document-level rules are tracked by `NoteState`:
列第一位的为牵头单位 (lead by document convention) and 以下均需…落实，不再列出 / 下同
(implementing bodies carried forward to every later note). Every word is the role
vocabulary's (ontology/vocab/role.ttl: the scope and carry words of its scheme too).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Literal

from ingest import roles_grammar as grammar
from ingest.model import AgencyMention, Division, Gap, LeadBasis, Role, Span
from ingest.roles_grammar import Named
from ingest.structure import CIRCLED, NUMERAL, cn_number
from ingest.text import Compact, wrapped_at
from ingest.vocab import Vocabularies, alternation, vocabularies


@dataclass(frozen=True)
class _Lexicon:
    """The note labels and lead role words of the role vocabulary, as the note finder
    needs them (the grammar itself is ingest/roles_grammar.py)."""

    markers: tuple[tuple[str, str], ...]  # role words, longest first
    labels: tuple[tuple[str, str | None], ...]  # note labels, longest first
    label_re: re.Pattern[str]  # 责任单位：, 【责任单位】 (normalised to [责任单位]), 牵头单位为
    label_line: re.Pattern[str]  # a line of normalised text that is a labelled note
    inline: re.Pattern[str]  # 由市生态环境局牵头 outside brackets
    lead: re.Pattern[str]  # the lead's own role words (牵头, 牵头负责 …)
    # "为牵头单位": a clause that only closes a stated lead rule (列第一位的，为牵头单位)
    lead_tails: frozenset[str]
    # A note for several measures, in the role scheme's words (pk:aboveWord …): at its
    # start, 以上各项任务均 (the measures before it) or 以下各项工作由 (those after it); a
    # sentence of its own naming them (以上任务各县区政府负责落实); the words before an
    # inline note that make it one (以上任务由…, 以下…由…).
    above: re.Pattern[str]
    below: re.Pattern[str]
    own: re.Pattern[str]
    section: re.Pattern[str]
    section_sentence: re.Pattern[str]
    all_work: re.Pattern[str]  # 各项任务: every unit of work
    above_before: re.Pattern[str]
    below_before: re.Pattern[str]
    # 以下均需…落实, 不再一一列出, 下同: what carries forward to later notes, the bodies it names
    carry: re.Pattern[str]
    carry_names: re.Pattern[str]
    carry_work: re.Pattern[str]  # 以下各项重点工程均…: the work it carries bodies for
    others: re.Pattern[str]  # 其他为配合单位: the role a rule gives those after the lead
    measure_refs: re.Pattern[str]  # 第(一)至(三)项, 第(四)、(五)项任务


@cache
def _lexicon() -> _Lexicon:
    vocab = vocabularies()
    words = vocab.label_alternation
    agents = alternation(vocab.agent_markers)
    # the lead's own role words (牵头, 牵头负责 …), not "为" + a note label
    copula = vocab.note_scope.copula
    lead = alternation(w for w, n in vocab.role_words if n == "lead" and not w.startswith(copula))
    implementing = alternation(
        w for w, n in vocab.role_words if n == "implementing" and not w.startswith(copula)
    )
    above, below = alternation(vocab.note_scope.above), alternation(vocab.note_scope.below)
    every, work = alternation(vocab.note_scope.every), alternation(vocab.note_scope.work)
    each = alternation(vocab.note_scope.each)
    scope = rf"(?:{every})?(?:{work})?(?:{each})?"  # 以上各项重点任务均: all, their work, each
    # A sentence for several measures names their work; a lone 各 there is the agencies'
    # (以上各县区政府负责落实), not the measures'.
    named_work = rf"(?:{alternation(w for w in vocab.note_scope.every if len(w) > 1)})?(?:{work})"
    ask = alternation(vocab.note_scope.request + vocab.agent_markers)
    part = alternation(w for w, kind in vocab.rule_scopes if kind == "section")  # 本部分
    return _Lexicon(
        markers=vocab.role_words,
        labels=vocab.note_labels,
        label_re=grammar.words().label_re,
        label_line=re.compile(rf"^(?:\[\s*(?:{words})\s*\]|(?:{words})\s*:)"),
        # 由…牵头 outside brackets; the names stop at punctuation or another 由. A bare 负责
        # only when it ends the clause: 由各县区政府负责组织实施 is not a note.
        inline=re.compile(
            rf"(?!{alternation(vocab.note_scope.not_agent)})"
            rf"(?:{agents})((?:[^,;。:()由]|\([^()]*\)){{2,150}}?)"
            rf"({lead}|(?:按职责分工)?负责(?=[,;。]|$))"
        ),
        lead=re.compile(lead),
        lead_tails=frozenset(
            w for w, n in vocab.role_words if n == "lead" and w.startswith(copula)
        ),
        # 以上两项由…: the count of measures it names
        above=re.compile(rf"^({above})(?:(?P<count>{_COUNT})项)?{scope}"),
        below=re.compile(rf"^(?:{below}){scope}(?:{agents})"),
        # 本部分各项工作由…: every measure of its section
        section=re.compile(
            rf"^(?:{alternation(w for w, kind in vocab.rule_scopes if kind == 'section')})"
            rf"{scope}(?:{agents})"
        ),
        own=re.compile(
            rf"^(?:{alternation(vocab.note_scope.own)})项?(?:{work})(?:{each})?(?:{agents})"
        ),
        all_work=re.compile(
            rf"(?:{alternation(w for w in vocab.note_scope.every if len(w) > 1)})(?:{work})"
            rf"|{alternation(vocab.note_scope.own_area)}"
        ),
        section_sentence=re.compile(rf"(?:{above}|{below}){named_work}(?:{each})?,?(?!{agents})"),
        above_before=re.compile(rf"(?:{above})[^,;。]{{0,10}},?$"),
        below_before=re.compile(rf"(?:{below})[^,;。]{{0,10}},?$"),
        # 以下均需…, 以下政策措施均需…落实: whatever work it names before 均
        carry=re.compile(
            rf"(?:{below}|{part})[^,;。]{{0,8}}?(?:{each})"
            rf"|{alternation(vocab.note_scope.carry + vocab.note_scope.repeat)}"
        ),
        carry_names=re.compile(
            rf"(?:{below}|{part})[^,;。]{{0,8}}?(?:{each})(?:{ask})?(.+?)"
            rf"(?:{alternation(vocab.role_manners)})*(?:{implementing})"
        ),
        carry_work=re.compile(rf"(?:{below})(?:{every})?(?P<work>{work})(?:{each})"),
        # 第(一)至(三)项任务分别由…, 第(六)项、第(七)项由…: the measures of its section a
        # sentence gives a note to
        measure_refs=re.compile(
            rf"(?:{above})?第?(?P<refs>\({_NUMERAL}\)(?:项?(?:{_REF_MARK})?第?\({_NUMERAL}\))*)"
            rf"项(?!目)(?:{work})?,?(?P<each>{alternation(vocab.note_scope.respectively)})?"
        ),
        # the copula (为, 是) joins them to the label of their role
        others=re.compile(
            rf"(?:{alternation(vocab.note_scope.others)})"
            rf"(?:{alternation(vocab.note_scope.copula)})({words})"
        ),
    )


def carries_forward(text: str) -> bool:
    """A note that names bodies for the notes after it, or those a table leaves out
    (不再一一列出, 不再在表中列出)."""
    return _lexicon().carry.search(text) is not None


def names_section_work(text: str, title: str) -> bool:
    """Whether a sentence of `text` carries bodies forward for work the section's `title`
    names (以下各项重点工程均需… under 实施节能减排重点工程), not for every task."""
    return any(m["work"] in title for m in _lexicon().carry_work.finditer(text))


def is_label_line(line: str) -> bool:
    """A line of normalised text that is a labelled note (责任单位：…)."""
    return _lexicon().label_line.match(line) is not None


@cache
def lead_rule() -> re.Pattern[str]:
    """A stated rule that the first listed leads, in the words of the lead-basis
    vocabulary (列第一位的为牵头单位, 排在第一位 …)."""
    return re.compile(alternation(vocabularies().lead_rule_words))


_LOCAL_GOV = "local-government"
_COUNT = "[两二三四五六七八九十]|[2-9]"
# the words a sentence opens on before a colon (责任分工：, 本部分任务分工如下：)
_HEADED = re.compile(r"[^,;。:()]{1,10}:")
_COUNTED = re.compile(rf"(?P<count>{_COUNT})项")
# A measure's number as a heading writes it, (三); between two, a range or a list.
_NUMERAL = f"(?:{NUMERAL})"
_RANGE_MARK = "至|到|—|-|~"
_REF_MARK = f"(?:{_RANGE_MARK}|、|,|和|及|与)"


@dataclass
class NoteState:
    """Rules a document states once and applies to later notes."""

    lead_by_convention: bool = False
    carried: list[AgencyMention] = field(default_factory=list)
    # The role the rule gives the others listed (其他为配合单位), where it says; "" where
    # it says none (they are responsible).
    others: str = ""


NoteScope = Literal["here", "above", "below", "measure", "section", "items"]


@dataclass
class Note:
    span: Span
    mentions: list[AgencyMention]
    # "above": 以上任务由…牵头 (the measures before it); "below": 以下各项任务由…牵头.
    scope: NoteScope = "here"
    dropped: list[Span] = field(default_factory=list)  # names not read as agencies
    count: int | None = None  # 以上两项由…: how many measures before it the note names
    items: tuple[int, ...] = ()  # 第1、2项由A牵头: the sub-items of its measure it is for
    form: str = "bracket"  # as located: bracket, label or inline


def _clauses(text: str) -> list[tuple[int, int]]:
    """Clauses of a note: split on ， ； 。 outside brackets, and before every label
    (labelled lines arrive joined: 牵头单位:A配合单位:B)."""
    out = []
    for a, b in grammar.split_top(text, ",;。"):
        cuts = [m.start() for m in _lexicon().label_re.finditer(text, a, b) if m.start() > a]
        for x, y in zip([a, *cuts], [*cuts, b], strict=True):
            out.append((x, y))
    return out


@dataclass(frozen=True)
class Group:
    """Where a note's content is in a block, and what form it takes."""

    start: int
    end: int
    form: Literal["bracket", "label", "inline", "sentence"]


def _breaks(block: Compact) -> set[int]:
    """Compact indices i with a line break between text[i-1] and text[i]."""
    out = set()
    offsets, original = block.offsets, block.original
    for i in range(1, len(offsets)):
        gap = original[offsets[i - 1] + 1 : offsets[i]]
        if gap and any(c in gap for c in "\n\r\u2028\u2029"):
            out.add(i)
    return out


def _inside(at: int, groups: list[Group]) -> bool:
    return any(g.start <= at < g.end for g in groups)


def _crosses(group: Group, groups: list[Group]) -> bool:
    """Whether `group` starts or ends inside another (one wholly inside it, as the
    brackets of 各乡镇(街道), does not cross it)."""
    return any(g.start < group.start < g.end or g.start < group.end < g.end for g in groups)


def _label_end(block: Compact, start: int, breaks: set[int]) -> int:
    """End of a labelled run: its line, or the first 。 after which no note text follows;
    a run that ends with 、 at a line break, or a full line of a hard-wrapped text, goes on
    (a broken line)."""
    text = block.text
    i = start
    while i < len(text):
        if i in breaks and i > start and text[i - 1] != "、":
            before = block.offsets[i - 1] + 1
            if not wrapped_at(block.original, block.original.find("\n", before)):
                return i
        if text[i] == "。":
            rest = text[i + 1 :]
            stop = min([k for k in (rest.find("。"), len(rest)) if k >= 0])
            for b in sorted(breaks):
                if b > i:
                    stop = min(stop, b - i - 1)
                    break
            sentence = rest[:stop]
            if not (_lexicon().carry.search(sentence) or lead_rule().search(sentence)
                    or _lexicon().label_re.match(sentence)):  # fmt: skip
                return i
        i += 1
    return len(text)


def _inline_end(text: str, end: int) -> int:
    """Extend an inline 由…牵头 past the clauses that go on naming agencies with a role
    ("，市发展改革委等配合")."""
    while end < len(text) and text[end] in ",;":
        nxt = min([k for k in (text.find(c, end + 1) for c in ",;。") if k >= 0] or [len(text)])
        # a list of typed agencies with its role, however long: not prose that names one
        if not grammar.is_role_clause(grammar.clean(text[end + 1 : nxt]), vocabularies()):
            break
        end = nxt
    return end


def locate_notes(block: Compact) -> list[Group]:
    """Every place a responsibility note can be in a block: the contents of top-level
    bracket groups, labelled runs (责任单位：/牵头单位：…配合单位：, on one or several
    lines) and inline 由…牵头 clauses outside brackets, in text order."""
    groups: list[Group] = []
    depth = 0
    start = -1
    text = block.text
    # Square brackets (【】, ［］) enclose notes as round ones do, and a scan's OCR mistakes
    # one bracket shape for another (〔…〕 read as 【…]): any opener pairs with any closer.
    for i, ch in enumerate(text):
        if ch in "([":
            if depth == 0:
                start = i
            depth += 1
        elif ch in ")]" and depth > 0:
            depth -= 1
            if depth == 0 and not (text[start] == "[" and ch == "]" and _is_label(text, start)):
                groups.append(Group(start + 1, i, "bracket"))
    brackets = list(groups)
    breaks: set[int] | None = None  # line breaks, found only when a label needs them
    labels: list[Group] = []
    for m in _lexicon().label_re.finditer(text):
        if _inside(m.start(), brackets) or _inside(m.start(), labels):
            continue
        if breaks is None:
            breaks = _breaks(block)
        close = text.find("]", m.end()) if m.start() > 0 and text[m.start() - 1] == "[" else -1
        if close > 0:
            # 【责任单位：A、B】: the label and its names inside one pair of brackets.
            labels.append(Group(m.start(), close, "label"))
            continue
        if m.start() > 0 and m.start() not in breaks and text[m.start() - 1] not in "。;!?":
            continue  # "明确责任单位:…" inside a sentence is no note
        end = _label_end(block, m.start(), breaks)
        if labels and labels[-1].end == m.start():
            labels[-1] = Group(labels[-1].start, end, "label")  # the next labelled line
        else:
            labels.append(Group(m.start(), end, "label"))
    groups += labels
    # A sentence cut at a ; inside a bracketed note (标题[牵头单位:A;配合单位:B]) is no note.
    groups += [
        g
        for g in _sentence_notes(text, cache(lambda: sorted(_breaks(block))))
        if not _inside(g.start, groups) and not _crosses(g, groups)
    ]
    for m in _lexicon().inline.finditer(text):
        if _inside(m.start(), groups):
            continue
        groups.append(Group(m.start(1), _inline_end(text, m.end()), "inline"))
    for m in _lexicon().section_sentence.finditer(text):
        # 以上任务各县（市、区）人民政府负责落实。 (no 由): a sentence for several measures.
        starts = m.start() == 0 or text[m.start() - 1] in "。;)"
        if not starts:
            breaks = _breaks(block) if breaks is None else breaks
            starts = m.start() in breaks  # its own line, after a labelled note line
        if _inside(m.start(), groups) or not starts:
            continue
        stop = text.find("。", m.end())
        end = len(text) if stop < 0 else stop
        content = text[m.end() : end]
        lead = _lexicon().lead.search(content) is not None
        if grammar.role_at_end(grammar.clean(content))[1] is not None or lead:
            groups.append(Group(m.end(), end, "inline"))
    return sorted(groups, key=lambda g: g.start)


def _group_end(text: str, at: int, stop: int) -> int:
    """Where the text after the bracket group opening at `at` starts (`at` if it does not
    close before `stop`)."""
    depth = 0
    for i in range(at, stop):
        if text[i] in "([":
            depth += 1
        elif text[i] in ")]":
            depth -= 1
            if depth == 0:
                return i + 1
    return at


def _is_label(text: str, at: int) -> bool:
    """Whether the [ at `at` opens a label (【责任单位】, 【牵头单位：A】), read as a label."""
    return _lexicon().label_re.match(text, at) is not None or (
        _lexicon().label_re.match(text, at + 1) is not None
    )


# A deadline written after a note: years and months with the time words, then a verb.
_DEADLINE = re.compile(
    rf"(?:\d{{1,4}}|{alternation(vocabularies().time_words)})+"
    rf"(?:{alternation(vocabularies().progress_words)})?"
)


def _sentence_notes(text: str, breaks: Callable[[], list[int]]) -> list[Group]:
    """Sentences that say who is responsible and nothing else, with no bracket or label:
    "市经信局负责，市发展改革委、市市场监管局配合。", or a bare list of agencies (县能源局、
    县发展和改革科技局), its roles from the plan's rule or the order. Every clause is a list
    of agencies closed by a role word (or joined by a verb), every name an agency, one of a
    known type in each clause; after the first, a clause may open on a directing verb
    (市生态环境局负责，督促重点企业落实泄漏检测与修复制度). One that opens on the agent
    marker (由A会同B组织实施) must name a lead: 由各县区政府负责组织实施 is prose, not a note."""
    vocab = vocabularies()
    out: list[Group] = []
    start = 0
    for end in [*(i for i, ch in enumerate(text) if ch in "。;"), len(text)]:
        a, b = start, end
        start = end + 1
        while a < b and text[a] in ",:":
            a += 1
        # The sentence, else its part from a line break on: a note on a line of its own
        # after a heading with no full stop (（三）…工程⏎A负责，B抓好落实。) or a bracketed
        # note closing the paragraph before (…工程。(A牵头)⏎本工程由B负责落实。)
        lines = breaks()
        inner = lines[bisect_right(lines, a) : bisect_left(lines, b)] if b - a >= 4 else None
        starts = [] if inner is None else [a, *inner]
        at = next((i for i in starts if _is_sentence_note(text, i, b, vocab)), None)
        if at is not None:
            out.append(Group(at, b, "sentence"))
        elif b - a >= 4 and text.startswith(vocab.agent_markers, a):
            # 由A会同B组织实施，以…为重点，…: a first clause naming a lead, prose after it
            end = a + grammar.split_top(text[a:b], ",")[0][1]
            if end < b and _is_sentence_note(text, a, end, vocab):
                out.append(Group(a, end, "sentence"))
    return out


def _is_sentence_note(text: str, a: int, b: int, vocab: Vocabularies) -> bool:
    """Whether text[a:b] is a sentence note (`_sentence_notes`)."""
    if b - a < 4 or text[a] in "([":
        return False
    # 本工程由A负责落实: a sentence about its unit as a whole is a note whatever its role.
    own = _lexicon().own.match(text[a:b])
    at = a + own.end() if own else a
    clauses = [grammar.clean(text[at + x : at + y]) for x, y in grammar.split_top(text[at:b], ",")]
    # 以下不再一一列出; a deadline after the note (…负责，年内持续推进) says no one
    roles = [c for c in clauses if not (_lexicon().carry.fullmatch(c) or _DEADLINE.fullmatch(c))]
    bare_list = len(roles) == 1 and grammar.is_agency_list(roles[0], vocab, whole_names=True)
    # A负责，督促重点企业落实…: what a directing clause asks of others is the lead's work.
    named = [c for k, c in enumerate(roles) if k == 0 or not grammar.opens_on_direct(c)]
    # every clause names agencies with their role; one of a known type at least (a
    # company may support: A负责，重庆璧山城市建设发展有限公司参与)
    clauses_read = bare_list or (
        all(grammar.is_role_clause(c, vocab, typed=False) for c in named)
        and any(grammar.is_role_clause(c, vocab) for c in named)
    )
    if not roles or not clauses_read:
        return False
    # A负责本辖区各项任务的组织实施: who carries out all the work (the object of a role
    # word), no note of its unit
    every = _lexicon().all_work.search(text, a, b)
    if (
        every
        and len(roles) == len(clauses)
        and any(w in text[a : every.start()] for w, _ in vocab.role_words)
    ):
        return False
    return bool(
        own
        or not text.startswith(vocab.agent_markers, a)
        or any(n.role == "lead" for c in roles for n in grammar.read_clause(c, 0))
    )


RuleScope = Literal["document", "section", "table", "following", "preceding"]


_REF = re.compile(rf"(?P<to>{_RANGE_MARK})?第?\(({_NUMERAL})\)")


@dataclass(frozen=True)
class MeasureNote:
    """A sentence that gives a note to measures of its section by number (第(一)至(三)项由
    A牵头，B配合): where it is in the view, the numbers, and its note."""

    start: int
    end: int
    numbers: tuple[int, ...]
    note: Compact
    respectively: bool  # 分别由A、B负责: one agency a measure, in order
    # 其中第②项由B牵头: the sub-items of those measures the note gives a note of their own
    inner: tuple[tuple[int, ...], Compact] | None = None


def measure_notes(view: Compact) -> list[MeasureNote]:
    """The sentences of `view` that give notes to measures by their numbers."""
    out: list[MeasureNote] = []
    text = view.text
    start = 0
    for k, ch in enumerate(text + "。"):
        if ch not in "。;" or k < start:
            continue
        m = _lexicon().measure_refs.match(text, start, k)
        if m is None and (head := _HEADED.match(text, start, k)):
            # 责任分工：第(一)项由A牵头；…, 本部分任务分工如下：第(一)项，A牵头…
            m = _lexicon().measure_refs.match(text, head.end(), k)
        if m is None and text.startswith("(", start):
            # (以上第(八)至(十)项由A负责。): the sentence in brackets of its own
            close = _group_end(text, start, len(text)) - 1
            m = _lexicon().measure_refs.match(text, start + 1, close)
            if m is not None and close > m.end():
                note = view.slice(m.end(), close - (text[close - 1] == "。"))
                out.append(MeasureNote(start, close + 1, _numbers(m), note, m["each"] is not None))
                start = close + 1
                continue
        while m is not None and k > m.end():
            # …第(一)至(三)项由A牵头负责，第(四)至(六)项分别由B、C、D牵头负责: one sentence,
            # a note for each run of numbers
            after = next(
                (
                    n
                    for c in range(m.end(), k)
                    if text[c] == ","
                    and (n := _lexicon().measure_refs.match(text, c + 1, k)) is not None
                ),
                None,
            )
            stop = after.start() - 1 if after is not None else k
            note, inner = _with_part(view, m.end(), stop)
            out.append(
                MeasureNote(m.start(), stop, _numbers(m), note, m["each"] is not None, inner)
            )
            m = after
        start = k + 1
    return out


def _with_part(
    view: Compact, a: int, b: int
) -> tuple[Compact, tuple[tuple[int, ...], Compact] | None]:
    """A note [a, b) and the part of it for sub-items by number after the part word
    (A牵头，其中第②项由B牵头): its numbers and its own note."""
    text = view.text
    for word in vocabularies().note_scope.part:
        at = text.find(word, a, b)
        if at > a and text[at - 1] == "," and (parts := _item_parts(view.slice(at + len(word), b))):
            numbers, part = parts[0]
            return view.slice(a, at - 1), (numbers, part)
    return view.slice(a, b), None


def _numbers(refs: re.Match[str]) -> tuple[int, ...]:
    """The numbers of the measures a sentence refers to: 第(一)至(三)项 are 1, 2, 3."""
    return _expanded((ref["to"], cn_number(ref.group(2))) for ref in _REF.finditer(refs["refs"]))


def _expanded(refs: Iterable[tuple[str | None, int]]) -> tuple[int, ...]:
    """Numbers as a reference lists them, each after a range mark (至) or not: a range gives
    every number up to its end (1至3 is 1, 2, 3)."""
    numbers: list[int] = []
    for to, n in refs:
        if to and numbers and numbers[-1] < n <= numbers[-1] + 30:
            numbers += range(numbers[-1] + 1, n + 1)
        else:
            numbers.append(n)
    return tuple(numbers)


def numbered_responsibilities(
    ref: MeasureNote, note: Note, number: int, state: NoteState
) -> list[AgencyMention]:
    """What a sentence that gives a note to measures by number (`ref`, its note read as
    `note`) gives measure `number` of them: the whole note, or, when it pairs them (第(二)、
    (三)项分别由A、B负责) and names as many agencies as measures, the agency in the
    measure's place alone, which leads unless the note gives it another role."""
    if not (ref.respectively and len(note.mentions) == len(ref.numbers)):
        return [replace(m) for m in note.mentions]
    one = replace(note.mentions[ref.numbers.index(number)], position=1)
    if one.role == "responsible":
        one.role = "lead"
        one.basis = "document-convention" if state.lead_by_convention else "listing-order"
    return [one]


def rule_scope(text: str, at: int) -> RuleScope:
    """Where the lead rule found at `at` in `text` holds: the sentence that states it
    names its scope before it (本部分各项任务中，列第一位的为牵头单位: the section; 本表中…:
    the table), or, stated inside a note, after it (…列第一位者为牵头部门，下同: that note
    and the ones after it), or says it speaks of what is above it (以上各项任务中，列第一位
    的为牵头单位: the notes before it, in the section it closes), or names none (the
    document)."""
    start = max(text.rfind(c, 0, at) for c in "。;\n") + 1
    sentence = text[start:at]
    in_note = text.rfind("(", start, at) > text.rfind(")", start, at)
    stops = [k for k in (text.find(c, at) for c in "。)\n") if k >= 0]
    after = text[at : min(stops, default=len(text))]
    for word, scope in vocabularies().rule_scopes:
        if scope == "following":
            if in_note and word in after:
                return "following"
        elif word in sentence:
            return "section" if scope == "section" else "table"
    if any(word in sentence for word in vocabularies().note_scope.above):
        return "preceding"
    return "document"


def table_rule(text: str) -> str | None:
    """A lead rule stated in a table's note (注：…列第一位的为牵头单位，其他为配合单位): the
    role it gives the others listed ("" for none), or None when the text states no rule."""
    lex = _lexicon()
    if not lead_rule().search(text) or not lex.lead.search(text):
        return None
    others = lex.others.search(text)
    return (dict(lex.labels).get(others.group(1)) or "") if others else ""


def _looks_like_note(content: str, vocab: Vocabularies) -> bool:
    if content.startswith(vocab.note_scope.aside):
        return False
    if content.startswith(
        tuple(label for label, _ in _lexicon().labels)
    ) or _lexicon().label_re.match(content):
        return True
    # 各县区政府为责任主体: a role word, or an implementing body's label anywhere
    implementing = (label for label, role in _lexicon().labels if role == "implementing")
    if any(marker in content for marker, _ in _lexicon().markers) or any(
        label in content for label in implementing
    ):
        return True
    return grammar.is_agency_list(content, vocab)


def _written(text: str) -> str:
    return "".join(text.split())


def full_name(name: str, jurisdiction: Division, agency_type: str) -> str:
    """The agency's name with its jurisdiction made explicit: 市发展改革委 -> 驻马店市发展改革委
    (the level words and national bodies' name starts of the agency-type scheme)."""
    place = jurisdiction.name
    vocab = vocabularies()
    own = (place, *vocab.each_place_words, *vocab.national_prefixes)
    if jurisdiction.level == "national" or name.startswith(own):
        return name  # the national plan's 国家发展改革委, 生态环境部 are full names already
    for prefix in vocab.level_prefixes:
        if name.startswith(prefix) and place.endswith(prefix):
            return place + name[len(prefix) :]
    if agency_type not in ("other", _LOCAL_GOV, "central-bank", "banking-insurance-regulation",
                           "utility"):  # fmt: skip
        return place + name
    return name


def _split_at_spaces(raw: list[Named], note: Compact, vocab: Vocabularies) -> list[Named]:
    """Names run together where the text had only white space between them (a PDF or a
    table: "市发展改革委 市工信局") are split there, when every part is a typed agency; a
    name broken over lines ("市交通运输\n局", "人行达\n州市中心支行") is not."""
    out: list[Named] = []
    offsets, original = note.offsets, note.original
    for name, s, e, role, suffix in raw:
        cuts = [
            i
            for i in range(s + 1, e)
            if offsets[i] - offsets[i - 1] > 1
            and not original[offsets[i - 1] + 1 : offsets[i]].strip()
            # a line break is where a PDF wraps a name ("人行达\n州市中心支行"), not a list
            and "\n" not in original[offsets[i - 1] + 1 : offsets[i]]
        ]
        if cuts:
            parts = [(a, b) for a, b in zip([s, *cuts], [*cuts, e], strict=True)]
            names = [note.text[a:b] for a, b in parts]
            if all(len(n) >= 3 and vocab.agency_type(n) != "other" for n in names):
                out.extend(
                    Named(n, a, b, role, suffix) for n, (a, b) in zip(names, parts, strict=True)
                )
                continue
        out.append(Named(name, s, e, role, suffix))
    return out


def parse_note(
    note: Compact,
    state: NoteState,
    vocab: Vocabularies,
    jurisdiction: Division,
) -> Note | None:
    """Parse one note's content; None when it names no agency."""
    text = note.text
    clauses: list[list[Named]] = []  # the clauses that name agencies, for the grammar
    directing: list[bool] = []  # whether each opens on a directing verb
    carried_here: list[Named] = []  # names of the clauses that carry bodies forward
    carry_names: list[Named] = []
    open_lists: list[bool] = []  # whether each ends its list with 等部门, going on after it
    carry_here = False
    carrying = False  # inside the sentence that carries bodies forward (to its 。)
    previous_implementing = False  # did the clause before name implementing bodies?
    spans = _clauses(text)
    for k, (a, b) in enumerate(spans):
        clause = text[a:b]
        last = k == len(spans) - 1
        if carrying and a > 0 and text[a - 1] != "。":
            continue  # 以下均需…落实，区政府无相关职能的，由…负责，不再列出: the rule's own words
        carrying = False
        rule = lead_rule().search(clause)
        tail: list[Named] = []
        if rule and "(" in clause[: rule.start()]:
            # 责任单位:A、B(列第一位的为牵头单位): the rule in brackets, the names before it;
            # 责任单位:A(首位单位为牵头单位,下同)、B、C: and the list going on after it.
            state.lead_by_convention = True
            opens = clause.rfind("(", 0, rule.start())
            closes = clause.find(")", rule.end())
            if closes > 0 and clause[closes + 1 : closes + 2] == "、":
                tail = grammar.read_clause(clause[closes + 2 :], a + closes + 2, last)
            b = a + opens
            clause = text[a:b]
        elif rule or clause in _lexicon().lead_tails:
            state.lead_by_convention = True
            previous_implementing = False
            continue
        if _lexicon().carry.search(clause):
            # "列第一位的为牵头单位,下同" repeats the rule only; "…为责任主体,下同" and
            # "以下均需…落实" carry the implementing bodies forward.
            bare = clause in vocab.note_scope.repeat
            carrying = clause.startswith(vocab.note_scope.below)
            carry_here = carry_here or not bare or previous_implementing
            m = _lexicon().carry_names.search(clause)
            if m:
                carry_names = [
                    n._replace(role="implementing")
                    for n in grammar.read_clause(m.group(1), a + m.start(1))
                ]
            # "各镇(街道)为责任主体,下同" keeps its names; a bare "下同" adds none.
            clause_names = _lexicon().carry.split(clause)[0]
            if clause_names and not clause.startswith(vocab.note_scope.below):
                carried_here += [
                    n._replace(role=n.role or "implementing")
                    for n in grammar.read_clause(clause_names, a)
                ]
            continue
        named = grammar.read_clause(clause, a, last and not tail) + tail
        clauses.append(named)
        directing.append(grammar.opens_on_direct(clause))
        open_lists.append(grammar.ends_open(clause))
        previous_implementing = any(
            n.role == "implementing" or (n.role is None and vocab.agency_type(n.name) == _LOCAL_GOV)
            for n in named
        )
    composed = grammar.compose(clauses, directing, open_lists)
    raw = [n._replace(role=n.role or "listed") for n in composed]
    raw += carried_here
    if carry_names and not any(
        n.role == "implementing" or (n.role == "listed" and vocab.agency_type(n.name) == _LOCAL_GOV)
        for n in raw
    ):
        # 以下均需各县区人民政府落实 names the implementers only in the rule itself.
        raw.extend(carry_names)
    raw = _split_at_spaces(raw, note, vocab)
    dropped: list[Span] = []  # names in the note that are not read as agencies
    mentions: list[AgencyMention] = []
    seen: set[str] = set()
    listed: list[AgencyMention] = []  # named with no role word: a stated rule gives theirs
    for name, s, e, role, suffix in raw:
        if name in vocab.generic_agencies or name in seen:
            continue
        if not grammar.is_agency(name, vocab):
            dropped.append(note.span(s, e))
            continue
        seen.add(name)
        agency_type = vocab.agency_type(name)
        final: Role
        if role == "listed":
            # A local body listed with no role word carries the work out where the plan
            # says local bodies do (以下均需各县区政府落实), unless it heads a note that
            # marks no lead (【责任单位：开发区管委会、县经济商务局】): first listed, it
            # leads by the listing order. With no such rule it is listed as any agency.
            heads = not mentions and not any(r == "lead" for *_, r, _ in raw)
            ruled = bool(carry_here or carry_names or carried_here or state.carried)
            local = agency_type == _LOCAL_GOV and not heads and ruled
            final = "implementing" if local else "responsible"
        else:
            final = role  # type: ignore[assignment]
        basis: LeadBasis | None = "explicit" if final == "lead" else None
        mentions.append(
            AgencyMention(
                name_as_written=_written(note.span(s, e).text) + suffix,
                full_name=full_name(name, jurisdiction, agency_type),
                agency_type=agency_type,
                role=final,
                basis=basis,
                position=len(mentions) + 1,
                span=note.span(s, e),
            )
        )
        if role == "listed":
            listed.append(mentions[-1])
    if not mentions:
        return None
    for mention in mentions:
        mention.note = note.whole()
    if not any(m.role == "lead" for m in mentions):
        first = next((m for m in mentions if m.role == "responsible"), None)
        if first is not None:
            first.role = "lead"
            first.basis = "document-convention" if state.lead_by_convention else "listing-order"
            if state.lead_by_convention and state.others:
                for other in mentions:
                    if other.role == "responsible":
                        other.role = state.others  # type: ignore[assignment]
    if state.lead_by_convention and state.others:
        # 列第一位的为牵头单位，其他为配合单位: those listed after the leads, with no role
        # word of their own, take the role the rule gives them.
        for other in listed:
            if other.role == "responsible":
                other.role = state.others  # type: ignore[assignment]
    written = {m.name_as_written for m in mentions}
    for carried in state.carried:
        if carried.name_as_written not in written:
            mentions.append(
                AgencyMention(
                    name_as_written=carried.name_as_written,
                    full_name=carried.full_name,
                    agency_type=carried.agency_type,
                    role="implementing",
                    basis=None,
                    position=len(mentions) + 1,
                    span=carried.span,
                    carried_forward=True,
                    note=carried.note,
                )
            )
    if carry_here:
        state.carried = [m for m in mentions if m.role == "implementing"]
    return Note(span=note.whole(), mentions=mentions, dropped=dropped)


def _scope(block: Compact, group: Group) -> tuple[NoteScope, int]:
    """The note's scope, and how many leading characters (以上任务由) to skip."""
    content = block.text[group.start : group.end]
    lex = _lexicon()
    if group.form == "inline":
        before = block.text[max(0, group.start - 14) : group.start]
        if lex.above_before.search(before):
            return "above", 0
        if lex.below_before.search(before):
            return "below", 0
        return "here", 0
    if agent := _agent_at(content, 0):
        return "here", len(agent)
    # 责任分工：上述两项均由…: a label that gives no role before the words of its scope
    label = lex.label_re.match(content)
    if label and dict(lex.labels).get(label.group(0).strip("[]:为")) is None:
        scope, skip = _scope_words(content[label.end() :], group.form == "sentence")
        if scope != "here":
            return scope, label.end() + skip
    return _scope_words(content, group.form == "sentence")


def _scope_words(content: str, sentence: bool) -> tuple[NoteScope, int]:
    """The scope the words opening a note give it, and how many characters they take."""
    lex = _lexicon()
    m = lex.below.match(content)
    if m:
        return "below", m.end()
    if sentence and (m := lex.carry.match(content)) and m.start() == 0:
        return "below", 0  # 以下各项任务均需A抓好落实，不再一一列出: for the units after it
    m = lex.own.match(content)
    if m:
        return "measure", m.end()
    m = lex.section.match(content)
    if m:
        return "section", m.end()
    m = lex.above.match(content)
    if m and m.group(1):
        return "above", m.end() + len(_agent_at(content, m.end()))
    return "here", 0


def _agent_at(text: str, at: int) -> str:
    """The agent marker (由) at `at` in `text`, or ""."""
    return next((a for a in vocabularies().agent_markers if text.startswith(a, at)), "")


def _gapworthy(content: str) -> bool:
    """A bracket or label that reads as a note: a label, 牵头, or a role word at the end."""
    if lead_rule().search(content):
        return False  # (各项任务中列第一位的为牵头单位，下同): a rule, not a note
    bare = grammar.clean(content)
    return (
        bool(_lexicon().label_re.match(content + ":") or _lexicon().label_re.match(content))
        or _lexicon().lead.search(content) is not None
        or grammar.role_at_end(bare)[1] is not None
    )


def notes_in(
    block: Compact,
    state: NoteState,
    vocab: Vocabularies,
    jurisdiction: Division,
    gaps: list[Gap] | None = None,
) -> list[Note]:
    """Every responsibility note in a block, in order. A bracket or label that reads as a
    note but names no agency is added to `gaps` (when given)."""
    found: list[tuple[int, Note]] = []
    inline: list[Group] = []
    for group in locate_notes(block):
        if group.form == "inline":
            inline.append(group)
            continue
        scope, skip = _scope(block, group)
        content = block.slice(group.start + skip, group.end)
        parts = _item_parts(content)
        if parts:
            # 责任分工：第1、2项由A牵头，B配合；第3项由C负责: a note for each part
            for numbers, part in parts:
                note = parse_note(part, state, vocab, jurisdiction)
                if note is not None:
                    note.scope, note.form, note.items = "items", group.form, numbers
                    found.append((group.start, note))
            continue
        count = _COUNTED.search(block.text[group.start : group.start + skip])
        if not _looks_like_note(content.text, vocab):
            if gaps is not None and group.form == "label":
                gaps.append(_note_gap(content))
            continue
        note = parse_note(content, state, vocab, jurisdiction)
        if note is not None:
            note.scope = scope
            note.form = group.form
            if scope == "above" and count is not None:
                n = count["count"]
                note.count = int(n) if n.isdigit() else cn_number(n)
            found.append((group.start, note))
            if gaps is not None:
                # A name in a note that is not read as an agency gave none either.
                gaps.extend(Gap("note-without-agency", d, _written(d.text)) for d in note.dropped)
        elif gaps is not None and _gapworthy(content.text):
            gaps.append(_note_gap(content))
    has_own = any(n.scope == "here" for _, n in found)
    for group in inline:
        scope, _ = _scope(block, group)
        if scope == "here" and has_own:
            continue  # a block with its own note: 由… in its sentences is not another one
        note = parse_note(block.slice(group.start, group.end), state, vocab, jurisdiction)
        if note is not None:
            note.scope = scope
            note.form = "inline"
            found.append((group.start, note))
    return [n for _, n in sorted(found, key=lambda p: p[0])]


# 第1、2项, 第3项任务, ①②项: sub-items of the measure by their numbers
_ITEM_NUMERAL = rf"(?:\d{{1,2}}|[{CIRCLED}])"
_ITEM_REF = re.compile(rf"(?P<to>{_RANGE_MARK})?第?({_ITEM_NUMERAL})")
_ITEM_REFS = re.compile(
    rf"第?(?P<refs>{_ITEM_NUMERAL}(?:(?:{_REF_MARK})第?{_ITEM_NUMERAL})*)项(?!目)"
    rf"(?:任务|工作|内容)?,?"
)


def _item_parts(content: Compact) -> list[tuple[tuple[int, ...], Compact]]:
    """The parts of a note that give sub-items of its measure by number, each with its
    numbers, from after its label: every part (apart by ;) opens on them, or none is."""
    text = content.text
    label = _lexicon().label_re.match(text)
    start = label.end() if label else 0
    out: list[tuple[tuple[int, ...], Compact]] = []
    for a, b in grammar.split_top(text[start:], ";。"):
        a, b = a + start, b + start
        while a < b and text[a] in " ,":
            a += 1
        if a == b:
            continue
        m = _ITEM_REFS.match(text, a, b)
        if m is None:
            return []
        numbers = _expanded(
            (ref["to"], int(d) if (d := ref.group(2)).isascii() else CIRCLED.index(d) + 1)
            for ref in _ITEM_REF.finditer(m["refs"])
        )
        at = m.end() + len(_agent_at(text, m.end()))
        out.append((numbers, content.slice(at, b)))
    return out


def _note_gap(content: Compact) -> Gap:
    span = content.whole()
    return Gap("note-without-agency", span, _written(span.text))


_OPENERS, _CLOSERS = "（(〔[【", "）)〕]】"


def _final_group(title: str) -> int:
    """Where the bracket group that ends `title` opens (nested brackets within it), or -1."""
    if not title or title[-1] not in _CLOSERS:
        return -1
    depth = 0
    for i in range(len(title) - 1, -1, -1):
        if title[i] in _CLOSERS:
            depth += 1
        elif title[i] in _OPENERS:
            depth -= 1
            if depth == 0:
                return i
    return -1


def title_without_note(title: str) -> str:
    """A heading with its note at the end ("（一）…工程（市经信局牵头）") without the note."""
    at = _final_group(title)
    if at < 0:
        return title
    content = title[at + 1 : -1]
    first = re.split("[。；;]", content, maxsplit=1)[0]  # 责任单位：A、B。列第一位的为牵头单位
    if (
        _lexicon().label_re.match(first.replace("：", ":"))
        or grammar.role_at_end(grammar.clean(first))[1]
    ):
        return title[:at]
    return title
