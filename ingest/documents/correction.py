"""OCR'd text put right against the parser's lexicon, one character for one.

Tesseract's Chinese model misreads characters inside the very words the parser looks for
(化学需气量 for 化学需氧量, 奉头 for 牵头, 氛氧化物 for 氮氧化物, 芜寡市 for 芜湖市), and
one such character loses a pollutant's target or an agency's role. The lexicon is the
vocabularies' words (`Vocabularies.words`) and the gazetteer's place names: a run of the
OCR'd text one character away from a term (two for a term of `_TWO_AWAY` characters or
more) becomes the term when

- every character replaced is one Tesseract doubted (its word's confidence under
  `DOUBT`, or under `_DOUBT_LONG` in a run of `_LONG` characters or more, which says
  more by itself, or in one where it doubted another character: it boxes the words of
  a misread stretch wrong, 所 87 then 氧化 0 in 所氧化物) and is a Chinese character, as
  is its replacement;
- no character replaced is part of a term read as written (生态环境局 stays; a
  place's two-character short name is only ever kept, never written: too many words are
  one character away from one);
- the run cuts no word Tesseract read in two (its 处理 + 厂 is no 处理率);
- the run is not read with confidence elsewhere in the document (a real word there), nor
  do its kept characters make another word read with confidence more often than they
  make the term (议江新区 is no 两江新区 where 赣江新区 is read);
- a short term (`_SHORT` characters or fewer) stands alone, between punctuation or
  terms read as written ("（奉头）", "、氨气、"), and one of fewer than `_ANCHORED`
  characters is this document's own: it is read somewhere in it (?头 is 牵头 where 牵头
  is read, and read more often than 源头);
- exactly one term fits with the fewest replacements (of several, the one the document
  reads elsewhere: ?合 is 配合, not 联合, where 配合 is read); the longest run wins where
  runs overlap.

A pollutant of a list may be misread in every character (氨氮 as 氮氛, 氢氛, 氮气: the
document then never reads it, and one character is not enough): a whole item of a list
beside a pollutant read as written (化学需氧量、氮氛、), or one before a term the
document reads after a pollutant elsewhere (a table's 氮氛重点工程减排量 beside
化学需氧量重点工程减排量), every character of it doubted, becomes the pollutant of its
length that it looks like (likeness.py: two characters
replaced at most, alike on average, and clearly more alike than any other pollutant's).

A place's two-character name is only ever kept by the rules above; it is written where
the document reads it with confidence as a place, with its level (铜陵市, twice at
least), over a pair one doubted character away whose character looks like the name's
(钼陵经开区 → 铜陵经开区, 滩坊银保监分局 → 潍坊银保监分局), the other read with confidence and
the pair never read with full confidence.

And a doubted character read as a word of its own before a term that makes a whole item
of a list ("、和氮氧化物、"), where the term is a pollutant's name or the document lists it
on its own elsewhere, is a stray: a space.

Only OCR'd text comes here: a text layer is what its author wrote. Offsets hold (one
character for one), so every fact still quotes the text read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ingest.documents.likeness import likeness

__all__ = ["DOUBT", "Lexicon", "Reading", "correct", "lexicon"]

# Under this word confidence a character may be a misreading: measured on three blind
# sets' scans, 82% of Tesseract's substitutions and 4% of its right characters.
DOUBT = 70.0
_DOUBT_LONG, _LONG = 90.0, 7
_TWO_AWAY = 10  # a term this long may be two characters away
_SHORT = 3  # a term this short must stand alone
_ANCHORED = 4  # a term shorter than this must be the document's own
_MASK = "\0"
_SEPARATORS = "、，,；;"  # between the items of a list
_CJK = re.compile("[\u4e00-\u9fff]")
# A misread list item's characters look like the pollutant's this much on average (two
# characters picked at random: 0.64 at the median, 0.79 at the 95th percentile), and
# more than like any other pollutant's by this margin, over the whole item.
_ALIKE, _MARGIN = 0.75, 0.1
# A place's two-character name read this often with confidence is the document's own; a
# character read with middling confidence is put right only where it looks more alike.
_PLACE_READ, _ALIKE_MIDDLING = 2, 0.85


@dataclass(frozen=True)
class Lexicon:
    """The terms, and an index from each term with one (or two) of its Chinese
    characters masked to the terms that give that key."""

    terms: frozenset[str]  # every term, kept where read as written
    keys: dict[str, tuple[str, ...]]
    lengths: tuple[int, ...]  # the lengths of the terms written, shortest first
    longest: int  # the longest term kept
    items: frozenset[str] = frozenset()  # terms a list names on their own (pollutants)
    short: frozenset[str] = frozenset()  # the two-character names of places, kept


def build(written: set[str], kept: set[str], items: frozenset[str] = frozenset()) -> Lexicon:
    """A lexicon that writes the terms `written` and keeps those and `kept` where they
    are read as written; `items` are terms a list names on their own."""
    keys: dict[str, list[str]] = {}
    for term in sorted(written):
        chinese = [i for i, ch in enumerate(term) if _CJK.fullmatch(ch)]
        masks: list[tuple[int, ...]] = [(i,) for i in chinese]
        if len(term) >= _TWO_AWAY:
            masks += [(i, j) for n, i in enumerate(chinese) for j in chinese[n + 1 :]]
        for mask in masks:
            keys.setdefault(_masked(term, mask), []).append(term)
    terms = frozenset(t for t in written | kept if len(t) >= 2)
    return Lexicon(
        terms=terms,
        keys={k: tuple(v) for k, v in keys.items()},
        lengths=tuple(sorted({len(t) for t in written})),
        longest=max((len(t) for t in terms), default=0),
        items=items,
        short=frozenset(t for t in kept if len(t) == 2 and all(map(_CJK.fullmatch, t))),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The parser's lexicon: the vocabularies' words and the places' names (their
    two-character short names kept, not written)."""
    from ingest.gazetteer import place_names
    from ingest.vocab import vocabularies

    places, vocab = place_names(), vocabularies()
    words = {w for w in vocab.words if len(w) >= 2}
    items = frozenset(name for name, _ in vocab.pollutant_names)
    return build(words | {p for p in places if len(p) > 2}, set(places), items)


