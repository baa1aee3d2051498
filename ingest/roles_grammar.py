"""The grammar of responsibility: which agencies a clause of a note names, in which role.

A note is cut into clauses on ， ； 。 outside brackets (ingest/responsibility.py); this
module reads one clause, then composes the clauses of a note. Every word it knows comes
from the vocabularies (ontology/vocab/role.ttl and agency-type.ttl, read by
ingest/vocab.py): a role verb, a label or a manner word is one line there.

A clause is a list of agencies (names apart by 、, or by 和/及/与 between two names) with
role words at any position around it:
- a label before the list gives it its role: 牵头单位：A、B / 【责任单位】A;
- the agent marker before the list opens it: 由A牵头;
- a role word after a group of names closes the group with its role: A、B牵头，C配合 /
  A、B按职责分工负责; manner words between the names and the role word give no role
  (A、B共同牵头, 各乡镇按属地原则抓好落实), and in a note what the last role word governs
  after it names no agency (A负责统筹协调);
- a tag after one name gives that name alone its role: A（牵头）、B; with a manner word it
  gives the group it closes its role: A、B（共同牵头）;
- a lead verb between two lists makes the first lead and those it acts with responsible
  (A会同B、C负责); a directing verb makes the first lead and gives those it directs the
  clause's role, implementing where the clause gives none (A督促各县落实). A clause that
  opens on such a verb has its subject in the clause before, which leads (A负责，督促各县
  落实); when those it directs are no agencies (督促重点企业落实…) it names no one;
- a lead frame around a list makes it lead, the rest of the clause keeping its role
  (B在A指导下负责).

Composing the clauses of a note:
- a clause of names with no role just before a clause of leads leads too (A，B牵头: leads
  apart by a comma);
- where no one leads and some support, who is responsible leads (A负责，B配合).
Where no one leads still, the first responsible leads by the listing order or by the rule
the plan states (ingest/responsibility.py).

Names never merge: a comma ends a clause, and so a name. A name keeps its offsets in the
note, so every responsibility quotes its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from ingest.gazetteer import place_names
from ingest.patterns import EACH_PLACE, LIST_SEPARATOR_CHARS
from ingest.vocab import Vocabularies, alternation, vocabularies

# 各县、区 (each county and district) before the rest of one name: 各县、区人民政府
_LEVELS = alternation(vocabularies().level_prefixes)
_EACH_PLACE = re.compile(rf"{EACH_PLACE}(?:、(?:{_LEVELS}))*")
_LEVEL_START = re.compile(_LEVELS)

LOCAL_GOVERNMENT = "local-government"


class Named(NamedTuple):
    """A name of a note: where it is, and the role the clause gives it (None: listed)."""

    name: str
    start: int
    end: int
    role: str | None
    suffix: str = ""  # a word a list shares, added to the name: 达州高新区(管委会)


@dataclass(frozen=True)
class Words:
    """The grammar's words, from the vocabularies, with the patterns built from them."""

    role_words: tuple[tuple[str, str], ...]  # longest first
    labels: tuple[tuple[str, str | None], ...]  # longest first
    lead_verbs: tuple[str, ...]
    direct_verbs: tuple[str, ...]
    frames: tuple[tuple[str, str], ...]
    agents: tuple[str, ...]
    manners: tuple[str, ...]
    label_re: re.Pattern[str]  # 责任单位：, 【责任单位】 (normalised to [责任单位]), 牵头单位为
    tag_re: re.Pattern[str]  # a role given to the one name before it: 市生态环境局(牵头),
    # or with a manner word to its group: A、B(共同牵头)
    scoped_label: re.Pattern[str]  # …为各项任务的责任主体: a label with what it is for
    ending: re.Pattern[str]  # how an agency's name ends


@cache
def words() -> Words:
    vocab = vocabularies()
    labels = vocab.label_alternation
    markers = alternation(w for w, _ in vocab.role_words)
    manners = alternation(vocab.role_manners)
    endings = alternation(vocab.agency_endings)
    return Words(
        role_words=vocab.role_words,
        labels=vocab.note_labels,
        lead_verbs=vocab.lead_verbs,
        direct_verbs=vocab.direct_verbs,
        frames=vocab.lead_frames,
        agents=vocab.agent_markers,
        manners=vocab.role_manners,
        label_re=re.compile(rf"(?:\[(?:{labels})\]|(?:{labels})(?::|为))"),
        tag_re=re.compile(rf"\((?P<manner>{manners})?(?P<tag>{markers}|{labels})\)等?$"),
        scoped_label=re.compile(rf"为[^为,;。]{{1,10}}的(?P<label>{labels})$"),
        ending=re.compile(rf"(?:{endings})$"),
    )


