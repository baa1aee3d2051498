"""Jurisdictions at every level (ingest/jurisdiction.py): a round trip over the whole code
table, and whole plans derived from the bundled ones for other places."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.errors import PlanError
from ingest.gazetteer import NATIONAL_CODE, gazetteer, names_of
from ingest.jurisdiction import resolve
from ingest.metadata import PlanMeta
from ingest.model import Division, JurisdictionEvidence
from ingest.parser import parse_bytes
from ingest.pipeline import prepare
from ingest.structure import Layout
from ingest.text import normalise, to_simplified
from ingest.vocab import vocabularies
from tests.support import derived
from tests.support.cli import Run

BASE = "https://w3id.org/plankg/"
TITLE = "“十四五”节能减排综合工作方案"
BODY = "\n一、总体要求\n坚持节能优先。\n"


def _resolve(
    title_place: str, preamble: str = "", body: str = "", original_title: str | None = None
) -> tuple[Division, list[JurisdictionEvidence]]:
    """The resolver on a synthetic plan: preamble, title, body (no parser)."""
    title = title_place + TITLE
    norm = normalise(preamble + title + BODY + body, simplify=False)
    start = len(preamble)
    lay = Layout(
        title=title,
        title_start=start,
        title_end=start + len(title),
        status_draft=False,
        preamble_end=start,
        body_start=start + len(title) + 1,
        body_end=len(norm),
        sections=[],
    )
    return resolve(lay, norm, "synthetic.txt", original_title=original_title)


def _divisions() -> list[str]:
    return [c for c in gazetteer().by_code if not c.startswith("99")]


def _parent_citation(code: str) -> str:
    """A parent plan cited the way plans cite them: the prefecture's, else the province's."""
    gaz = gazetteer()
    above = gaz.ancestors(code)
    if not above:
        return "根据《国务院关于印发〈“十四五”节能减排综合工作方案〉的通知》（国发〔2021〕33号），"
    parent = gaz.by_code[above[0]]
    return (
        f"根据《{parent}人民政府关于印发{parent}“十四五”节能减排综合工作方案的通知》，制定本方案。"
    )


def test_every_division_from_every_name_resolves_to_itself() -> None:
    """Each division, titled by each of its names, with its issuer line and the parent
    plan it cites, resolves to itself."""
    gaz = gazetteer()
    wrong: list[str] = []
    count = 0
    for code in _divisions():
        full = gaz.by_code[code]
        preamble = f"{full}人民政府\n2022年5月1日\n"
        body = _parent_citation(code)
        for name in names_of(full):
            count += 1
            try:
                got, evidence = _resolve(name, preamble, body)
            except PlanError as exc:
                wrong.append(f"{code} {name}: {exc.reason}")
                continue
            if got.code != code:
                wrong.append(f"{code} {name}: got {got.code}")
            elif not all(e.agrees for e in evidence if e.kind in ("title", "issuer")):
                wrong.append(f"{code} {name}: evidence disagrees {evidence}")
    assert count > 6500
    assert not wrong, f"{len(wrong)} wrong of {count}:\n" + "\n".join(wrong[:40])


def test_every_name_alone_resolves_or_is_refused_naming_its_candidates() -> None:
    """With the title alone, a name of one division resolves to it; a name several
    divisions share is refused, the refusal naming each candidate by code and name."""
    gaz = gazetteer()
    shared = 0
    for name, codes in gaz.names.items():
        if any(c.startswith("99") for c in codes) or not 2 <= len(name) <= 15:
            continue
        if "人" in name or name in ("中国", "全国", "国务院", "中华人民共和国"):
            continue
        if len(codes) == 1:
            got, _ = _resolve(name)
            assert got.code == codes[0], name
            continue
        shared += 1
        with pytest.raises(PlanError, match="ambiguous") as info:
            _resolve(name)
        for code in codes:
            assert f"{code} {gaz.qualified_name(code)}" in info.value.reason, (name, code)
    assert shared > 250


def test_traditional_script_names() -> None:
    import opencc

    s2t = opencc.OpenCC("s2t")
    gaz = gazetteer()
    wrong = []
    for code in _divisions()[::7]:  # a seventh of the table: the conversion is the cost
        full = gaz.by_code[code]
        for name in names_of(full):
            written = s2t.convert(name + TITLE)
            simplified = to_simplified(written)
            place = simplified[: len(name)]
            preamble = s2t.convert(f"{full}人民政府\n")
            got, _ = _resolve(
                place, to_simplified(preamble), _parent_citation(code), original_title=written
            )
            if got.code != code:
                wrong.append((code, name, got.code))
    assert not wrong


@pytest.mark.parametrize(
    ("title_place", "code"),
    [
        ("大理州", "532900"),  # 大理白族自治州, not 大理市
        ("甘孜州", "513300"),  # not 甘孜县
        ("临夏州", "622900"),  # not 临夏市 nor 临夏县
        ("博州", "652700"),  # 博尔塔拉蒙古自治州
        ("广西", "450000"),
        ("内蒙古", "150000"),
        ("宁夏", "640000"),
        ("新疆", "650000"),
        ("西藏", "540000"),
        ("北京市", "110000"),  # its 市辖区 row carries the same name in the table
        ("天津市", "120000"),
        ("上海市", "310000"),
        ("重庆市", "500000"),  # 市辖区 and 县 rows both named 重庆市
        ("北京市朝阳区", "110105"),  # not 朝阳市 (辽宁), nor 长春's 朝阳区
        ("长春市朝阳区", "220104"),
        ("锡林郭勒盟", "152500"),
        ("阿里地区", "542500"),
        ("酉阳县", "500242"),  # 酉阳土家族苗族自治县 by its short forms
        ("酉阳自治县", "500242"),
        ("北京市 朝阳区", "110105"),  # a stray space
        ("黔江区人民政府", "500114"),
    ],
)
def test_short_forms_and_municipalities(title_place: str, code: str) -> None:
    got, evidence = _resolve(title_place)
    assert got.code == code
    assert evidence[0].kind == "title" and evidence[0].codes == (code,)
    with pytest.raises(PlanError, match="not a GB/T 2260 division"):
        _resolve(title_place + "火星")


NOTICE = "潍坊市人民政府\n关于印发方案的通知\n各县市区人民政府：\n现将方案印发给你们。\n{issuer}\n2022年5月6日\n"


def test_a_misread_character_in_the_title_is_settled_by_the_issuer() -> None:
    """A scan's OCR reads 潍坊市 as 滩坊市 in the title: no division has that name, one
    differs from it in one character, and the notice's issuer names it."""
    preamble = normalise(NOTICE.format(issuer="潍坊市人民政府"), simplify=False)
    got, evidence = _resolve("滩坊市", preamble=preamble)
    assert got.code == "370700"
    assert (evidence[0].kind, evidence[0].text, evidence[0].codes) == (
        "title",
        "滩坊市",
        ("370700",),
    )
    assert any(e.kind == "issuer" and e.codes == ("370700",) and e.agrees for e in evidence)


