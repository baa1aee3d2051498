"""`plankg ingest --jobs N`: the same store as one process, resumable, interruptible."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.support.cli import Run, plankg_exe
from tests.support.paths import ROOT

PLAN_QUAD = re.compile(r"<https://w3id\.org/plankg/id/plan/[^>]*> \.$")


def _corpus(out: Path, n: int) -> Path:
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "corpus.py"), "--plans", str(n), "--out", str(out),
         "--seed", "11"],
        check=True, capture_output=True,
    )  # fmt: skip
    (out / "manifest.jsonl").unlink(missing_ok=True)
    return out


def plan_quads(plankg: Run, store: Path) -> list[str]:
    """Every quad of every plan graph, sorted (plan graphs hold no blank nodes)."""
    dump = plankg("export", "--store", str(store), "--format", "nq", check=True).stdout
    return sorted(line for line in dump.splitlines() if PLAN_QUAD.search(line))


def ok_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("ok ")]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 generated plans, and two files for one more plan: the later file must win."""
    corpus = _corpus(tmp_path_factory.mktemp("small") / "corpus", 24)
    raw = (ROOT / "data" / "plans" / "tianshui-620500.txt").read_bytes()
    (corpus / "000-tianshui.txt").write_bytes(raw)
    (corpus / "zz-later-version.txt").write_bytes(raw + b"\n")
    return corpus


@pytest.fixture(scope="module")
def small_clean(
    small: Path, tmp_path_factory: pytest.TempPathFactory, plankg: Run
) -> tuple[Path, list[str]]:
    """A store ingested with --jobs 1, and the plans it reported stored."""
    store = tmp_path_factory.mktemp("small-clean") / "store"
    proc = plankg("ingest", str(small), "--store", str(store), "--jobs", "1")
    assert proc.returncode in (0, 1), proc.stderr  # some generated places are ambiguous
    return store, ok_lines(proc.stdout)


def test_jobs_2_stores_what_jobs_1_stores(
    plankg: Run, small: Path, small_clean: tuple[Path, list[str]], tmp_path: Path
) -> None:
    clean, stored = small_clean
    store = tmp_path / "store"
    proc = plankg("ingest", str(small), "--store", str(store), "--jobs", "2")
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr
    assert ok_lines(proc.stdout) == stored  # in file order, as with one process
    assert "summed over 2 worker processes" in proc.stdout and "plans/s" in proc.stdout
    quads = plan_quads(plankg, store)
    assert len(quads) > 10_000
    assert quads == plan_quads(plankg, clean)
    assert any("zz-later-version.txt" in q for q in quads)  # the later file won
    assert not any("000-tianshui.txt" in q for q in quads)
    assert "\r" not in proc.stderr  # no progress bar drawn off a terminal


def test_rerun_skips_unchanged_force_and_changes_reingest(
    plankg: Run, small: Path, small_clean: tuple[Path, list[str]], tmp_path: Path
) -> None:
    clean, stored = small_clean
    store = tmp_path / "store"
    shutil.copytree(clean, store)
    before = plan_quads(plankg, store)
    files = len(list(small.glob("*.txt")))

    again = plankg("ingest", str(small), "--store", str(store), "--jobs", "2")
    assert ok_lines(again.stdout) == []
    # every stored file, and the earlier file of the doubled plan (the later one holds)
    assert f"({len(stored)} unchanged, skipped)" in again.stdout
    assert f"{len(stored)} of {files} plans ingested" in again.stdout
    assert plan_quads(plankg, store) == before

    corpus = tmp_path / "corpus"
    shutil.copytree(small, corpus)
    changed = Path(stored[3].split()[1])
    (corpus / changed.name).write_bytes(changed.read_bytes() + b"\n")
    once = plankg("ingest", str(corpus), "--store", str(store), "--jobs", "2")
    assert [line.split()[1] for line in ok_lines(once.stdout)] == [str(corpus / changed.name)]
    assert f"({len(stored) - 1} unchanged, skipped)" in once.stdout

    some = [str(corpus / Path(line.split()[1]).name) for line in stored[4:7]]
    forced = plankg("ingest", *some, "--store", str(store), "--jobs", "2", "--force")
    assert [line.split()[1] for line in ok_lines(forced.stdout)] == some
    assert "skipped" not in forced.stdout


