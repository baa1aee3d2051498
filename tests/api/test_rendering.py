"""One way to render HTML: the service's code builds no HTML in strings (every page is a
template of the one Jinja environment, api/web/render.py, on the one base layout), and
every template is a page of that layout or a part of one."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.support.paths import ROOT

API = ROOT / "api"
TAG = re.compile(
    r"<(/?)(html|head|body|div|p|a|table|tr|td|th|h[1-6]|section|span|blockquote|mark"
    r"|details|summary|ul|ol|li|dl|dt|dd|pre|link|script|style|meta|title|br|small|strong)"
    r"[\s>/]",
    re.IGNORECASE,
)


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string nodes that are docstrings (they may name a tag)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _html_in_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in skip:
            continue
        if isinstance(node.value, str) and TAG.search(node.value):
            found.append(f"{path.name}:{node.lineno}: {node.value[:60]!r}")
    return found


def test_no_html_built_in_python() -> None:
    modules = sorted(API.rglob("*.py"))
    assert len(modules) > 40
    found = [hit for path in modules for hit in _html_in_strings(path)]
    assert not found, "HTML built in strings (use a template):\n" + "\n".join(found)


def test_the_check_finds_html_in_an_f_string(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('def f(x: str) -> str:\n    return f"<td>{x}</td>"\n', encoding="utf-8")
    assert len(_html_in_strings(sample)) == 2  # "<td>" and "</td>"


def test_one_jinja_environment_and_one_layout() -> None:
    creators = [
        f"{p.relative_to(ROOT)}"
        for p in sorted(API.rglob("*.py"))
        if re.search(r"\bEnvironment\(", p.read_text(encoding="utf-8"))
    ]
    assert creators == ["api/web/render.py"]
    templates = sorted((API / "web" / "templates").glob("*.html"))
    for template in templates:
        text = template.read_text(encoding="utf-8")
        if template.name == "base.html" or template.name.startswith("_"):
            continue  # the layout, and the macros pages import
        assert text.startswith('{% extends "base.html" %}'), template.name
