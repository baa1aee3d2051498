"""The evidence pages (/id/… in HTML), /ontology, /about and /dataset as pages of the web
application, over HTTP on the bundled plans (real `plankg serve`, both store modes): the
app's layout and navigation, a name for a title, the ontology's labels in the page's
language, the sentence stating a plan's lead convention, an agency's work, a plan's
measures in document order, every link resolving, citations, no path of the server, and
the JSON-LD and Turtle answers exactly as before."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from tests.support.html import Page, read
from tests.support.paths import FIXTURES, PLANS, ROOT
from tests.support.rdf import BASE, labels

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"
CONVENTION_LEAD = "/id/plan/330481-draft/measure/3-2/resp/1"
LISTING_LEAD = "/id/plan/130682/measure/3-9/resp/1"
AGENCY = "/id/agency/130682/ecology-environment"
PLAN = "/id/plan/130682"
RESOURCES = (
    CONVENTION_LEAD,
    LISTING_LEAD,
    AGENCY,
    PLAN,
    "/id/plan/130682/measure/3-9",
    "/id/plan/620500/target/1",
    "/id/plan/411700-draft/span/9086-9114",
    "/id/division/130682",
    "/id/lead-basis/document-convention",
    "/id/scheme/role",
)
RAW_NAMES = ("wasDerivedFrom", "forMeasure", "leadBasis", "xsd:", "pk:", "prov:", "dcterms:", "skos:", "rdfs:", "owl:")  # fmt: skip
NAME_KEYS = ("title", "label", "prefLabel")


@pytest.fixture(scope="module")
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=60, headers={"Accept": BROWSER}) as c:
        yield c


def html(client: httpx.Client, path: str) -> str:
    r = client.get(path)
    assert r.status_code == 200, (path, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("text/html"), path
    return r.text


def page(client: httpx.Client, path: str) -> Page:
    return read(html(client, path))


def jsonld(client: httpx.Client, path: str) -> dict[str, object]:
    r = client.get(path, headers={"Accept": "application/ld+json"})
    assert r.status_code == 200
    doc: dict[str, object] = r.json()
    graph = doc.get("@graph")
    main = graph[0] if isinstance(graph, list) else doc
    assert isinstance(main, dict)
    return main


def label(g: Graph, term: Node, lang: str) -> str:
    found = [str(o) for o in g.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == lang]  # fmt: skip
    assert len(found) == 1, (term, lang, found)
    return found[0]


def test_id_pages_are_pages_of_the_app(client: httpx.Client) -> None:
    for path in RESOURCES:
        text = html(client, path)
        shown = read(text)
        assert '<link rel="stylesheet" href="/web-static/site.css">' in text, path
        for nav in ("/", "/leads", "/search", "/ontology", "/about"):
            assert nav in shown.links, (path, nav)
        assert shown.h1 and "://" not in shown.h1 and "/id/" not in shown.h1, (path, shown.h1)
        assert re.search(r"<title>[^<]*" + re.escape(shown.h1[:10]), text), path
        for raw in RAW_NAMES:  # properties and classes by their labels, never their names
            assert raw not in shown.text, (path, raw)
        main = jsonld(client, path)
        names = [main[k] for k in NAME_KEYS if k in main]
        if names:  # a resource with a name is titled by it (in Chinese on a Chinese page)
            name = names[0]
            zh = name.get("zh", name) if isinstance(name, dict) else name
            assert shown.h1 == (zh[0] if isinstance(zh, list) else zh), path


@pytest.mark.parametrize(
    "path", [CONVENTION_LEAD, "/id/plan/130682/measure/3-9", "/id/plan/620500/target/1", AGENCY]
)
def test_labels_from_the_ontology_in_the_pages_language(
    client: httpx.Client, ontology: Graph, path: str
) -> None:
    r = client.get(path, headers={"Accept": "text/turtle"})
    described = Graph().parse(data=r.text, format="turtle")
    iri = URIRef(BASE + path.lstrip("/"))
    predicates = {p for p in described.predicates(iri, None) if p != RDF.type}
    assert len(predicates) >= 4
    for lang in ("zh", "en"):
        text = html(client, f"{path}?lang={lang}")
        assert f'<html lang="{"en" if lang == "en" else "zh-CN"}">' in text
        shown = read(text)
        heads = {row[0].text for row in shown.tables["table-properties"]}
        assert heads == {label(ontology, p, lang) for p in predicates}, (path, lang)
        for raw in RAW_NAMES:
            assert raw not in shown.text, (path, lang, raw)


def test_a_convention_lead_quotes_the_sentence_stating_it(client: httpx.Client) -> None:
    text = html(client, CONVENTION_LEAD)
    shown = read(text)
    plan_text = (PLANS / "haining-330481-draft.txt").read_text(encoding="utf-8")
    stated = "列第一位的，为牵头单位，各镇〔街道〕为责任主体，下同"
    assert stated in plan_text  # the plan's own words, stated in its first measure only
    block = shown.by_id["convention"]
    assert stated in block and "（1）产业结构提升工程" in block
    convention = text.split('id="convention"', 1)[1].split("</section>", 1)[0]
    assert "<mark>列第一位的，为牵头单位</mark>" in convention  # the rule, as the plan words it
    # beside the sentence of the measure the lead is found in
    assert "工业节能降碳工程" in shown.by_id["evidence"]
    assert "责任单位：市经信局" in shown.by_id["evidence"]
    english = read(html(client, CONVENTION_LEAD + "?lang=en")).by_id["convention"]
    assert "The plan states which of the agencies listed leads" in english
    # the plan's page states its rule too; a lead by listing order has none to quote
    assert stated in page(client, "/id/plan/330481-draft").by_id["convention"]
    assert "convention" not in page(client, LISTING_LEAD).ids


def test_an_agencys_page_lists_what_it_leads_supports_and_implements(
    client: httpx.Client, server: str
) -> None:
    rows = client.get(
        "/queries/responsibilities?city=130682", headers={"Accept": "application/json"}
    ).json()
    iri = BASE + AGENCY.lstrip("/")
    expected: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["agency"] == iri:
            expected[row["role"]].add(row["measureTitle"])
    assert expected["lead"] and expected["responsible"]
    shown = page(client, AGENCY)
    for role, titles in expected.items():
        table = shown.tables[f"table-work-{role}"]
        found = {re.sub(r"^（\d+）", "", r[0].text) for r in table}
        assert found == titles, role
        for r in table:  # the measure and the sentence it came from, one click away
            assert re.fullmatch(r"/id/plan/130682/measure/\d+-\d+", r[0].hrefs[0])
            assert re.fullmatch(r"/id/plan/130682/measure/[\d-]+(/item/\d+)?/resp/\d+", r[-1].hrefs[0])  # fmt: skip


def test_a_plans_page_lists_its_measures_in_document_order(client: httpx.Client) -> None:
    measures = jsonld(client, PLAN)["hasMeasure"]
    assert isinstance(measures, list)
    rows = page(client, PLAN).tables["table-linked-measure"]
    order = []
    for row in rows:
        found = re.fullmatch(r"/id/plan/130682/measure/(\d+)-(\d+)", row[0].hrefs[0])
        assert found is not None
        order.append((int(found[1]), int(found[2])))
    assert len(order) == len(measures) and (3, 10) in order  # 3-10 after 3-9, not 3-1
    assert order == sorted(order)


def _resolves(client: httpx.Client, href: str, on: str, seen: dict[str, set[str]]) -> str:
    """Why a link of the page `on` does not resolve ('' when it does). `seen`: the ids of
    each page fetched so far, by path and query."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return ""  # another site's: not ours to check
    target = (parts.path or on) + (f"?{parts.query}" if parts.query else "")
    if target not in seen:
        r = client.get(target)
        if r.status_code == 404 or r.status_code >= 500:
            return f"{href}: {r.status_code}"
        is_html = r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        seen[target] = read(r.text).ids if is_html else set()
    if parts.fragment and parts.fragment not in seen[target]:
        return f"{href}: no element with id {parts.fragment!r}"
    return ""


