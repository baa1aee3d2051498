"""Plans derived from the bundled ones for other jurisdictions: the same text retitled,
with its issuer, 文号, parent citations and agencies' prefixes changed the way a plan of
that place writes them. Used by tests/ingest/test_jurisdiction.py and tests/ingest/test_cascade.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.cli import Run
from tests.support.paths import PLANS, ROOT


def text_of(name: str) -> str:
    return (PLANS / name).read_text(encoding="utf-8")


def replaced(text: str, pairs: list[tuple[str, str]]) -> str:
    for old, new in pairs:
        assert old in text, f"{old!r} is not in the plan"
        text = text.replace(old, new)
    return text


def agency_prefix(text: str, char: str) -> list[tuple[str, str]]:
    """Pairs that give the agencies' 市 prefix as `char` (州生态环境局, 区发展改革委)."""
    return [(f"{sep}市", f"{sep}{char}") for sep in ("（", "、", "，") if f"{sep}市" in text]


def dingzhou_as(
    title_place: str,
    issuer: str,
    province: str | None,
    province_doc: str | None,
    char: str,
) -> str:
    """定州's plan as another place's: title, issuer, the parent plan it cites."""
    text = text_of("dingzhou-130682.txt")
    pairs = [
        ("定州市人民政府\n", issuer + "\n"),
        ("《定州市“十四五”", f"《{title_place}“十四五”"),
        ("定州市“十四五”节能减排综合实施方案\n", f"{title_place}“十四五”节能减排综合实施方案\n"),
        ("市直有关部门", f"{char}直有关部门"),
    ]
    if province is None:  # no parent plan named at all
        pairs.append(
            (
                "根据《河北省人民政府关于印发河北省“十四五”节能减排综合实施方案的通知》（冀政字〔2022〕18号），",
                "",
            )
        )
    else:
        pairs.append(("河北省", province))
        if province_doc:
            pairs.append(("冀政字", province_doc))
    return replaced(replaced(text, pairs), agency_prefix(text, char))


def tianshui_as(
    name: str, short: str, province: str, province_doc: str, own_doc: str, char: str,
    issuer: str | None = None,
) -> str:  # fmt: skip
    """天水's plan (cover notice, 文号, addressees, news lead) as another place's."""
    text = text_of("tianshui-620500.txt")
    pairs = [
        ("市政府有关部门", f"{char}政府有关部门"),
        ("市属及驻市有关单位", f"{char}属及驻{char}有关单位"),
        ("天水市人民政府办公室", (issuer or name + "人民政府") + "办公室"),
        ("天政办发", own_doc),
        ("天水市", name),
        ("天水", short),
        ("甘肃省", province),
        ("甘政发", province_doc),
    ]
    return replaced(replaced(text, pairs), agency_prefix(text, char))


def hebei_province_plan() -> str:
    """河北省's own plan (冀政字〔2022〕18号, which 定州's plan cites), from 定州's text, with
    its own headline figures."""
    return province_plan(
        "河北省", "冀政字〔2022〕18号", "各市（含定州、辛集市）人民政府，雄安新区管委会"
    )


def province_plan(
    name: str, doc: str, addressees: str, figures: str = "41000 吨、1900 吨、51000 吨和 36000 吨"
) -> str:
    """A province's own plan issued as `doc`, from 定州's text, with its own headline
    figures (`figures`: its key-project reductions of COD, NH3-N, NOx and VOCs)."""
    text = text_of("dingzhou-130682.txt")
    pairs = [
        ("各乡镇人民政府、城区街道办事处，市直有关部门：",
         f"{name}人民政府关于印发{name}“十四五”节能减排综合实施方案的通知\n{doc}\n\n"
         f"{addressees}，省政府各部门："),
        ("定州市人民政府\n", f"{name}人民政府\n"),
        ("《定州市“十四五”", f"《{name}“十四五”"),
        ("定州市“十四五”节能减排综合实施方案\n", f"{name}“十四五”节能减排综合实施方案\n"),
        ("根据《河北省人民政府关于印发河北省“十四五”节能减排综合实施方案的通知》（冀政字〔2022〕18号）",
         "根据《国务院关于印发“十四五”节能减排综合工作方案的通知》（国发〔2021〕33号）"),
        ("下降 17.5%", "下降 16%"),
        ("3000 吨、92 吨、700 吨和 700 吨", figures),
    ]  # fmt: skip
    return replaced(replaced(text, pairs), agency_prefix(text, "省"))


def zhumadian_issued() -> str:
    """驻马店's plan as issued: its draft's text, no longer 征求意见稿, with other figures;
    stored beside the draft, it replaces it in the answers that count one plan a city."""
    return replaced(
        text_of("zhumadian-411700-draft.txt"),
        [
            ("\n（征求意见稿）\n", "\n"),
            ("14798吨、215吨、6226吨、2556吨", "15000吨、220吨、6300吨、2600吨"),
        ],
    )


