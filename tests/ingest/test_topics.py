"""Topics at every level (CONTRACT.md §3 lead-agencies).

A unit of work is a numbered measure, or a sub-item of it with a responsibility of its
own. Its primary topic is the one its title names, else the one its text mentions most;
its other topics are the rest its text mentions (notes left out). lead-agencies answers
per unit: match=primary the units whose primary topic it is, match=any those with it
among their topics; a unit's leads are its own note's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.parser import parse_bytes
from tests.support.cli import Run, query_json
from tests.support.paths import PLANS

TIANSHUI = PLANS / "tianshui-620500.txt"
POLLUTANTS = ("VOCs", "COD", "NH3-N", "NOx", "SO2", "PM")
CITIES = {"130682", "330481", "411700", "511700", "620500"}
# 三（二） of Tianshui rewritten: a title that names no topic over NOx work, with a note
# of its own; a sub-item about VOCs with a note of its own (a unit of its own, whose
# title names no topic either); a sub-item without one (part of its measure's work).
MEASURE = (
    "（二）推进重点任务落实。深入开展燃煤锅炉低氮燃烧改造，推进脱硝设施提标升级，"
    "推动氮氧化物深度减排。（市工信局牵头，市发展改革委配合）\n"
    "1.推进涂装行业源头替代。加快低挥发性有机物含量涂料替代，推进挥发性有机物全流程治理，"
    "开展泄漏检测与修复。（市生态环境局牵头，市工信局配合）\n"
    "2.推进重点行业节能改造。实施节能技术改造，推广高效节能设备。\n"
)
ITEM = "推进涂装行业源头替代"


def derived_text() -> str:
    lines = TIANSHUI.read_text(encoding="utf-8").splitlines(keepends=True)
    (k,) = [i for i, line in enumerate(lines) if line.startswith("（二）园区节能环保提升工程")]
    lines[k] = MEASURE
    return "".join(lines)


def test_units_and_their_topics() -> None:
    plan = parse_bytes(derived_text().encode("utf-8"), "tianshui-units.txt")
    (m,) = [m for m in plan.measures if (m.section_number, m.number) == (3, 2)]
    assert m.title == "推进重点任务落实"
    # The title names no topic: the text's most mentioned one (氮氧化物, 低氮燃烧, 脱硝).
    assert m.primary_topic == "NOx"
    # The VOCs sub-item has a note of its own: its topics are its own, not the measure's;
    # the other sub-item's work is the measure's. Agency names (市工信局) are no topic.
    assert "VOCs" not in m.mentioned_topics and "industry" in m.mentioned_topics
    assert [(a.name_as_written, a.role) for a in m.responsibilities][:2] == [
        ("市工信局", "lead"),
        ("市发展改革委", "supporting"),
    ]
    vocs, plain = m.items
    assert vocs.title == ITEM and vocs.primary_topic == "VOCs"  # from its text
    assert [(a.name_as_written, a.role) for a in vocs.responsibilities][:2] == [
        ("市生态环境局", "lead"),
        ("市工信局", "supporting"),
    ]  # then the implementers carried from 三（一）
    assert plain.responsibilities == [] and plain.primary_topic == "industry"  # its title
    # A title that names a topic keeps it, whatever the text mentions more.
    (first,) = [m for m in plan.measures if (m.section_number, m.number) == (3, 1)]
    assert first.primary_topic == "industry" and "NOx" in first.mentioned_topics


# 三（二） again, as a measure on one pollutant whose sub-items name only the means or a
# sector in their titles, and mention that pollutant in their text (or not).
POLLUTANT_MEASURE = (
    "（二）挥发性有机物综合治理工程。\n"
    "1.推进源头替代。以工业涂装、包装印刷等行业为重点，推广低挥发性有机物含量涂料。"
    "（市工信局牵头，市生态环境局配合）\n"
    "2.推进工业涂装治理。加强涂装废气收集，推进挥发性有机物深度治理。（市生态环境局牵头）\n"
    "3.推进工业炉窑氮氧化物治理。实施脱硝改造，推动挥发性有机物协同治理。（市生态环境局牵头）\n"
    "4.推进工业节能改造。实施节能技术改造，推广高效节能设备。（市工信局牵头）\n"
    "5.末端治理。淘汰低效治理设施，推动建设活性炭集中再生中心。（市生态环境局牵头）\n"
)


@pytest.mark.parametrize(
    ("number", "primary"),
    [
        (1, "VOCs"),  # its title names the means only; its text mentions VOCs
        (2, "VOCs"),  # its title names a sector (工业) only
        (3, "NOx"),  # its title names another pollutant (氮氧化物): that one
        (4, "industry"),  # it does not mention VOCs: its own title's
        (5, "VOCs"),  # its title and text name no topic: the measure's work in its words
    ],
)
def test_a_sub_item_is_work_on_the_pollutant_its_measure_names(number: int, primary: str) -> None:
    text = derived_text().replace(MEASURE, POLLUTANT_MEASURE)
    plan = parse_bytes(text.encode("utf-8"), "tianshui-units.txt")
    (m,) = [m for m in plan.measures if (m.section_number, m.number) == (3, 2)]
    assert m.primary_topic == "VOCs"
    (item,) = [i for i in m.items if i.number == number]
    assert item.primary_topic == primary, item.title


@pytest.fixture(scope="module")
def derived_store(tmp_path_factory: pytest.TempPathFactory, plankg: Run) -> Path:
    folder = tmp_path_factory.mktemp("units")
    (folder / "tianshui-units.txt").write_text(derived_text(), encoding="utf-8")
    store = folder / "store"
    plankg("ingest", str(folder / "tianshui-units.txt"), "--store", str(store), check=True)
    return store


def leads(plankg: Run, store: Path, topic: str, match: str) -> set[tuple[str, str, str]]:
    rows = query_json(plankg, store, "lead-agencies", f"topic={topic}", f"match={match}")
    return {(r["measureTitle"], r.get("item", ""), r["agencyName"]) for r in rows}


def test_a_vocs_sub_item_in_a_broader_measure_is_a_vocs_unit_with_its_own_leads(
    plankg: Run, derived_store: Path
) -> None:
    primary = leads(plankg, derived_store, "VOCs", "primary")
    assert ("推进重点任务落实", ITEM, "天水市生态环境局") in primary
    # not the measure's lead: the sub-item has its own
    assert not any(r[0] == "推进重点任务落实" and r[1] == "" for r in primary)
    assert ("挥发性有机物综合整治工程", "", "天水市工信局") in primary  # as before


def test_a_measure_whose_title_names_no_topic_takes_it_from_its_text(
    plankg: Run, derived_store: Path
) -> None:
    assert leads(plankg, derived_store, "NOx", "primary") == {
        ("推进重点任务落实", "", "天水市工信局")
    }


def test_match_any_adds_the_units_with_the_topic_among_their_others(
    plankg: Run, derived_store: Path
) -> None:
    primary = leads(plankg, derived_store, "industry", "primary")
    anywhere = leads(plankg, derived_store, "industry", "any")
    assert primary < anywhere
    assert ("推进重点任务落实", "", "天水市工信局") in anywhere - primary
    assert ("重点行业绿色升级工程", "", "天水市工信局") in primary
    # the sub-item's own topics are VOCs only: no industry row for it
    assert not any(r[1] == ITEM for r in anywhere)
    nox = leads(plankg, derived_store, "NOx", "any")
    assert ("重点行业绿色升级工程", "", "天水市工信局") in nox  # 超低排放 in its text


def test_unknown_topic_or_match_is_a_one_line_error(plankg: Run, derived_store: Path) -> None:
    args = ("query", "lead-agencies", "--store", str(derived_store), "--param")
    bad = plankg(*args, "topic=NOy")
    assert bad.returncode == 2
    (line,) = bad.stderr.strip().splitlines()
    assert "topic='NOy'" in line and all(p in line for p in POLLUTANTS)
    assert "industry" in line and "transport" in line
    bad = plankg(*args, "match=all")
    assert bad.returncode == 2
    (line,) = bad.stderr.strip().splitlines()
    assert "match='all'" in line and "primary, any" in line


@pytest.mark.parametrize("topic", POLLUTANTS)
def test_every_pollutant_has_leads_in_the_bundled_plans_with_match_any(
    plankg: Run, bundled_store: Path, topic: str
) -> None:
    rows = query_json(plankg, bundled_store, "lead-agencies", f"topic={topic}", "match=any")
    assert rows, topic
    for row in rows:
        assert row["basis"] in ("explicit", "document-convention", "listing-order")
        assert row["agency"].startswith("https://w3id.org/plankg/id/agency/" + row["cityCode"])


def test_nox_leads_answer_for_every_bundled_plan(plankg: Run, bundled_store: Path) -> None:
    rows = query_json(plankg, bundled_store, "lead-agencies", "topic=NOx", "match=any")
    assert {r["cityCode"] for r in rows} == CITIES
    # match=primary stays what the titles say: no bundled measure is titled NOx work
    assert query_json(plankg, bundled_store, "lead-agencies", "topic=NOx") == []
