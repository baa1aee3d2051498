"""JSON-LD compaction specialised to the service's one context (api.context.CONTEXT).

pyld compacts by searching every term of the context for each IRI it meets, which costs
~40 ms for one plan's description. The context never changes, so the term every
(property, kind of value) pair compacts to is worked out once here, following pyld's
term selection (JSON-LD 1.1 API, IRI compaction and term selection) for the shapes of
context this module accepts. `compact_nodes` gives exactly pyld's document for the flat
node objects api.linked.expand builds, and raises `Unsupported` for anything else, so the
caller can hand that document to pyld instead: never a different answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

from api.context import CONTEXT

Node = dict[str, Any]


class Unsupported(Exception):
    """The input (or the context) is outside what this module reproduces."""


# How a value becomes its compacted form once its key is chosen.
REF = 0  # node reference, term coerces to @id: the compacted IRI
REF_OBJECT = 1  # node reference otherwise: {"@id": IRI}
STRING = 2  # the bare string
LANG_OBJECT = 3  # {"@language": L, "@value": s}
TYPED_OBJECT = 4  # {"@type": datatype, "@value": s}
LANG_MAP = 5  # the string under its language (or "@none") in a language map

Slot = tuple[str, int]

_GEN_DELIMS = re.compile(r".*[:/\?#\[\]@]$")
_KEYWORD_TYPES = frozenset({"@id", "@vocab", "@none", "@json"})

# The containers pyld tries, in its order, for each kind of value (_compact_iri).
_REF_CONTAINERS = ("@id", "@id@set", "@type", "@set@type", "@set", "@none", "@index", "@index@set")
_PLAIN_CONTAINERS = ("@set", "@none", "@index", "@index@set", "@language", "@language@set")
_LANG_CONTAINERS = ("@language", "@language@set", "@set", "@none", "@index", "@index@set")
_TYPED_CONTAINERS = ("@set", "@none", "@index", "@index@set")
_VOCAB_CONTAINERS = ("@set", "@none")  # an IRI compacted with no value (@type values)


@dataclass
class _Entry:
    language: dict[str, str] = field(default_factory=dict)
    type: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Term:
    iri: str
    type: str | None
    language: str | None
    language_map: bool


@dataclass(frozen=True)
class Rules:
    """The key and compaction of each kind of value of one property."""

    ref: Slot
    plain: Slot
    lang: dict[str, Slot]  # by language tag, for the tags some term names
    lang_other: Slot
    typed: dict[str, Slot]  # by datatype IRI, for the datatypes some term names
    typed_other: Slot


class Compactor:
    """The context, processed once: terms, prefixes and the inverse context."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.prefixes: dict[str, str] = {}  # prefix term -> namespace
        self.terms: dict[str, _Term] = {}
        for key, value in context.items():
            if key == "@version":
                if value != 1.1:
                    raise Unsupported(f"@version {value!r}")
                continue
            if key.startswith("@") or ":" in key or not key:
                raise Unsupported(f"context key {key!r}")
            if isinstance(value, str) and _GEN_DELIMS.match(value) and "://" in value:
                self.prefixes[key] = value
        for key, value in context.items():
            if key == "@version":
                continue
            if isinstance(value, str):
                self.terms[key] = _Term(self._expand(value), None, None, False)
            elif isinstance(value, dict):
                self.terms[key] = self._term(value)
            else:
                raise Unsupported(f"context entry {key!r}")
            # pyld makes a simple term a prefix by what it expands to: check we agree
            if isinstance(value, str) and bool(_GEN_DELIMS.match(self.terms[key].iri)) != (
                key in self.prefixes
            ):
                raise Unsupported(f"prefix {key!r}")
        # pyld's inverse context: terms shortest first, then lexicographically least
        self.inverse: dict[str, dict[str, _Entry]] = {}
        for key in sorted(self.terms, key=lambda t: (len(t), t)):
            term = self.terms[key]
            entry = self.inverse.setdefault(term.iri, {}).setdefault(
                "@language" if term.language_map else "@none", _Entry()
            )
            if term.type is not None:
                entry.type.setdefault(term.type, key)
            elif term.language is not None:
                entry.language.setdefault(term.language, key)
            else:
                entry.language.setdefault("@none", key)
                entry.type.setdefault("@none", key)
        self._namespaces = sorted(self.prefixes.items())
        self._any_prefix = re.compile("|".join(re.escape(ns) for _, ns in self._namespaces))
        self._confusable = tuple(f"{p}:" for p in self.prefixes)
        self.rules: dict[str, Rules] = {iri: self._rules(iri) for iri in self.inverse}
        self._vocab: dict[str, str] = {}

    def _expand(self, value: str) -> str:
        if value.startswith("@"):
            raise Unsupported(f"keyword alias {value!r}")
        prefix, colon, local = value.partition(":")
        if colon and prefix in self.prefixes:
            return self.prefixes[prefix] + local
        if "://" in value:
            return value
        raise Unsupported(f"IRI {value!r}")

    def _term(self, value: dict[str, Any]) -> _Term:
        if not set(value) <= {"@id", "@type", "@language", "@container"} or "@id" not in value:
            raise Unsupported(f"term definition {value!r}")
        iri = self._expand(value["@id"])
        container = value.get("@container")
        kind = value.get("@type")
        language = value.get("@language")
        if container not in (None, "@language") or (kind is not None and language is not None):
            raise Unsupported(f"term definition {value!r}")
        if container is not None and (kind is not None or language is not None):
            raise Unsupported(f"term definition {value!r}")
        if kind is not None:
            if not isinstance(kind, str) or (kind.startswith("@") and kind != "@id"):
                raise Unsupported(f"@type {kind!r}")
            kind = kind if kind == "@id" else self._expand(kind)
        if language is not None and (
            not isinstance(language, str) or language != language.lower() or "_" in language
        ):
            raise Unsupported(f"@language {language!r}")
        return _Term(iri, kind, language, container == "@language")

    def _select(
        self, iri: str, containers: tuple[str, ...], by_type: bool, prefs: tuple[str, ...]
    ) -> str | None:
        """pyld's _select_term: the first container, then the first preference, found."""
        found = self.inverse.get(iri)
        if found is None:
            return None
        for container in containers:
            entry = found.get(container)
            if entry is None:
                continue
            options = entry.type if by_type else entry.language
            for pref in prefs:
                if pref in options:
                    return options[pref]
        return None

    def curie(self, iri: str) -> str:
        """The shortest (then least) usable compact IRI, else the IRI itself."""
        candidate: str | None = None
        if self._any_prefix.match(iri):
            for prefix, ns in self._namespaces:
                if iri != ns and iri.startswith(ns):
                    curie = f"{prefix}:{iri[len(ns) :]}"
                    if candidate is None or (len(curie), curie) < (len(candidate), candidate):
                        candidate = curie
        if candidate is not None:
            return candidate
        if iri.startswith(self._confusable):
            raise Unsupported(f"IRI confused with a prefix: {iri}")  # pyld raises
        return iri

    def vocab(self, iri: str) -> str:
        """An IRI compacted with vocab=True and no value: @type values and datatypes."""
        done = self._vocab.get(iri)
        if done is None:
            done = self._select(iri, _VOCAB_CONTAINERS, True, ("@id", "@none")) or self.curie(iri)
            if len(self._vocab) < 4096:
                self._vocab[iri] = done
        return done

    def _slot(self, iri: str, term: str | None, kind: str, value: str = "") -> Slot:
        if term is None:
            key = self.curie(iri)
            mode = {"ref": REF_OBJECT, "plain": STRING, "lang": LANG_OBJECT}.get(kind, TYPED_OBJECT)
            return key, mode
        t = self.terms[term]
        if t.language_map:
            return term, LANG_MAP  # only strings (plain or tagged) select a language map
        if kind == "ref":
            return term, REF if t.type == "@id" else REF_OBJECT
        if kind == "plain":
            return term, STRING
        if kind == "lang":
            return term, STRING if t.language == value else LANG_OBJECT
        return term, STRING if t.type == value else TYPED_OBJECT

    def _rules(self, iri: str) -> Rules:
        entries = self.inverse.get(iri, {})
        languages = {lang for e in entries.values() for lang in e.language if lang[0] != "@"}
        types = {t for e in entries.values() for t in e.type if t[0] != "@"}

        def lang(tag: str) -> Slot:
            prefs = (tag, "@none") if tag else ("@none",)
            return self._slot(iri, self._select(iri, _LANG_CONTAINERS, False, prefs), "lang", tag)

        def typed(datatype: str) -> Slot:
            prefs = (datatype, "@none") if datatype else ("@none",)
            term = self._select(iri, _TYPED_CONTAINERS, True, prefs)
            return self._slot(iri, term, "typed", datatype)

        # a node reference never selects by "@vocab" here (no term is "@type": "@vocab"),
        # so pyld's choice between preferring "@vocab" or "@id" first makes no difference
        ref = self._select(iri, _REF_CONTAINERS, True, ("@id", "@vocab", "@none"))
        plain = self._select(iri, _PLAIN_CONTAINERS, False, ("@null", "@none"))
        return Rules(
            ref=self._slot(iri, ref, "ref"),
            plain=self._slot(iri, plain, "plain"),
            lang={tag: lang(tag) for tag in languages},
            lang_other=lang(""),
            typed={dt: typed(dt) for dt in types},
            typed_other=typed(""),
        )

    def rules_for(self, iri: str) -> Rules:
        found = self.rules.get(iri)
        if found is None:
            if iri.startswith("@") or not iri:
                raise Unsupported(f"property {iri!r}")
            found = self._rules(iri)
            if len(self.rules) < 4096:  # properties outside the context: bounded memo
                self.rules[iri] = found
        return found

    def node(self, node: Node) -> Node:
        """One flat node object, compacted as pyld's _compact does (keys in sorted
        expanded order; a single value unwrapped; further values make a list)."""
        out: Node = {}
        curie = self.curie
        for prop, values in sorted(node.items()):
            if prop == "@id":
                if not isinstance(values, str):
                    raise Unsupported("@id")
                out["@id"] = curie(values)
                continue
            if prop == "@type":
                if not isinstance(values, list) or not values:
                    raise Unsupported("@type")
                types = [self.vocab(t) if isinstance(t, str) else _bad(t) for t in values]
                out["@type"] = types[0] if len(types) == 1 else types
                continue
            if not isinstance(values, list) or not values:
                raise Unsupported(f"values of {prop}")
            rules = self.rules_for(prop)
            for v in values:
                if type(v) is not dict:
                    raise Unsupported(f"value {v!r}")
                if len(v) == 1:
                    if "@id" in v:
                        (key, mode), text = rules.ref, v["@id"]
                    elif "@value" in v:
                        (key, mode), text = rules.plain, v["@value"]
                    else:
                        raise Unsupported(f"value {v!r}")
                elif len(v) == 2 and "@value" in v:
                    text = v["@value"]
                    if "@language" in v:
                        tag = v["@language"]
                        if not isinstance(tag, str) or "_" in tag:
                            raise Unsupported(f"value {v!r}")
                        key, mode = rules.lang.get(tag) or rules.lang_other
                    elif "@type" in v:
                        datatype = v["@type"]
                        if not isinstance(datatype, str) or datatype.startswith("@"):
                            raise Unsupported(f"value {v!r}")
                        key, mode = rules.typed.get(datatype) or rules.typed_other
                    else:
                        raise Unsupported(f"value {v!r}")
                else:
                    raise Unsupported(f"value {v!r}")
                if not isinstance(text, str):
                    raise Unsupported(f"value {v!r}")
                if mode == LANG_MAP:
                    target = out.setdefault(key, {})
                    key = v.get("@language") or "@none"
                    compacted: Any = text
                elif mode == STRING:
                    target, compacted = out, text
                elif mode == REF:
                    target, compacted = out, curie(text)
                elif mode == REF_OBJECT:
                    target, compacted = out, {"@id": curie(text)}
                elif mode == LANG_OBJECT:
                    target, compacted = out, {"@language": v["@language"], "@value": text}
                else:
                    target = out
                    compacted = {"@type": self.vocab(v["@type"]), "@value": text}
                # pyld's add_value: a first value alone, later ones make a list
                if key not in target:
                    target[key] = compacted
                else:
                    present = target[key]
                    if type(present) is list:
                        present.append(compacted)
                    else:
                        target[key] = [present, compacted]
        return out

    def document(self, nodes: list[Node], context: Any, graph: bool) -> dict[str, Any]:
        """What pyld's compact(nodes, {"@context": context}, skipExpansion, base "")
        returns: "@context" first; one node is the document unless `graph`."""
        if not isinstance(nodes, list):
            raise Unsupported("nodes")
        compacted = [self.node(n) if type(n) is dict and "@id" in n else _bad(n) for n in nodes]
        if not graph and len(compacted) == 1:
            return {"@context": context, **compacted[0]}
        if not graph and not compacted:
            return {"@context": context}
        return {"@context": context, "@graph": compacted}


def _bad(value: object) -> Any:
    raise Unsupported(f"unexpected {value!r}")


def _build() -> Compactor | None:
    try:
        return Compactor(CONTEXT)
    except Unsupported:
        return None  # a context this module does not reproduce: pyld does it all


COMPACTOR: Final = _build()
