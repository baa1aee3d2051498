"""Responsibility notes: （市发展改革委牵头，市统计局等配合） and their many variants.

A note is read clause by clause (split on ， ； 。 outside nested brackets); inside a
clause, names are split on 、 and a role word (牵头, 配合, 按职责分工负责, 负责落实, …)
closes the group of names before it. Document-level rules are tracked by `NoteState`:
列第一位的为牵头单位 (lead by document convention) and 以下均需…落实，不再列出 / 下同
(implementing bodies carried forward to every later note).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from ingest.model import AgencyMention, Division, Gap, LeadBasis, Role, Span
from ingest.text import Compact, wrapped_at
from ingest.vocab import Vocabularies, vocabularies


@dataclass(frozen=True)
class _Lexicon:
    """The role words and note labels of the role vocabulary (ingest/vocab.py), with the
    patterns built from them."""

    markers: tuple[tuple[str, str], ...]  # role words, longest first
    labels: tuple[tuple[str, str | None], ...]  # note labels, longest first
    label_re: re.Pattern[str]  # 责任单位：, 【责任单位】 (normalised to [责任单位]), 牵头单位为
    label_line: re.Pattern[str]  # a line of normalised text that is a labelled note
    tag_re: re.Pattern[str]  # a role given to the one name before it: 市生态环境局(牵头)
    scoped_label: re.Pattern[str]  # …为各项任务的责任主体: a label with what it is for
    lead_verbs: tuple[str, ...]  # A会同B、C负责: A leads
    inline: re.Pattern[str]  # 由市生态环境局牵头 outside brackets


@cache
def _lexicon() -> _Lexicon:
    vocab = vocabularies()
    words = vocab.label_alternation
    markers = "|".join(re.escape(w) for w, _ in vocab.role_words)
    # the lead's own role words (牵头, 牵头负责 …), not "为" + a note label
    lead = "|".join(re.escape(w) for w, n in vocab.role_words if n == "lead" and w[0] != "为")
    return _Lexicon(
        markers=vocab.role_words,
        labels=vocab.note_labels,
        label_re=re.compile(rf"(?:\[(?:{words})\]|(?:{words})(?::|为))"),
        label_line=re.compile(rf"^(?:\[\s*(?:{words})\s*\]|(?:{words})\s*:)"),
        tag_re=re.compile(rf"\((?P<tag>{markers}|{words})\)等?$"),
        scoped_label=re.compile(rf"为[^为,;。]{{1,10}}的(?P<label>{words})$"),
        lead_verbs=vocab.lead_verbs,
        # 由…牵头 outside brackets; the names stop at punctuation or another 由. A bare 负责
        # only when it ends the clause: 由各县区政府负责组织实施 is not a note.
        inline=re.compile(
            r"由(?!于|此|来)((?:[^,;。:()由]|\([^()]*\)){2,150}?)"
            rf"({lead}|(?:按职责分工)?负责(?=[,;。]|$))"
        ),
    )


def is_label_line(line: str) -> bool:
    """A line of normalised text that is a labelled note (责任单位：…)."""
    return _lexicon().label_line.match(line) is not None


# A note that applies to the measures before it (以上任务由…牵头) or after it (以下各项…由…).
# The work it names (各项重点任务均) and the measures it reaches (以上, 以下).
_ALL = r"(?:各项|各|所列|全部)"
_WORK = r"(?:(?:重点|主要)?(?:任务|工作|工程|措施|内容|行动))"
_EACH = r"(?:均|统一)"
_ABOVE = re.compile(rf"^(以上|上述){_ALL}?{_WORK}?{_EACH}?")
_SECTION_SENTENCE = re.compile(rf"(?:以上|上述|以下)(?!各(?!项)){_ALL}?{_WORK}{_EACH}?,?(?!由)")
_BELOW = re.compile(rf"^以下{_ALL}?{_WORK}?{_EACH}?由")
_AGENCY_END = re.compile(
    r"(局|委|办|中心|政府|管委会|部|公司|支行|分行|厅|院|会|组|站|社|所|处|科|队|室|"
    r"区|县|市|镇|乡|街道|集团|单位|监管组|联|团|部门|办事处|银行)$"
)
LEAD_RULE = re.compile(r"(列|排)(在)?第一位|第一位的?(单位)?为牵头|排名第一")
_CARRY = re.compile(r"以下均|以下各项|下同|(?:以下)?不再(一一)?列出")
_CARRY_NAMES = re.compile(rf"以下{_ALL}?{_WORK}?均(?:需|由|请)?(.+?)(?:负责)?落实")
_LOCAL_GOV = "local-government"


@dataclass
class NoteState:
    """Rules a document states once and applies to later notes."""

    lead_by_convention: bool = False
    carried: list[AgencyMention] = field(default_factory=list)
    # The role the rule gives the others listed (其他为配合单位), where it says; "" where
    # it says none (they are responsible).
    others: str = ""


NoteScope = Literal["here", "above", "below"]


@dataclass
class Note:
    span: Span
    mentions: list[AgencyMention]
    # "above": 以上任务由…牵头 (the measures before it); "below": 以下各项任务由…牵头.
    scope: NoteScope = "here"
    dropped: list[Span] = field(default_factory=list)  # names not read as agencies
    form: str = "bracket"  # as located: bracket, label or inline


def _clauses(text: str) -> list[tuple[int, int]]:
    """Clauses of a note: split on ， ； 。 outside brackets, and before every label
    (labelled lines arrive joined: 牵头单位:A配合单位:B)."""
    out = []
    for a, b in _split_top(text, ",;。"):
        cuts = [m.start() for m in _lexicon().label_re.finditer(text, a, b) if m.start() > a]
        for x, y in zip([a, *cuts], [*cuts, b], strict=True):
            out.append((x, y))
    return out


def _split_top(text: str, seps: str) -> list[tuple[int, int]]:
    """Split text on separator chars outside brackets -> (start, end) pairs."""
    parts = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            parts.append((start, i))
            start = i + 1
    parts.append((start, len(text)))
    return [(a, b) for a, b in parts if b > a]


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
            if not (_CARRY.search(sentence) or LEAD_RULE.search(sentence)
                    or _lexicon().label_re.match(sentence)):  # fmt: skip
                return i
        i += 1
    return len(text)


def _inline_end(text: str, end: int) -> int:
    """Extend an inline 由…牵头 past the clauses that go on naming agencies with a role
    ("，市发展改革委等配合")."""
    while end < len(text) and text[end] in ",;":
        nxt = min([k for k in (text.find(c, end + 1) for c in ",;。") if k >= 0] or [len(text)])
        clause = _clean(text[end + 1 : nxt])
        _, role = _strip_marker(clause)
        if role is None or len(clause) > 80:
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
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                groups.append(Group(start, i, "bracket"))
    brackets = list(groups)
    breaks: set[int] | None = None  # line breaks, found only when a label needs them
    labels: list[Group] = []
    for m in _lexicon().label_re.finditer(text):
        if _inside(m.start(), brackets) or _inside(m.start(), labels):
            continue
        if breaks is None:
            breaks = _breaks(block)
        if m.start() > 0 and m.start() not in breaks and text[m.start() - 1] not in "。;!?":
            continue  # "明确责任单位:…" inside a sentence is no note
        end = _label_end(block, m.start(), breaks)
        if labels and labels[-1].end == m.start():
            labels[-1] = Group(labels[-1].start, end, "label")  # the next labelled line
        else:
            labels.append(Group(m.start(), end, "label"))
    groups += labels
    groups += [g for g in _sentence_notes(text) if not _inside(g.start, groups)]
    for m in _lexicon().inline.finditer(text):
        if _inside(m.start(), groups):
            continue
        groups.append(Group(m.start(1), _inline_end(text, m.end()), "inline"))
    for m in _SECTION_SENTENCE.finditer(text):
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
        if _strip_marker(_clean(content))[1] is not None or "牵头" in content:
            groups.append(Group(m.end(), end, "inline"))
    return sorted(groups, key=lambda g: g.start)


def _sentence_notes(text: str) -> list[Group]:
    """Sentences that say who is responsible and nothing else, with no bracket or label:
    "市经信局负责，市发展改革委、市市场监管局配合。" Every clause is a list of agencies
    closed by a role word (or joined by a lead verb), and every name is a typed agency."""
    vocab = vocabularies()
    out: list[Group] = []
    start = 0
    for end in [*(i for i, ch in enumerate(text) if ch in "。;"), len(text)]:
        a, b = start, end
        start = end + 1
        while a < b and text[a] in ",:":
            a += 1
        if b - a < 4 or text[a] in "(由[":
            continue
        clauses = [_clean(text[a + x : a + y]) for x, y in _split_top(text[a:b], ",")]
        roles = [c for c in clauses if not _CARRY.fullmatch(c)]  # 以下不再一一列出
        if roles and all(_is_role_clause(c, vocab) for c in roles):
            out.append(Group(a, b, "sentence"))
    return out


def _is_role_clause(clause: str, vocab: Vocabularies) -> bool:
    bare, role = _strip_marker(clause)
    if role is None or not bare:
        return False
    joint = _lead_verb(bare)
    parts = [bare[: joint[0]], bare[joint[0] + len(joint[1]) :]] if joint else [bare]
    names = [_clean(p[a:b]) for p in parts for a, b in _split_top(p, "、")]
    # Each name a typed agency: prose such as 项目由市城投公司负责 is no note.
    return bool(names) and all(
        n in vocab.generic_agencies or (vocab.agency_type(n) != "other" and _agency_like(n, vocab))
        for n in names
    )


def table_rule(text: str) -> str | None:
    """A lead rule stated in a table's note (注：…列第一位的为牵头单位，其他为配合单位): the
    role it gives the others listed ("" for none), or None when the text states no rule."""
    if not LEAD_RULE.search(text) or "牵头" not in text:
        return None
    lex = _lexicon()
    words = "|".join(re.escape(label) for label, _ in lex.labels)
    others = re.search(rf"(?:其他|其余|其它)(?:单位|部门)?(?:为|是)({words})", text)
    return (dict(lex.labels).get(others.group(1)) or "") if others else ""


def _looks_like_note(content: str, vocab: Vocabularies) -> bool:
    if content.startswith(("以下简称", "简称", "下称", "含", "不含", "即")):
        return False
    if content.startswith(
        tuple(label for label, _ in _lexicon().labels)
    ) or _lexicon().label_re.match(content):
        return True
    if any(marker in content for marker, _ in _lexicon().markers) or "责任主体" in content:
        return True
    # A bare list of agencies, "(市发展改革委、市财政局等)": every name an agency, and one
    # a known department (so "各镇(街道)" inside a sentence is not a note).
    names = [_clean(content[a:b]) for a, b in _split_top(content, "、")]
    return (
        len(names) > 0
        and all(_agency_like(n, vocab) for n in names)
        and any(vocab.agency_type(n) not in ("other", _LOCAL_GOV) for n in names)
    )


def _strip_marker(piece: str) -> tuple[str, str | None]:
    lex = _lexicon()
    for marker, role in lex.markers:
        if piece.endswith(marker):
            return piece[: -len(marker)], role
    # 各区镇为各项任务的责任主体: 为 + what it is for + 的 + a note label.
    m = lex.scoped_label.search(piece)
    if m:
        return piece[: m.start()], dict(lex.labels)[m["label"]] or "responsible"
    return piece, None


def _clean(name: str) -> str:
    name = name.strip(":,;。 ")
    while name.endswith("等"):
        name = name[:-1]
    return name.strip(":,;。 ")


def _written(text: str) -> str:
    return "".join(text.split())


def _agency_like(name: str, vocab: Vocabularies) -> bool:
    bare = re.sub(r"\([^()]*\)", "", name)
    return (
        bool(name)
        and len(name) <= 40
        and (bool(_AGENCY_END.search(bare)) or vocab.agency_type(name) != "other")
    )


# Level words an agency's name may start with for its own jurisdiction (省发展改革委 in
# 河北省, 州生态环境局 in 大理白族自治州), longest first.
_LEVEL_PREFIXES = ("自治区", "自治州", "自治县", "省", "市", "县", "区", "州", "旗", "盟")
# National bodies keep their own name (国家发展改革委, 国务院国资委, 中央宣传部).
_NATIONAL = ("国家", "国务院", "中央", "全国", "中国", "中华人民共和国")


def full_name(name: str, jurisdiction: Division, agency_type: str) -> str:
    """The agency's name with its jurisdiction made explicit: 市发展改革委 -> 驻马店市发展改革委."""
    place = jurisdiction.name
    if jurisdiction.level == "national" or name.startswith((place, "各", *_NATIONAL)):
        return name  # the national plan's 国家发展改革委, 生态环境部 are full names already
    for prefix in _LEVEL_PREFIXES:
        if name.startswith(prefix) and place.endswith(prefix):
            return place + name[len(prefix) :]
    if agency_type not in ("other", _LOCAL_GOV, "central-bank", "banking-insurance-regulation",
                           "utility"):  # fmt: skip
        return place + name
    return name