@pytest.mark.parametrize(
    "issuer",
    [
        "",  # no issuer: a resemblance alone is a guess
        "青岛市人民政府",  # an issuer that names another division
    ],
)
def test_a_misread_title_without_an_issuer_naming_it_is_refused(issuer: str) -> None:
    preamble = normalise(
        NOTICE.replace("潍坊市人民政府\n", "").format(issuer=issuer), simplify=False
    )
    with pytest.raises(PlanError, match="'滩坊市' is not a GB/T 2260 division"):
        _resolve("滩坊市", preamble=preamble)


def test_a_title_two_characters_off_is_refused_whatever_the_issuer() -> None:
    preamble = normalise(NOTICE.format(issuer="潍坊市人民政府"), simplify=False)
    with pytest.raises(PlanError, match="not a GB/T 2260 division"):
        _resolve("滩方市", preamble=preamble)


# One name of each agency type as the vocabulary writes it (not those of each subdivision,
# 各县区, which follow no level word).
TYPE_NAMES = sorted(
    dict(
        (notation, label)
        for label, notation in reversed(vocabularies().agency_type_labels)
        if not label.startswith(tuple(vocabularies().each_place_words))
    ).items()
)


@pytest.mark.parametrize(("notation", "name"), TYPE_NAMES, ids=[n for n, _ in TYPE_NAMES])
def test_every_agency_type_s_names_after_a_level_word_say_the_level(
    notation: str, name: str
) -> None:
    """The words an agency's name goes on with after its level word are the agency-type
    vocabulary's: 州水务局 and 州妇联 are the prefecture's as 州发展改革委 is."""
    got, evidence = _resolve("大理", body=f"（州{name}牵头）" * 3)
    assert got.code == "532900"
    assert [e.text for e in evidence if e.kind == "agency-prefix"] == ["州×3"]