@dataclass(frozen=True)
class Reading:
    """OCR'd text with, for each character, its word's confidence (0-100) and whether a
    word starts there. "\\n" parts pieces no term runs across (table cells)."""

    text: str
    confidence: Sequence[float]
    starts: Sequence[bool]


def correct(reading: Reading, lex: Lexicon) -> str:
    """The text with each run that misreads a term replaced by it (the rules in this
    module's docstring); the same length."""
    text, confidence = reading.text, reading.confidence
    doubted = [
        i
        for i, ch in enumerate(text)
        if confidence[i] < _DOUBT_LONG and _CJK.fullmatch(ch) is not None
    ]
    if not doubted:
        return text
    kept, term_starts, term_ends = _read_terms(text, lex)
    # the text read with confidence, doubted characters masked: where a word is a real one
    sure = "".join(_MASK if confidence[i] < DOUBT else ch for i, ch in enumerate(text))
    found: dict[tuple[int, int], dict[int, set[str]]] = {}
    for q in doubted:
        if kept[q]:
            continue
        for length in lex.lengths:
            for start in range(max(0, q - length + 1), min(q, len(text) - length) + 1):
                # a long run says more by itself; so does one where Tesseract doubted the
                # neighbours of the character it misread
                near = [confidence[r] for r in range(start, start + length) if r != q]
                doubt = _DOUBT_LONG if length >= _LONG or min(near) < DOUBT else DOUBT
                if confidence[q] >= doubt:
                    continue
                run = text[start : start + length]
                if "\n" in run or _cuts(reading, start) or _cuts(reading, start + length):
                    continue
                masks: list[tuple[int, ...]] = [(q - start,)]
                if length >= _TWO_AWAY:
                    masks += [
                        (q - start, r - start)
                        for r in range(q + 1, start + length)
                        if confidence[r] < doubt and not kept[r] and _CJK.fullmatch(text[r])
                    ]
                for mask in masks:
                    for term in lex.keys.get(_masked(run, mask), ()):
                        if sum(a != b for a, b in zip(run, term, strict=True)) == len(mask):
                            found.setdefault((start, length), {}).setdefault(len(mask), set()).add(
                                term
                            )
    out = list(text)
    taken = [False] * len(text)
    for (start, length), by_count in sorted(found.items(), key=lambda f: (-f[0][1], min(f[1]))):
        fewest = by_count[min(by_count)]
        if len(fewest) > 1:  # of several, the one the document reads elsewhere
            fewest = {term for term in fewest if term in text}
        if len(fewest) != 1 or any(taken[start : start + length]):
            continue
        term = next(iter(fewest))
        run = text[start : start + length]
        if run in sure:
            continue  # read with confidence elsewhere: a word of its own
        if length <= _SHORT and not (
            _alone_before(text, start, term_ends)
            and _alone_after(text, start + length, term_starts)
        ):
            continue
        if not _own(text, sure, run, term, length < _ANCHORED):
            continue
        out[start : start + length] = term
        taken[start : start + length] = [True] * length
    return _unlisted(reading, _items(reading, _places(reading, "".join(out), lex), lex), lex)


