"""Where things are in the checkout."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "data" / "plans"
GOLD = ROOT / "tests" / "gold"
FIXTURES = ROOT / "tests" / "fixtures"


def bundled_cities() -> dict[str, str]:
    """The bundled plans' division codes and names (tests/fixtures/bundled-cities.json)."""
    cities: dict[str, str] = json.loads(
        (FIXTURES / "bundled-cities.json").read_text(encoding="utf-8")
    )
    return cities
