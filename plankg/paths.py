"""Where the project's files live. The package runs from its source tree (editable install)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = ROOT / "ontology" / "plankg.ttl"
VOCAB_DIR = ROOT / "ontology" / "vocab"
SHAPES_FILE = ROOT / "shapes" / "plankg.ttl"
QUERIES_DIR = ROOT / "queries"
BUNDLED_PLANS = ROOT / "data" / "plans"
DEFAULT_STORE = ROOT / "data" / "store"