def test_every_link_of_the_pages_resolves(client: httpx.Client) -> None:
    """No link of an evidence page, a city page, /ontology, /about or /dataset is 404 (or
    a server error), and every anchor it names is on its page: the ontology terms
    included."""
    seen: dict[str, set[str]] = {}
    broken = []
    checked = 0
    for on in (CONVENTION_LEAD, "/city/620500", "/ontology", "/about", "/dataset"):
        shown = page(client, on)
        seen[on] = shown.ids
        terms = [h for h in shown.links if h.startswith("/ontology#")]
        assert terms or on.startswith("/city"), f"{on} links no ontology term"
        for href in dict.fromkeys(shown.links):
            checked += 1
            reason = _resolves(client, href, on, seen)
            if reason:
                broken.append(f"{on}: {reason}")
    assert checked > 100
    assert not broken, "\n".join(broken)


def test_ontology_page_has_every_term_and_concept(
    client: httpx.Client, ontology: Graph, vocab: Graph
) -> None:
    zh, en = page(client, "/ontology"), page(client, "/ontology?lang=en")
    pk = "https://w3id.org/plankg/ontology#"
    own = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(pk)}
    assert len(own) > 70
    for term in own:
        anchor = str(term)[len(pk) :]
        assert anchor in zh.ids, anchor
        assert label(ontology, term, "zh") in zh.by_id[anchor]
        assert label(ontology, term, "en") in en.by_id[anchor]
    concepts = set(vocab.subjects(SKOS.inScheme, None))
    assert len(concepts) > 100
    for concept in concepts:
        notation = str(vocab.value(concept, SKOS.notation))
        scheme = str(vocab.value(concept, SKOS.inScheme)).rsplit("/", 1)[-1]
        row = zh.by_id[f"{scheme}-{notation}"]
        for lang in ("zh", "en"):
            assert labels(vocab, concept, SKOS.prefLabel, lang)[0] in row