Named = tuple[str, int, int, str | None, str]  # name, start, end, role, distributed suffix


def _tag_role(tag: str) -> str | None:
    lex = _lexicon()
    return dict(lex.markers).get(tag) or dict(lex.labels).get(tag)


def _lead_verb(clause: str) -> tuple[int, str] | None:
    """Where a lead verb joins two lists of agencies in a clause (市发展改革委会同市经信局),
    or None: the words before it must all be agency names, so 管委会同意 is no verb."""
    vocab = vocabularies()
    for verb in _lexicon().lead_verbs:
        at = clause.find(verb, 1)
        while at > 0:
            head = [_clean(clause[a:b]) for a, b in _split_top(clause[:at], "、")]
            if head and all(_agency_like(n, vocab) for n in head) and clause[at + len(verb) :]:
                return at, verb
            at = clause.find(verb, at + 1)
    return None


def _names(clause: str, offset: int) -> list[Named]:
    """(name, start, end, role, suffix) for the names of one clause; role from its marker."""
    out: list[Named] = []
    group: list[tuple[str, int, int]] = []
    label_role: str | None = None
    bracketed = clause.startswith("[")
    for label, role in _lexicon().labels:
        if clause.startswith(label, 1 if bracketed else 0):
            skip = len(label) + (1 if bracketed else 0)
            skip += 1 if clause[skip : skip + 1] in (":", "]", "为") else 0
            clause = clause[skip:]
            offset += skip
            label_role = role
            break
    joint = _lead_verb(clause)
    if joint is not None:
        # 由A会同B、C负责 / A督促各县落实: A leads; B, C take the clause's own role.
        at, verb = joint
        head = [(n, s, e, "lead", x) for n, s, e, _, x in _names(clause[:at], offset)]
        return head + _names(clause[at + len(verb) :], offset + at + len(verb))
    lex = _lexicon()
    for a, b in _split_top(clause, "、"):
        piece = clause[a:b]
        tagged = lex.tag_re.search(piece)
        if tagged:
            # 市生态环境局(牵头), 县工信局(配合): a role for this name alone.
            name = _clean(piece[: tagged.start()])
            start = offset + a + (len(piece) - len(piece.lstrip(":,;。 ")))
            out.extend((n, s, e, label_role, "") for n, s, e in group)
            group = []
            if name:
                out.append((name, start, start + len(name), _tag_role(tagged["tag"]), ""))
            continue
        bare, role = _strip_marker(_clean(piece))
        bare = _clean(bare)
        start = offset + a + (len(piece) - len(piece.lstrip(":,;。 ")))
        if bare:
            group.append((bare, start, start + len(bare)))
        if role is not None:
            out.extend((n, s, e, role, "") for n, s, e in group)
            group = []
    out.extend((n, s, e, label_role, "") for n, s, e in group)
    # One 管委会 for a list of zones: 达州高新区、东部经开区管委会.
    if out and out[-1][0].endswith("管委会"):
        out = [
            (n + "管委会", s, e, r, "管委会") if n.endswith("区") else (n, s, e, r, x)
            for n, s, e, r, x in out
        ]
    return out


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
                out.extend((n, a, b, role, suffix) for n, (a, b) in zip(names, parts, strict=True))
                continue
        out.append((name, s, e, role, suffix))
    return out


