"""The controlled vocabularies (ontology/vocab/*.ttl), read once, as the parser needs them.

The SKOS files are the single source of the codes and of the words that recognise them: agency types
by their `skos:altLabel` variants, topics by their other names (`skos:altLabel`) and
`skos:hiddenLabel` keywords (words that name the topic, one topic each) and their `pk:workKeyword`s
(words that mark work on a topic without naming it, 超低排放 for SO2, NOx and PM; one word may mark
several topics), qualifiers by their words (`skos:hiddenLabel`: 以上, 不超过, 力争 …) and the verbs
of a quantity statement (`pk:fallWord`, `pk:riseWord`, `pk:reachWord`: 下降, 达到; before them
`pk:modalWord`: 要, 将), indicators by
their labels (hidden labels "A+B": words that must all occur), whether a headline sentence states
them (`pk:statedInHeadline`) and the words of its subjects (`pk:subjectWord`: 减排量, 能耗; on the
scheme `pk:perUnitWord`: 单位GDP, `pk:otherSubjectWord`: 二氧化碳排放, `pk:otherQuantityWord`: 浓度;
`pk:intensityWord`: 能耗强度), the words that name its target where a clause states it without a
figure (`pk:targetWord`: 减排任务; `pk:pollutantTargetWord`, after its pollutants: 排放总量; on the
scheme `pk:generalTargetWord`: 节能减排目标, which names none), the words naming pollutants as a
group (`pk:pollutantGroupWord`: 污染物), the words that end a ratio's name (`pk:ratioWord`: 率,
覆盖率) and the places a ratio's target holds for (`pk:placeWord`: 中心城区), the bodies an
indicator is of (`pk:holderWord`: 公共机构), roles by their role words (`skos:hiddenLabel`: 牵头,
配合, 负责落实 …), note labels (`pk:noteLabel`: 牵头单位, 配合单位, and on the scheme the role-less
责任单位), lead verbs (`pk:leadVerb`: 会同 …; `pk:directVerb`: 督促 …), lead frames (`pk:leadFrame`:
在…指导下), the agent marker (`pk:agentMarker`: 由) and manner words (`pk:roleManner`: 共同) of the
grammar of roles (ingest/roles_grammar.py), a stated lead rule by its words (the document-convention
basis's `skos:hiddenLabel`: 列第一位的为牵头单位) and its scope words (`pk:sectionScope`: 本部分,
`pk:tableScope`: 本表, `pk:followingScope`: 下同), the words of a note for several measures
(on the role scheme: `pk:aboveWord`
以上, `pk:belowWord` 以下, `pk:allWord` 各项, `pk:workWord` 任务, `pk:eachWord` 均), of what a note
carries forward (`pk:carryWord` 不再一一列出, `pk:repeatWord` 下同, `pk:requestWord` 需), of
brackets holding no note (`pk:asideWord` 以下简称) and of those a rule gives a role after the lead
(`pk:othersWord` 其他), how agency names end (`pk:nameEnding`) and start (`pk:levelPrefix` 市,
`pk:nationalPrefix` 国家), pollutant names (the `skos:altLabel`s of the topics an indicator is
stated per, `pk:perPollutant`, and the scheme's `pk:otherPollutant`s: 总磷), units as written (every
zh label, `pk:thousandthLabel`: 千瓦), section kinds by their `skos:hiddenLabel` title words
(保障措施) and phrases naming no agency (the agency-type scheme's `pk:genericAgency`: 各有关部门,
also after a `pk:genericScope` word: 市级各有关部门)
and what a table's column holds by the words of its header (`skos:hiddenLabel` of the column roles:
完成时限, 指标属性) and by what its cells hold (`pk:cellWord`: 约束性), and the label of a table's
total row (`pk:totalRowWord`: 合计). The parser never
keeps its own copy of those lists: a synonym is one line in one file.

The topics of a unit of work (a measure, or a sub-item with a responsibility of its own):
- its primary topic is the topic its title names (the longest naming keyword found in the
  title wins); where the title names none, the topic mentioned most often in its text
  (title and body, both kinds of keyword counting, one mention per match), the first
  mentioned of those on a tie; none when its text mentions no topic;
- but a sub-item of a measure whose title names a pollutant (挥发性有机物综合整治工程) is
  work on that pollutant when it mentions it (by name or by a word for work on it:
  源头替代, 喷涂), unless its own title names another pollutant: its title may name only
  the means (推进源头替代) or a sector (推进工业涂装); and so is one whose title names no
  topic and whose text mentions no pollutant (3.末端治理。淘汰低效治理设施…: the measure's
  work, in its words);
- its other topics are every other topic its text mentions, in order of first mention.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from plankg.paths import VOCAB_DIR

PK = Namespace("https://w3id.org/plankg/ontology#")
_CHINESE = re.compile("[\u4e00-\u9fff]")


@dataclass(frozen=True)
class ScopeWords:
    """The role scheme's words of where a note holds and what it carries forward, each
    kind longest first (their properties in `_NOTE_SCOPE`)."""

    # A note for several measures (以上各项重点任务均由…牵头): it holds for the measures
    # before it (以上) or after it (以下), names them all (各项), their work (重点任务) and
    # each of them (均).
    above: tuple[str, ...] = ()
    below: tuple[str, ...] = ()
    own: tuple[str, ...] = ()  # 本工程由…: the whole measure the note closes
    own_area: tuple[str, ...] = ()  # 本地区: the agencies' own area, all their work
    part: tuple[str, ...] = ()  # 其中: a part of what a note names, with a note of its own
    every: tuple[str, ...] = ()
    work: tuple[str, ...] = ()
    each: tuple[str, ...] = ()
    # The implementing bodies a note names hold for later notes (不再一一列出), asked with a
    # request word (需); a repeat word carries the clause before it forward (下同).
    carry: tuple[str, ...] = ()
    repeat: tuple[str, ...] = ()
    request: tuple[str, ...] = ()
    aside: tuple[str, ...] = ()  # 以下简称, 含: open brackets that hold no note
    others: tuple[str, ...] = ()  # 其他: the agencies after the lead a rule gives a role
    copula: tuple[str, ...] = ()  # 为, 是: join agencies to the label of their role
    respectively: tuple[str, ...] = ()  # 分别: one agency a measure, in order
    not_agent: tuple[str, ...] = ()  # 由于, 由此: words that start as the agent marker does


@dataclass(frozen=True)
class Vocabularies:
    agency_type_labels: tuple[tuple[str, str], ...]  # (label, notation), longest label first
    topic_keywords: tuple[tuple[str, str], ...]  # (keyword, notation), longest first
    # (word, notations) of pk:workKeyword, longest first: work on those topics
    topic_work_keywords: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # (word, role notation), longest first: a role word closes the names before it
    # (A、B牵头); "为" + a role's note label is one too (A为牵头单位).
    role_words: tuple[tuple[str, str], ...] = ()
    # (label, role notation or None), longest first: a label opens the names after it
    # (牵头单位：A；配合单位：B); None for a label that gives no role (责任单位：A、B).
    note_labels: tuple[tuple[str, str | None], ...] = ()
    # verbs that make the agencies before them lead (A会同B、C负责), longest first
    lead_verbs: tuple[str, ...] = ()
    # verbs that make the agencies before them lead and direct those after (A督促B落实)
    direct_verbs: tuple[str, ...] = ()
    # (opening, closing) words around the agencies that lead: ("在", "指导下")
    lead_frames: tuple[tuple[str, str], ...] = ()
    agent_markers: tuple[str, ...] = ()  # 由: opens the agents of a clause
    role_manners: tuple[str, ...] = ()  # 共同, 按属地原则: give no role, longest first
    # (word, "section" | "table" | "following"): where a stated lead rule holds when it
    # names its scope (本部分, 本表 before the rule; 下同 after it, in its note)
    rule_scopes: tuple[tuple[str, str], ...] = ()
    note_scope: ScopeWords = field(default_factory=ScopeWords)
    # how an agency's name may start: its own jurisdiction's level (市, 自治州), a national
    # body's (国家, 国务院), longest first
    level_prefixes: tuple[str, ...] = ()
    # before a level word, the plan's jurisdiction as a whole (pk:wholePlaceWord: 全市, 我县)
    whole_place_words: tuple[str, ...] = ()
    # before a level word, each of its subdivisions (pk:eachPlaceWord: 各县)
    each_place_words: tuple[str, ...] = ()
    national_prefixes: tuple[str, ...] = ()
    agency_endings: tuple[str, ...] = ()  # 局, 委, 管委会 …: how an agency's name ends
    # how a plan states that the first listed leads (列第一位的为牵头单位), longest first
    lead_rule_words: tuple[str, ...] = ()
    # (word, qualifier notation), longest first: 以上, 不超过, 左右, 力争 …
    qualifier_words: tuple[tuple[str, str], ...] = ()
    # (verb, "fall" | "rise" | "reach"), longest first: what the verb right before a figure
    # makes of it (下降15%: a fall; 达到24%, 降至300: a level), from the qualifier scheme's
    # pk:fallWord, pk:riseWord and pk:reachWord.
    change_words: tuple[tuple[str, str], ...] = ()
    # pk:modalWord: what may stand before the verb and says nothing of the figure (要, 将)
    modal_words: tuple[str, ...] = ()
    # (parts, indicator notation): a label is found when all its parts are (prefLabel and
    # altLabel: one part; hiddenLabel "A+B": several), most characters first.
    indicator_labels: tuple[tuple[tuple[str, ...], str], ...] = ()
    indicator_units: tuple[tuple[str, str], ...] = ()  # (indicator, its default unit code)
    # the indicators a headline sentence states (pk:statedInHeadline)
    headline_indicators: frozenset[str] = frozenset()
    # (word, indicator notation), longest first: a word naming what a headline statement's
    # figures measure, which makes them this indicator's (pk:subjectWord: 减排量, 排放总量 of
    # a pollutant list's connective; 能耗 after a per-unit word), and with "" a quantity
    # stated the same way that is no indicator here (pk:otherSubjectWord: 二氧化碳排放).
    subject_words: tuple[tuple[str, str], ...] = ()
    # what an intensity is measured per, written before its subject (单位GDP), longest first
    per_unit_words: tuple[str, ...] = ()
    # (word, indicator notation or ""), longest first: an intensity named on its own, with
    # no per-unit word (能耗强度; 碳排放强度, no indicator here)
    intensity_words: tuple[tuple[str, str], ...] = ()
    # words of a pollutant list's connective that make its figures some other quantity
    # than the pollutants' emissions (浓度, 去除), longest first
    other_quantity_words: tuple[str, ...] = ()
    # words that end the name of a ratio stated in percent (率, 比例, 覆盖率), longest first
    ratio_words: tuple[str, ...] = ()
    # (word, indicator notation or ""), longest first: a word naming an indicator's target
    # where a clause states it without a figure (pk:targetWord: 减排任务), and with "" the
    # plan's overall target, which names none (pk:generalTargetWord: 节能减排目标).
    target_words: tuple[tuple[str, str], ...] = ()
    # (word, indicator notation), longest first: a word naming a per-pollutant indicator's
    # target after its pollutants (pk:pollutantTargetWord: 排放总量)
    pollutant_target_words: tuple[tuple[str, str], ...] = ()
    # words naming the pollutants as a group (pk:pollutantGroupWord: 污染物), longest first
    pollutant_group_words: tuple[str, ...] = ()
    # what a table row's label cell holds for a row of the whole table (pk:totalRowWord: 合计)
    total_row_words: tuple[str, ...] = ()
    # what a deadline is made of (on the deadline column role: pk:timeWord 年内, 底, 前, 长期;
    # pk:progressWord 推进, 完成): 年内持续推进, 2025年底前完成
    time_words: tuple[str, ...] = ()
    progress_words: tuple[str, ...] = ()
    # (word, indicator notation), longest first: the bodies an indicator is of, named once
    # before the subjects of several (公共机构)
    holder_words: tuple[tuple[str, str], ...] = ()
    # the parts of a jurisdiction a ratio's target may hold for (中心城区), longest first
    place_words: tuple[str, ...] = ()
    # words ending a sector's name (焦化行业): a headline figure given it is a breakdown
    sector_words: tuple[str, ...] = ()
    # (name, pollutant notation), longest first: the names (skos:altLabel) of the pollutants
    # an indicator is stated per (pk:perPollutant), and with "" the other pollutants a plan
    # may list beside them (pk:otherPollutant).
    pollutant_names: tuple[tuple[str, str], ...] = ()
    # (word, measure-kind notation), longest first: a section title's kind (保障措施).
    measure_kind_words: tuple[tuple[str, str], ...] = ()
    # phrases that refer to agencies in general and name none (各有关部门), also after a
    # word that only says whose they are (市级各有关部门)
    generic_agencies: frozenset[str] = frozenset()
    # (word, unit code, how many of the unit it is): every zh label of a unit (1) and its
    # pk:thousandthLabel (0.001), longest first; ingest/numbers.py adds 万 and 亿.
    unit_words: tuple[tuple[str, str, Decimal], ...] = ()
    # (word, column-role notation), longest first: what a table column holds, by the
    # words of its header (指标属性, 完成时限); agency columns take a role's note label.
    column_words: tuple[tuple[str, str], ...] = ()
    # (word, column-role notation), longest first: what the cells of such a column hold
    # (pk:cellWord: 约束性, 预期性 in the kind column)
    cell_words: tuple[tuple[str, str], ...] = ()
    pollutant_topics: frozenset[str] = frozenset()  # the topics that are pollutants (NOx …)

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word of every vocabulary the readers look for (the Chinese strings of
        all the fields above; notations are codes, not words): the lexicon the OCR
        correction holds misread words against (ingest/documents/correction.py)."""

        def strings(value: object) -> Iterator[str]:
            if isinstance(value, str):
                yield value
            elif isinstance(value, tuple | frozenset):
                for item in value:
                    yield from strings(item)
            elif is_dataclass(value) and not isinstance(value, type):  # the note scope words
                for f in fields(value):
                    yield from strings(getattr(value, f.name))

        found = (s for f in fields(self) for s in strings(getattr(self, f.name)))
        return frozenset(s for s in found if _CHINESE.search(s))

    @cached_property
    def label_alternation(self) -> str:
        """The note labels as a regular-expression alternation, longest first."""
        return alternation(label for label, _ in self.note_labels)

    @cached_property
    def _agency_types(self) -> dict[str, str]:
        return {}  # name -> notation: the same few dozen names recur in every note

    @cached_property
    def _topic_pattern(self) -> tuple[re.Pattern[str], dict[str, str]]:
        # Longest keywords first, so at each position the longest one matches.
        return re.compile(alternation(k for k, _ in self.topic_keywords)), dict(self.topic_keywords)

    @cached_property
    def _work_pattern(self) -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]] | None:
        if not self.topic_work_keywords:
            return None
        words = alternation(k for k, _ in self.topic_work_keywords)
        return re.compile(words), dict(self.topic_work_keywords)

    def agency_type(self, name: str) -> str:
        """Agency-type notation for an agency name: the longest variant it contains."""
        known = self._agency_types.get(name)
        if known is None:
            known = next((n for label, n in self.agency_type_labels if label in name), "other")
            self._agency_types[name] = known
        return known

    def topic_mentions(self, text: str) -> list[tuple[int, str]]:
        """Every mention of a topic in `text`: (offset, notation), in text order. Naming
        keywords and work keywords are read apart (each leftmost-longest in its own kind),
        so 污水处理 names environmental infrastructure and is COD and NH3-N work too."""
        found: list[tuple[int, str]] = []
        pattern, notation_of = self._topic_pattern
        if notation_of:
            found += [(m.start(), notation_of[m.group()]) for m in pattern.finditer(text)]
        work = self._work_pattern
        if work is not None:
            for m in work[0].finditer(text):
                found += [(m.start(), n) for n in work[1][m.group()]]
        found.sort(key=lambda p: p[0])  # stable: at one offset, the naming keyword first
        return found

    def topics_in(self, text: str) -> list[str]:
        """Topic notations mentioned in `text`, in order of first mention."""
        return list(dict.fromkeys(n for _, n in self.topic_mentions(text)))

    def unit_topics(
        self, title: str, text: str, within: str | None = None
    ) -> tuple[str | None, list[str]]:
        """A unit of work's primary topic and its other topics (the rule in this module's
        docstring): `title` is its title without its note, `text` its whole text (title
        included) without its responsibility notes, `within` the topic its measure's
        title names (for a sub-item)."""
        mentions = [n for _, n in self.topic_mentions(text)]
        primary = self.primary_topic(title)
        if (
            within in self.pollutant_topics
            and (
                within in mentions
                or (primary is None and not any(m in self.pollutant_topics for m in mentions))
            )
            and primary not in self.pollutant_topics
        ):
            primary = within
        elif primary is None and mentions:
            counts = Counter(mentions)
            top = max(counts.values())
            primary = next(n for n in mentions if counts[n] == top)
        return primary, [t for t in dict.fromkeys(mentions) if t != primary]

    def measure_kind(self, title: str) -> str:
        """The kind of a section or measure title: that of the kind word it names first
        (the longest at that place); "other" when it names none."""
        found = [(title.find(w), -len(w), n) for w, n in self.measure_kind_words if w in title]
        return min(found)[2] if found else "other"

    def primary_topic(self, title: str) -> str | None:
        """The topic of a measure title: its longest keyword wins."""
        for keyword, notation in self.topic_keywords:
            if keyword in title:
                return notation
        return None


