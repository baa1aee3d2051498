"""SERVICE mirrors: a query's SERVICE to a published endpoint sent to another URL instead.

A named query names the endpoint it joins with as the world knows it (e.g.
`SERVICE <https://query.wikidata.org/sparql>`); a deployment may want those calls to go to
a mirror, a cache, or a local test server. `PLANKG_SERVICE_MIRRORS` maps published
endpoint IRIs to the URLs actually called (a JSON object). It is server-side configuration,
never client input.

The rewrite runs before the outbound-request policy (plankg.policy), which then checks the
URL actually called: an allow-listed mirror is reachable, the published endpoint itself
need not be allow-listed. It is lexical, like the policy: only the IRI (or prefixed name)
that follows `SERVICE [SILENT]` is replaced, never text inside strings, comments or other
IRIs. A target the rewrite does not recognise (a \\u-escaped IRI, say) is left as written,
so the policy judges the published endpoint itself: the rewrite can only redirect, never
open anything the allow-list does not.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import urljoin

from plankg.prefixes import PREDECLARED
from plankg.sparql_lexer import Token, is_word, tokens


def _iri(token: Token, prefixes: dict[str, str], base: str | None) -> str | None:
    if token.kind == "iri":
        iri = token.text[1:-1]
        return urljoin(base, iri) if base else iri
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes and "\\" not in local:
            return prefixes[prefix] + local
    return None


def rewrite(sparql: str, mirrors: Mapping[str, str], base_iri: str | None = None) -> str:
    """The query with every SERVICE target that is a key of `mirrors` replaced by its
    value (as an absolute IRI). PREFIX and BASE declarations are followed as the policy
    follows them, so `SERVICE wd:sparql` is matched by its full IRI too."""
    if not mirrors:
        return sparql
    toks = list(tokens(sparql))
    prefixes: dict[str, str] = dict(PREDECLARED)
    base = base_iri
    edits: list[tuple[Token, str]] = []
    for i, tok in enumerate(toks):
        following = toks[i + 1] if i + 1 < len(toks) else None
        if is_word(tok, "PREFIX") and following is not None and i + 2 < len(toks):
            iri = toks[i + 2]
            if following.kind == "pname" and iri.kind == "iri":
                target = _iri(iri, prefixes, base)
                if target is not None:
                    prefixes[following.text.rstrip(":")] = target
        elif is_word(tok, "BASE") and following is not None and following.kind == "iri":
            base = _iri(following, prefixes, base)
        elif is_word(tok, "SERVICE") and following is not None:
            target_token = following
            if is_word(following, "SILENT") and i + 2 < len(toks):
                target_token = toks[i + 2]
            target = _iri(target_token, prefixes, base)
            if target is not None and target in mirrors:
                edits.append((target_token, mirrors[target]))
    for token, url in reversed(edits):
        end = token.start + len(token.text)
        sparql = f"{sparql[: token.start]}<{url}>{sparql[end:]}"
    return sparql


@lru_cache(maxsize=1)
def configured() -> dict[str, str]:
    """The mirrors of this process's settings (PLANKG_SERVICE_MIRRORS), read once."""
    from plankg.settings import Settings

    return dict(Settings().service_mirrors)
