"""Web application benchmark: server time and full render in Chromium of every page.

For each size (the first N plans, in generation order, of a bench/corpus.py corpus) the
script ingests into an on-disk store (kept under --stores for a rerun), serves it with
`plankg serve` as shipped (from disk, page cache on), and measures for each page

- server cold: the first request after start (the page cache is empty: the queries run);
- server warm p50: the median of repeated requests (answered from the page cache);
- server uncached p50: the median of requests made distinct by a parameter the page
  ignores (`&_=k`), so each one misses the cache and runs its queries (a collection,
  which refuses unknown parameters, is asked a page k items further on instead);
- render cold / warm (Chromium, /usr/bin/chromium), by the browser's own clock: from
  the start of the navigation until the load event or, on pages with charts, until
  Chart.js has drawn them, in a fresh browser context (no HTTP cache), then the median
  of repeated loads in the same context;

plus the search p50 over distinct queries (each asked once: no cache can help), the time
the server took to build its search index (from its log), and, as the baseline measured
in the same run, the flagship named query lead-agencies, whose data /leads shows
the same data as, sent as SPARQL to /sparql (never cached): the ratios in the last
column are a page's uncached p50 / that query's p50.

    python bench/webapp.py [--sizes 500,3000] [--corpus DIR] [--stores DIR] [--repeat 11]

Goal at 3,000 plans: every page under 1 s cold and 100 ms warm; search p50 under 200 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # bench/http.py would shadow the standard library's http package

import http.client  # noqa: E402

from bench.procs import free_port  # noqa: E402
from bench.scale import ACCEPT, BIN, ingest, plans_for, serving, tree_rss  # noqa: E402
from plankg.queries import resolve  # noqa: E402

DEFAULT_CORPUS = Path("/tmp/webapp-bench/c3000")
CHROMIUM = Path(os.environ.get("PLANKG_CHROMIUM", "/usr/bin/chromium"))
SEARCHES = [
    "光伏", "挥发性有机物", "揮發性有機物", "生态环境局", "燃煤锅炉", "新能源汽车", "污水处理",
    "清洁取暖", "公共机构", "绿色建筑", "余热", "超低排放", "天然气", "秸秆", "工业园区",
    "能耗 下降", "减排量", "节能改造", "冷链", "充电桩", "合同能源管理",
]  # fmt: skip
GOAL_COLD_S, GOAL_WARM_S, GOAL_SEARCH_S = 1.0, 0.1, 0.2
INDEX_LINE = re.compile(
    r"search index: (\d+) documents of (\d+) plans \((\d+) read\) in ([\d.]+) s"
)


@dataclass
class Row:
    label: str
    path: str
    # what makes a request distinct without changing its work: a parameter the page
    # ignores, or (a collection, which refuses unknown parameters) a page k items on
    miss: str = "_"
    cold: float = float("nan")
    uncached: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    render_cold: float = float("nan")
    render_warm: list[float] = field(default_factory=list)
    size: int = 0


def get(
    port: int, path: str, timeout: float = 600, accept: str = "text/html", check: bool = True
) -> tuple[float, int, bytes, str]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept": accept})
        r = conn.getresponse()
        body = r.read()
        if check and r.status != 200:
            raise SystemExit(f"GET {path[:120]}: {r.status} {body[:200]!r}")
        return time.perf_counter() - start, r.status, body, r.getheader("Plankg-Cache", "")
    finally:
        conn.close()


def p50(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ms(seconds: float) -> str:
    return "-" if seconds != seconds else f"{seconds * 1000:.0f}"


def pages_for(port: int, codes: list[str]) -> list[Row]:
    """The pages to measure, with cities the store holds and one evidence link. It asks
    with an extra parameter, so the measured URLs are still uncached afterwards."""
    held = [c for c in codes if get(port, f"/city/{c}?_=probe", check=False)[1] == 200][:3]
    if len(held) < 2:
        raise SystemExit(f"fewer than two of {codes} are in the store")
    _, _, body, _ = get(port, "/leads?topic=VOCs&_=probe")
    resp = re.search(rb'href="(/id/plan/[^"]+/resp/\d+)"', body)
    rows = [
        Row("home", "/"),
        Row("home, lead-type map", "/?map=lead-agencies&topic=VOCs"),
        Row(f"province {held[0][:2]}0000", f"/province/{held[0][:2]}0000"),
        Row("agency types", "/agencies"),
        Row("agency type ecology-environment", "/agencies?type=ecology-environment"),
        Row("leads VOCs", "/leads?topic=VOCs"),
        Row("leads VOCs + province", f"/leads?topic=VOCs&province={held[0][:2]}0000"),
        Row(f"city {held[0]}", f"/city/{held[0]}"),
        Row("compare 2", f"/compare?city={held[0]}&city={held[1]}"),
        Row("compare 3", "/compare?" + "&".join(f"city={c}" for c in held[:3])),
        Row("search 光伏", "/search?q=" + quote("光伏")),
        Row("search 揮發性有機物 (trad.)", "/search?q=" + quote("揮發性有機物")),
        Row("leads CSV", "/leads?topic=VOCs&format=csv"),
        Row(f"city {held[0]} XLSX", f"/city/{held[0]}?format=xlsx"),
        Row("cities", "/cities", "offset"),
        Row("plans", "/plans", "offset"),
        Row("measures", "/measures", "offset"),
        Row("measures, page 20", "/measures?offset=1900", "limit"),
        Row("measures VOCs", "/measures?topic=VOCs", "offset"),
        Row("targets", "/targets", "offset"),
        Row("targets energy intensity", "/targets?indicator=energy-intensity-reduction", "offset"),
        Row("measures CSV", "/measures?format=csv", "offset"),
    ]
    if resp:
        rows.append(Row("evidence (/id/ page)", resp.group(1).decode()))
    return rows


def measure_server(port: int, rows: list[Row], repeat: int) -> None:
    """cold: the first request; warm: repeats (from the page cache); uncached: requests
    made distinct by a parameter the pages ignore, so each is a cache miss."""
    for row in rows:
        seconds, status, body, _ = get(port, row.path)
        if status != 200:
            raise SystemExit(f"GET {row.path}: {status} {body[:200]!r}")
        row.cold, row.size = seconds, len(body)
        row.warm = [get(port, row.path)[0] for _ in range(repeat)]
        sep = "&" if "?" in row.path else "?"
        # (k + 1: a page `limit=0` would be refused)
        row.uncached = [get(port, f"{row.path}{sep}{row.miss}={k + 1}")[0] for k in range(repeat)]


def measure_browser(base: str, rows: list[Row], repeat: int) -> None:
    from playwright.sync_api import sync_playwright

    # polled every animation frame; notes the browser's time when every chart is drawn
    charts = (
        "() => { const ok = window.Chart && [...document.querySelectorAll('canvas')]"
        ".every(c => Chart.getChart(c)); if (ok && !window.__drawn) "
        "window.__drawn = performance.now(); return ok; }"
    )
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            # a first navigation starts the renderer and loads the CJK fonts: not measured
            warmup = browser.new_context()
            warmup.new_page().goto(base + "/?_=warmup", wait_until="load")
            warmup.close()
            for row in rows:
                if "format=" in row.path:
                    continue  # a download, not a page

                def load(page: object, path: str = row.path) -> float:
                    page.goto(base + path, wait_until="load")  # type: ignore[attr-defined]
                    if page.locator("canvas").count():  # type: ignore[attr-defined]
                        page.wait_for_function(charts)  # type: ignore[attr-defined]
                    # the browser's own clock: from the start of the navigation until the
                    # load event, or until the charts are drawn when that is later
                    elapsed_ms = page.evaluate(  # type: ignore[attr-defined]
                        "() => Math.max(window.__drawn || 0,"
                        " performance.getEntriesByType('navigation')[0].loadEventEnd)"
                    )
                    return float(elapsed_ms) / 1000

                context = browser.new_context()
                page = context.new_page()
                row.render_cold = load(page)
                row.render_warm = [load(page) for _ in range(max(3, repeat // 2))]
                context.close()
        finally:
            browser.close()


def run_size(size: int, corpus: Path, stores: Path, tmp: Path, args: argparse.Namespace) -> None:
    manifest = [json.loads(line) for line in (corpus / "manifest.jsonl").open(encoding="utf-8")]
    codes = [str(m["code"]) for m in manifest[:10]]
    store = stores / f"store-{size}"
    if not (store / "CURRENT").exists():
        shutil.rmtree(store, ignore_errors=True)
        plans_dir, _ = plans_for(size, corpus, tmp)
        print(f"\n== {size} plans: ingest into {store}", flush=True)
        ing = ingest(plans_dir, store, tmp / f"ingest-{size}", args.jobs)
        print(f"   {ing.stored} stored, {ing.failed} refused; wall {ing.wall:.1f} s", flush=True)
    print(f"\n== {size} plans ({store})", flush=True)
    search_times: list[float] = []
    port = free_port()
    log = tmp / f"serve-{size}.log"
    cmd = [str(BIN / "plankg"), "serve", "--store", str(store), "--port", str(port)]
    with serving("plankg", cmd, port, "/readyz", log, {}, workers=2) as srv:
        gb = tree_rss(srv.proc.pid) / 1e9
        print(f"   ready in {srv.all_ready_s:.1f} s; memory {gb:.2f} GB", flush=True)
        rows = pages_for(port, codes)
        measure_server(port, rows, args.repeat)
        # the baseline: the flagship named query's text on /sparql (never cached)
        sparql = "/sparql?query=" + quote(resolve("lead-agencies").bound({}))
        base = p50([get(port, sparql, accept=ACCEPT)[0] for _ in range(args.repeat)])
        for q in SEARCHES:
            # `_`: none of these was asked before (the measured pages include two of them)
            search_times.append(get(port, "/search?_=s&q=" + quote(q))[0])
        if not args.no_browser and CHROMIUM.exists():
            measure_browser(f"http://127.0.0.1:{port}", rows, args.repeat)
    index_note = ""
    match = INDEX_LINE.findall(log.read_text(errors="replace"))
    if match:
        docs, plans, _, secs = match[0]
        index_note = f"search index: {docs} documents of {plans} plans built in {secs} s"
    print(f"   {index_note}")
    print(f"   baseline: the lead-agencies query on GET /sparql (never cached) p50 {ms(base)} ms")
    head = (
        f"   {'page':32} {'bytes':>9} {'cold':>6} {'uncached':>9} {'warm':>6} "
        f"{'render':>7} {'render':>7} {'x/base':>7}"
    )
    print(head)
    print(f"   {'':32} {'':>9} {'1st':>6} {'p50':>9} {'p50':>6} {'cold':>7} {'warm':>7} {'':>7}")
    for r in rows:
        ratio = p50(r.uncached) / base if base == base and base > 0 else float("nan")
        print(
            f"   {r.label:32} {r.size:>9} {ms(r.cold):>6} {ms(p50(r.uncached)):>9} "
            f"{ms(p50(r.warm)):>6} {ms(r.render_cold):>7} {ms(p50(r.render_warm)):>7} "
            f"{ratio:>7.2f}"
        )
    sp50 = p50(search_times)
    print(
        f"   search over {len(search_times)} distinct queries, each once, no cache: "
        f"p50 {ms(sp50)} ms, max {ms(max(search_times))} ms"
    )
    worst_cold = max(
        max(r.cold, r.render_cold if r.render_cold == r.render_cold else 0) for r in rows
    )
    worst_warm = max(max(p50(r.warm), p50(r.render_warm) if r.render_warm else 0) for r in rows)
    print(
        f"   goals: every page cold < {GOAL_COLD_S * 1000:.0f} ms: worst {ms(worst_cold)} ms "
        f"({'met' if worst_cold < GOAL_COLD_S else 'MISSED'}); warm < {GOAL_WARM_S * 1000:.0f} ms: "
        f"worst {ms(worst_warm)} ms ({'met' if worst_warm < GOAL_WARM_S else 'MISSED'}); "
        f"search p50 < {GOAL_SEARCH_S * 1000:.0f} ms: {ms(sp50)} ms "
        f"({'met' if sp50 < GOAL_SEARCH_S else 'MISSED'})",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,3000")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--stores",
        type=Path,
        default=Path("/tmp/webapp-bench/stores"),
        help="where the stores are built, and reused by a rerun",
    )
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    load1, _, _ = os.getloadavg()
    print(
        f"plankg web benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
        f"load average {load1:.2f}; times in ms"
    )
    args.stores.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = args.corpus
        if not (corpus / "manifest.jsonl").exists():
            print(f"generating a {max(sizes)}-plan corpus in {corpus}", flush=True)
            subprocess.run(
                [sys.executable, str(ROOT / "bench" / "corpus.py"), "--plans", str(max(sizes)),
                 "--out", str(corpus), "--seed", str(args.seed)],
                check=True, capture_output=True,
            )  # fmt: skip
        for size in sizes:
            work = tmp / f"s{size}"
            work.mkdir()
            run_size(size, corpus, args.stores, work, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
