"""A blind set as a person would scan it: every plan printed to PDF, each page scanned.

    .venv/bin/python tests/blind/scan.py SETDIR OUTDIR [--dpi 200] [--jobs 2]
    .venv/bin/python tests/blind/score.py OUTDIR            # the scans
    .venv/bin/python tests/blind/score.py OUTDIR/printed    # the printed (text-layer) PDFs

Each plan (.txt, .html or .docx) is printed to PDF by LibreOffice headless (a plain text
in a CJK font, as Writer opens it; a web page through Writer/Web; a Word file as laid
out), every page of that PDF rasterised by pdftoppm at `--dpi` (grey), and the page
images put back into an image-only PDF (Pillow): OUTDIR/NAME.pdf. The printed PDF stays
in OUTDIR/printed/. Beside each, the plan's gold JSON with "file" pointing at the PDF.

Resumable: a PDF already there is kept (delete it to make it again). LibreOffice runs
once per input format; rasterising runs `--jobs` plans at a time (2 at most).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

FONT = "Noto Serif CJK SC"
# LibreOffice import filter and export filter per input format.
FILTERS = {
    ".txt": (f"Text (encoded):UTF8,LF,{FONT},zh-CN,", "pdf:writer_pdf_Export"),
    ".html": (None, "pdf:writer_web_pdf_Export"),
    ".htm": (None, "pdf:writer_web_pdf_Export"),
    ".docx": (None, "pdf:writer_pdf_Export"),
    ".doc": (None, "pdf:writer_pdf_Export"),
}


def plans(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for gold in sorted(folder.glob("*.json")):
        g = json.loads(gold.read_text(encoding="utf-8"))
        doc = folder / g["file"]
        if doc.suffix.lower() in FILTERS and doc.exists():
            out.append((doc, g))
    return out


def print_pdfs(docs: list[Path], outdir: Path) -> None:
    """Print `docs` (one format) to PDF in `outdir`, one LibreOffice start for them all."""
    infilter, export = FILTERS[docs[0].suffix.lower()]
    with (
        tempfile.TemporaryDirectory(prefix="plankg-scan-lo-") as profile,
        tempfile.TemporaryDirectory(prefix="plankg-scan-txt-") as utf8,
    ):
        if docs[0].suffix.lower() == ".txt":
            # Writer's text filter is told UTF-8; a plan in GBK is printed from its UTF-8 copy
            docs = [_as_utf8(doc, Path(utf8)) for doc in docs]
        command = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                   "--norestore"]  # fmt: skip
        if infilter:
            command.append(f"--infilter={infilter}")
        command += ["--convert-to", export, "--outdir", str(outdir), *map(str, docs)]
        subprocess.run(command, check=True, capture_output=True, timeout=900,
                       env={**os.environ, "HOME": profile})  # fmt: skip


def _as_utf8(doc: Path, folder: Path) -> Path:
    from ingest.text import decode

    text, _ = decode(doc.read_bytes(), doc.name)
    copy = folder / doc.name
    copy.write_text(text, encoding="utf-8")
    return copy


def scan(printed: Path, out: Path, dpi: int) -> tuple[str, int, float]:
    """The pages of `printed` as images at `dpi`, in an image-only PDF `out`."""
    from PIL import Image

    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="plankg-scan-img-") as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(printed), f"{tmp}/p"],
                       check=True, timeout=600)  # fmt: skip
        files = sorted(Path(tmp).glob("p*.png"))
        images = [Image.open(f).convert("L") for f in files]
        partial = out.with_suffix(".part")
        images[0].save(partial, "PDF", resolution=float(dpi), save_all=True,
                       append_images=images[1:])  # fmt: skip
        for image in images:
            image.close()
        partial.replace(out)  # whole or not at all: an interrupted run leaves no half PDF
    return out.name, len(files), time.monotonic() - start


def write_gold(g: dict[str, Any], folder: Path, pdf: str) -> None:
    gold = folder / (Path(pdf).stem + ".json")
    gold.write_text(json.dumps({**g, "file": pdf}, ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("setdir", type=Path)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2, help="plans rasterised at once (at most 2)")
    args = ap.parse_args()
    for program in ("soffice", "pdftoppm"):
        if shutil.which(program) is None:
            print(f"scan.py needs `{program}`", file=sys.stderr)
            return 2
    printed_dir = args.outdir / "printed"
    printed_dir.mkdir(parents=True, exist_ok=True)
    todo = plans(args.setdir)
    by_format: dict[str, list[Path]] = {}
    for doc, _ in todo:
        if not (printed_dir / f"{doc.stem}.pdf").exists():
            by_format.setdefault(doc.suffix.lower(), []).append(doc)
    for suffix, docs in sorted(by_format.items()):
        print(f"printing {len(docs)} {suffix} to PDF", flush=True)
        print_pdfs(docs, printed_dir)
    jobs = []
    for doc, g in todo:
        printed = printed_dir / f"{doc.stem}.pdf"
        if not printed.exists():
            print(f"  {doc.name}: LibreOffice made no PDF", file=sys.stderr)
            continue
        write_gold(g, printed_dir, printed.name)
        write_gold(g, args.outdir, printed.name)
        if not (args.outdir / printed.name).exists():
            jobs.append((printed, args.outdir / printed.name))
    with ProcessPoolExecutor(max_workers=max(1, min(2, args.jobs))) as pool:
        futures = [pool.submit(scan, printed, out, args.dpi) for printed, out in jobs]
        for future in futures:
            name, pages, seconds = future.result()
            print(f"  scanned {name}: {pages} pages at {args.dpi} dpi in {seconds:.1f} s",
                  flush=True)  # fmt: skip
    print(f"{len(todo)} plans in {args.outdir} ({len(jobs)} scanned now)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
