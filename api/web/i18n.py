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
    "pages": ("分页", "Pages"),
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
    # the national overview's map (/), the province pages, the agency-type pages
    "provinces": ("省份", "Provinces"),
    "agency_types": ("部门类型", "Agency types"),
    "overview_map": ("全国概览地图", "National overview map"),
    "map_shows": ("地图显示", "The map shows"),
    "map_show": ("显示", "Show"),
    "map_choice_energy-intensity": ("单位GDP能耗下降目标", "energy-intensity cut"),
    "map_choice_lead-agencies": ("某主题的牵头部门类型", "agency type leading a topic"),
    "map_energy": ("单位GDP能耗比2020年下降目标（%）", "Promised cut in energy intensity (%)"),
    "map_lead": ("牵头{topic}工作的部门类型", "Agency type leading {topic} work"),
    "map_tiles": (
        "每个方块是一个省级行政区，点击进入该省页面。",
        "Each square is a provincial-level division; each links to its page.",
    ),
    "map_boundaries": (
        "按所配置的边界数据（PLANKG_BOUNDARIES）绘制，点击区域进入其页面。",
        "Drawn from the configured boundaries (PLANKG_BOUNDARIES); each area links to its page.",
    ),
    "map_table": ("地图数据：各省及下辖地区", "The map's data: each province and its divisions"),
    "no_plan": ("无数据", "no data"),
    "area_answer": ("{name}：{answer}", "{name}: {answer}"),
    "area_own": ("{name}：{answer}（本地区方案）", "{name}: {answer} (its own plan)"),
    "tile_name": ("{short}（{full}）", "{short} ({full})"),
    "own_plan": ("本地区方案", "its own plan"),
    "divisions_plans": ("下辖 {n} 个地区方案的汇总", "summary of {n} divisions' plans"),
    "legend_own": ("实心：本地区自己的方案", "solid: the division's own plan"),
    "legend_summary": (
        "斜线：无本级方案，为下辖地区方案的汇总",
        "hatched: no plan of its own, a summary of its divisions' plans",
    ),
    "median_of": ("下辖地区中位数 {value}（{n} 个地区）", "its {n} divisions' median: {value}"),
    "most_of": ("{value}（下辖 {n} 个地区中 {k} 个）", "{value} ({k} of its {n} divisions)"),
    "other_types": ("其他类型", "other types"),
    "aspirational_mark": ("（力争）", "(aspirational)"),
    "answer": ("回答", "Answer"),
    "answer_from": ("来源", "From"),
    "divisions_answers": ("下辖地区及其回答", "Its divisions and their answers"),
    "level": ("层级", "Level"),
    "level_province": ("省级", "province"),
    "level_prefecture": ("地级", "prefecture"),
    "level_county": ("县级", "county"),
    "province_divisions": ("下辖地区及其方案", "Divisions and their plans"),
    "province_none": (
        "本库尚未收录该省及其下辖地区的方案。",
        "The store holds no plan of this province or its divisions.",
    ),
    "reductions": (
        "重点工程减排量：本省目标与下辖地区之和（吨）",
        "Key-project reductions: the province's own beside the sum of its divisions' (t)",
    ),
    "province_value": ("本省目标", "The province's own"),
    "cities_sum": ("下辖地区之和", "Sum of its divisions'"),
    "cities_summed": ("计入地区数", "Divisions summed"),
    "which": ("计入地区", "Which divisions"),
    "cascade": (
        "目标逐级分解：各方案主要目标与其上级方案",
        "The cascade: each plan's headline targets beside its parent plan's",
    ),
    "parent_plan": ("上级方案", "Parent plan"),
    "parent_value": ("上级目标", "Parent's target"),
    "parent_unit": ("上级目标单位", "Parent's unit"),
    "not_stored": ("未收录", "not stored"),
    "energy_cut": ("能耗强度下降（%）", "Energy-intensity cut (%)"),
    "province_list": ("各省份", "Provinces"),
    "plans_in": ("方案数", "Plans"),
    "type_pages": ("各类部门的职责", "What each agency type does"),
    "type_title": (
        "{type}：牵头、负责、配合与落实的工作",
        "{type}: what it leads, is responsible for, supports and implements",
    ),
    "by_role": ("按角色", "By role"),
    "by_topic": ("按主题", "By topic"),
    "by_division": ("按地区", "By division"),
    "mentions": ("职责记录数", "Responsibilities"),
    "units": ("工作事项数", "Units of work"),
    "no_topic": ("（无主题）", "(no topic)"),
    "roles_all": ("全部角色", "All roles"),
    # --- the SPARQL editor (/sparql) -----------------------------------------------------
    "sparql_intro": (
        "在本服务的 SPARQL 端点上编写并运行查询。以下命名查询可直接作为示例：",
        "Write and run queries on this service's SPARQL endpoint. The named queries are "
        "ready examples:",
    ),
    "sparql_endpoint": ("端点", "Endpoint"),
    "sparql_prefixes": (
        "以下前缀已预先声明，查询中可直接使用，无需 PREFIX 声明（查询自己的 PREFIX 声明优先）：",
        "These prefixes are predeclared: a query may use them without a PREFIX declaration "
        "(a query's own PREFIX declaration wins):",
    ),
    "sparql_examples": ("示例查询", "Example queries"),
    "sparql_query": ("SPARQL 查询", "SPARQL query"),
    "sparql_run": ("运行", "Run"),
    "sparql_rows": ("每页行数", "Rows per page"),
    "sparql_editor": ("查询编辑器", "Query editor"),
    "sparql_noscript": (
        "未启用脚本：表单提交到 /sparql，结果以 SPARQL 结果格式返回。",
        "Scripts are off: the form submits to /sparql and the answer comes back as SPARQL results.",
    ),
    # shown when an answer comes with Plankg-Truncated ({n}: its Plankg-Row-Limit)
    "sparql_cut": (
        "结果已在 {n} 行处截断：本服务每个查询最多返回 {n} 行。要读取全部结果，请用 "
        "ORDER BY 加 LIMIT 与 OFFSET 分页查询，或下载完整数据转储：",
        "The answer was cut at {n} rows: this service returns at most {n} rows a query. "
        "To read them all, page through with ORDER BY, LIMIT and OFFSET, or download the "
        "full dumps:",
    ),
    "docs_noscript": (
        "未启用脚本：接口文档需要脚本；接口描述（OpenAPI）见",
        "Scripts are off: the API docs need them; the API description (OpenAPI) is at",
    ),
    # --- resource pages (/id/…), citations ------------------------------------------------
    "permalink": ("永久链接", "Permalink"),
    "in_ontology": ("在本体与词表中查看", "See it in the ontology"),
    "description": ("描述", "Description"),
    "property": ("属性", "Property"),
    "prop_value": ("值", "Value"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "lang_zh": ("中文", "Chinese"),
    "lang_en": ("英文", "English"),
    "linked_caption": ("{kind}（{n}）", "{kind} ({n})"),
    "also_as": (
        "程序可用同一网址取得该资源的 JSON-LD（Accept: application/ld+json）或 Turtle"
        "（Accept: text/turtle）。",
        "Programs get the same resource at the same address as JSON-LD "
        "(Accept: application/ld+json) or Turtle (Accept: text/turtle).",
    ),
    "loc_page": ("第{n}页", "page {n}"),
    "loc_pages": ("第{n}–{m}页", "pages {n}–{m}"),
    "loc_paragraph": ("第{n}段", "paragraph {n}"),
    "loc_paragraphs": ("第{n}–{m}段", "paragraphs {n}–{m}"),
    "loc_cell": ("表{table}第{row}行第{cell}格", "table {table}, row {row}, cell {cell}"),
    "loc_ocr": ("经文字识别（OCR）读取", "read by OCR"),
    "loc_of": ("原文位置：{where}", "{where} of the original document"),
    "convention": ("牵头单位认定规则", "The plan's rule for the lead"),
    "convention_lead": (
        "本方案写明了认定牵头单位的规则（如“列第一位的为牵头单位”），该部门在责任单位中列第一位，"
        "因此认定为牵头单位。方案原文：",
        "The plan states which of the agencies listed leads (such as 列第一位的为牵头单位: "
        "the first listed is the lead), and this agency is listed first. The plan's words:",
    ),
    "convention_plan": (
        "本方案写明了认定牵头单位的规则：",
        "The plan states which of the agencies listed leads:",
    ),
    "stated_in": ("见于", "Stated in"),
    "work_caption": ("作为{role}的措施（{n}）", "Measures where it is {role} ({n})"),
    "division_plans": ("该地区的方案", "This division's plans"),
    "cite_plan": ("引用方案", "Cite the plan"),
    "cite_this": ("引用文本（可复制）", "Cite this (text to copy)"),
    "cite_via": ("经 plankg 获取：{permalink}", "Accessed via plankg: {permalink}"),
    "original": ("原文网址", "Original document"),
    "original_unknown": ("未知", "not known"),
    # --- /ontology ----------------------------------------------------------------------
    "ontology": ("本体与词表", "Ontology"),
    "ontology_graph": ("本体", "The ontology"),
    "contents": ("目录", "Contents"),
    "classes": ("类", "Classes"),
    "kind_class": ("类", "Classes"),
    "kind_object-property": ("对象属性", "Object properties"),
    "kind_datatype-property": ("数据属性", "Datatype properties"),
    "kind_annotation-property": ("注释属性", "Annotation properties"),
    "kind_individual": ("个体", "Individuals"),
    "reused_terms": ("复用的外部术语", "Reused terms"),
    "schemes": ("受控词表", "Concept schemes"),
    "term": ("术语", "Term"),
    "label_zh": ("中文名称", "Chinese label"),
    "label_en": ("英文名称", "English label"),
    "definition": ("定义", "Definition"),
    "parents": ("上位类或属性", "Subclass or subproperty of"),
    "domain": ("定义域", "Domain"),
    "range": ("值域", "Range"),
    "notation": ("代码", "Notation"),
    "version": ("版本", "Version"),
    "licence": ("许可协议", "Licence"),
    "namespace": ("命名空间", "Namespace"),
    "as_turtle": ("Turtle 格式", "as Turtle"),
    "defined_at": ("原始定义", "Defined at"),
    "alt_labels": ("别名", "Other names"),
    "concepts_n": ("{n} 个概念", "{n} concepts"),
    # --- /about -------------------------------------------------------------------------
    "about": ("关于数据", "About the data"),
    "about_what": ("数据是什么", "What the data is"),
    "about_plans": (
        "每份方案是一个地区为“十四五”时期（2021—2025年）印发或公开征求意见的节能减排综合工作方案"
        "（实施方案）：主要目标、重点工程、政策机制，以及每项措施由哪些部门牵头、负责、配合和落实。"
        "每一项事实都链接到它所依据的方案原文句子。",
        "Each plan is the comprehensive work plan (implementation plan) for energy "
        "conservation and emission reduction (节能减排综合工作方案, 实施方案) that a division "
        "issued, or published as a draft for public comment (征求意见稿), for the 14th "
        "Five-Year Plan period (十四五, 2021–2025): its main "
        "targets, key projects and policy mechanisms, and for every measure the agencies "
        "that lead it, are responsible for it, support it or implement it. Every fact links "
        "to the sentence of the plan it came from.",
    ),
    "about_browse": (
        "从首页浏览各地方案，或在本体与词表页查看全部类、属性与概念。",
        "Browse the plans from the home page, or every class, property and concept on the "
        "ontology page.",
    ),
    "glossary": ("术语表", "Glossary"),
    "glossary_intro": (
        "以下术语及其定义取自本体与受控词表。",
        "These terms and their definitions come from the ontology and the vocabularies.",
    ),
    "glossary_documents": ("方案及其组成", "Plans and their parts"),
    "how_to_cite": ("如何引用", "How to cite"),
    "cite_pages": (
        "每个地区页和证据页都引用其方案（标题、印发机关、文号、日期、原文网址），并给出可复制的引用文本。"
        "引用数据集本身：",
        "Every division page and evidence page cites its plan (title, issuer, document "
        "number, date, the original's URL) with a text to copy. To cite the dataset itself:",
    ),
    "licence_ontology": (
        "本体与受控词表以 {licence} 许可发布（见本体的许可声明）。",
        "The ontology and the vocabularies are published under {licence} (the ontology's "
        "licence statement).",
    ),
    "licence_none": (
        "代码仓库中没有许可文件（LICENSE）：数据集与软件均未声明许可协议。",
        "The repository holds no licence file (LICENSE): no licence is stated for the "
        "dataset or for the software.",
    ),
    "licence_plans": (
        "方案原文由各地人民政府及其部门发布；使用其内容时请注明并链接原文。",
        "The plans are published by local governments and their departments; when using "
        "their content, cite and link the original document.",
    ),
    "downloads": ("下载与接口", "Downloads and access"),
    "whole_dataset": ("整个数据集", "The whole dataset"),
    "dataset_description": ("数据集描述（VoID、DCAT）", "Dataset description (VoID, DCAT)"),
    "file": ("文件", "File"),
    "format": ("格式", "Format"),
    "media_type": ("媒体类型", "Media type"),
    # --- /dataset -----------------------------------------------------------------------
    "sparql_endpoint_name": ("SPARQL 端点", "SPARQL endpoint"),
    "uri_space": ("URI 空间", "URI space"),
    "triples": ("三元组", "Triples"),
    "subjects": ("不同主语", "Distinct subjects"),
    "graphs": ("命名图", "Graphs"),
    "graph": ("图", "Graph"),
    "title_col": ("标题", "Title"),
    "entities": ("实例数", "Entities"),
    "class": ("类", "Class"),
    "linksets": ("与其他数据集的链接", "Links to other datasets"),
    "linkset": ("链接集", "Linkset"),
    "target_dataset": ("目标数据集", "Target"),
    "link_predicate": ("链接属性", "Link predicate"),
    "links_n": ("链接数", "Links"),
    "join_key": ("（连接键）", "(join key)"),
    "browse": ("数据浏览", "Browse"),
    "browse_intro": (
        "方案、地区、措施与目标逐条列出，与程序经同一网址取得的 JSON-LD 集合（{path}）"
        "一一对应；每行链接到其证据页，下载即本页所示各行。",
        "Plans, divisions, measures and targets item by item, as programs get them at the "
        "same address as a JSON-LD collection ({path}); each row links to its evidence, "
        "and a download holds the rows shown.",
    ),
    "name": ("名称", "Name"),
    "measure_kind": ("措施类型", "Measure kind"),
    "target_year": ("目标年", "Target year"),
    "items_shown": ("第 {first}–{last} 条", "Items {first}–{last}"),
    "per_page": ("每页条数", "Items per page"),
    "dataset_formats": (
        "程序可用同一网址取得 Turtle（Accept: text/turtle）、N-Triples"
        "（Accept: application/n-triples）或 JSON-LD（Accept: application/ld+json）。",
        "Programs get it at the same address as Turtle (Accept: text/turtle), N-Triples "
        "(Accept: application/n-triples) or JSON-LD (Accept: application/ld+json).",
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
