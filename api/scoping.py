"""Per-city answers that read one city's plans, not the whole corpus.

Every plan is its own named graph, and a plan's graph holds everything the per-city
answers read about it (its measures, responsibilities, targets, agencies and the
divisions it names); the rest comes from the reference graphs (ontology, vocabularies).
So a per-city question first finds the graphs of that city's plans with a small query
over the plans' `pk:jurisdiction` (index look-ups, whatever the corpus size), then runs
over exactly those graphs plus the reference graphs, as a SPARQL Protocol dataset: a
default graph merged from them (the embedded store's `default_graph`, a remote server's
`default-graph-uri`). An /id/ page finds its resource's triples and its linked subjects'
by index look-ups over every graph, with the graphs they are in (plankg.describe), and
reads the labels of what those link to in those graphs and the reference graphs.

The look-ups run in the worker, just before the query, so they see the same data; a
named query's city graphs, and the plan graph of an /id/ page under a plan's IRI, are
instead given by the server when it holds the digests of the embedded store it serves
(api.routes_queries, api.routes_resources), which does not change while served.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from plankg.backends import QueryStore
from plankg.dataset import REFERENCE_GRAPHS, reference_graphs
from plankg.queries import XSD, bind

PK = "https://w3id.org/plankg/ontology#"

# ?code first: Oxigraph starts from the most selective pattern it is given.
CITY_GRAPHS = f"""SELECT DISTINCT ?g WHERE {{
  GRAPH ?g {{ ?city <{PK}divisionCode> ?code . ?plan <{PK}jurisdiction> ?city .
             ?plan a <{PK}Plan> . }}
}}"""


def _graphs(result: object) -> list[tuple[str, ox.QuerySolution]]:
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("a graph look-up must be a SELECT")
    return [(row["g"].value, row) for row in result if isinstance(row["g"], ox.NamedNode)]


def city_graphs(store: QueryStore, code: str) -> tuple[str, ...]:
    """The graphs of the plans whose jurisdiction has the division code `code`."""
    literal = ox.Literal(code, datatype=ox.NamedNode(XSD + "string"))
    found = _graphs(store.query(bind(CITY_GRAPHS, {"code": literal})))
    return tuple(sorted({g for g, _ in found}))


def city_dataset(
    store: QueryStore, code: str, base: str, reads: Sequence[str] = tuple(REFERENCE_GRAPHS)
) -> tuple[str, ...]:
    """The default graph of a per-city query: the city's plans and the reference graphs
    it reads."""
    return city_graphs(store, code) + reference_graphs(base, reads)