def clean(name: str) -> str:
    """A name without the punctuation and 等 around it, nor the 等部门 that closes a list
    (市财政局等有关部门)."""
    name = name.strip(":,;。 ")
    for generic in _closing_generics():
        if name.endswith("等" + generic) and len(name) > len(generic) + 1:
            name = name[: -len(generic)]
            break
    while name.endswith("等"):
        name = name[:-1]
    return name.strip(":,;。 ")


@cache
def _closing_generics() -> tuple[str, ...]:
    """The generic agency phrases (部门, 有关部门), longest first."""
    return tuple(sorted(vocabularies().generic_agencies, key=lambda g: (-len(g), g)))


def ends_open(clause: str) -> bool:
    """Whether a clause's list ends on 等 and a generic phrase (A、B等部门，C配合): the
    list goes on into the next clause, whose role word it shares."""
    bare = clause.strip(":,;。 ")
    return any(bare.endswith("等" + g) for g in _closing_generics())


def _bare(name: str) -> str:
    return re.sub(r"\([^()]*\)", "", name)


def is_agency(name: str, vocab: Vocabularies) -> bool:
    """Does `name` read as an agency's name: it ends as one does, or it names a type?"""
    return (
        bool(name)
        and len(name) <= 40
        and (bool(words().ending.search(_bare(name))) or vocab.agency_type(name) != "other")
    )


def split_top(text: str, seps: str) -> list[tuple[int, int]]:
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


def _strip_manner(piece: str) -> str:
    """`piece` without the manner words that end it (A、B共同 -> A、B)."""
    changed = True
    while changed:
        changed = False
        for manner in words().manners:
            if piece.endswith(manner) and len(piece) > len(manner):
                piece = piece[: -len(manner)]
                changed = True
    return piece


def role_at_end(piece: str) -> tuple[str, str | None]:
    """A piece without the role word that ends it, and that word's role (None: none)."""
    w = words()
    for marker, role in w.role_words:
        if piece.endswith(marker):
            head = _strip_manner(piece[: -len(marker)])
            # two role words make one (负责具体落实, 协同配合, 牵头组织实施): the last word's
            # role, unless the first leads
            inner = next((m for m in w.role_words if head.endswith(m[0]) and head != m[0]), None)
            if inner is not None:
                head = _strip_manner(head[: -len(inner[0])])
                role = "lead" if inner[1] == "lead" else role
            return head, role
    # 各区镇为各项任务的责任主体: 为 + what it is for + 的 + a note label.
    m = w.scoped_label.search(piece)
    if m:
        return piece[: m.start()], dict(w.labels)[m["label"]] or "responsible"
    return piece, None


def _role_inside(piece: str, vocab: Vocabularies) -> tuple[int, str] | None:
    """A role word inside the last piece of a note, followed by what it governs: where the
    names before it end, and its role (区节能减排工作领导小组负责统筹协调)."""
    for marker, role in words().role_words:
        at = piece.find(marker, 1)
        while at > 0:
            head = _strip_manner(piece[:at])
            rest = piece[at + len(marker) :]
            if (
                is_agency(clean(head), vocab)
                and vocab.agency_type(rest) == "other"
                and not words().ending.search(rest)
            ):
                return len(head), role
            at = piece.find(marker, at + 1)
    return None


def _tag_role(tag: str) -> str | None:
    w = words()
    return dict(w.role_words).get(tag) or dict(w.labels).get(tag)


def _split_joined(name: str, start: int, vocab: Vocabularies) -> list[tuple[str, int]]:
    """A name that is two agencies joined by 和/及/与 (街道办事处和夷陵经济开发区管委会), when
    both sides read as agencies; else the name (县住房和城乡建设局 is one)."""
    for sep in LIST_SEPARATOR_CHARS:
        if sep in "、,":
            continue
        at = name.find(sep, 1)
        while at > 0:
            left, right = name[:at], name[at + 1 :]
            if is_agency(left, vocab) and is_agency(right, vocab) and len(right) >= 3:
                return [(left, start), *_split_joined(right, start + at + 1, vocab)]
            at = name.find(sep, at + 1)
    return [(name, start)]


def _join(clause: str, vocab: Vocabularies) -> tuple[int, str, str] | None:
    """Where a joining verb stands in a clause, the verb and its kind ("lead" or "direct"),
    or None. The words before it must all be agency names (so 管委会同意 is no verb) and
    the words after it must name one (so 由A组织实施 is no join); at the clause's start a
    verb has its subject in the clause before (督促各县落实)."""
    w = words()
    verbs = [(v, "lead") for v in w.lead_verbs] + [(v, "direct") for v in w.direct_verbs]
    for verb, kind in sorted(verbs, key=lambda p: -len(p[0])):
        at = clause.find(verb)
        while at >= 0:
            head = [clean(clause[a:b]) for a, b in split_top(clause[:at], "、")]
            tail = role_at_end(clean(clause[at + len(verb) :]))[0]
            names = [clean(tail[a:b]) for a, b in split_top(tail, "、")]
            if (at == 0 or (head and all(is_agency(n, vocab) for n in head))) and (
                names and is_agency(names[-1], vocab)
            ):
                return at, verb, kind
            at = clause.find(verb, at + 1)
    return None


