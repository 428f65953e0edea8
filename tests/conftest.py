"""Shared test setup: import the core from the checkout, and one Hypothesis profile for the suite.

InfluDash is run from a checkout, not installed, so the repository root goes on ``sys.path``.
Hypothesis runs without a deadline (shared CI machines stall) and without an example database, so a
test run leaves nothing behind in the working tree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

settings.register_profile(
    "infludash",
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("infludash")
