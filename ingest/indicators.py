"""Which indicator a table row's label names, from the indicator vocabulary's labels
(ontology/vocab/indicator.ttl), and the unit it is usually stated in."""

from __future__ import annotations

import re
from functools import cache

from ingest.patterns import BASE_YEAR_WORDS
from ingest.qualifiers import FALL
from ingest.vocab import vocabularies

_REDUCTION = "-reduction"
_FALLING = re.compile(rf"(?:{FALL})率?$")
# 比2020年, 较2020年(相比): the base a label may name between its words
_BASE = re.compile(rf"{BASE_YEAR_WORDS}(?:相比)?")


@cache
def default_unit(indicator: str) -> str | None:
    """The unit code an indicator is usually stated in (pk:defaultUnit), if it has one."""
    return dict(vocabularies().indicator_units).get(indicator)


def indicator_for_label(label: str, rate: bool = False) -> str:
    """Indicator notation for a row label (normalised text); "other" if none fits.

    `rate` says the value is a percentage change (a "[x%]" cell or a 下降率 column), as
    does a label ending in 下降/降低: then an indicator of a change (…-reduction) is
    chosen over the quantity it changes, and only then may one be chosen at all.
    """
    text = _BASE.sub("", "".join(label.split())).upper()
    reduction = rate or bool(_FALLING.search(text))
    found = [
        notation
        for parts, notation in vocabularies().indicator_labels
        if all(part.upper() in text for part in parts)
    ]
    for notation in found:  # most characters matched first
        if _is_rate(notation) == reduction or (
            not _is_rate(notation) and not any(_is_rate(f) for f in found)
        ):
            return notation
    return "other"


def _is_rate(indicator: str) -> bool:
    """A percentage change of a quantity (…-reduction in percent), not a quantity."""
    return indicator.endswith(_REDUCTION) and default_unit(indicator) == "percent"
