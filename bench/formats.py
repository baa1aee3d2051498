"""Formats benchmark: plans/s for each published format beside .txt, and the
share of facts OCR recovers from the scanned PDFs.

The fixtures are made from the bundled plans by tests/support/document_fixtures.py (the .docx
with real numbering and tables, .doc and .pdf by LibreOffice, scanned .pdf by pdftoppm +
Pillow, the CMS web page) into --cache (kept between runs). Each format's five plans
are read, parsed, mapped and SHACL-validated (`ingest.pipeline.prepare`, what every
`plankg ingest` worker does), in rounds that interleave the formats; medians of the
rounds. OCR runs once per plan (it dominates everything else by far).

    python bench/formats.py [--repeat 3] [--ocr-plans all|N] [--cache DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project root, not bench/ (bench/http.py shadows http)

from ingest.parser import parse_bytes  # noqa: E402
from ingest.pipeline import prepare, read_plan  # noqa: E402
from tests.support.document_fixtures import PLANS, build_all, facts, recovered  # noqa: E402

BASE = "https://w3id.org/plankg/"
FORMATS = ("txt", "docx", "html", "doc", "pdf")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ocr-plans", default="all", help="how many plans to OCR: all or N")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "plankg-formats")
    args = ap.parse_args()
    names = sorted(p.stem for p in PLANS.glob("*.txt"))
    n_ocr = len(names) if args.ocr_plans == "all" else int(args.ocr_plans)
    has_office = shutil.which("soffice") is not None
    has_ocr = shutil.which("tesseract") is not None and shutil.which("pdftoppm") is not None
    clock = time.perf_counter()
    built = build_all(names, args.cache, has_office, names[:n_ocr] if has_ocr else [])
    fixtures = [built[name] for name in names]
    print(f"fixtures in {args.cache} ({time.perf_counter() - clock:.1f} s to build or find)")
    formats = [f for f in FORMATS if f in ("txt", "docx", "html") or has_office]
    times: dict[str, list[float]] = {f: [] for f in formats}
    for _ in range(args.repeat):
        for fmt in formats:
            start = time.perf_counter()
            for fx in fixtures:
                path = getattr(fx, fmt)
                outcome = prepare(path, BASE).outcome
                if not outcome.ok:
                    print(f"FAILED {outcome.error}")
            times[fmt].append(time.perf_counter() - start)
    txt = statistics.median(times["txt"])
    print(f"{'format':8} {'plans':>5} {'plans/s':>9} {'ms/plan':>9} {'x .txt time':>12}")
    for fmt in formats:
        t = statistics.median(times[fmt])
        n = len(fixtures)
        print(f"{fmt:8} {n:5d} {n / t:9.2f} {1000 * t / n:9.1f} {t / txt:12.1f}")
    scanned = [fx for fx in fixtures if fx.scanned is not None]
    if not scanned:
        print("OCR: not measured (tesseract / pdftoppm / soffice missing)")
        return 0
    shares = []
    start = time.perf_counter()
    for fx in scanned:
        assert fx.scanned is not None
        want = facts(parse_bytes(fx.txt.read_bytes(), fx.txt.name))
        t0 = time.perf_counter()
        try:
            got = facts(read_plan(fx.scanned.read_bytes(), fx.scanned.name, BASE))
            share = recovered(got, want)
            note = ""
        except Exception as exc:  # a plan OCR garbled beyond parsing recovers nothing
            share, note = 0.0, f"  ({exc})"
        shares.append(share)
        print(
            f"ocr      {fx.name:24} {share:6.1%} of facts  {time.perf_counter() - t0:6.1f} s{note}"
        )
    total = time.perf_counter() - start
    per_plan = total / len(scanned)
    ratio = per_plan / (txt / len(fixtures))
    print(f"scanned  {len(scanned):5d} {1 / per_plan:9.3f} {1000 * per_plan:9.0f} {ratio:12.0f}")
    print(f"OCR recovery share: {statistics.mean(shares):.1%} (mean over {len(shares)} plans)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