def _places(reading: Reading, text: str, lex: Lexicon) -> str:
    """The text with each misreading of a place's two-character name that the document
    reads with confidence with its level (铜陵市, `_PLACE_READ` times at least) put
    right: one character replaced, doubted and looking like the name's, the other read
    with confidence, and the pair never read with full confidence (钼陵经开区 is
    铜陵经开区)."""
    confidence, read = reading.confidence, reading.text
    sure = [confidence[i] >= DOUBT and text[i] == read[i] for i in range(len(text))]
    count: dict[str, int] = {}
    read_sure: set[str] = set()
    for i in range(len(text) - 1):
        if min(confidence[i : i + 2]) >= _DOUBT_LONG:
            read_sure.add(text[i : i + 2])
        # the name of a place with its level (铜陵市), not a word that is one too (新建)
        if (
            sure[i]
            and sure[i + 1]
            and text[i : i + 2] in lex.short
            and any(text[i : i + k] in lex.terms for k in range(3, 5))
        ):
            count[text[i : i + 2]] = count.get(text[i : i + 2], 0) + 1
    names = [name for name, n in count.items() if n >= _PLACE_READ]
    out = list(text)
    for i in range(len(text) - 1):
        run = text[i : i + 2]
        if run in lex.short or run in lex.terms or run in read_sure:
            continue
        for name in names:
            differ = [k for k in range(2) if run[k] != name[k]]
            if len(differ) != 1:
                continue
            q, other = i + differ[0], i + 1 - differ[0]
            if not sure[other] or text[q] != read[q] or not _CJK.fullmatch(text[q]):
                continue
            need = _ALIKE if confidence[q] < DOUBT else _ALIKE_MIDDLING
            alike = likeness(text[q], name[differ[0]])
            if confidence[q] < _DOUBT_LONG and alike is not None and alike >= need:
                out[q] = name[differ[0]]
    return "".join(out)


def _items(reading: Reading, text: str, lex: Lexicon) -> str:
    """The text with each whole list item beside a pollutant read as written, whose
    characters Tesseract all doubted, replaced by the pollutant it looks like (the
    module's docstring)."""
    confidence = reading.confidence
    _, term_starts, term_ends = _read_terms(text, lex)
    lengths = sorted({len(t) for t in lex.items if _CJK.fullmatch(t[0])})
    out = list(text)
    for start in range(len(text)):
        if not (start == 0 or not _CJK.fullmatch(text[start - 1]) or start in term_ends):
            continue
        for length in lengths:
            end = start + length
            run = text[start:end]
            if end > len(text) or run in lex.terms or not all(map(_CJK.fullmatch, run)):
                continue
            if not (end == len(text) or not _CJK.fullmatch(text[end]) or end in term_starts):
                continue
            sure = [confidence[i] for i in range(start, end)]
            if min(sure) >= DOUBT or max(sure) >= _DOUBT_LONG:
                continue
            if not (
                _listed_before(text, start, lex)
                or _listed_after(text, end, lex)
                or _in_place(text, end, lex)
            ):
                continue
            term = _looks_like(run, [t for t in lex.items if len(t) == length])
            if term is not None:
                out[start:end] = term
    return "".join(out)


def _listed_before(text: str, at: int, lex: Lexicon) -> bool:
    """Does a pollutant and a list's separator end just before `at`?"""
    return (
        at > 0
        and text[at - 1] in _SEPARATORS
        and any(text[max(0, at - 1 - len(t)) : at - 1] == t for t in lex.items)
    )


def _listed_after(text: str, at: int, lex: Lexicon) -> bool:
    """Does a list's separator and a pollutant start at `at`?"""
    return (
        at < len(text)
        and text[at] in _SEPARATORS
        and any(text[at + 1 : at + 1 + len(t)] == t for t in lex.items)
    )


def _in_place(text: str, at: int, lex: Lexicon) -> bool:
    """Does a term start at `at` (重点工程减排量 of a table's rows) that the document
    reads elsewhere right after a pollutant's name (化学需氧量重点工程减排量)?"""
    follows = [
        text[at:end]
        for end in range(at + 2, min(len(text), at + lex.longest) + 1)
        if text[at:end] in lex.terms
    ]
    return any(
        text[m.start() - len(item) : m.start()] == item
        for term in follows
        for m in re.finditer(re.escape(term), text)
        if m.start() != at
        for item in lex.items
    )