def test_stem_settled_by_the_agencies_prefix() -> None:
    """大理 is 大理市 or 大理白族自治州: the agencies' 州 / 市 prefix tells them apart."""
    notes = "（{0}发展改革委、{0}生态环境局按职责分工负责）"
    got, evidence = _resolve("大理", body=notes.format("州") * 3)
    assert got.code == "532900"
    assert any(e.kind == "agency-prefix" and e.codes == ("532900",) for e in evidence)
    got, _ = _resolve("大理", body=notes.format("市") * 3)
    assert got.code == "532901"
    # So do the addressees: a prefecture writes to its counties, a county to its towns.
    got, evidence = _resolve("大理", preamble="各县（市）人民政府，各有关单位：\n")
    assert got.code == "532900"
    assert ("addressees", "各县(市)人民政府,各有关单位") in [(e.kind, e.text) for e in evidence]
    got, _ = _resolve("大理", preamble="各乡镇人民政府、街道办事处，有关单位：\n")
    assert got.code == "532901"
    with pytest.raises(PlanError, match=r"ambiguous: 532900 .*, 532901 "):
        _resolve("大理")


def test_doc_number_prefix_and_addressees() -> None:
    """吉林 is 吉林省 or 吉林市: 吉政发 may be either's; 省政府各部门 settles it, and 吉市政发
    is the city's."""
    with pytest.raises(PlanError, match="ambiguous"):
        _resolve("吉林", preamble="吉政发〔2022〕5号\n")
    got, evidence = _resolve(
        "吉林", preamble="吉政发〔2022〕5号\n各市（州）人民政府，省政府各部门：\n"
    )
    assert got.code == "220000"
    kinds = [(e.kind, e.text, e.codes) for e in evidence]
    assert ("doc-number-prefix", "吉政发〔2022〕5号", ("220000", "220200")) in kinds
    assert ("addressees", "省×1", ("220000",)) in kinds
    got, _ = _resolve("吉林", preamble="吉市政发〔2022〕5号\n")
    assert got.code == "220200"


def test_issuer_contradicting_the_title_is_refused() -> None:
    with pytest.raises(PlanError, match=r"contradicted: the title names 620500 .* names 130682 "):
        _resolve("天水市", preamble="定州市人民政府\n2022年5月1日\n")


def test_national_plan_by_issuer_and_doc_number() -> None:
    got, evidence = _resolve(
        "", preamble="国务院关于印发“十四五”节能减排综合工作方案的通知\n国发〔2021〕33号\n"
    )
    assert got.code == NATIONAL_CODE and got.level == "national"
    assert {e.kind for e in evidence} >= {"issuer", "doc-number-prefix"}
    with pytest.raises(PlanError, match="no jurisdiction in the title"):
        _resolve("")
    # A city's plan titled without its place: its issuer, not the 国务院 its lead cites.
    lead = "为贯彻国务院决策部署，近日，天水市人民政府印发本方案。\n天水市人民政府\n"
    got, _ = _resolve("", preamble=lead)
    assert got.code == "620500"


# --------------------------------------------------------------------------- whole plans


def _parse(text: str, meta: PlanMeta | None = None) -> Division:
    return parse_bytes(text.encode("utf-8"), "derived.txt", BASE, meta).jurisdiction


