"""The interface's own words in Chinese (default) and English; data labels come from the
vocabularies (api.web.labels). The language is `?lang=zh|en`, else the `lang` cookie."""

from __future__ import annotations

from starlette.requests import Request

LANGS = ("zh", "en")
COOKIE = "lang"

_WORDS: dict[str, tuple[str, str]] = {
    "site": ("节能减排方案知识图谱", "Energy-conservation plans knowledge graph"),
    "home": ("首页", "Home"),
    "leads": ("牵头单位", "Lead agencies"),
    "compare": ("城市对比", "Compare cities"),
    "search": ("检索", "Search"),
    "sparql": ("SPARQL 查询", "SPARQL editor"),
    "api": ("接口文档", "API docs"),
    "queries": ("命名查询", "Named queries"),
    "language": ("语言", "Language"),
    "skip": ("跳到正文", "Skip to content"),
    "holds": ("数据集内容", "What the dataset holds"),
    "plans": ("方案", "Plans"),
    "cities": ("地区", "Divisions"),
    "measures": ("措施", "Measures"),
    "agencies": ("部门", "Agencies"),
    "targets": ("目标", "Targets"),
    "responsibilities": ("职责", "Responsibilities"),
    "last_update": ("最近更新", "Last update"),
    "count": ("数量", "Count"),
    "what": ("项目", "Item"),
    "by_province": ("按省份的地区", "Divisions by province"),
    "province": ("省份", "Province"),
    "city": ("地区", "Division"),
    "questions": ("分析问题", "Analysts' questions"),
    "q_leads": (
        "各地由哪些部门牵头{topic}工作？",
        "Which agencies lead {topic} work in each city?",
    ),
    "q_city": (
        "{city}的方案有哪些目标和措施，各由谁负责？",
        "What are {city}'s targets and measures, and who is responsible?",
    ),
    "q_compare": ("对比 {cities} 的目标与牵头部门", "Compare the targets and leads of {cities}"),
    "q_search": ("哪些方案提到{q}？", "Which plans mention {q}?"),
    "q_sparql": ("自己写 SPARQL 查询", "Write your own SPARQL query"),
    "search_placeholder": (
        "检索措施、目标、部门，如 光伏",
        "Search measures, targets, agencies, e.g. 光伏",
    ),
    "search_button": ("检索", "Search"),
    "topic": ("主题", "Topic"),
    "topic_match": ("主题匹配", "Topic match"),
    "match_primary": ("主要主题", "primary topic"),
    "match_any": ("任一主题", "any of its topics"),
    "agency_type": ("部门类型", "Agency type"),
    "role": ("角色", "Role"),
    "basis": ("认定依据", "Basis"),
    "all": ("全部", "All"),
    "filter": ("筛选", "Filter"),
    "lead_agencies": ("牵头部门", "Lead agencies"),
    "measure": ("措施", "Measure"),
    "leads_title": ("{topic}：各地牵头部门", "{topic}: lead agencies by city"),
    "leads_summary": ("牵头部门类型统计", "Which agency types lead, and how often"),
    "cities_led": ("牵头地区数", "Cities led"),
    "share": ("占比", "Share"),
    "share_pct": ("占比（%）", "Share (%)"),
    "rows_lead": ("牵头记录数", "Lead mentions"),
    "topic_count": ("{topic}（{n} 个地区）", "{topic} ({n} divisions)"),
    "plan_status": ("方案状态", "Plan status"),
    "leads_try_any": (
        "没有以该主题为主要主题的措施；{n} 个地区的措施涉及该主题。",
        "No measure has this as its primary topic; measures of {n} divisions touch on it.",
    ),
    "leads_show_any": ("查看涉及该主题的措施", "Show the measures that touch on it"),
    "no_rows": ("没有符合条件的记录。", "Nothing matches."),
    "download": ("下载", "Download"),
    # the columns a download adds after a page column ({column}) of the page's table
    "col_code": ("{column}（代码）", "{column} (code)"),
    "col_iri": ("{column}（链接 IRI）", "{column} (linked IRI)"),
    "col_link": ("{column}（链接）", "{column} (link)"),
    "col_shown": ("{column}（页面所示）", "{column} (as shown)"),
    "evidence": ("原文依据", "Evidence"),
    "plan": ("方案", "Plan"),
    "status": ("状态", "Status"),
    "draft": ("征求意见稿", "draft"),
    "issued": ("已印发", "issued"),
    "document_number": ("文号", "Document number"),
    "issued_on": ("印发日期", "Issued"),
    "issuer": ("印发机关", "Issuer"),
    "source_file": ("来源文件", "Source file"),
    "indicator": ("指标", "Indicator"),
    "pollutant": ("污染物", "Pollutant"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "qualifier": ("限定", "Qualifier"),
    "scope": ("范围", "Scope"),
    "subject": ("适用对象", "Applies to"),
    "years": ("基期—目标年", "Base–target year"),
    "source_text": ("原文", "Source text"),
    "section": ("部分", "Section"),
    "item": ("子项", "Sub-item"),
    "agency": ("部门", "Agency"),
    "note": ("责任分工原文", "Responsibility note"),
    "headline_targets": ("主要目标", "Headline targets"),
    "all_targets": ("全部目标", "All targets"),
    "measures_agencies": ("措施与责任部门", "Measures and responsible agencies"),
    "compare_title": ("城市对比：{cities}", "Comparing {cities}"),
    "targets_side": ("目标对比", "Targets side by side"),
    "leads_per_topic": ("各主题牵头部门", "Lead agencies per topic"),
    "topics_presence": (
        "各主题措施数（— 表示该方案没有）",
        "Measures per topic (— : absent from that plan)",
    ),
    "differs": ("有差异", "differs"),
    "charts_split": (
        "每张图只含同一单位、数值相差不超过百倍的目标，以免小数值的柱形看不见；"
        "数值相差仍超过百倍的图用对数刻度。准确数值见上表。",
        "Each chart holds targets of one unit whose values are within a factor of 100 of "
        "each other, so no bar is too small to see; a chart whose values still span more "
        "uses a logarithmic scale. The table above holds the exact numbers.",
    ),
    "log_scale": ("对数刻度", "logarithmic scale"),
    "compare_more": ("再选至少一个地区进行对比。", "Pick at least one more division to compare."),
    "compare_form": ("选择 2–5 个地区", "Pick 2–5 divisions"),
    "compare_go": ("对比", "Compare"),
    "results": ("共 {n} 条结果", "{n} results"),
    "kind": ("类别", "Kind"),
    "match": ("匹配原文", "Matching passage"),
    "kind_measure": ("措施", "measure"),
    "kind_target": ("目标", "target"),
    "kind_agency": ("部门", "agency"),
    "facets": ("分面筛选", "Facets"),
    "synonyms_used": (
        "同时检索了主题词表中的同义词",
        "Also searched: synonyms from the topic vocabulary",
    ),
    "prev": ("上一页", "Previous"),
    "next": ("下一页", "Next"),
    "error": ("出错了", "Error"),
    "not_found": ("找不到", "Not found"),
    "chart_note": (
        "图表由脚本绘制；表格为同一数据。",
        "The chart is drawn by script; the table holds the same data.",
    ),
    "in_context": ("上下文", "In context"),
    "page": ("页码", "Page"),
    "offsets": ("字符位置", "Character offsets"),
    "open_plan": ("查看该地区方案", "Open the division's plan"),
    "search_hint": (
        "简体、繁体均可；两个字的词（如 光伏）也能检索。",
        "Simplified or traditional; two-character words such as 光伏 match too.",
    ),
}


def language(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    cookie = request.cookies.get(COOKIE)
    return cookie if cookie in LANGS else "zh"


def words(lang: str) -> dict[str, str]:
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in _WORDS.items()}