def test_bad_files_are_reported_under_jobs(
    plankg: Run, bad_dir: Path, bad_files: dict[str, str], tmp_path: Path
) -> None:
    proc = plankg("ingest", str(bad_dir), "--store", str(tmp_path / "store"), "--jobs", "2")
    assert proc.returncode == 1
    for name, reason in bad_files.items():
        lines = [ln for ln in proc.stderr.splitlines() if name in ln]
        assert len(lines) == 1 and reason in lines[0], proc.stderr
    assert "truncated plan" in proc.stderr and "Traceback" not in proc.stderr
    assert "1 of 6 plans ingested" in proc.stdout


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory, plankg: Run) -> tuple[Path, list[str]]:
    """60 generated plans, and what a clean ingest of them stores."""
    corpus = _corpus(tmp_path_factory.mktemp("big") / "corpus", 60)
    store = tmp_path_factory.mktemp("big-clean") / "store"
    plankg("ingest", str(corpus), "--store", str(store), "--jobs", "2")
    return corpus, plan_quads(plankg, store)


def _start_and_wait(corpus: Path, store: Path, plans: int) -> subprocess.Popen[bytes]:
    """An ingest with --jobs 2, once it has stored `plans` plans (batches of 10)."""
    proc = subprocess.Popen(
        [*plankg_exe(), "ingest", str(corpus), "--store", str(store), "--jobs", "2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PLANKG_INGEST_BATCH": "10"},
        start_new_session=True,  # its own process group, as a shell job would have
        # SIGINT as a terminal's job gets it: a run started in the background of a
        # non-interactive shell (as CI may be) inherits it ignored, and Python keeps that.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    seen = 0
    while time.monotonic() < deadline and seen < plans:
        line = proc.stdout.readline()
        if not line:
            break
        seen += line.startswith(b"ok ")
    assert seen == plans, "the ingest ended before it could be interrupted"
    return proc


def _alive_in_group(pgid: int) -> list[str]:
    """Processes of the group still running (zombies, which no one may reap here, aside)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(stat.parent.name)
    return alive


def _workers_gone(pgid: int) -> bool:
    deadline = time.monotonic() + 10
    while _alive_in_group(pgid):
        if time.monotonic() > deadline:
            for pid in _alive_in_group(pgid):  # do not leave them behind
                os.kill(int(pid), signal.SIGKILL)
            return False
        time.sleep(0.2)
    return True


def test_kill_9_then_rerun_finishes_the_rest(
    plankg: Run, big: tuple[Path, list[str]], tmp_path: Path
) -> None:
    corpus, expected = big
    store = tmp_path / "store"
    proc = _start_and_wait(corpus, store, 20)
    os.kill(proc.pid, signal.SIGKILL)  # the ingest process only: its workers must follow
    proc.wait()
    assert _workers_gone(proc.pid), "worker processes outlived the killed ingest"

    rerun = plankg("ingest", str(corpus), "--store", str(store), "--jobs", "2")
    skipped = re.search(r"\((\d+) unchanged, skipped\)", rerun.stdout)
    assert skipped and int(skipped.group(1)) >= 20, rerun.stdout
    assert plan_quads(plankg, store) == expected


def test_ctrl_c_stops_cleanly_and_a_rerun_completes(
    plankg: Run, big: tuple[Path, list[str]], tmp_path: Path
) -> None:
    corpus, expected = big
    store = tmp_path / "store"
    proc = _start_and_wait(corpus, store, 20)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: the whole foreground group
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"interrupted:" in err and b"Traceback" not in err
    stored = int(re.findall(rb"interrupted: (\d+) plans stored", err)[0])
    assert stored == len(ok_lines(out.decode())) + 20

    rerun = plankg("ingest", str(corpus), "--store", str(store), "--jobs", "2")
    assert f"({stored} unchanged, skipped)" in rerun.stdout
    assert plan_quads(plankg, store) == expected


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    proc = subprocess.Popen(
        [*plankg_exe(), "ingest", str(ROOT / "data" / "plans"), "--store", str(tmp_path / "s")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    drawn = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        drawn += chunk
    os.close(master)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0
    assert b"\r" in drawn and b"5/5" in drawn and b"plan/s" in drawn, drawn
    assert len(ok_lines(out.decode())) == 5
