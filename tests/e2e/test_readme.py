"""Every command in README.md and docs/*.md runs, or is checked, as the docs say.

Commands live in fenced ```sh blocks (one command a line, `\\` continues one, `#` starts a
comment). A block runs for real unless the line right above it is
`<!-- example: REASON -->`; then it is checked without running. By the first word:

- `plankg` (`.venv/bin/plankg`): run from the repository root on the test's own stores
  (`PLANKG_STORE`, `--store`, `-o` and paths under /tmp or /srv point into a temporary
  folder). `plankg serve` starts in the background on a free port and waits for /readyz;
  the first one keeps serving the `curl` commands, later ones are stopped once ready.
  Example: parsed by the real argument parser.
- `curl`: run against that server (`http://127.0.0.1:PORT` rewritten), `--fail`.
- `python` (`.venv/bin/python`, `nice …`): run as written. Example: `--help` lists
  every flag used (`-m build`: the module is installed).
- `make TARGET`: never run (it would serve or test forever); the Makefile has the target.
- `pip`, `pipx`: example only; the files named are this version's wheel and sdist.
- `oxigraph`: example only; `oxigraph serve --help` lists every flag used.
- `curl` as an example: a `/queries/NAME` it names exists.

A ```csv or ```text block right after a run block is what its last command prints. Besides
the commands: every PLANKG_* name in the docs is read by the code, every setting is in
docs/operating.md, relative links and their anchors resolve, and docs/architecture.md
names every module of the packages and no module that does not exist.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PACKAGES = ["plankg", "ingest", "ingest/documents", "api", "api/web", "workers", "tools"]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
EXAMPLE = re.compile(r"^<!--\s*example:\s*(\S.*?)\s*-->$")
LOCAL_URL = re.compile(r"http://(?:127\.0\.0\.1|localhost):\d+")
ENV_ASSIGNMENT = re.compile(r"^([A-Z_][A-Z0-9_]*)=(.*)$", re.DOTALL)
SERVE_TIMEOUT = 300.0


@dataclass
class Block:
    doc: Path
    line: int
    lang: str
    text: str
    example: str | None  # the reason it is not run, or None: it runs
    output: str | None = None  # a ```csv / ```text block right after it


@dataclass
class Command:
    env: dict[str, str]
    argv: list[str]

    @property
    def kind(self) -> str:
        name = Path(self.argv[0]).name
        if name in ("python", "python3"):
            return "python"
        return name


def blocks(doc: Path) -> list[Block]:
    text = doc.read_text(encoding="utf-8")
    found: list[Block] = []
    previous_end = -1
    for match in FENCE.finditer(text):
        lang = match.group(1).strip()
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1].strip()
        marker = EXAMPLE.match(before)
        line = text.count("\n", 0, match.start()) + 1
        if (
            found
            and lang in ("csv", "text")
            and previous_end >= 0
            and not text[previous_end : match.start()].strip()
        ):
            found[-1].output = match.group(2)
        found.append(Block(doc, line, lang, match.group(2), marker.group(1) if marker else None))
        previous_end = match.end()
    return found


def sh_blocks(doc: Path) -> list[Block]:
    return [b for b in blocks(doc) if b.lang == "sh"]


def commands(block: Block) -> list[Command]:
    out: list[Command] = []
    for line in block.text.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        env: dict[str, str] = {}
        while words and (m := ENV_ASSIGNMENT.match(words[0])):
            env[m.group(1)] = m.group(2)
            words.pop(0)
        if words and words[0] == "nice":
            words.pop(0)
        if words:
            out.append(Command(env, words))
    return out


def _where(block: Block) -> str:
    return f"{block.doc.relative_to(ROOT)}:{block.line}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _flags(argv: list[str]) -> list[str]:
    return [a.split("=", 1)[0] for a in argv if a.startswith("-") and a != "-"]


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PLANKG_")}


def _plankg_exe() -> list[str]:
    exe = shutil.which("plankg", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "plankg.cli"]


@dataclass
class Harness:
    """The test's own stores, folders and server, shared by every document."""

    tmp: Path
    cli_store: Path
    server: subprocess.Popen[bytes] | None = None
    base_url: str = ""
    started: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: list[IO[bytes]] = field(default_factory=list)

    def path(self, value: str) -> str:
        """A /tmp or /srv path of the docs, inside the test's folder."""
        if value.startswith(("/tmp/", "/srv/")):
            return str(self.tmp / "paths" / value.strip("/").replace("/", "_"))
        return value

    def env(self, command: Command, store: Path) -> dict[str, str]:
        env = {**_clean_env(), "PLANKG_STORE": str(store)}
        for key, value in command.env.items():
            env[key] = self.path(value)
        return env

    def run_plankg(self, block: Block, command: Command) -> str:
        args = command.argv[1:]
        if args and args[0] == "serve":
            self.serve(block, command)
            return ""
        rewritten: list[str] = []
        i = 0
        while i < len(args):
            arg = args[i]
            if arg in ("--store", "-o", "--output") and i + 1 < len(args):
                target = self.cli_store if arg == "--store" else self.tmp / Path(args[i + 1]).name
                rewritten += [arg, str(target)]
                i += 2
                continue
            rewritten.append(self.path(arg))
            i += 1
        env = self.env(command, self.cli_store)
        env["PLANKG_STORE"] = str(self.cli_store)
        proc = subprocess.run(
            [*_plankg_exe(), *rewritten],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=300,
        )
        assert proc.returncode == 0, (
            f"{_where(block)}: {shlex.join(command.argv)} exited {proc.returncode}:\n"
            f"{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        )
        return proc.stdout

    def serve(self, block: Block, command: Command) -> None:
        port = _free_port()
        args = command.argv[2:]
        rewritten: list[str] = []
        store = self.tmp / f"served-{len(self.started)}"
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "--port":
                rewritten += [arg, str(port)]
            elif arg == "--host":
                rewritten += [arg, "127.0.0.1"]
            elif arg == "--store":
                rewritten += [arg, str(store)]
            else:
                rewritten.append(self.path(arg))
                i += 1
                continue
            i += 2
        env = self.env(command, store)
        env.update(PLANKG_PORT=str(port), PLANKG_HOST="127.0.0.1")
        if "PLANKG_STORE" in command.env:
            env["PLANKG_STORE"] = str(store)
        # one worker a lane: the docs' servers answer a few requests, and start sooner
        env.setdefault("PLANKG_QUERY_WORKERS", "1")
        env.setdefault("PLANKG_SPARQL_WORKERS", "1")
        log = (self.tmp / f"serve-{len(self.started)}.log").open("wb")
        self.logs.append(log)
        proc = subprocess.Popen(
            [*_plankg_exe(), "serve", *rewritten],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.started.append(proc)
        url = f"http://127.0.0.1:{port}"
        _wait_ready(url, proc, Path(log.name), _where(block))
        if self.server is None:
            self.server, self.base_url = proc, url
        else:
            _stop(proc)

    def ensure_server(self, block: Block) -> str:
        if self.server is None:
            self.serve(block, Command({}, ["plankg", "serve", "--port", "0"]))
        return self.base_url

    def run_curl(self, block: Block, command: Command) -> str:
        base = self.ensure_server(block)
        argv = [LOCAL_URL.sub(base, a) for a in command.argv[1:]]
        work = self.tmp / "curl"
        work.mkdir(exist_ok=True)
        proc = subprocess.run(
            ["curl", "--fail", "--silent", "--show-error", "--max-time", "120", *argv],
            capture_output=True,
            cwd=work,
            timeout=180,
        )
        assert proc.returncode == 0, (
            f"{_where(block)}: {shlex.join(command.argv)} exited {proc.returncode}: "
            f"{proc.stderr.decode(errors='replace')}"
        )
        return proc.stdout.decode("utf-8", errors="replace")

    def run_python(self, block: Block, command: Command) -> str:
        argv = [self.path(a) for a in command.argv[1:]]
        proc = subprocess.run(
            [sys.executable, *argv],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**self.env(command, self.cli_store)},
            timeout=300,
        )
        assert proc.returncode == 0, (
            f"{_where(block)}: {shlex.join(command.argv)} exited {proc.returncode}:\n"
            f"{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        )
        return proc.stdout

    def stop(self) -> None:
        for proc in self.started:
            _stop(proc)
        for log in self.logs:
            log.close()


def _wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path, where: str) -> None:
    deadline = time.monotonic() + SERVE_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(
                f"{where}: plankg serve exited {proc.returncode}:\n{log.read_text()}"
            )
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    _stop(proc)
    raise AssertionError(
        f"{where}: {url}/readyz not ready in {SERVE_TIMEOUT} s:\n{log.read_text()}"
    )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    tmp = tmp_path_factory.mktemp("docs")
    (tmp / "paths").mkdir()
    h = Harness(tmp=tmp, cli_store=tmp / "cli-store")
    # the bundled plans first, so a page's query needs no ingest of its own before it
    proc = subprocess.run(
        [*_plankg_exe(), "ingest", str(ROOT / "data" / "plans"), "--store", str(h.cli_store)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_clean_env(),
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    try:
        yield h
    finally:
        h.stop()


def run_block(h: Harness, block: Block) -> None:
    output = ""
    for command in commands(block):
        kind = command.kind
        assert "&" not in command.argv, f"{_where(block)}: a background job; mark it an example"
        if kind == "plankg":
            output = h.run_plankg(block, command)
        elif kind == "curl":
            if shutil.which("curl") is None:
                pytest.skip("curl is not installed")
            output = h.run_curl(block, command)
        elif kind == "python":
            output = h.run_python(block, command)
        elif kind == "make":
            check_make(block, command)
            output = ""
        else:
            raise AssertionError(
                f"{_where(block)}: {command.argv[0]!r} is not a command the docs test runs; "
                "teach tests/test_readme.py, or mark the block <!-- example: REASON -->"
            )
    if block.output is not None:
        assert output.replace("\r\n", "\n") == block.output, (
            f"{_where(block)}: the output differs from the block after it:\n{output}"
        )


def check_make(block: Block, command: Command) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in [a for a in command.argv[1:] if not a.startswith("-")] or ["serve"]:
        assert re.search(rf"^{re.escape(target)}:", makefile, flags=re.MULTILINE), (
            f"{_where(block)}: the Makefile has no target {target!r}"
        )


def check_example(block: Block) -> None:
    from plankg.cli import build_parser

    for command in commands(block):
        argv = [a for a in command.argv if a != "&"]
        kind = command.kind
        where = f"{_where(block)}: {shlex.join(command.argv)}"
        if kind == "plankg":
            try:
                build_parser().parse_args(argv[1:])
            except SystemExit as exc:
                raise AssertionError(f"{where}: the plankg parser refuses it") from exc
        elif kind == "make":
            check_make(block, command)
        elif kind == "python":
            if argv[1:3] == ["-m", "build"]:
                import importlib.util

                assert importlib.util.find_spec("build"), f"{where}: no module build"
                continue
            script = ROOT / argv[1]
            assert script.is_file(), f"{where}: no {argv[1]}"
            proc = subprocess.run(
                [sys.executable, str(script), "--help"],
                capture_output=True,
                text=True,
                cwd=ROOT,
                env=_clean_env(),
                timeout=120,
            )
            assert proc.returncode == 0, f"{where}: --help failed:\n{proc.stderr}"
            for flag in _flags(argv[2:]):
                assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", proc.stdout), (
                    f"{where}: {argv[1]} --help does not list {flag}"
                )
        elif kind in ("pip", "pipx"):
            assert argv[1] == "install", where
            for name in argv[2:]:
                assert name in (
                    f"plankg-{VERSION}-py3-none-any.whl",
                    f"plankg-{VERSION}.tar.gz",
                ), f"{where}: {name} is not this version's wheel or sdist ({VERSION})"
        elif kind == "curl":
            for url in [a for a in argv[1:] if LOCAL_URL.match(a)]:
                path = urllib.parse.urlsplit(url).path
                if path.startswith("/queries/"):
                    name = path.removeprefix("/queries/")
                    assert (ROOT / "queries" / f"{name}.rq").is_file(), f"{where}: no query {name}"
        elif kind == "oxigraph":
            exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
                "oxigraph"
            )
            if exe is None:
                pytest.skip("the oxigraph server is not installed")
            proc = subprocess.run(
                [exe, argv[1], "--help"], capture_output=True, text=True, timeout=60
            )
            assert proc.returncode == 0, f"{where}: {proc.stderr}"
            for flag in _flags(argv[2:]):
                assert flag in proc.stdout, f"{where}: oxigraph {argv[1]} has no {flag}"
        else:
            raise AssertionError(f"{where}: no check for {argv[0]!r}; teach tests/test_readme.py")


@pytest.mark.parametrize("doc", DOCS, ids=[d.relative_to(ROOT).as_posix() for d in DOCS])
def test_commands_in_docs(doc: Path, harness: Harness) -> None:
    for block in sh_blocks(doc):
        if block.example is None:
            run_block(harness, block)
        else:
            check_example(block)


@pytest.mark.parametrize("doc", DOCS, ids=[d.relative_to(ROOT).as_posix() for d in DOCS])
def test_commands_are_in_sh_blocks(doc: Path) -> None:
    for block in blocks(doc):
        assert block.lang not in ("bash", "shell", "console", "zsh"), (
            f"{_where(block)}: commands go in ```sh blocks, which the docs test runs"
        )
    text = doc.read_text(encoding="utf-8")
    assert not re.search(
        r"^(?: {4}|\t)(?:\$ )?(?:python|plankg|\.venv/|make |curl )", text, re.M
    ), f"{doc.name}: an indented command; put it in a ```sh block"


def test_readme_is_short_and_names_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    assert "make serve" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme):
        assert (ROOT / image).is_file(), image


