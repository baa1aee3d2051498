"""The blind sets (tests/blind): plans written by people who had not read the parser, gold
frozen before the first run. The floors are the figures the reader reached; a change that
lowers one has made the reader fit less of the plans' language."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.blind.score import FIGURES, score_set

BLIND = Path(__file__).resolve().parents[1] / "blind"
# (set, VOCs-lead, all-roles, headline targets, plans refused at most): F1 floors, measured
# 2026-12-07 after the document tree, the table reader, the grammar of roles and the
# topics of sub-items (one of set4's plans is refused, two of set5's; set5 written after);
# set6 written blind after them, its floors its first score; headline floors raised after
# the one reader of quantity statements; set5 and set6 after bare lists of agencies (set6
# read for its failures by kind after its first score: no longer unseen); set7 written
# blind on 2026-12-07, its floors its first score (one plan refused), then raised when a
# draft signed with its month alone was no longer refused as truncated; still unseen.
# set6 raised after a section's key-project table standing for its measures; set4 and
# set7 after a table closing a section giving its measures' responsibilities, and set7
# after sentences giving notes to measures by number (第(一)至(三)项由…牵头). set8 written
# blind on 2026-12-07 (first run .800/.893/.677, one plan refused); raised after a plan
# ending with a bracketed note was no longer refused (set4's refusal too) and a cover
# notice numbering its own points no longer hid the plan's sections; half-seen since (its
# writer's report named those kinds), and after a lead that directs others (负责，督促…).
# Headline floors of set5, set7 and set8 raised when a range gave the end it promises.
# Local bodies listed with no role word are `implementing` only where the plan says local
# bodies carry the work out (tests/blind/README.md): all-roles of sets 2, 5, 6, 7, 8 rose
# (+.004 to +.017), set3's fell .906 -> .897 (its writer read them as implementing).
# set4's all-roles rose .751 -> .797 when a list of levels before one name (各县、区人民政府)
# became that one name, a mechanism found on real drafting (tests/ingest/real/).
# set9 written blind on 2026-12-07 (first run .690/.916/.905 at dabe01a, none refused);
# the same after that day's grammar from real drafting: its floors. set10 written blind
# on 2026-12-07 (first run .769/.866/.797 at f22f1d3, none refused): its floors; unseen.
# set11 written blind the same day (first run .778/.870/.828 at f22f1d3) as a development
# set: read by the engineers, its misses a source of mechanisms, set10 the measure.
# Tried on it and left out: a pollutant measure's sub-items that name no other pollutant
# taken as its work (VOCs-lead set1 +.002, set2 +.024, set11 +.116, set9 -.023), and 喷涂
# as a word for VOCs work (set11 +.028, set9 -.023); writers judge such sub-items apart.
# A task cell naming a measure and one of its sub-items (…工程——工业源综合治理), found on
# set11, names the sub-item: VOCs-lead of set9 .690 -> .839, set10 .769 -> .897 (unseen).
# A sentence of the targets naming an earlier period (“十三五”期间…累计下降18.2%) and no
# year a target is due by reports results: headline of set8 .823 -> .975, set9 .905 ->
# .919, set10 .797 -> .922, set11 .828 -> .891. A range whose low end writes its scale
# (控制在1150万—1180万吨标准煤) is a range: set9 headline .919 -> .935, set11 .891 -> .924.
# A district's 单位增加值能耗 is its energy intensity, and the public institutions' cuts in
# the targets are headline targets: set11 headline .924 -> .942, no other set moved.
# So is industrial water use per value added (万元工业增加值用水量下降15%): headline set3
# .887 -> .897, set8 .975 -> .983, set9 .935 -> .944, set11 .942 -> .951.
# set12 (unseen) and set13 (development) written blind on 2026-12-08 at 1cf7140: first
# runs .829/.887/.916 and .833/.883/.920, each with a web page refused (a content container
# of no known name, its title dropped); after the innermost element holding the page's
# paragraphs became the article, .884/.955/.982 and .880/.924/.983. Then, found on set13:
# notes for several measures by count (以上两项), by number in brackets, for a whole part
# (本部分各项工作由…); a note on the line after a heading with no full stop; division rows
# naming parts of a measure; the one note after the last sub-item is the measure's: set2
# all-roles .986 -> .996, set4 .667/.799 -> .778/.815, set9 .839/.935 -> .875/.951, set12
# all-roles .955 -> .953, set13 -> 1.0/.989. An aspiration in a clause of its own (达到10%，
# 力争达到12%) and the share of green buildings as a headline indicator: headline set7 .957
# -> .966, set13 1.0; set6 .965 -> .957 (its gold, older than the base-year rule, gives
# levels no base year). A sentence opening on the base year (2020年，全旗能源消费总量为…)
# states that year's state: set11 headline .951 -> .967, no other set moved. A figure the
# targets give subdivisions they name (其中，高要区、四会市…下降不低于15%) is theirs:
# headline set7 .966 -> .974, set8 .983 -> .992, set10 .922 -> .938 (unseen), set11 ->
# .983, set12 .982 -> .991 (unseen). The public institutions' reader of the measures
# reads the targets too (公共机构单位建筑面积能耗下降5%，人均综合能耗下降6%): headline set9
# .944 -> .961, set11 -> .992. Coal per kWh supplied (供电煤耗降至300克标准煤/千瓦时以下)
# is a headline indicator: set7 .974 -> .983, set11 -> 1.0; set6 .957 -> .948 (its older
# gold, again, gives that level no base year). Notes giving sub-items by number
# (责任分工：第1、2项由…；第3项由…), a label before the words of a note's scope (责任分工：
# 上述两项均由…), two role words as one (负责具体落实): set9 .875/.951 -> 1.0/.975 (set9 is
# read since 2026-12-08: set10 and set12 are the unseen measures). set14 and set15 written
# blind the same day as development sets (first runs .929/.896/.965 and .769/.940/.946);
# from them: one 人民政府 for a list of places, 落实主体 as a label of implementers, what an
# agency carries out between two role words (负责本辖区任务落实), bodies a note under a
# table says it leaves out (不再在表中列出) joining its rows, and a sentence on who carries
# out all the work (…负责本辖区各项任务的组织实施) no unit's note: set4 all-roles .815 ->
# .839 (unseen), set14 .896 -> .935. 此项工作由…, adjacent measure numbers (第（四）（五）
# 项由…), a first clause naming a lead before prose (由A会同B组织实施，以…为重点), 协同推进
# supporting as 协同 is: set7 all-roles .882 -> .886, set12 .953 -> .957 (unseen), set14
# .929/.935 -> .966/.959; set2 .996 -> .991 (its writer read 协同推进 as responsible).
# Bodies a measure's note carries forward outlive the lead rule of its section (those
# the rule's own sentence names end with it): set14 .959 -> .979. A note counting some of
# a measure's sub-items (以上两项责任单位：…) is theirs: set15 .769/.940 -> .929/.958. Rows
# drawn with bars (1 | 项目 | 单位) are no sub-items, and one sentence may give two runs of
# measures their notes (第(一)至(三)项由A…，第(四)至(六)项分别由B、C、D…): set15 -> .966/.981.
# A figure the targets give a sector (其中焦化行业…1500吨) is a breakdown, and a period
# named after every figure of a sentence of results dates none: set15 headline .953 -> .984.
# A sub-item of a pollutant's measure whose title names no topic and whose text mentions
# no pollutant is the measure's work (3.末端治理。淘汰低效治理设施…): VOCs-lead set2 .976 ->
# 1.0, set11 .927 -> 1.0, set14 .966 -> 1.0; set1 .971 -> .944 (its writer left 餐饮油烟治理
# out of VOCs work; set11's counted it in). Tried on 2026-12-07 as any such sub-item
# (set9 then fell .023): the pollutant it does mention now keeps it apart. An indicator's
# label may name its base between its words (万元工业增加值用水量比2020年下降20%): headline
# set12 .991 -> 1.0 (unseen), set15 .984 -> .992. 属地 and 按职能 as manners, 车务段 as a
# name's ending: set14 .979 -> .985; set4 .839 -> .838. A sentence note may name a company
# of no known type beside agencies of one (A负责，重庆璧山城市建设发展有限公司参与): set8
# all-roles .917 -> .919 (unseen), set15 .982 -> .980. Division rows naming work of a
# measure no row names and the text gives no note are its items, linked by content:
# set14 .985 -> .992. A table of targets whose cells write their unit (≥620吨) or base
# (较2020年下降15%) is read as a table, its rows no longer left to the prose reader: set14
# headline .973 -> 1.0. set16 and set17 written blind the same day as development sets
# (first runs .789/.842/1.0 and .615/.877/.899). A role word before a colon labels the
# agencies after it (牵头：县经信局；参与：县发改局…): set8 .778/.919 -> 1.0/.967 (unseen),
# set16 all-roles .842 -> .910. A table row's title is the cell that names its work
# rather than one that tells it in clauses: set17 .656/.880 -> .754/.895. A part's rule
# carries bodies forward too (本部分各项任务均需…按属地原则抓好落实): set16 .910 -> .943.
# Division rows repeating a measure's title and telling parts of it in a content cell are
# its items: set6 all-roles .956 -> .975, set16 .821/.943 -> .927/.979. Notes for measures
# by number after a heading word (责任分工：第（一）项由…；第（二）项，A牵头…): set7 .886 ->
# .888 (unseen), set16 -> .984, set17 .895 -> .900. A rule for what is above it (以上各项，
# 列第一位的部门为牵头部门) holds in the section it closes, not the ones before: set17 ->
# .906. A sentence naming the agencies' own area (…负责本地区相关工作落实) says who carries
# out all the work: set16 .984 -> .987. set18 written blind at the end of the day (at
# c36df3c), the fresh unseen measure: first run .941/.890/.991, its floors. Then a note for
# measures by number giving one of their sub-items its own (…，其中第②项由B牵头), and
# sub-items by circled number (第①项由…, which had stopped the reader): set17 .754/.906 ->
# .787/.910. A county table in the targets, laid out side by side (县市 | 目标 | 县市 | 目标),
# gives each county its own figure, none of them headline: set17 headline .966 -> 1.0.
# 实施主体 labels implementers (a key-project table's column): set9 .975 -> .981, set17
# .910 -> .915. Bodies a section's opening carries forward for the work its title names
# (以下各项重点工程均需… under 实施节能减排重点工程) end with it: set17 .915 -> .925. 此项工作由…
# in a sub-item's text is that sub-item's (本工程由… on a line of its own stays the
# measure's), and 该 is a self word too: set17 .925 -> .931. set19 written blind at the
# end of the day as a development set (first run .884/.864/.980 at 1c1ed57): its floors.
# set20 likewise, written last and not yet read (first run .699/.875/.941 at 2315ded).
FLOORS = [
    ("set1", 0.94, 1.0, 1.0, 0),
    ("set2", 1.0, 0.99, 0.93, 0),
    ("set3", 0.78, 0.89, 0.89, 0),
    ("set4", 0.77, 0.83, 0.85, 0),
    ("set5", 0.87, 0.85, 0.89, 2),
    ("set6", 1.0, 0.97, 0.94, 0),
    ("set7", 0.93, 0.87, 0.98, 0),
    ("set8", 1.0, 0.96, 0.99, 0),
    ("set9", 1.0, 0.98, 0.96, 0),
    ("set10", 0.89, 0.88, 0.93, 0),
    ("set11", 1.0, 0.99, 1.0, 0),
    ("set12", 0.88, 0.95, 1.0, 0),
    ("set13", 1.0, 0.98, 1.0, 0),
    ("set14", 1.0, 0.99, 1.0, 0),
    ("set15", 0.96, 0.98, 0.99, 0),
    ("set16", 0.92, 0.97, 1.0, 0),
    ("set17", 0.78, 0.93, 1.0, 0),
    ("set18", 0.94, 0.89, 0.99, 0),
    ("set19", 0.88, 0.86, 0.98, 0),
    ("set20", 0.69, 0.87, 0.94, 0),
]


@pytest.mark.parametrize(("name", "vocs", "roles", "headline", "refusals"), FLOORS)
def test_blind_set_scores_hold(
    name: str, vocs: float, roles: float, headline: float, refusals: int
) -> None:
    totals, plans, refused, wrong = score_set(BLIND / name, per_plan=False)
    assert plans >= 8
    assert refused <= refusals and wrong == 0, (refused, wrong)
    got = [round(totals[f].f1, 3) for f in FIGURES]
    assert got[0] >= vocs and got[1] >= roles and got[2] >= headline, got
