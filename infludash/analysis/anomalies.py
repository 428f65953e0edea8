"""Accounts whose engagement is far off what their size predicts, flagged for a closer look.

Per platform, each account's residual from the robust log–log fit of engagement rate on followers
is scored with a robust z (median and MAD, so the outliers themselves do not widen the scale).
Far below the line: unusually low engagement for its size (possible bought followers); far
above: unusually high (possible engagement pods or bought likes). Placeholder values (likes of
-1, hidden by the platform) are flagged separately and kept out of the fit. A flag is a reason to
look, not a verdict. Flags are short codes; their wording lives in the language catalogue
(``anomaly.<code>``).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.analysis.fits import FitMemo, Groups, platform_groups, theil_sen
from infludash.base.schema import ER_PCT, FOLLOWERS, HIDDEN_LIKES

__all__ = [
    "CODES",
    "DEFAULT_Z",
    "HIDDEN",
    "HIGH",
    "LOW",
    "MAD_TO_SD",
    "MIN_FIT",
    "ZERO",
    "flag_anomalies",
    "furthest_first",
]

DEFAULT_Z = 3.5
LOW = "low"
HIGH = "high"
HIDDEN = "hidden_likes"
ZERO = "no_engagement"
CODES: tuple[str, ...] = (LOW, HIGH, ZERO, HIDDEN)
_CATEGORIES = ["", *CODES]
_FLAG_TYPE = pd.CategoricalDtype(_CATEGORIES)
MAD_TO_SD = 1.4826
MIN_FIT = 20  # accounts a platform needs for a fit and its flags


def flag_anomalies(
    annotated: pd.DataFrame,
    z_limit: float = DEFAULT_Z,
    groups: Groups | None = None,
    memo: FitMemo | None = None,
) -> pd.DataFrame:
    """``annotated`` with ``anomaly_z`` (robust z of the log residual) and ``anomaly`` (a code
    from :data:`CODES`, or "" when nothing stands out). ``groups``:
    :func:`~infludash.analysis.fits.platform_groups` of the same accounts, when the caller has
    them; ``memo``: where the fits of these accounts are kept (the trends fit the same)."""
    out = annotated.copy(deep=False)  # copy-on-write: the caller's frame is never changed
    followers = out[FOLLOWERS].to_numpy(dtype="float64")
    er = out[ER_PCT].to_numpy(dtype="float64")
    hidden = (
        out[HIDDEN_LIKES].to_numpy(dtype=bool)
        if HIDDEN_LIKES in out
        else np.zeros(len(out), dtype=bool)
    )
    usable = (followers > 0) & (er > 0) & np.isfinite(er) & ~hidden
    # One code per platform; missing and empty platforms are one group.
    codes, names = platform_groups(out) if groups is None else groups
    z = np.full(len(out), np.nan)
    for group in range(len(names)):
        members = usable & (codes == group)
        if members.sum() < MIN_FIT:
            continue
        x, y = np.log10(followers[members]), np.log10(er[members])
        fit = theil_sen(x, y, memo=memo)
        if fit is None:
            continue
        slope, _, _, intercept, _ = fit
        residual = y - (intercept + slope * x)
        centre = np.median(residual)
        scale = MAD_TO_SD * np.median(np.abs(residual - centre))
        if scale > 0:
            z[members] = (residual - centre) / scale
    flags = np.zeros(len(out), dtype=np.int8)  # positions in _CATEGORIES
    flags[z < -z_limit] = _CATEGORIES.index(LOW)
    flags[z > z_limit] = _CATEGORIES.index(HIGH)
    flags[(er == 0) & (followers > 0)] = _CATEGORIES.index(ZERO)  # log fits cannot hold 0
    flags[hidden] = _CATEGORIES.index(HIDDEN)
    out["anomaly_z"] = z
    # A categorical of the codes: counting and comparing a million flags stays cheap.
    out["anomaly"] = pd.Categorical.from_codes(flags, dtype=_FLAG_TYPE)
    return out


def furthest_first(
    z: npt.NDArray[np.float64], code: npt.NDArray[np.object_]
) -> npt.NDArray[np.intp]:
    """Positions of the flagged accounts (``code`` not ""), furthest from the line first (by
    ``|z|``); those without a z (no engagement, hidden likes: flagged on their own) come last,
    in their order. Every table of flags that shows only some of them shows these first."""
    picked = np.flatnonzero(code != "")
    far = np.abs(z[picked])
    far[np.isnan(far)] = -np.inf
    return picked[np.argsort(-far, kind="stable")]
