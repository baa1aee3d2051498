"""The qualifier of a figure (以上, 不超过, 控制在…以内, 左右, 力争 …): one reader for prose
and table cells, its words from the qualifier vocabulary (ontology/vocab/qualifier.ttl),
with the verbs that make a figure a fall, a rise or a level (下降, 提高, 达到)."""

from __future__ import annotations

from typing import cast

from ingest.model import Qualifier
from ingest.vocab import alternation, vocabularies

_ASPIRATIONAL = "aspirational"
# (word, notation), longest first, so 不超过 is read before 超过 and 不低于 before 低于.
BOUNDS: tuple[tuple[str, str], ...] = tuple(
    (w, n) for w, n in vocabularies().qualifier_words if n != _ASPIRATIONAL
)
ASPIRATIONS: tuple[str, ...] = tuple(
    w for w, n in vocabularies().qualifier_words if n == _ASPIRATIONAL
)
# For regular expressions, longest first: a bound written right after a figure or right
# before it; a word of aspiration; any qualifier word.
BOUND = alternation(w for w, _ in BOUNDS)
ASPIRATION = alternation(ASPIRATIONS)
QUALIFIER_WORD = alternation(w for w, _ in vocabularies().qualifier_words)

# The verbs of a quantity statement, (verb, "fall" | "rise" | "reach"), longest first
# (ingest/quantities.py reads what they make of a figure); as alternations: every verb,
# those of a level to reach (达到, 提高到, 稳定在) and those of a fall (下降, 降低).
CHANGE_WORDS: tuple[tuple[str, str], ...] = vocabularies().change_words
VERB = alternation(w for w, _ in CHANGE_WORDS)
REACH = alternation(w for w, kind in CHANGE_WORDS if kind == "reach")
FALL = alternation(w for w, kind in CHANGE_WORDS if kind == "fall")
MODAL = alternation(vocabularies().modal_words)  # 要, 将: before the verb, no bound


def qualifier_of(before: str, after: str) -> Qualifier:
    """The bound of a figure from the word written right after it (15%以上) or else the
    words right before it (不低于15%); "" for an exact figure."""
    for word, notation in BOUNDS:
        if after.startswith(word):
            return cast(Qualifier, notation)
    for word, notation in BOUNDS:
        if before.endswith(word):
            return cast(Qualifier, notation)
    return ""


def aspiring(text: str) -> bool:
    """Words of aspiration (力争, 争取, 激励目标) in a statement's lead-in make its figure
    the aspirational row beside the basic one."""
    return any(word in text for word in ASPIRATIONS)