def parse_note(
    note: Compact,
    state: NoteState,
    vocab: Vocabularies,
    jurisdiction: Division,
) -> Note | None:
    """Parse one note's content; None when it names no agency."""
    text = note.text
    raw: list[Named] = []
    carry_names: list[Named] = []
    carry_here = False
    previous_implementing = False  # did the clause before name implementing bodies?
    for a, b in _clauses(text):
        clause = text[a:b]
        rule = LEAD_RULE.search(clause)
        if rule and "(" in clause[: rule.start()]:
            # 责任单位:A、B(列第一位的为牵头单位): the rule in brackets, the names before it.
            state.lead_by_convention = True
            b = a + clause.rfind("(", 0, rule.start())
            clause = text[a:b]
        elif rule or clause in ("为牵头单位", "为牵头部门"):
            state.lead_by_convention = True
            previous_implementing = False
            continue
        if _CARRY.search(clause):
            # "列第一位的为牵头单位,下同" repeats the rule only; "…为责任主体,下同" and
            # "以下均需…落实" carry the implementing bodies forward.
            bare = clause in ("下同", "以下同")
            carry_here = carry_here or not bare or previous_implementing
            m = _CARRY_NAMES.search(clause)
            if m:
                carry_names = [
                    (n, s, e, "implementing", x)
                    for n, s, e, _, x in _names(m.group(1), a + m.start(1))
                ]
            # "各镇(街道)为责任主体,下同" keeps its names; a bare "下同" adds none.
            clause_names = _CARRY.split(clause)[0]
            if clause_names and not clause.startswith("以下"):
                for n, s, e, r, x in _names(clause_names, a):
                    raw.append((n, s, e, r or "implementing", x))
            continue
        named = _names(clause, a)
        raw.extend((n, s, e, r or "listed", x) for n, s, e, r, x in named)
        previous_implementing = any(
            r == "implementing" or (r is None and vocab.agency_type(n) == _LOCAL_GOV)
            for n, _, _, r, _ in named
        )
    if carry_names and not any(
        r == "implementing" or (r == "listed" and vocab.agency_type(n) == _LOCAL_GOV)
        for n, _, _, r, _ in raw
    ):
        # 以下均需各县区人民政府落实 names the implementers only in the rule itself.
        raw.extend(carry_names)

    if not any(r == "lead" for *_, r, _ in raw) and any(r == "supporting" for *_, r, _ in raw):
        # "A负责，B配合": set against those who support, who is responsible leads.
        raw = [(n, s, e, "lead" if r == "responsible" else r, x) for n, s, e, r, x in raw]
    raw = _split_at_spaces(raw, note, vocab)
    dropped: list[Span] = []  # names in the note that are not read as agencies
    mentions: list[AgencyMention] = []
    seen: set[str] = set()
    for name, s, e, role, suffix in raw:
        if name in vocab.generic_agencies or name in seen:
            continue
        if not _agency_like(name, vocab):
            dropped.append(note.span(s, e))
            continue
        seen.add(name)
        agency_type = vocab.agency_type(name)
        final: Role
        if role == "listed":
            final = "implementing" if agency_type == _LOCAL_GOV else "responsible"
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
    if group.form == "inline":
        before = block.text[max(0, group.start - 14) : group.start]
        if re.search(r"(以上|上述)[^,;。]{0,10},?$", before):
            return "above", 0
        if re.search(r"以下[^,;。]{0,10},?$", before):
            return "below", 0
        return "here", 0
    if content.startswith("由"):
        return "here", 1
    m = _BELOW.match(content)
    if m:
        return "below", m.end()
    m = _ABOVE.match(content)
    if m and m.group(1):
        rest = content[m.end() :]
        return "above", m.end() + (1 if rest.startswith("由") else 0)
    return "here", 0


