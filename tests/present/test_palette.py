"""Tier colours: fixed per tier key, grey for the "below" tiers, distinct within a scheme."""

from __future__ import annotations

import pytest

from infludash.analysis.presets import DEFAULT_SCHEME, SCHEMES
from infludash.analysis.tiers import custom_scheme
from infludash.present.palette import BELOW_COLOR, KEY_COLORS, tier_colors


def test_default_scheme_colours_follow_the_keys() -> None:
    assert tier_colors(DEFAULT_SCHEME) == [KEY_COLORS[k] for k in DEFAULT_SCHEME.keys]
    assert tier_colors(DEFAULT_SCHEME)[0] == BELOW_COLOR


def test_a_tier_looks_the_same_in_every_named_scheme() -> None:
    colours = {name: dict(zip(s.keys, tier_colors(s), strict=True)) for name, s in SCHEMES.items()}
    for key in ("below_nano", "nano", "micro", "macro", "mega"):
        assert len({c[key] for c in colours.values() if key in c}) == 1


@pytest.mark.parametrize("count", [1, 2, 5, 8])
def test_custom_scheme_colours(count: int) -> None:
    scheme = custom_scheme([10 ** (i + 2) for i in range(count)])
    colours = tier_colors(scheme)
    assert len(colours) == count + 1
    assert colours[0] == BELOW_COLOR
    assert len(set(colours)) == len(colours)
    assert all(c.startswith("#") and len(c) == 7 for c in colours)
