"""Robustness: each annotated plan, rewritten the ways real plans differ (tests/support/transforms.py),
still gives its gold facts, and every span still quotes the text as given.

Phenomena (shared/VARIETY.md): script (traditional, Taiwan vocabulary), encoding and line
ends, web furniture and repost leads, invisible garbage, broken lines and PDF artefacts
(hard wraps, page numbers, running headers, spaces before digits, Kangxi radicals),
numbering style, inline or own-line titles, notice variants, closing signatures.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import transforms as tf
from tests.support.cli import Run, query_json
from tests.support.gold_facts import GOLD_FILES, check, gold, plan_name, source

# ------------------------------------------------------------------ one phenomenon each

SINGLE: dict[str, tuple[tf.Transform, str | None]] = {
    "traditional": (tf.to_traditional, "s2t"),
    "taiwan": (tf.to_taiwan, "s2twp"),
    "hongkong": (lambda t: tf.to_traditional(t, "s2hk"), "s2hk"),
    "web-furniture": (tf.web_furniture, None),
    "web-nbsp": (lambda t: tf.web_furniture(t, indent="&nbsp;" * 4), None),
    "web-a0": (lambda t: tf.web_furniture(t, indent="\xa0\xa0"), None),
    "repost-lead": (tf.repost_lead, None),
    "garbage": (lambda t: tf.garbage_between_chars(t, every=5), None),
    "pdf-wrap": (tf.pdf_breaks, None),
    "pdf-narrow": (lambda t: tf.pdf_breaks(t, width=40, page_lines=25, page_style="- {} -"), None),
    "pdf-page-words": (lambda t: tf.pdf_breaks(t, width=70, page_style="第{}页"), None),
    "pdf-own-line-titles": (
        tf.compose(tf.titles_on_own_line, lambda t: tf.pdf_breaks(t, width=44, header=False)),
        None,
    ),
    "kangxi": (tf.kangxi, None),
    "pdf-all": (lambda t: tf.pdf_breaks(t, width=50, spaces=True, compat=True), None),
    "space-digits": (tf.space_digits, None),
    "numbering-1．": (lambda t: tf.renumber_measures(t, "1．"), None),
    "numbering-1、": (lambda t: tf.renumber_measures(t, "1、"), None),
    "numbering-(1)": (lambda t: tf.renumber_measures(t, "（1）"), None),
    "numbering-half-width": (lambda t: tf.renumber_measures(t, "(一)"), None),
    "numbering-tortoise": (lambda t: tf.renumber_measures(t, "〔一〕"), None),
    "titles-own-line": (tf.titles_on_own_line, None),
    "titles-own-line-stop": (lambda t: tf.titles_on_own_line(t, full_stop=True), None),
    "titles-inline": (lambda t: tf.inline_titles(tf.titles_on_own_line(t)), None),
    "notice": (tf.add_notice, None),
    "notice-variants": (
        lambda t: tf.add_notice(t, number_below_issuer=True, split_title=True, spaced_number=True),
        None,
    ),
    **{f"notice-{v}": (functools.partial(tf.notice_variants, variant=v), None) for v in range(8)},
    "closing-signature": (tf.closing_signature, None),
}


@pytest.mark.parametrize("phenomenon", sorted(SINGLE))
@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_one_phenomenon(path: Path, phenomenon: str) -> None:
    name = plan_name(path)
    transform, script = SINGLE[phenomenon]
    check(name, transform(source(name)), script)


@pytest.mark.parametrize(
    ("encoding", "crlf"),
    [("utf-8", True), ("utf-8-sig", False), ("utf-8-sig", True), ("gb18030", False),
     ("gb18030", True)],
)  # fmt: skip
@pytest.mark.parametrize("path", GOLD_FILES[:2], ids=lambda p: p.stem)
def test_encodings_and_line_ends(path: Path, encoding: str, crlf: bool) -> None:
    name = plan_name(path)
    plan = check(name, tf.encode(source(name), encoding, crlf))
    assert plan.encoding == encoding


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_a_few_damaged_bytes(path: Path, encoding: str) -> None:
    name = plan_name(path)
    plan = check(name, tf.encode(source(name), encoding, damage=3))
    assert plan.encoding == encoding
    assert plan.original_text.count("\ufffd") == 3


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_notice_gives_number_and_date(path: Path) -> None:
    name = plan_name(path)
    text = source(name)
    variant = tf.add_notice(text, number_below_issuer=True, spaced_number=True)
    plan = check(name, variant)
    if tf.has_notice(text):
        assert plan.document_number == gold(name)["documentNumber"]
    else:
        assert plan.document_number == tf.notice_number(text)
        assert plan.issued == "2022-03-18"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_web_page_keeps_metadata(path: Path) -> None:
    name = plan_name(path)
    plan = check(name, tf.web_furniture(tf.repost_lead(source(name))))
    g = gold(name)
    assert plan.title == g["title"]
    assert plan.status == g["status"]
    assert plan.issued == g["issued"]
    assert plan.document_number == g["documentNumber"]


# ------------------------------------------------------------------ combinations

SCRIPTS = [None, None, "s2t", "s2twp"]


@st.composite
def variants(draw: st.DrawFn) -> tuple[list[str], tf.Transform, str | None, str, bool]:
    """A combination of transforms, in the order a document would meet them."""
    steps: list[tuple[str, tf.Transform]] = []
    numbering = draw(st.sampled_from(["（一）", "(一)", "1．", "1、", "（1）"]))
    if numbering != "（一）":
        steps.append((f"numbering {numbering}", lambda t: tf.renumber_measures(t, numbering)))
    titles = draw(st.sampled_from(["inline", "own", "own。"]))
    if titles != "inline":
        steps.append(
            (f"titles {titles}", lambda t: tf.titles_on_own_line(t, full_stop=titles == "own。"))
        )
    if draw(st.booleans()):
        below, split = draw(st.booleans()), draw(st.booleans())
        steps.append(
            ("notice", lambda t: tf.add_notice(t, number_below_issuer=below, split_title=split))
        )
    if draw(st.booleans()):
        steps.append(("closing", tf.closing_signature))
    width = draw(st.sampled_from([0, 0, 44, 60, 80]))
    if width:
        style = draw(st.sampled_from(["— {} —", "- {} -", "第{}页"]))
        header = draw(st.booleans())
        steps.append(
            (f"pdf {width} {style} header={header}",
             lambda t: tf.pdf_breaks(t, width=width, page_style=style, header=header))
        )  # fmt: skip
    if draw(st.booleans()):
        steps.append(("kangxi", tf.kangxi))
    if draw(st.booleans()):
        steps.append(("spaces", tf.space_digits))
    every = draw(st.sampled_from([0, 0, 11, 31]))
    if every:
        steps.append((f"garbage {every}", lambda t: tf.garbage_between_chars(t, every)))
    if draw(st.booleans()):
        steps.append(("lead", tf.repost_lead))
    if draw(st.booleans()):
        indent = draw(st.sampled_from(["\u3000\u3000", "&nbsp;" * 4, "\xa0\xa0"]))
        steps.append(("web", lambda t: tf.web_furniture(t, indent=indent)))
    script = draw(st.sampled_from(SCRIPTS))
    if script:
        steps.append((script, lambda t: tf.to_traditional(t, script)))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-8 damaged"]))
    crlf = draw(st.booleans())
    return [n for n, _ in steps], tf.compose(*(s for _, s in steps)), script, encoding, crlf


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(variant=variants())
def test_combinations(
    path: Path, variant: tuple[list[str], tf.Transform, str | None, str, bool]
) -> None:
    names, transform, script, encoding, crlf = variant
    name = plan_name(path)
    enc, _, damaged = encoding.partition(" ")
    raw = tf.encode(transform(source(name)), enc, crlf, damage=2 if damaged else 0)
    try:
        check(name, raw, script)
    except (AssertionError, Exception) as exc:
        raise AssertionError(f"{names} {encoding} crlf={crlf}: {exc}") from exc


# ------------------------------------------------------------------ end to end


def test_cli_ingests_web_and_pdf_copies_and_refuses_a_cut_one(plankg: Run, tmp_path: Path) -> None:
    """Through `plankg ingest` and the store: a web-page copy (furniture, lead, traditional
    script, GB18030) and a PDF copy (wrapped, page numbers, headers, 1． numbering) of two
    plans go in with their measures; the same web copy cut mid-sentence is refused."""
    folder = tmp_path / "plans"
    folder.mkdir()
    web = tf.compose(tf.repost_lead, tf.web_furniture, tf.to_traditional)
    dingzhou, tianshui = "dingzhou-130682.txt", "tianshui-620500.txt"
    (folder / dingzhou).write_bytes(tf.encode(web(source(dingzhou)), "gb18030", crlf=True))
    pdf = tf.compose(
        lambda t: tf.renumber_measures(t, "1．"),
        lambda t: tf.pdf_breaks(t, width=50, spaces=True, compat=True),
    )
    (folder / tianshui).write_bytes(tf.encode(pdf(source(tianshui)), "utf-8-sig"))
    text = source(dingzhou)
    cut = text[: text.index("（四）交通物流节能减排工程") + 40]
    (folder / "cut.txt").write_bytes(tf.encode(tf.web_furniture(cut)))
    store = tmp_path / "store"
    proc = plankg("ingest", str(folder), "--store", str(store))
    assert proc.returncode == 1
    refused = [ln for ln in proc.stderr.splitlines() if "cut.txt" in ln]
    assert len(refused) == 1 and "truncated plan" in refused[0], proc.stderr
    assert "2 of 3 plans ingested" in proc.stdout, proc.stdout
    rows = query_json(plankg, store, "tests/queries/gold-responsibilities.rq")
    for name in (dingzhou, tianshui):
        got = {
            (int(r["section"]), int(r["number"])) for r in rows if r["sourceFile"].endswith(name)
        }
        want = {(m["section"], m["number"]) for m in gold(name)["measures"]}
        assert got == want, name