def hebei_city_plan(name: str) -> str:
    """A prefecture-level city of 河北 (保定市, 石家庄市) from 定州's text: it cites the
    provincial plan and states 定州's figures as its own."""
    text = text_of("dingzhou-130682.txt")
    return replaced(
        text,
        [
            ("定州市人民政府\n", f"{name}人民政府\n"),
            ("《定州市“十四五”", f"《{name}“十四五”"),
            ("定州市“十四五”节能减排综合实施方案\n", f"{name}“十四五”节能减排综合实施方案\n"),
        ],
    )


# Ministries for the national plan, in place of the city's bureaux (the national plan's
# notes name 国家发展改革委, 生态环境部 …).
_MINISTRIES = [
    ("市发展和改革委员会", "国家发展改革委"), ("市科学技术局", "科技部"),
    ("市生态环境局", "生态环境部"), ("市市场监督管理局", "市场监管总局"),
    ("市住房和城乡建设局", "住房城乡建设部"), ("市交通运输局", "交通运输部"),
    ("市财政局", "财政部"), ("市商务局", "商务部"), ("市农业农村局", "农业农村部"),
    ("市公安局", "公安部"),
]  # fmt: skip


def national_plan() -> str:
    """The national plan (国发〔2021〕33号, 国务院) from 定州's text: no place in its title."""
    text = text_of("dingzhou-130682.txt")
    pairs = [
        ("各乡镇人民政府、城区街道办事处，市直有关部门：",
         "国务院关于印发“十四五”节能减排综合工作方案的通知\n国发〔2021〕33号\n\n"
         "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："),
        ("定州市人民政府\n", "国务院\n"),
        ("《定州市“十四五”", "《“十四五”"),
        ("定州市“十四五”节能减排综合实施方案\n", "“十四五”节能减排综合工作方案\n"),
        ("根据《河北省人民政府关于印发河北省“十四五”节能减排综合实施方案的通知》（冀政字〔2022〕18号），", ""),
    ]  # fmt: skip
    return replaced(replaced(text, pairs), _MINISTRIES)


def one_replaced_one_added(folder: Path) -> Path:
    """`folder`, made, with Dingzhou's plan changed (another agency) and Hebei's province
    plan: ingested after the bundled plans, one graph is replaced, one added, and the
    others are left as they were."""
    folder.mkdir()
    text = text_of("dingzhou-130682.txt").replace("市生态环境局", "市工业和信息化局")
    (folder / "dingzhou.txt").write_text(text, encoding="utf-8")
    (folder / "hebei.txt").write_text(hebei_province_plan(), encoding="utf-8")
    return folder


def more_provinces() -> dict[str, str]:
    """Plans by file name: the own plans of 河南省 and 四川省, which the bundled 驻马店 and
    达州 drafts cite, and 驻马店's issued plan beside its draft."""
    return {
        "henan.txt": province_plan(
            "河南省", "豫政〔2022〕29号", "各省辖市人民政府、济源示范区管委会",
            "52000 吨、2400 吨、61000 吨和 43000 吨",
        ),
        "sichuan.txt": province_plan(
            "四川省", "川府发〔2022〕20号", "各市（州）人民政府", "38000 吨、1700 吨、47000 吨和 39000 吨"
        ),
        "zhumadian.txt": zhumadian_issued(),
    }  # fmt: skip


def hebei_and_corpus(
    folder: Path, plankg: Run, plans: int, seed: int, more: dict[str, str] | None = None
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The bundled plans, 河北省 with two of its cities (the cascade and the sum of a
    province's cities), the plans `more` (file name -> text), and a generated corpus of
    `plans` real divisions, ingested into `folder`/store (with the ingest's run); a
    generated plan whose place is genuinely ambiguous is refused."""
    derived_plans = folder / "derived"
    derived_plans.mkdir()
    (derived_plans / "hebei.txt").write_text(hebei_province_plan(), encoding="utf-8")
    for name, city in (("baoding", "保定市"), ("shijiazhuang", "石家庄市")):
        (derived_plans / f"{name}.txt").write_text(hebei_city_plan(city), encoding="utf-8")
    for name, text in (more or {}).items():
        (derived_plans / name).write_text(text, encoding="utf-8")
    corpus = folder / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "corpus.py"), "--plans", str(plans),
         "--out", str(corpus), "--seed", str(seed)],
        check=True, capture_output=True,
    )  # fmt: skip
    store = folder / "store"
    proc = plankg("ingest", str(PLANS), str(derived_plans), str(corpus), "--store", str(store))
    assert proc.returncode in (0, 1), proc.stderr
    return store, proc