def _known_variables() -> set[str]:
    from plankg.settings import Settings

    known = {f"PLANKG_{name.upper()}" for name in Settings.model_fields}
    sources = [ROOT / "Makefile", ROOT / ".ci" / "run"]
    for folder in ("plankg", "ingest", "api", "tests", "bench", "tools"):
        sources += (ROOT / folder).rglob("*.py")
    for source in sources:
        if source.is_file() and source.resolve() != Path(__file__).resolve():
            known |= set(re.findall(r"PLANKG_[A-Z0-9_]*[A-Z0-9]", source.read_text("utf-8")))
    return known


def test_every_setting_named_in_the_docs_exists() -> None:
    known = _known_variables()
    for doc in DOCS:
        for name in set(re.findall(r"PLANKG_[A-Z0-9_]*", doc.read_text(encoding="utf-8"))):
            if name.endswith("_"):  # a family, PLANKG_MAX_QUERY_*
                assert any(k.startswith(name) for k in known), f"{doc.name}: {name}*"
            else:
                assert name in known, f"{doc.name}: {name} is read nowhere in the code"


def test_every_setting_is_documented() -> None:
    from plankg.settings import Settings

    operating = (ROOT / "docs" / "operating.md").read_text(encoding="utf-8")
    missing = [
        f"PLANKG_{name.upper()}"
        for name in Settings.model_fields
        if f"`PLANKG_{name.upper()}`" not in operating
    ]
    assert not missing, f"settings missing from docs/operating.md's table: {missing}"


