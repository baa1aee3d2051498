"""The document tree (ingest/tree.py): every node keeps its span in the text, paragraphs
and sentences are built across the line breaks of a hard-wrapped text, and tables stand
where they are, in a measure or an annex."""

from __future__ import annotations

from ingest.structure import layout
from ingest.text import normalise
from ingest.tree import Node, build

PLAN = """\
某市人民政府关于印发某市“十四五”节能减排综合工作方案的通知
各区人民政府：
现将方案印发给你们，请认真贯彻执行。
某市“十四五”节能减排综合工作方案
一、重点工程
（一）挥发性有机物综合整治工程。推进源头替代。主要任务见表1。
表1 主要任务
序号\t主要任务\t责任单位\t完成时限
1\t工业涂装源头替代\t市生态环境局、市工业和信息化局\t2024年
2\t加油站油气回收治理\t市商务局\t每年
（二）交通物流节能减排工程。推广新能源汽车。
1.推进运输结构调整。加快公转铁。
2.加强柴油货车治理。淘汰老旧车辆。
二、保障措施
（一）加强组织领导。落实责任。
附件
重点工程项目表
\t序号
\t项目名称
\t建设年限

\t1
\t污水处理厂提标改造
\t2023-2025

"""


def _tree(text: str) -> tuple[str, Node]:
    norm = normalise(text, simplify=False)
    return norm, build(norm, text, layout(norm, "plan.txt", text))


def test_the_tree_holds_notice_sections_measures_items_and_annex_in_order() -> None:
    _, root = _tree(PLAN)
    assert [n.kind for n in root.children] == ["notice", "section", "section", "annex"]
    first, second = root.children[1], root.children[2]
    assert [(m.kind, m.number, m.title) for m in first.children if m.kind == "measure"] == [
        ("measure", 1, "挥发性有机物综合整治工程"),
        ("measure", 2, "交通物流节能减排工程"),
    ]
    transport = [m for m in first.children if m.kind == "measure"][1]
    assert [(i.number, i.title) for i in transport.children if i.kind == "item"] == [
        (1, "推进运输结构调整"),
        (2, "加强柴油货车治理"),
    ]
    assert second.number == 2 and second.title == "保障措施"


def test_every_node_keeps_its_span_in_the_text() -> None:
    norm, root = _tree(PLAN)
    for node in root.walk():
        assert 0 <= node.start <= node.end <= len(norm)
        if node.kind in ("paragraph", "sentence"):
            assert node.view is not None
            assert "".join(norm[node.start : node.end].split()) == node.text
        if node.kind in ("section", "measure", "item"):
            assert "".join(norm[node.start : node.end].split()).find(node.title) >= 0
    measure = root.find("measure")[0]
    assert PLAN[measure.start :].startswith("（一）挥发性有机物综合整治工程")


def test_a_table_in_a_measure_and_one_in_the_annex_are_tables_where_they_stand() -> None:
    norm, root = _tree(PLAN)
    measure = root.find("measure")[0]
    (in_measure,) = measure.find("table")
    assert [(c.index, c.role) for c in in_measure.columns] == [
        (0, "index"),
        (1, "task"),
        (2, "agency"),
        (3, "deadline"),
    ]
    assert [[c.text for c in r.cells][1] for r in in_measure.rows] == [
        "主要任务",
        "工业涂装源头替代",
        "加油站油气回收治理",
    ]
    assert norm[in_measure.start :].startswith("序号")
    assert norm[: in_measure.end].endswith("每年")
    (annex,) = root.find("annex")
    (in_annex,) = annex.find("table")
    assert [c.role for c in in_annex.columns] == ["index", "task"]
    assert root.tables_within(measure.start, measure.end) == [in_measure]
    # A table is no paragraph: no sentence holds its rows.
    assert not any("加油站油气回收治理" in s.text for s in root.find("sentence"))


BODY = (
    "（一）工业节能降碳工程。推进钢铁、水泥、化工等行业节能降碳改造，实施能效提升行动，"
    "加快高效电机、变频调速等节能技术推广应用，鼓励企业开展能源管理体系建设，到2025年，"
    "规模以上工业单位增加值能耗下降15%。推动园区循环化改造，推进供热供电基础设施共建共享，"
    "鼓励园区建设绿岛项目，提升园区节能环保水平和综合效益，加快园区能源系统优化和梯级利用，"
    "推进园区污水集中处理设施提标改造。（市工业和信息化局牵头）"
)
WIDTH = 30
# As a PDF's text layer gives it: every line cut at one width, wherever it falls.
WRAPPED = (
    "某市“十四五”节能减排综合工作方案\n一、重点工程\n"
    + "\n".join(BODY[k : k + WIDTH] for k in range(0, len(BODY), WIDTH))
    + "\n"
)


def test_a_sentence_wrapped_over_lines_is_one_sentence() -> None:
    norm, root = _tree(WRAPPED)
    (paragraph,) = root.find("measure")[0].find("paragraph")
    sentences = [s.text for s in paragraph.children]
    assert sentences[0] == "(一)工业节能降碳工程。"
    assert sentences[1] == (
        "推进钢铁、水泥、化工等行业节能降碳改造,实施能效提升行动,加快高效电机、变频调速等"
        "节能技术推广应用,鼓励企业开展能源管理体系建设,到2025年,规模以上工业单位增加值能耗下降15%。"
    )
    target = paragraph.children[1]
    # Its span runs over the line breaks of the text as given.
    assert norm[target.start : target.end].count("\n") >= 2


def test_lines_of_a_text_that_is_not_wrapped_are_paragraphs_of_their_own() -> None:
    _, root = _tree(PLAN)
    measure = root.find("measure")[1]
    assert [p.text for p in measure.find("paragraph")] == [
        "(二)交通物流节能减排工程。推广新能源汽车。",
        "1.推进运输结构调整。加快公转铁。",
        "2.加强柴油货车治理。淘汰老旧车辆。",
    ]