def test_municipality_district_plan() -> None:
    text = derived.dingzhou_as("朝阳区", "北京市朝阳区人民政府", "北京市", "京政发", "区")
    plan = parse_bytes(text.encode("utf-8"), "chaoyang.txt")
    assert plan.jurisdiction.code == "110105"
    assert plan.measures[0].responsibilities[0].full_name.startswith("朝阳区")
    bare = derived.dingzhou_as("朝阳区", "朝阳区人民政府", None, None, "区")
    with pytest.raises(PlanError, match="ambiguous") as info:
        _parse(bare)
    assert "110105 北京市朝阳区" in info.value.reason
    assert "220104 吉林省长春市朝阳区" in info.value.reason
    # The user settles it; the plan keeps the evidence, the user's first.
    plan = parse_bytes(bare.encode("utf-8"), "chaoyang.txt", BASE, PlanMeta("110105"))
    assert plan.jurisdiction.code == "110105"
    assert plan.jurisdiction_evidence[0] == JurisdictionEvidence(
        "user", "--jurisdiction", ("110105",), True
    )


def test_autonomous_prefecture_by_short_form() -> None:
    text = derived.tianshui_as("大理州", "大理", "云南省", "云政发", "大政办发", "州")
    plan = parse_bytes(text.encode("utf-8"), "dali.txt")
    assert plan.jurisdiction.code == "532900"
    names = {r.full_name for m in plan.measures for r in m.responsibilities}
    assert "大理白族自治州生态环境局" in names
    text = derived.tianshui_as("甘孜州", "甘孜", "四川省", "川府发", "甘府办发", "州")
    assert _parse(text).code == "513300"


def test_league_plan() -> None:
    text = derived.tianshui_as(
        "锡林郭勒盟", "锡林郭勒", "内蒙古自治区", "内政发", "锡署办发", "盟",
        issuer="锡林郭勒盟行政公署",
    )  # fmt: skip
    plan = parse_bytes(text.encode("utf-8"), "xilin.txt")
    assert plan.jurisdiction.code == "152500"
    kinds = {e.kind: e for e in plan.jurisdiction_evidence}
    assert kinds["issuer"].text.endswith("锡林郭勒盟行政公署")
    assert kinds["doc-number-prefix"].codes == ("152500",)
    assert kinds["agency-prefix"].codes == ("152500",)


def test_traditional_script_plan() -> None:
    import opencc

    text = derived.tianshui_as("大理州", "大理", "云南省", "云政发", "大政办发", "州")
    plan = parse_bytes(opencc.OpenCC("s2t").convert(text).encode("utf-8"), "dali-t.txt")
    assert plan.traditional and plan.jurisdiction.code == "532900"


def test_province_and_national_plans_validate(tmp_path: Path) -> None:
    for name, text, code, agency in [
        ("hebei.txt", derived.hebei_province_plan(), "130000", "河北省生态环境局"),
        ("national.txt", derived.national_plan(), NATIONAL_CODE, "生态环境部"),
    ]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        prepared = prepare(path, BASE)
        assert prepared.outcome.ok, prepared.outcome.error
        assert prepared.outcome.plan_iri == f"{BASE}id/plan/{code}"
        nt = prepared.ntriples
        assert f"<{BASE}id/division/{code}>" in nt
        assert agency in nt
        assert "JurisdictionEvidence" in nt


def test_override_against_strong_evidence_is_honoured_and_recorded() -> None:
    text = derived.text_of("dingzhou-130682.txt")
    plan = parse_bytes(text.encode("utf-8"), "dz.txt", BASE, PlanMeta("620500", "dz.meta.json"))
    assert plan.jurisdiction.code == "620500"
    first = plan.jurisdiction_evidence[0]
    assert (first.kind, first.text, first.agrees) == ("user", "dz.meta.json", True)
    issuer = next(e for e in plan.jurisdiction_evidence if e.kind == "issuer")
    assert issuer.codes == ("130682",) and not issuer.agrees
    with pytest.raises(PlanError, match="999999"):
        _parse(text, PlanMeta("999999"))


# --------------------------------------------------------------------------- CLI