def _slug(heading: str) -> str:
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


@pytest.mark.parametrize("doc", DOCS, ids=[d.relative_to(ROOT).as_posix() for d in DOCS])
def test_links_resolve(doc: Path) -> None:
    text = FENCE.sub("", doc.read_text(encoding="utf-8"))
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        file = (doc.parent / path).resolve() if path else doc
        assert file.exists(), f"{doc.name}: link to missing {target}"
        if anchor and file.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", FENCE.sub("", file.read_text("utf-8")), re.M)
            slugs = {_slug(h) for h in headings}
            assert anchor in slugs, f"{doc.name}: no heading #{anchor} in {file.name}"


def test_architecture_names_every_module() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## The packages and their modules", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(?:[\w/]+/)?(\w+\.py)`", section))
    modules = {
        f.name for pkg in PACKAGES for f in (ROOT / pkg).glob("*.py") if f.name != "__init__.py"
    }
    assert not modules - named, f"modules docs/architecture.md does not describe: {modules - named}"
    assert not named - modules, f"docs/architecture.md names missing modules: {named - modules}"


def test_no_file_keeps_a_merge_conflict() -> None:
    """A merge resolved in one file can leave another's markers behind, and nothing else
    reads CHANGELOG.md or a .ttl file strictly enough to notice."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the tracked files are not known")
    found = subprocess.run(
        ["git", "grep", "-n", "-I", "-E", r"^(<{7}|>{7})( |$)|^={7}$", "--", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode == 1, f"merge conflict markers left in: {found.stdout[:500]}"
