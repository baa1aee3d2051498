"""Search synonyms, from the topic vocabulary: a search term that is one of a topic's
names (its notation, its preferred and alternative labels in any language, as
ontology/vocab/topic.ttl gives them) also finds the passages naming it by any other, so
`VOCs` and 挥发性有机物 find the same passages. A topic's hidden labels are keywords, not
names of it (PM2.5 for particulate matter, 光伏 for renewable energy): a search for one
finds that word only. The words are the vocabulary's own."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from api.web.folding import fold_query
from api.web.labels import vocabularies

SCHEME = "topic"


@dataclass(frozen=True)
class Synonyms:
    # folded term -> every folded name of the topics it names (itself included), longest first
    table: dict[str, tuple[str, ...]]
    # folded name -> the name as the vocabulary writes it, for showing
    written: dict[str, str]


@lru_cache(maxsize=4)
def synonyms(base: str) -> Synonyms:
    table: dict[str, set[str]] = {}
    written: dict[str, str] = {}
    for concept in vocabularies(base).by_scheme.get(SCHEME, {}).values():
        folded = {fold_query(n).strip(): n for n in concept.names}
        folded.pop("", None)
        for name in folded:
            table.setdefault(name, set()).update(folded)
        for name, original in folded.items():
            written.setdefault(name, original)
    ordered = {k: tuple(sorted(v, key=lambda n: (-len(n), n))) for k, v in table.items()}
    return Synonyms(ordered, written)
