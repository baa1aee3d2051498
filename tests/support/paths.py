"""Where things are in the checkout."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "data" / "plans"
GOLD = ROOT / "tests" / "gold"
FIXTURES = ROOT / "tests" / "fixtures"
