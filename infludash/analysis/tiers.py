"""Follower tiers: schemes as data, assignment with one vectorised search.

A tier scheme is a value (ascending edges plus one key and label per interval), never code, so a
published scheme or an analyst's own edges are one value away. Intervals are half-open
``[lower, upper)``: exactly 10,000 followers is Micro, exactly 1,000,000 is Mega. Accounts under the
first edge are kept in a "below" tier rather than dropped, so no row disappears from the counts.
The published schemes, by name, are in :mod:`infludash.analysis.presets`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.analysis.codes import TierError
from infludash.base.errors import InputError
from infludash.base.notes import Note

__all__ = [
    "QUANTILE",
    "TierScheme",
    "assign_tiers",
    "custom_scheme",
    "quantile_scheme",
    "scheme_at_quantiles",
    "scheme_from_text",
    "tier_categorical",
]


@dataclass(frozen=True)
class TierScheme:
    """Ascending follower edges and one key/label per half-open interval.

    ``edges`` has one value fewer than ``keys``: interval ``i`` is ``[edges[i-1], edges[i])`` with
    ``edges[-1]`` taken as 0 and ``edges[len]`` as infinity. The first interval is the "below" tier.
    """

    name: str
    title: str
    edges: tuple[float, ...]
    keys: tuple[str, ...]
    labels: tuple[str, ...]
    source: str = ""
    short: str = ""  # a few words for narrow places (the sidebar picker); defaults to the title

    def __post_init__(self) -> None:
        if len(self.edges) < 1:
            raise ValueError("a tier scheme needs at least one edge")
        if len(self.keys) != len(self.edges) + 1 or len(self.labels) != len(self.keys):
            raise ValueError("a tier scheme needs exactly one key and label per interval")
        if any(not np.isfinite(e) or e <= 0 for e in self.edges):
            raise ValueError("tier edges must be positive finite numbers")
        if any(b <= a for a, b in zip(self.edges, self.edges[1:], strict=False)):
            raise ValueError("tier edges must be strictly ascending")
        if len(set(self.keys)) != len(self.keys):
            raise ValueError("tier keys must be unique")

    @property
    def lower_bounds(self) -> tuple[float, ...]:
        """Inclusive lower bound of each tier (0 for the first)."""
        return (0.0, *self.edges)

    @property
    def upper_bounds(self) -> tuple[float | None, ...]:
        """Exclusive upper bound of each tier (None for the open-ended last)."""
        return (*self.edges, None)

    def describe(self, index: int) -> str:
        """Human range of tier ``index``, e.g. ``10k–100k`` or ``1M+``."""
        return _range_label(self.lower_bounds, index)


def _range_label(bounds: Sequence[float], i: int) -> str:
    """``1k–10k`` for interval ``i`` of ``bounds`` (lower bounds), ``1M+`` for the last."""
    low = compact_number(bounds[i])
    return f"{low}+" if i + 1 >= len(bounds) else f"{low}–{compact_number(bounds[i + 1])}"


def compact_number(value: float, *, edge: bool = True) -> str:
    """Short label for a follower count: 950, 10k, 2.5M, 1B, 19.6T (axes, tier ranges, medians,
    the reach of a large table).

    Three significant digits. For edges (the default) they are cut, never rounded up, so a label
    never crosses a tier edge: 9,999 is "9.99k", not "10k", and 999,999 is "999k", not "1M". For
    statistics (``edge=False``) they are rounded: a median of 3,169.5 is "3.17k", not "3.16k".
    """
    v = float(value)
    sign = "-" if v < 0 else ""
    v = abs(v)
    if not edge and v >= 999.5:
        # Round to three significant digits first, so 999,999 becomes 1M rather than "1000k".
        digits = math.floor(math.log10(v)) - 2
        v = round(v / 10.0**digits) * 10.0**digits
    for threshold, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if v >= threshold:
            scaled = v / threshold
            decimals = 0 if scaled >= 100 else 1 if scaled >= 10 else 2  # 3 significant digits
            factor = 10**decimals
            # A relative hair for the division's rounding (2.51k is 250.99999999999997 / 100);
            # an absolute one would lift 999,999,999,999 to "1000B".
            cut = math.floor(scaled * factor * (1 + 1e-13)) / factor
            text = f"{cut:.{decimals}f}"
            if decimals:
                text = text.rstrip("0").rstrip(".")
            return f"{sign}{text}{suffix}"
    return f"{sign}{v:.0f}" if v == int(v) else f"{sign}{v:g}"


QUANTILE = "quantile"


def quantile_scheme(followers: npt.ArrayLike, tiers: int = 4) -> TierScheme:
    """Tiers of (about) equal size cut at the data's own follower quantiles.

    Edges are rounded down to two significant digits so they read like published edges; ties at
    an edge can make tiers unequal, which the counts on screen show.
    """
    values = np.asarray(followers, dtype="float64")
    values = values[np.isfinite(values) & (values >= 0)]
    if values.size < tiers:
        raise InputError(Note(TierError.QUANTILE_TOO_FEW, n=tiers))
    return scheme_at_quantiles(np.quantile(values, np.arange(1, tiers) / tiers))


def scheme_at_quantiles(raw: npt.ArrayLike) -> TierScheme:
    """The quantile scheme whose cuts are the follower quantiles ``raw`` (ascending): what
    :func:`quantile_scheme` makes of them, for a caller that computed them elsewhere."""
    edges: list[float] = []
    for q in np.asarray(raw, dtype="float64").tolist():
        if q < 2:
            continue
        digits = 10 ** max(math.floor(math.log10(q)) - 1, 0)
        edge = float(math.floor(q / digits) * digits)
        if not edges or edge > edges[-1]:
            edges.append(edge)
    if not edges:
        raise InputError(Note(TierError.QUANTILE_NO_FOLLOWERS))
    bounds = (0.0, *edges)
    labels = []
    for i in range(len(edges) + 1):
        labels.append(f"Q{i + 1} ({_range_label(bounds, i)})")
    return TierScheme(
        name=QUANTILE,
        title="Quantile tiers (equal counts): " + " · ".join(compact_number(e) for e in edges),
        short="Quantiles (equal counts)",
        edges=tuple(edges),
        keys=tuple(f"q{i + 1}" for i in range(len(edges) + 1)),
        labels=tuple(labels),
        source="Edges at this data's follower quantiles, so every tier holds about as many "
        "accounts.",
    )


def custom_scheme(edges: Sequence[float]) -> TierScheme:
    """A scheme from the analyst's own ascending edges, each tier labelled by its range."""
    values = tuple(float(e) for e in edges)
    if not values:
        raise InputError(Note(TierError.NO_EDGES))
    if any(not np.isfinite(e) or e < 2 for e in values):
        raise InputError(Note(TierError.EDGES_TOO_SMALL))
    if any(b <= a for a, b in itertools.pairwise(values)):
        raise InputError(Note(TierError.EDGES_NOT_ASCENDING))
    keys = ("below", *(f"tier_{i}" for i in range(1, len(values) + 1)))
    bounds = (0.0, *values)
    labels = [f"below {compact_number(values[0])}"]
    labels += [_range_label(bounds, i) for i in range(1, len(values) + 1)]
    return TierScheme(
        name="custom",
        title="Custom edges: " + " · ".join(compact_number(e) for e in values),
        edges=values,
        keys=keys,
        labels=tuple(labels),
        source="Edges chosen by the analyst.",
    )