def test_cli_jurisdiction_option_and_sidecar(plankg: Run, tmp_path: Path) -> None:
    bare = derived.dingzhou_as("朝阳区", "朝阳区人民政府", None, None, "区")
    plan = tmp_path / "chaoyang.txt"
    plan.write_text(bare, encoding="utf-8")
    proc = plankg("validate", str(plan))
    assert proc.returncode == 1
    assert "ambiguous: 110105 北京市朝阳区, 220104 吉林省长春市朝阳区" in proc.stdout
    proc = plankg("validate", str(plan), "--jurisdiction", "110105")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "id/plan/110105" in proc.stdout

    sidecar = tmp_path / "chaoyang.meta.yaml"
    sidecar.write_text(
        "jurisdiction: '220104'\nsource: https://example.org/plan.html\nissued: 2022-06-30\n",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    proc = plankg("ingest", str(plan), "--store", str(store), "--jobs", "2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "id/plan/220104" in proc.stdout
    query = tmp_path / "q.rq"
    query.write_text(
        "PREFIX pk: <https://w3id.org/plankg/ontology#>\n"
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        "SELECT ?src ?issued ?kind ?text WHERE { ?p a pk:Plan ; dcterms:source ?src ;"
        " dcterms:issued ?issued ; pk:jurisdictionEvidence ?e . ?e pk:evidenceKind ?kind ;"
        " pk:evidenceText ?text }",
        encoding="utf-8",
    )
    proc = plankg("query", str(query), "--store", str(store), "--format", "json", check=True)
    rows = [
        {k: v["value"] for k, v in r.items()}
        for r in json.loads(proc.stdout)["results"]["bindings"]
    ]
    assert {r["src"] for r in rows} == {"https://example.org/plan.html"}
    assert {r["issued"] for r in rows} == {"2022-06-30"}
    assert ("user", str(sidecar)) in {(r["kind"], r["text"]) for r in rows}

    sidecar.write_text('{"jurisdiction": "12345"}', encoding="utf-8")
    sidecar.rename(tmp_path / "chaoyang.meta.json")
    proc = plankg("validate", str(plan))
    assert proc.returncode == 1 and "chaoyang.meta.json" in proc.stdout
    assert "not a six-digit GB/T 2260 code" in proc.stdout


@pytest.mark.parametrize(
    ("code", "written", "full"),
    [
        ("130000", "省发展改革委", "河北省发展改革委"),
        ("450000", "自治区生态环境厅", "广西壮族自治区生态环境厅"),
        ("532900", "州生态环境局", "大理白族自治州生态环境局"),
        ("152500", "盟生态环境局", "锡林郭勒盟生态环境局"),
        ("110105", "区发展改革委", "朝阳区发展改革委"),
        (NATIONAL_CODE, "国家发展改革委", "国家发展改革委"),
        (NATIONAL_CODE, "生态环境部", "生态环境部"),
    ],
)
def test_agency_names_get_the_jurisdiction_at_every_level(
    code: str, written: str, full: str
) -> None:
    from ingest.responsibility import full_name

    assert full_name(written, gazetteer().division(code), "ecology-environment") == full


def test_a_division_named_in_the_addressees_is_not_the_issuer() -> None:
    preamble = (
        "吉林省人民政府办公厅关于印发吉林省“十四五”节能减排综合工作方案的通知\n"
        "各市（州）人民政府，长白山管委会，梅河口市人民政府，各县（市、区）人民政府：\n"
        "现将方案印发给你们。\n吉林省人民政府办公厅\n"
    )
    division, _ = _resolve("吉林省", preamble=normalise(preamble, simplify=False))
    assert division.code == "220000"


def test_a_development_zone_issuing_jointly_with_its_division() -> None:
    division, _ = _resolve("黄埔区 广州开发区")
    assert division.code == "440112"
    with pytest.raises(PlanError, match="not a GB/T 2260 division"):
        _resolve("黄埔区广州塔")


def test_the_last_line_of_a_wrapped_sentence_is_no_title() -> None:
    text = (
        "江西省“十四五”节能减排综合工作方案\n\n"
        "为深入贯彻落实国务院要求，大力推动节\n"
        "能减排，加快绿色转型，结合我省实际，制定本方案\n。\n"
        "一、重点工程\n（一）节能改造工程。推进节能改造。\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "jiangxi.txt")
    assert plan.jurisdiction.code == "360000"
    assert plan.title == "江西省“十四五”节能减排综合工作方案"
