"""Where the project's files live.

An installed plankg (wheel, sdist, pipx) carries its ontology, vocabularies, shapes, named
queries and bundled plans inside the package, as `plankg/resources/*` (pyproject.toml maps
the repository's top-level folders there), and finds them through importlib.resources. Run
from a source checkout (editable install, or the tests' `pythonpath = ["."]`), the package
has no `resources/` and the top-level folders themselves are used.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_PACKAGED = Path(str(files("plankg"))) / "resources"
_SOURCE_TREE = Path(__file__).resolve().parent.parent


def _resource(packaged: str, source: str) -> Path:
    inside = _PACKAGED / packaged
    if inside.is_dir():
        return inside
    # A checkout: its pyproject.toml names this package, and the folder is at the top.
    if (_SOURCE_TREE / "pyproject.toml").is_file() and (_SOURCE_TREE / source).is_dir():
        return _SOURCE_TREE / source
    return inside  # a broken install: reading it fails naming the missing file


ONTOLOGY_DIR = _resource("ontology", "ontology")
ONTOLOGY_FILE = ONTOLOGY_DIR / "plankg.ttl"
VOCAB_DIR = ONTOLOGY_DIR / "vocab"
SHAPES_FILE = _resource("shapes", "shapes") / "plankg.ttl"
QUERIES_DIR = _resource("queries", "queries")
BUNDLED_PLANS = _resource("plans", "data/plans")
# The contract's default store: ./data/store, relative to where plankg runs.
DEFAULT_STORE = Path("data") / "store"