def scheme_from_text(text: str) -> TierScheme:
    """Custom edges as an analyst types them: ``1000, 10000`` or ``1k,10k,100k,1M``."""
    from infludash.read.numbers import parse_number

    edges = []
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        try:
            value, percent = parse_number(part)
        except ValueError:
            value, percent = None, False
        if value is None or percent:
            raise InputError(Note(TierError.NOT_A_COUNT, part=repr(part.strip())))
        edges.append(float(value))
    return custom_scheme(edges)


_COMPARE_EDGES = 8  # up to this many edges, assign_tiers compares instead of searching


def assign_tiers(followers: npt.ArrayLike, scheme: TierScheme) -> npt.NDArray[np.intp]:
    """Tier index per account (0 = below the first edge); -1 where followers are missing.

    The index is the number of edges at or below the value: half-open intervals, a value equal
    to an edge belongs to the tier that starts there. For the usual handful of edges, one
    comparison per edge is about twice as fast as ``searchsorted``'s binary search per value.
    """
    values = np.asarray(followers, dtype="float64")
    if len(scheme.edges) <= _COMPARE_EDGES:
        index = np.zeros(values.shape, dtype=np.intp)
        for edge in scheme.edges:
            index += values >= edge
    else:
        index = np.searchsorted(np.asarray(scheme.edges), values, side="right").astype(np.intp)
    index[~np.isfinite(values) | (values < 0)] = -1
    return index


def tier_categorical(index: npt.NDArray[np.intp], scheme: TierScheme) -> pd.Categorical:
    """Ordered categorical of tier keys (missing stays missing); ``present/`` names the tiers."""
    # pandas-stubs lists only Sequence[int] for codes; an integer ndarray is what pandas documents.
    return pd.Categorical.from_codes(index, categories=list(scheme.keys), ordered=True)  # type: ignore[call-overload]