def opens_on_direct(clause: str) -> bool:
    """Whether a clause opens on a directing verb, its subject in the clause before
    (A负责，督促重点企业落实): who directs leads."""
    return clause.startswith(words().direct_verbs)


def _frame(clause: str, vocab: Vocabularies) -> tuple[int, int, int, int] | None:
    """A lead frame in a clause (B在A指导下负责): where it opens, where its names start and
    end, and where it closes; its names must all be agencies."""
    for head, tail in words().frames:
        close = clause.find(tail)
        if close < 0:
            continue
        start = clause.rfind(head, 0, close)
        inner = clause[start + len(head) : close] if start >= 0 else ""
        names = [clean(inner[a:b]) for a, b in split_top(inner, "、")]
        if names and all(is_agency(n, vocab) for n in names):
            return start, start + len(head), close, close + len(tail)
    return None


def read_clause(clause: str, offset: int, last: bool = False) -> list[Named]:
    """The names of one clause of a note and their roles; `offset` is where the clause
    starts in the note, `last` whether it ends the note (a role word may then govern words
    after it)."""
    vocab = vocabularies()
    w = words()
    label_role: str | None = None
    bracketed = clause.startswith("[")
    for label, role in w.labels:
        if clause.startswith(label, 1 if bracketed else 0):
            skip = len(label) + (1 if bracketed else 0)
            skip += 1 if clause[skip : skip + 1] in (":", "]", *vocab.note_scope.copula) else 0
            clause, offset, label_role = clause[skip:], offset + skip, role
            break
    for agent in w.agents:
        if clause.startswith(agent) and len(clause) > len(agent):
            clause, offset = clause[len(agent) :], offset + len(agent)
            break
    frame = _frame(clause, vocab)
    if frame is not None:
        # B在A指导下负责: A leads; B takes the role word after the frame.
        opens, inner, closes, after = frame
        rest = clause[after:]
        leads = [n._replace(role="lead") for n in _list(clause[inner:closes], offset + inner)]
        if not clause[:opens]:
            return leads + read_clause(rest, offset + after, last)
        role = role_at_end(clean(rest))[1] if rest else None
        before = _list(clause[:opens], offset, label_role, last)
        return leads + [n._replace(role=n.role or role) for n in before]
    joint = _join(clause, vocab)
    if joint is None and opens_on_direct(clause):
        return []  # 督促重点企业落实…: those it directs are no agencies, its duty no name
    if joint is not None:
        at, verb, kind = joint
        head = [n._replace(role="lead") for n in _list(clause[:at], offset)]
        tail = _list(clause[at + len(verb) :], offset + at + len(verb), None, last)
        if kind == "lead":
            # 由A会同B、C组织实施: B and C act with the lead, whatever the clause's role.
            tail = [
                n._replace(role="responsible" if n.role in (None, "implementing") else n.role)
                for n in tail
            ]
        else:
            tail = [n._replace(role=n.role or "implementing") for n in tail]
        return head + tail
    return _list(clause, offset, label_role, last)


