"""The VoID and DCAT description of the dataset.

`dataset_stats` (a worker task) reads the figures ingest recorded (plankg.statistics:
triples per property, void:propertyPartition; instances per class, void:classPartition;
the triples of each named graph, one void:subset per graph: each plan, the ontology, the
vocabularies; the links to other datasets, one void:Linkset per kind of link: units to
QUDT, divisions to Wikidata), or counts them on a store without them.
`render_description` writes it as Turtle, N-Triples or JSON-LD (api.web.pages_dataset
shows it as a page). Its IRIs are `{base}dataset` and fragments of it; the service's own
URLs (SPARQL endpoint, dump downloads) are the URL the client used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from pyld import jsonld

from api.context import CONTEXT
from api.linked import expand, json_bytes
from plankg import statistics
from plankg.backends import QueryStore
from plankg.dataset import dataset_iri
from plankg.statistics import LINKSETS, Stats

PK = "https://w3id.org/plankg/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
SPDX = "http://spdx.org/rdf/terms#"
IANA = "https://www.iana.org/assignments/media-types/"

PREFIXES = {
    "void": VOID,
    "dcat": DCAT,
    "dcterms": DCT,
    "sd": SD,
    "pk": PK,
    "rdf": RDF,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "qudt": "http://qudt.org/schema/qudt/",
    "unit": "http://qudt.org/vocab/unit/",
    "vann": "http://purl.org/vocab/vann/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": XSD,
    "spdx": SPDX,
}
# The vocabularies the data uses (void:vocabulary): the ontology and what it reuses.
VOCABULARIES = (
    PK,
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/ns/prov#",
    DCT,
    "http://qudt.org/schema/qudt/",
    "http://qudt.org/vocab/unit/",
)
# JSON-LD: the service's context, plus prefixes for the VoID/DCAT terms it lacks.
EXTRA_CONTEXT = {"void": VOID, "dcat": DCAT, "sd": SD, "formats": FORMATS}

QUDT_UNIT = "http://qudt.org/vocab/unit/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"


@dataclass(frozen=True)
class Target:
    """Another dataset our data links to (void:objectsTarget of a linkset)."""

    slug: str
    title: str
    homepage: str
    uri_space: str
    sparql_endpoint: str | None = None


TARGETS = {
    t.slug: t
    for t in (
        Target("qudt-units", "QUDT units vocabulary", "https://qudt.org/", QUDT_UNIT),
        Target(
            "wikidata",
            "Wikidata",
            "https://www.wikidata.org/",
            "http://www.wikidata.org/entity/",
            WIKIDATA_ENDPOINT,
        ),
    )
}

TITLE = {
    "zh": "十四五节能减排综合工作方案知识图谱",
    "en": "plankg: China's municipal 14th Five-Year energy-conservation and "
    "emission-reduction plans as linked data",
}
DESCRIPTION = {
    "zh": "各地“十四五”节能减排综合工作方案的知识图谱：每份方案一个命名图，含目标、重点工程、"
    "政策机制、各项措施的责任单位及其角色，以及每一事实所依据的原文片段；本体与词表各占一个图。",
    "en": "A knowledge graph of China's municipal 14th Five-Year (2021-2025) "
    "energy-conservation and emission-reduction plans: one named graph per plan, with its "
    "targets, key projects, policy mechanisms, the agencies responsible for each measure "
    "and their roles, and the source text behind every fact; the ontology and the SKOS "
    "vocabularies are graphs of their own.",
}


@dataclass(frozen=True)
class Dump:
    name: str  # file name under /dumps/
    fmt: str  # key of _RDF_FORMATS
    media: str  # Content-Type of the download
    iana: str  # the media type as registered (dcat:mediaType)
    format_iri: str  # dcterms:format
    label: str


DUMPS = {
    d.name: d
    for d in (
        Dump(
            "plankg.nq",
            "nq",
            "application/n-quads",
            "application/n-quads",
            FORMATS + "N-Quads",
            "N-Quads (every graph)",
        ),
        Dump(
            "plankg.ttl",
            "ttl",
            "text/turtle; charset=utf-8",
            "text/turtle",
            FORMATS + "Turtle",
            "Turtle (union of all graphs)",
        ),
        Dump(
            "plankg.jsonld",
            "jsonld",
            "application/ld+json",
            "application/ld+json",
            FORMATS + "JSON-LD",
            "JSON-LD (every graph)",
        ),
    )
}


def dataset_stats(store: QueryStore, base: str) -> Stats:
    """Runs in a worker process: the description's figures as ingest recorded them, or
    counted when the store has none of its current generation (plankg.statistics)."""
    return statistics.figures(store, base)


# --- the description as RDF -------------------------------------------------------------


def _slug(iri: str, base: str) -> str:
    """A readable fragment for a graph/class/property IRI: its path under the base IRI,
    its prefixed name (`pk-Plan`), or a hash."""
    if iri.startswith(base) and iri != base:
        tail = iri[len(base) :]
        if all(c.isalnum() or c in "-._~/" for c in tail):
            return tail
    for prefix, ns in PREFIXES.items():
        local = iri[len(ns) :]
        if iri.startswith(ns) and local and all(c.isalnum() or c in "-_" for c in local):
            return f"{prefix}-{local}"
    return hashlib.sha1(iri.encode("utf-8")).hexdigest()[:12]


def _graph_kind(graph: str, base: str, stats: Stats) -> str:
    if graph in stats.plans:
        return "plan"
    if graph == f"{base}graph/ontology":
        return "ontology"
    if graph == f"{base}graph/vocabularies":
        return "vocabularies"
    return "graph"


_GRAPH_TITLES = {
    "ontology": [("plankg ontology", "en"), ("知识图谱本体", "zh")],
    "vocabularies": [("plankg SKOS vocabularies", "en"), ("受控词表", "zh")],
    "dataset": [("plankg dataset record: when it last changed", "en"), ("数据集记录", "zh")],
}


def graph_titles(graph: str, base: str, stats: Stats) -> list[tuple[str, str]]:
    """A graph's titles (text, language): a plan's own, else those of its kind."""
    return stats.plans.get(graph) or _GRAPH_TITLES.get(_graph_kind(graph, base, stats), [])


class _Builder:
    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []

    def add(self, s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        self.triples.append(ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o))

    def ref(self, s: str, p: str, o: str) -> None:
        self.add(s, p, ox.NamedNode(o))

    def text(self, s: str, p: str, value: str, lang: str = "") -> None:
        self.add(s, p, ox.Literal(value, language=lang) if lang else ox.Literal(value))

    def count(self, s: str, p: str, n: int) -> None:
        self.add(s, p, ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer")))


@dataclass(frozen=True)
class DumpFile:
    """A dump written as a gzip file by ingest (plankg.dump_files)."""

    name: str  # under /dumps/
    size: int  # bytes
    sha256: str


def describe_dataset(
    stats: Stats, base: str, service: str, files: Mapping[str, DumpFile] | None = None
) -> list[ox.Triple]:
    """The VoID + DCAT description; `service` is the service's URL, ending in "/";
    `files`: the dumps as gzip files by format (DUMPS' fmt), when the store has them."""
    files = files or {}
    ds = dataset_iri(base)
    b = _Builder()
    b.ref(ds, RDF + "type", VOID + "Dataset")
    b.ref(ds, RDF + "type", DCAT + "Dataset")
    for lang in ("zh", "en"):
        b.text(ds, DCT + "title", TITLE[lang], lang)
    for lang in ("zh", "en"):
        b.text(ds, DCT + "description", DESCRIPTION[lang], lang)
    for keyword, lang in (
        ("节能减排", "zh"),
        ("energy conservation", "en"),
        ("emission reduction", "en"),
    ):
        b.text(ds, DCAT + "keyword", keyword, lang)
    if stats.modified:
        b.add(
            ds,
            DCT + "modified",
            ox.Literal(stats.modified, datatype=ox.NamedNode(XSD + "dateTime")),
        )
    b.ref(ds, VOID + "sparqlEndpoint", f"{service}sparql")
    b.text(ds, VOID + "uriSpace", f"{base}id/")
    for vocabulary in VOCABULARIES:
        b.ref(ds, VOID + "vocabulary", vocabulary)
    for plan in list(stats.plans)[:3]:
        b.ref(ds, VOID + "exampleResource", plan)
    b.count(ds, VOID + "triples", stats.triples)
    b.count(ds, VOID + "distinctSubjects", stats.subjects)
    b.count(ds, VOID + "properties", len(stats.properties))
    b.count(ds, VOID + "classes", len(stats.classes))

    for dump in DUMPS.values():
        file = files.get(dump.fmt)
        url = f"{service}dumps/{file.name if file else dump.name}"
        b.ref(ds, VOID + "dataDump", url)
        b.ref(ds, VOID + "feature", dump.format_iri)
    for dump in DUMPS.values():
        b.ref(ds, DCAT + "distribution", f"{ds}#dump-{dump.fmt}")

    service_node = f"{ds}#sparql"
    b.ref(service_node, RDF + "type", DCAT + "DataService")
    b.ref(service_node, RDF + "type", SD + "Service")
    b.text(service_node, DCT + "title", "plankg SPARQL 1.1 endpoint", "en")
    b.ref(service_node, DCAT + "endpointURL", f"{service}sparql")
    b.ref(service_node, SD + "endpoint", f"{service}sparql")
    b.ref(service_node, DCT + "conformsTo", "https://www.w3.org/TR/sparql11-protocol/")
    b.ref(service_node, DCAT + "servesDataset", ds)

    for dump in DUMPS.values():
        node = f"{ds}#dump-{dump.fmt}"
        url = f"{service}dumps/{dump.name}"
        file = files.get(dump.fmt)
        b.ref(node, RDF + "type", DCAT + "Distribution")
        b.text(node, DCT + "title", dump.label, "en")
        b.ref(node, DCAT + "downloadURL", f"{service}dumps/{file.name}" if file else url)
        b.ref(node, DCAT + "accessURL", url)
        b.ref(node, DCAT + "mediaType", IANA + dump.iana)
        b.ref(node, DCT + "format", dump.format_iri)
        if file:
            # the file as sent: gzip, its size and SHA-256
            b.ref(node, DCAT + "compressFormat", IANA + "application/gzip")
            b.add(
                node,
                DCAT + "byteSize",
                ox.Literal(str(file.size), datatype=ox.NamedNode(XSD + "nonNegativeInteger")),
            )
            checksum = f"{node}-checksum"
            b.ref(node, SPDX + "checksum", checksum)
            b.ref(checksum, RDF + "type", SPDX + "Checksum")
            b.ref(checksum, SPDX + "algorithm", SPDX + "checksumAlgorithm_sha256")
            b.add(
                checksum,
                SPDX + "checksumValue",
                ox.Literal(file.sha256, datatype=ox.NamedNode(XSD + "hexBinary")),
            )

    for graph, n in stats.graphs.items():
        node = f"{ds}#{_slug(graph, base)}"
        b.ref(ds, VOID + "subset", node)
        b.ref(node, RDF + "type", VOID + "Dataset")
        b.ref(node, SD + "name", graph)
        kind = _graph_kind(graph, base, stats)
        titles = stats.plans.get(graph) or _GRAPH_TITLES.get(kind, [])
        for title, lang in titles:
            b.text(node, DCT + "title", title, lang)
        b.count(node, VOID + "triples", n)
        if kind == "plan":
            b.ref(node, VOID + "exampleResource", graph)

    _describe_links(b, ds, stats)

    for cls, n in stats.classes.items():
        node = f"{ds}#class-{_slug(cls, base)}"
        b.ref(ds, VOID + "classPartition", node)
        b.ref(node, VOID + "class", cls)
        b.count(node, VOID + "entities", n)
    for prop, n in stats.properties.items():
        node = f"{ds}#property-{_slug(prop, base)}"
        b.ref(ds, VOID + "propertyPartition", node)
        b.ref(node, VOID + "property", prop)
        b.count(node, VOID + "triples", n)
    return b.triples


def _describe_links(b: _Builder, ds: str, stats: Stats) -> None:
    """One void:Linkset per kind of link (LINKSETS), from this dataset to the target
    dataset, with its link predicate when the links are stored triples."""
    for target in TARGETS.values():
        node = f"{ds}#target-{target.slug}"
        b.ref(node, RDF + "type", VOID + "Dataset")
        b.text(node, DCT + "title", target.title, "en")
        b.ref(node, "http://xmlns.com/foaf/0.1/homepage", target.homepage)
        b.text(node, VOID + "uriSpace", target.uri_space)
        if target.sparql_endpoint:
            b.ref(node, VOID + "sparqlEndpoint", target.sparql_endpoint)
    for linkset in LINKSETS:
        node = f"{ds}#linkset-{linkset.slug}"
        objects = f"{ds}#target-{linkset.target}"
        b.ref(node, RDF + "type", VOID + "Linkset")
        b.text(node, DCT + "title", linkset.title, "en")
        b.text(node, DCT + "description", linkset.description, "en")
        b.ref(node, VOID + "subjectsTarget", ds)
        b.ref(node, VOID + "objectsTarget", objects)
        # void:target too (the super-property), for readers that do no RDFS inference
        b.ref(node, VOID + "target", ds)
        b.ref(node, VOID + "target", objects)
        if linkset.predicate:
            b.ref(node, VOID + "linkPredicate", linkset.predicate)
        b.count(node, VOID + "triples", stats.links.get(linkset.slug, 0))


def _grouped(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Triples grouped by subject, subjects in order of first appearance, so Turtle
    writes each node once."""
    by_subject: dict[ox.NamedNode | ox.BlankNode | ox.Triple, list[ox.Triple]] = {}
    for t in triples:
        by_subject.setdefault(t.subject, []).append(t)
    return [t for group in by_subject.values() for t in group]


def _jsonld(triples: list[ox.Triple], first: str, ctx_url: str) -> bytes:
    nodes = expand(triples, first=first)
    doc: dict[str, Any] = jsonld.compact(
        nodes,
        {"@context": [CONTEXT, EXTRA_CONTEXT]},
        {"skipExpansion": True, "graph": False, "base": ""},
    )
    doc["@context"] = [ctx_url, EXTRA_CONTEXT]
    return json_bytes(doc)


def render_description(
    stats: Stats,
    fmt: str,
    base: str,
    service: str,
    ctx_url: str,
    files: Mapping[str, DumpFile] | None = None,
) -> bytes:
    triples = _grouped(describe_dataset(stats, base, service, files))
    if fmt == "jsonld":
        return _jsonld(triples, dataset_iri(base), ctx_url)
    rdf_format = ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.N_TRIPLES
    prefixes = PREFIXES if fmt == "ttl" else None
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""
