"""Published per-post prices per tier: the rate-card table (``data/rate_cards.csv``), checked,
mapped onto any tier scheme the way benchmarks are (log-overlap of follower ranges, shared with
:mod:`infludash.analysis.benchmarks`)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.analysis.benchmarks import band_overlap
from infludash.analysis.bundled import read_table
from infludash.analysis.codes import AnalysisError, PlannerError, Table
from infludash.analysis.tiers import TierScheme
from infludash.base.errors import InputError
from infludash.base.notes import Note

__all__ = ["RATE_CARDS_PATH", "default_prices", "load_rate_cards", "rate_card_sources"]

RATE_CARDS_PATH = Path(__file__).resolve().parents[2] / "data" / "rate_cards.csv"
_NUMBERS = ("min_followers", "max_followers", "price_low_usd", "price_high_usd")
_COLUMNS = ("platform", *_NUMBERS, "statistic", "year", "source", "url")

FloatArray = npt.NDArray[np.float64]
_TABLE = Note(Table.RATE_CARDS)


@lru_cache(maxsize=4)
def _read_rate_cards(path: Path) -> pd.DataFrame:
    table = read_table(path, _TABLE, _COLUMNS)
    if table.empty:
        raise InputError(Note(AnalysisError.TABLE_EMPTY, table=_TABLE))
    for column in ("platform", "source", "url"):
        if (table[column].astype(str).str.strip() == "").any():
            raise InputError(Note(AnalysisError.TABLE_ROW_WITHOUT, table=_TABLE, column=column))
    for column in _NUMBERS:
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("float64")
        if column != "max_followers" and not np.isfinite(table[column]).all():
            raise InputError(Note(AnalysisError.TABLE_NOT_A_NUMBER, table=_TABLE, column=column))
    lo_f, hi_f, low, high = (table[c].to_numpy() for c in _NUMBERS)
    if (low <= 0).any() or (high < low).any():
        raise InputError(Note(PlannerError.PRICES_INVALID))
    if (lo_f < 0).any() or (np.isfinite(hi_f) & (hi_f <= lo_f)).any():
        raise InputError(Note(PlannerError.BANDS_INVALID))
    if "note" not in table.columns:
        table["note"] = ""
    return table


def load_rate_cards(path: Path = RATE_CARDS_PATH) -> pd.DataFrame:
    """The rate-card table, checked: positive ordered prices, valid bands, a source and a URL.

    An empty ``max_followers`` is an open-ended band (read as NaN). A copy is returned so a caller
    editing it cannot change what the next caller reads from the cache.
    """
    return _read_rate_cards(Path(path)).copy()


def _platform_prices(
    bands: pd.DataFrame, scheme: TierScheme
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """One platform's bands mapped onto ``scheme``: log-low, log-high, extrapolated, assumed."""
    b_lo = bands["min_followers"].to_numpy(dtype="float64")
    b_hi = np.nan_to_num(bands["max_followers"].to_numpy(dtype="float64"), nan=np.inf)
    log_lo = np.log(bands["price_low_usd"].to_numpy(dtype="float64"))
    log_hi = np.log(bands["price_high_usd"].to_numpy(dtype="float64"))
    assumed = bands["note"].astype(str).str.startswith("assumed").to_numpy(dtype=bool)
    # An open top tier spans one decade: follower counts are heavy-tailed, so most of its accounts
    # sit within a decade of its lower edge, and running it to "infinity" would let the open Mega
    # band outweigh the bands that actually hold a 50k+ tier's accounts.
    t_lo = np.asarray(scheme.lower_bounds, dtype="float64")
    t_hi = np.array([*scheme.edges, scheme.edges[-1] * 10.0])
    weights = np.array(
        [
            [band_overlap(lo, hi, a, b) for a, b in zip(b_lo, b_hi, strict=True)]
            for lo, hi in zip(t_lo, t_hi, strict=True)
        ]
    )
    total = weights.sum(axis=1)
    safe = np.where(total > 0, total, 1.0)
    low, high = weights @ log_lo / safe, weights @ log_hi / safe
    used = (weights > 0) @ assumed.astype(float) > 0
    # A "below" tier, and a tier no band overlaps (under the smallest band, or in a gap of a custom
    # table), takes the nearest band on the log follower axis, flagged as extrapolated.
    with np.errstate(divide="ignore"):
        gap = np.maximum(
            np.log(b_lo)[None, :] - np.log(t_hi)[:, None],
            np.log(t_lo)[:, None] - np.log(b_hi)[None, :],
        )
    nearest = np.argmin(gap, axis=1)  # for a "below" tier [0, edge) that is the lowest band
    extrapolated = (total <= 0) | np.array([k.startswith("below") for k in scheme.keys])
    low = np.where(extrapolated, log_lo[nearest], low)
    high = np.where(extrapolated, log_hi[nearest], high)
    used = np.where(extrapolated, assumed[nearest], used)
    return low, high, extrapolated, used


def default_prices(scheme: TierScheme, platforms: Sequence[str] | None = None) -> pd.DataFrame:
    """Published per-post price range per tier of ``scheme``, one row per tier, in USD.

    Each platform's bands are mapped with the log-overlap weighted geometric mean (as benchmarks
    are); platforms are then combined with a geometric mean, because prices differ by multiples
    between platforms and an arithmetic mean would let the dearest platform (YouTube) decide.
    ``platforms`` None, empty or naming none in the file means all platforms. ``extrapolated``
    marks "below" tiers and tiers no band overlaps, which take the lowest (nearest) band's
    figures; ``assumed`` marks tiers whose upper price rests on an open-ended band's assumed upper
    price (see data/README.md).
    """
    table = load_rate_cards()
    names = table["platform"].astype(str).str.strip()
    wanted = {p.strip().casefold() for p in platforms or ()}
    chosen = names.str.casefold().isin(wanted)
    if not chosen.any():
        chosen = pd.Series(True, index=table.index)
    mapped = [_platform_prices(g, scheme) for _, g in table[chosen].groupby("platform")]
    log_lo, log_hi, extrapolated, assumed = (np.array(part) for part in zip(*mapped, strict=True))
    out = pd.DataFrame({"tier": list(scheme.keys)})
    out["price_low"] = np.exp(log_lo.mean(axis=0))
    out["price_high"] = np.maximum(np.exp(log_hi.mean(axis=0)), out["price_low"])  # rounding only
    out["source"] = "; ".join(sorted(table.loc[chosen, "source"].astype(str).unique()))
    out["extrapolated"] = np.any(extrapolated, axis=0)
    out["assumed"] = np.any(assumed, axis=0)
    return out


def rate_card_sources(platforms: Sequence[str] | None = None) -> pd.DataFrame:
    """The published cards behind :func:`default_prices` for ``platforms`` (chosen the same way:
    none of them in the table means all of them), one row per source: ``source``, ``year``,
    ``url``. Whoever shows the prices cites these."""
    table = load_rate_cards()
    names = table["platform"].astype(str).str.strip().str.casefold()
    chosen = names.isin({p.strip().casefold() for p in platforms or ()})
    if chosen.any():
        table = table[chosen.to_numpy()]
    cited = table.drop_duplicates(["source", "url"])[["source", "year", "url"]]
    return cited.reset_index(drop=True)