def _gapworthy(content: str) -> bool:
    """A bracket or label that reads as a note: a label, 牵头, or a role word at the end."""
    if LEAD_RULE.search(content):
        return False  # (各项任务中列第一位的为牵头单位，下同): a rule, not a note
    bare = _clean(content)
    return (
        bool(_lexicon().label_re.match(content + ":") or _lexicon().label_re.match(content))
        or "牵头" in content
        or _strip_marker(bare)[1] is not None
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
        if not _looks_like_note(content.text, vocab):
            if gaps is not None and group.form == "label":
                gaps.append(_note_gap(content))
            continue
        note = parse_note(content, state, vocab, jurisdiction)
        if note is not None:
            note.scope = scope
            note.form = group.form
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


def _note_gap(content: Compact) -> Gap:
    span = content.whole()
    return Gap("note-without-agency", span, _written(span.text))


_TITLE_NOTE = re.compile(r"[（(〔]([^（）()〔〕]*)[）)〕]$")


def title_without_note(title: str) -> str:
    """A heading with its note at the end ("（一）…工程（市经信局牵头）") without the note."""
    m = _TITLE_NOTE.search(title)
    if m and (
        _lexicon().label_re.match(m.group(1).replace("：", ":"))
        or _strip_marker(_clean(m.group(1)))[1]
    ):
        return title[: m.start()]
    return title