def alternation(words: Iterable[str]) -> str:
    """Words of the vocabularies as one regular-expression alternation: each escaped,
    once, the longest first (so at any place the longest word matches: 不超过 before 超过),
    words as long kept in their order; a pattern that matches nothing when there are none."""
    ordered = sorted(dict.fromkeys(words), key=len, reverse=True)
    return "|".join(re.escape(w) for w in ordered) or "(?!)"


def _zh(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    return [
        str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and (o.language or "").startswith("zh")
    ]


def parse_vocabularies(base: str, directory: Path = VOCAB_DIR) -> Graph:
    graph = Graph()
    for path in sorted(directory.glob("*.ttl")):
        graph.parse(path, format="turtle", publicID=base)
    return graph


@lru_cache(maxsize=4)
def vocabularies(base: str = "https://w3id.org/plankg/") -> Vocabularies:
    graph = parse_vocabularies(base)
    agency: list[tuple[str, str]] = []
    topics: list[tuple[str, str]] = []
    role_words: list[tuple[str, str]] = []
    note_labels: list[tuple[str, str | None]] = []
    qualifiers: list[tuple[str, str]] = []
    lead_verbs: list[str] = []
    direct_verbs: list[str] = []
    frames: list[str] = []
    agent_markers: list[str] = []
    manners: list[str] = []
    note_scope = ScopeWords()
    name_prefixes: dict[URIRef, list[str]] = {}  # the agency-type scheme's name starts
    changes: list[tuple[str, str]] = []
    modals: list[str] = []
    scopes: list[tuple[str, str]] = []
    endings: list[str] = []
    generic_scopes: list[str] = []
    rule_words: list[str] = []
    indicators: list[tuple[tuple[str, ...], str]] = []
    units: list[tuple[str, str]] = []
    headline: list[str] = []
    subjects: list[tuple[str, str]] = []
    per_unit: list[str] = []
    intensities: list[tuple[str, str]] = []
    other_quantities: list[str] = []
    ratios: list[str] = []
    holders: list[tuple[str, str]] = []
    targets: list[tuple[str, str]] = []
    pollutant_targets: list[tuple[str, str]] = []
    pollutant_groups: list[str] = []
    total_rows: list[str] = []
    places: list[str] = []
    sectors: list[str] = []
    pollutants: list[tuple[str, str]] = []
    pollutant_topics: list[str] = []
    kinds: list[tuple[str, str]] = []
    generic: list[str] = []
    columns: list[tuple[str, str]] = []
    cells: list[tuple[str, str]] = []
    times: list[str] = []
    progress: list[str] = []
    unit_words: list[tuple[str, str, Decimal]] = []
    work: dict[str, list[str]] = {}  # work keyword -> notations, in file order
    for concept, scheme in graph.subject_objects(SKOS.inScheme):
        if not isinstance(concept, URIRef):
            continue
        scheme_name = str(scheme).rstrip("/").rsplit("/", 1)[-1]
        notation = str(graph.value(concept, SKOS.notation))
        labels = _zh(graph, concept, SKOS.prefLabel)
        if scheme_name == "agency-type":
            agency += [(label, notation) for label in labels + _zh(graph, concept, SKOS.altLabel)]
        elif scheme_name == "topic":
            # its other names (altLabel) and further keywords (hiddenLabel) both name it
            names = _zh(graph, concept, SKOS.altLabel) + _zh(graph, concept, SKOS.hiddenLabel)
            topics += [(label, notation) for label in names + labels]
            if (concept, RDF.type, PK.Pollutant) in graph:
                pollutant_topics.append(notation)
            if (None, PK.perPollutant, concept) in graph:
                pollutants += [(name, notation) for name in _zh(graph, concept, SKOS.altLabel)]
            for word in _zh(graph, concept, PK.workKeyword):
                work.setdefault(word, []).append(notation)
        elif scheme_name == "indicator":
            words = labels + _zh(graph, concept, SKOS.altLabel)
            indicators += [((w,), notation) for w in words]
            indicators += [
                (tuple(h.split("+")), notation) for h in _zh(graph, concept, SKOS.hiddenLabel)
            ]
            if graph.value(concept, PK.statedInHeadline) is not None:
                headline.append(notation)
            subjects += [(word, notation) for word in _zh(graph, concept, PK.subjectWord)]
            intensities += [(w, notation) for w in _zh(graph, concept, PK.intensityWord)]
            ratios += _zh(graph, concept, PK.ratioWord)
            holders += [(word, notation) for word in _zh(graph, concept, PK.holderWord)]
            targets += [(word, notation) for word in _zh(graph, concept, PK.targetWord)]
            pollutant_targets += [
                (w, notation) for w in _zh(graph, concept, PK.pollutantTargetWord)
            ]
            unit = graph.value(concept, PK.defaultUnit)
            if unit is not None:
                units.append((notation, str(graph.value(unit, SKOS.notation))))
        elif scheme_name == "unit":
            written = labels + _zh(graph, concept, SKOS.altLabel)
            written += _zh(graph, concept, SKOS.hiddenLabel)
            unit_words += [(word, notation, Decimal(1)) for word in written]
            thousandths = _zh(graph, concept, PK.thousandthLabel)
            unit_words += [(word, notation, Decimal("0.001")) for word in thousandths]
        elif scheme_name == "measure-kind":
            kinds += [(word, notation) for word in _zh(graph, concept, SKOS.hiddenLabel)]
        elif scheme_name == "column-role":
            words = labels + _zh(graph, concept, SKOS.hiddenLabel)
            columns += [(word, notation) for word in words]
            cells += [(word, notation) for word in _zh(graph, concept, PK.cellWord)]
            times += _zh(graph, concept, PK.timeWord)
            progress += _zh(graph, concept, PK.progressWord)
        elif scheme_name == "qualifier":
            qualifiers += [(word, notation) for word in _zh(graph, concept, SKOS.hiddenLabel)]
        elif scheme_name == "role":
            role_words += [(word, notation) for word in _zh(graph, concept, SKOS.hiddenLabel)]
            note_labels += [(label, notation) for label in _zh(graph, concept, PK.noteLabel)]
            lead_verbs += _zh(graph, concept, PK.leadVerb)
            direct_verbs += _zh(graph, concept, PK.directVerb)
            frames += _zh(graph, concept, PK.leadFrame)
        elif scheme_name == "lead-basis":
            if notation == "document-convention":
                rule_words += _zh(graph, concept, SKOS.hiddenLabel)
            scopes += [(w, "section") for w in _zh(graph, concept, PK.sectionScope)]
            scopes += [(w, "table") for w in _zh(graph, concept, PK.tableScope)]
            scopes += [(w, "following") for w in _zh(graph, concept, PK.followingScope)]
    for scheme in set(graph.objects(None, SKOS.inScheme)):
        if not isinstance(scheme, URIRef):
            continue
        if str(scheme).rstrip("/").endswith("scheme/role"):
            note_labels += [(label, None) for label in _zh(graph, scheme, PK.noteLabel)]
            agent_markers += _zh(graph, scheme, PK.agentMarker)
            manners += _zh(graph, scheme, PK.roleManner)
            note_scope = ScopeWords(
                **{
                    kind: _longest_first(_zh(graph, scheme, prop))
                    for kind, prop in _NOTE_SCOPE.items()
                }
            )
        elif str(scheme).rstrip("/").endswith("scheme/qualifier"):
            for kind, prop in (
                ("fall", PK.fallWord),
                ("rise", PK.riseWord),
                ("reach", PK.reachWord),
            ):
                changes += [(word, kind) for word in _zh(graph, scheme, prop)]
            modals += _zh(graph, scheme, PK.modalWord)
        elif str(scheme).rstrip("/").endswith("scheme/agency-type"):
            generic += _zh(graph, scheme, PK.genericAgency)
            generic_scopes += _zh(graph, scheme, PK.genericScope)
            endings += _zh(graph, scheme, PK.nameEnding)
            for prop in (PK.levelPrefix, PK.nationalPrefix, PK.wholePlaceWord, PK.eachPlaceWord):
                name_prefixes[prop] = _zh(graph, scheme, prop)
        elif str(scheme).rstrip("/").endswith("scheme/topic"):
            pollutants += [(name, "") for name in _zh(graph, scheme, PK.otherPollutant)]
            pollutant_groups += _zh(graph, scheme, PK.pollutantGroupWord)
        elif str(scheme).rstrip("/").endswith("scheme/indicator"):
            per_unit += _zh(graph, scheme, PK.perUnitWord)
            subjects += [(word, "") for word in _zh(graph, scheme, PK.otherSubjectWord)]
            intensities += [(word, "") for word in _zh(graph, scheme, PK.intensityWord)]
            other_quantities += _zh(graph, scheme, PK.otherQuantityWord)
            places += _zh(graph, scheme, PK.placeWord)
            sectors += _zh(graph, scheme, PK.sectorWord)
            targets += [(word, "") for word in _zh(graph, scheme, PK.generalTargetWord)]
        elif str(scheme).rstrip("/").endswith("scheme/column-role"):
            total_rows += _zh(graph, scheme, PK.totalRowWord)
    # "A为牵头单位", "B为配合单位", "各县政府为责任主体"; a role-less label makes A responsible.
    role_words += [("为" + label, role or "responsible") for label, role in note_labels]
    # Longest first, so 生态环境分局 beats 环境 and 挥发性有机物 beats 有机物.
    agency.sort(key=lambda p: (-len(p[0]), p[0]))
    topics.sort(key=lambda p: (-len(p[0]), p[0]))
    role_words.sort(key=lambda p: (-len(p[0]), p[0]))
    note_labels.sort(key=lambda p: (-len(p[0]), p[0]))
    qualifiers.sort(key=lambda p: (-len(p[0]), p[0]))
    indicators.sort(key=lambda p: (-sum(map(len, p[0])), p))
    pollutants.sort(key=lambda p: (-len(p[0]), p[0]))
    kinds.sort(key=lambda p: (-len(p[0]), p[0]))
    unit_words.sort(key=lambda p: (-len(p[0]), p[0]))
    columns.sort(key=lambda p: (-len(p[0]), p[0]))
    return Vocabularies(
        agency_type_labels=tuple(dict.fromkeys(agency)),
        topic_keywords=tuple(dict.fromkeys(topics)),
        role_words=tuple(dict.fromkeys(role_words)),
        note_labels=tuple(dict.fromkeys(note_labels)),
        qualifier_words=tuple(dict.fromkeys(qualifiers)),
        change_words=tuple(sorted(set(changes), key=lambda p: (-len(p[0]), p))),
        modal_words=_longest_first(modals),
        lead_verbs=_longest_first(lead_verbs),
        direct_verbs=_longest_first(direct_verbs),
        lead_frames=tuple(
            (head, tail)
            for head, _, tail in sorted((f.partition("…") for f in set(frames)), key=str)
        ),
        agent_markers=_longest_first(agent_markers),
        role_manners=_longest_first(manners),
        rule_scopes=tuple(sorted(set(scopes), key=lambda p: (-len(p[0]), p))),
        note_scope=note_scope,
        level_prefixes=_longest_first(name_prefixes.get(PK.levelPrefix, [])),
        whole_place_words=tuple(name_prefixes.get(PK.wholePlaceWord, [])),
        each_place_words=tuple(name_prefixes.get(PK.eachPlaceWord, [])),
        national_prefixes=_longest_first(name_prefixes.get(PK.nationalPrefix, [])),
        agency_endings=_longest_first(endings),
        lead_rule_words=_longest_first(rule_words),
        indicator_labels=tuple(dict.fromkeys(indicators)),
        indicator_units=tuple(sorted(units)),
        headline_indicators=frozenset(headline),
        subject_words=tuple(sorted(set(subjects), key=lambda p: (-len(p[0]), p))),
        per_unit_words=_longest_first(per_unit),
        intensity_words=tuple(sorted(set(intensities), key=lambda p: (-len(p[0]), p))),
        other_quantity_words=_longest_first(other_quantities),
        ratio_words=_longest_first(ratios),
        holder_words=tuple(sorted(set(holders), key=lambda p: (-len(p[0]), p))),
        target_words=tuple(sorted(set(targets), key=lambda p: (-len(p[0]), p))),
        pollutant_target_words=tuple(sorted(set(pollutant_targets), key=lambda p: (-len(p[0]), p))),
        pollutant_group_words=_longest_first(pollutant_groups),
        total_row_words=_longest_first(total_rows),
        time_words=_longest_first(times),
        progress_words=_longest_first(progress),
        place_words=_longest_first(places),
        sector_words=_longest_first(sectors),
        pollutant_names=tuple(dict.fromkeys(pollutants)),
        measure_kind_words=tuple(dict.fromkeys(kinds)),
        generic_agencies=frozenset(generic + [s + g for s in generic_scopes for g in generic]),
        unit_words=tuple(dict.fromkeys(unit_words)),
        column_words=tuple(dict.fromkeys(columns)),
        cell_words=tuple(sorted(set(cells), key=lambda p: (-len(p[0]), p))),
        pollutant_topics=frozenset(pollutant_topics),
        topic_work_keywords=tuple(
            (word, tuple(sorted(set(work[word]))))
            for word in sorted(work, key=lambda w: (-len(w), w))
        ),
    )


# The role scheme's properties of where a note holds and what it carries forward, by the
# field of `ScopeWords` that holds their words.
_NOTE_SCOPE = {
    "above": PK.aboveWord,
    "below": PK.belowWord,
    "own": PK.selfWord,
    "own_area": PK.ownAreaWord,
    "part": PK.partWord,
    "every": PK.allWord,
    "work": PK.workWord,
    "each": PK.eachWord,
    "carry": PK.carryWord,
    "repeat": PK.repeatWord,
    "request": PK.requestWord,
    "aside": PK.asideWord,
    "others": PK.othersWord,
    "copula": PK.copulaWord,
    "respectively": PK.respectivelyWord,
    "not_agent": PK.notAgentWord,
}


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))