def test_about_page(client: httpx.Client, ontology: Graph, vocab: Graph) -> None:
    for lang in ("zh", "en"):
        text = html(client, f"/about?lang={lang}")
        shown = read(text)
        # a glossary from the vocabularies: basis, roles, qualifiers, scopes
        for scheme in ("lead-basis", "role", "qualifier", "scope"):
            table = shown.tables[f"table-glossary-{scheme}"]
            members = set(vocab.subjects(SKOS.inScheme, URIRef(f"{BASE}id/scheme/{scheme}")))
            assert {r[0].text for r in table} == {
                labels(vocab, c, SKOS.prefLabel, "zh")[0] for c in members
            }
            assert {r[1].text for r in table} == {
                labels(vocab, c, SKOS.prefLabel, "en")[0] for c in members
            }
            assert all(r[0].hrefs[0].startswith("/ontology#") for r in table)
        assert "文号" in shown.text and "十四五" in shown.text
        # how to cite it, the licence the ontology states, the downloads
        assert f"{BASE}dataset" in shown.text
        licence = ontology.value(URIRef("https://w3id.org/plankg/ontology"), URIRef("http://purl.org/dc/terms/license"))  # fmt: skip
        assert str(licence) in shown.links
        assert "LICENSE" in shown.text
        for dump in ("/dumps/plankg.nq", "/dumps/plankg.ttl", "/dumps/plankg.jsonld"):
            assert dump in shown.links
        assert "/dataset" in shown.links and "/sparql" in shown.links


def _cite_text(text: str) -> list[str]:
    return re.findall(r'<pre class="cite-text">([^<]*)</pre>', text)


@pytest.mark.parametrize(
    "path", ["/city/620500", "/id/plan/620500/measure/3-1", "/id/plan/620500/target/1"]
)
def test_city_and_evidence_pages_cite_their_plan(client: httpx.Client, path: str) -> None:
    plans = client.get("/queries/plans", headers={"Accept": "application/json"}).json()
    plan = next(p for p in plans if p["cityCode"] == "620500")
    issuer = jsonld(client, "/id/plan/620500")["issuer"]
    assert isinstance(issuer, str) and plan["documentNumber"] and plan["issued"] and issuer
    text = html(client, path)
    citation = text.split('<section class="citation">', 1)[1].split("</section>", 1)[0]
    for part in (plan["title"], issuer, plan["documentNumber"], plan["issued"], plan["sourceFile"]):  # fmt: skip
        assert part in citation, part
    assert 'href="/id/plan/620500"' in citation
    cite = _cite_text(text)
    assert len(cite) == 1
    for part in (plan["title"], issuer, plan["documentNumber"], plan["issued"], plan["plan"]):
        assert part in cite[0], part
    english = _cite_text(html(client, path + ("&" if "?" in path else "?") + "lang=en"))[0]
    assert "Accessed via plankg: " + plan["plan"] in english


def test_no_path_of_the_server_anywhere(client: httpx.Client) -> None:
    paths = (*RESOURCES, "/city/620500", "/ontology", "/about", "/dataset", "/")
    for path in paths:
        text = html(client, path)
        for leak in (str(ROOT), str(PLANS), "/data/plans/", "/tmp/", "pytest-of"):
            assert leak not in text, (path, leak)
    csv = client.get(PLAN + "?format=csv&table=properties").text
    assert "dingzhou-130682.txt" in csv and str(ROOT) not in csv


ANSWERS = FIXTURES / "id-answers"


@pytest.mark.parametrize("name", sorted({p.stem for p in ANSWERS.glob("*.ttl")}))
def test_jsonld_and_turtle_answers_are_as_before(
    client: httpx.Client, server: str, name: str
) -> None:
    """The answers of the service before its /id/ pages became pages of the app, kept in
    tests/fixtures/id-answers/ (the context's host written HOST): byte for byte the same."""
    path = "/id/" + name.replace("_", "/")
    host = urlsplit(server).netloc
    for media, ext in (("application/ld+json", "jsonld"), ("text/turtle", "ttl")):
        r = client.get(path, headers={"Accept": media})
        assert r.status_code == 200 and r.headers["content-type"].startswith(media)
        expected = (ANSWERS / f"{name}.{ext}").read_text(encoding="utf-8")
        assert r.text.replace(host, "HOST") == expected, (path, media)