def _looks_like(run: str, terms: list[str]) -> str | None:
    """The term `run` looks like: two characters replaced at most, alike on average, and
    the whole clearly more alike than any other term; None without one (or without a CJK font)."""
    scored: list[tuple[float, str]] = []
    for term in terms:
        alike = [likeness(a, b) for a, b in zip(run, term, strict=True)]
        if any(a is None for a in alike):
            return None
        values = [a for a in alike if a is not None]
        replaced = [a for a, r, t in zip(values, run, term, strict=True) if r != t]
        if replaced:
            scored.append((sum(values), term))
            if len(replaced) > 2 or sum(replaced) / len(replaced) < _ALIKE:
                scored[-1] = (float("-inf"), term)
    scored.sort(reverse=True)
    if not scored or scored[0][0] == float("-inf"):
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < _MARGIN:
        return None
    return scored[0][1]


def _unlisted(reading: Reading, text: str, lex: Lexicon) -> str:
    """The text without the strays of a list: a character Tesseract doubted, read as a
    word of its own, between a list's separator and a term that runs to the next
    ("、有氮氧化物、" for 、氮氧化物、: the wide glyph of 氮 read as two), where the term is a
    pollutant's name or the document lists it on its own elsewhere, is a space (the
    parser reads past white space, and offsets hold)."""
    out = list(text)
    for i, ch in enumerate(text):
        alone = reading.starts[i] and (i + 1 == len(text) or reading.starts[i + 1])
        if not (
            alone
            and reading.confidence[i] < DOUBT
            and _CJK.fullmatch(ch)
            and (i == 0 or text[i - 1] in _SEPARATORS)
        ):
            continue
        for end in range(i + 3, min(len(text), i + 1 + lex.longest) + 1):
            listed = end == len(text) or text[end] in _SEPARATORS + "。"
            term = text[i + 1 : end]
            if listed and term in lex.terms and text[i:end] not in lex.terms:
                if term in lex.items or _bare(text, term, i + 1):
                    out[i] = " "
                break
    return "".join(out)


def _bare(text: str, term: str, at: int) -> bool:
    """Does the document list `term` elsewhere as an item of its own (after a separator
    or at a paragraph's start), not only after some character (省 of 、省商务厅、)?"""
    return any(
        m.start() != at and (m.start() == 0 or text[m.start() - 1] in _SEPARATORS + "\n")
        for m in re.finditer(re.escape(term), text)
    )


def _masked(term: str, positions: tuple[int, ...]) -> str:
    chars = list(term)
    for i in positions:
        chars[i] = _MASK
    return "".join(chars)


def _read_terms(text: str, lex: Lexicon) -> tuple[list[bool], set[int], set[int]]:
    """Which characters are part of a term read as written, and where such terms start
    and end."""
    kept = [False] * len(text)
    starts: set[int] = set()
    ends: set[int] = set()
    for start in range(len(text)):
        for end in range(start + 2, min(len(text), start + lex.longest) + 1):
            if text[start:end] in lex.terms:
                kept[start:end] = [True] * (end - start)
                starts.add(start)
                ends.add(end)
    return kept, starts, ends


def _cuts(reading: Reading, at: int) -> bool:
    """Would a run starting or ending at `at` cut a word Tesseract read (two letters of
    one word on either side)?"""
    text = reading.text
    return (
        0 < at < len(text)
        and not reading.starts[at]
        and (text[at - 1].isalnum() and text[at].isalnum())
    )


def _alone_before(text: str, at: int, term_ends: set[int]) -> bool:
    return at == 0 or not _CJK.fullmatch(text[at - 1]) or at in term_ends


def _alone_after(text: str, at: int, term_starts: set[int]) -> bool:
    return at == len(text) or not _CJK.fullmatch(text[at]) or at in term_starts


def _own(text: str, sure: str, run: str, term: str, read_here: bool) -> bool:
    """Is `term` this document's word where `run` stands: read in it (where `read_here`)
    and at least as often as the words read with confidence that its characters shared
    with `run` make otherwise (议江新区 is no 两江新区 where 赣江新区 is read)?"""
    pattern = "".join(
        f"[^\n{_MASK}]" if a != b else re.escape(b) for a, b in zip(run, term, strict=True)
    )
    found = f"(?=({pattern}))"
    read: int = sum(m.group(1) == term for m in re.finditer(found, text))
    rivals: int = sum(m.group(1) != term for m in re.finditer(found, sure))
    return (read > 0 or not read_here) and read >= rivals