def _each_place_lists(clause: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pieces with a list of levels joined into one name: 各县、区人民政府 names the
    counties' and districts' governments, not 各县 and 区人民政府."""
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        head = clause[out[-1][0] : out[-1][1]].strip(":,;。 ") if out else ""
        if head and _EACH_PLACE.fullmatch(head) and _LEVEL_START.match(clause, a):
            out[-1] = (out[-1][0], b)
            continue
        out.append((a, b))
    return out


def _list(
    clause: str, offset: int, label_role: str | None = None, last: bool = False
) -> list[Named]:
    """The names of a list (split on 、) with their roles: a role word closes the group of
    names before it, a tag gives its one name a role, a label gives the rest its role."""
    vocab = vocabularies()
    out: list[Named] = []
    group: list[tuple[str, int]] = []
    pieces = _each_place_lists(clause, split_top(clause, "、"))
    for k, (a, b) in enumerate(pieces):
        piece = clause[a:b]
        start = offset + a + (len(piece) - len(piece.lstrip(":,;。 ")))
        tagged = words().tag_re.search(piece)
        if tagged:
            # 市生态环境局(牵头), 县工信局(配合): a role for this name alone.
            name = clean(piece[: tagged.start()])
            role = _tag_role(tagged["tag"])
            group_role = role if tagged["manner"] else label_role
            out.extend(Named(n, s, s + len(n), group_role) for n, s in group)
            group = []
            if name:
                out.append(Named(name, start, start + len(name), role))
            continue
        bare, role = role_at_end(clean(piece))
        if role is not None and (inside := _role_inside(bare, vocab)) is not None:
            # A负责本辖区各项任务落实: what A carries out stands between two role words
            bare, role = bare[: inside[0]], "lead" if inside[1] == "lead" else role
        if role is None and last and k == len(pieces) - 1:
            inside = _role_inside(clean(piece), vocab)
            if inside is not None:
                bare, role = clean(piece)[: inside[0]], inside[1]
        bare = clean(bare)
        if bare:
            group.extend(_split_joined(bare, start, vocab))
        if role is not None:
            out.extend(Named(n, s, s + len(n), role) for n, s in group)
            group = []
    out.extend(Named(n, s, s + len(n), label_role) for n, s in group)
    # One 管委会 for a list of zones (达州高新区、东部经开区管委会), one 人民政府 for a list
    # of places (永安市、沙县区人民政府): the local government's word the last name ends with.
    shared = _shared_ending(out[-1].name, vocab) if out else None
    if shared:
        out = [
            n._replace(name=n.name + shared, suffix=shared)
            if (n.name.endswith("区") if shared == "管委会" else n.name in place_names())
            else n
            for n in out
        ]
    return out


def _shared_ending(name: str, vocab: Vocabularies) -> str | None:
    """The local government's word (人民政府, 管委会) `name` ends with, the longest."""
    return next(
        (
            label
            for label, notation in vocab.agency_type_labels
            if notation == "local-government"
            and name.endswith(label)
            and name != label
            and label.endswith(("政府", "管委会"))
        ),
        None,
    )


def is_role_clause(clause: str, vocab: Vocabularies, typed: bool = True) -> bool:
    """A clause that only says who does what: names with a role word at its end (not
    inside), each name an agency and (`typed`) one of a known type (so 项目由市城投公司负责
    and 企业负责 are prose)."""
    if role_at_end(clause)[1] is None:
        return False
    names = read_clause(clause, 0)
    if not names or any(n.role is None for n in names):
        return False
    if any(w in n.name[: -len(w)] for n in names for w, _ in vocab.role_words):
        return False  # A负责本辖区各项任务的组织实施: what A does, not a list of who
    return all(n.name in vocab.generic_agencies or is_agency(n.name, vocab) for n in names) and (
        not typed or any(vocab.agency_type(n.name) != "other" for n in names)
    )


def is_agency_list(clause: str, vocab: Vocabularies, whole_names: bool = False) -> bool:
    """A clause that is nothing but agencies' names apart by 、 ("(市发展改革委、市财政局等)",
    or a line of its own under a measure, the roles left to the plan's rule): every name an
    agency, and one a known department (so "各镇(街道)" in a sentence is no list of them);
    `whole_names`: each ends as an agency's name does (a sentence outside brackets)."""
    names = [clean(clause[a:b]) for a, b in split_top(clause, "、")]
    return (
        bool(names)
        and all(is_agency(n, vocab) for n in names)
        and (not whole_names or all(words().ending.search(_bare(n)) for n in names))
        and any(vocab.agency_type(n) not in ("other", "local-government") for n in names)
    )


def compose(
    clauses: list[list[Named]],
    directing: list[bool] | None = None,
    open_lists: list[bool] | None = None,
) -> list[Named]:
    """The names of a note's clauses, with the roles one clause gives another: a clause
    of names with no role before a clause of leads leads too (A，B牵头); a list closed by
    等部门 goes on into the next clause and takes its role (A、B等部门，C配合: `open_lists[k]`
    says clause k ends so); the names of a clause followed by one that opens on a
    directing verb lead (A负责，督促各县落实: `directing[k]` says clause k opens so); where
    no one leads and some support, who is responsible leads (A负责，B配合: 负责 set
    against 配合 marks the lead)."""
    out: list[Named] = []
    for k, names in enumerate(clauses):
        following = clauses[k + 1] if k + 1 < len(clauses) else []
        roles = {n.role for n in following}
        if (
            open_lists
            and open_lists[k]
            and names
            and all(n.role is None for n in names)
            and len(roles) == 1
            and None not in roles
        ):
            shared = roles.pop()
            names = [n._replace(role=shared) for n in names]
        if directing and k + 1 < len(directing) and directing[k + 1]:
            names = [
                n._replace(role="lead") if n.role in (None, "responsible") else n for n in names
            ]
        if (
            names
            and all(n.role is None for n in names)
            and following
            and all(n.role == "lead" for n in following)
        ):
            names = [n._replace(role="lead") for n in names]
        out.extend(names)
    if not any(n.role == "lead" for n in out) and any(n.role == "supporting" for n in out):
        out = [n._replace(role="lead") if n.role == "responsible" else n for n in out]
    return out
