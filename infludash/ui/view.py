"""What every page shows: the data, the scheme, the filters, and what is computed from them.

Heavy work (tiering and rating every account, the filter mask, the summary) is done once per
(data, scheme, engagement options, filters) and kept in bounded per-session caches. They are keyed
by what the data *is* (the upload digests with their mapping and sheet, or the sample) plus the
settings, never by hashing a large frame: a rerun that changes nothing heavy costs a dictionary
look-up. Frames are cached as objects (``st.cache_resource``, no copy per rerun) and must not be
changed in place; small results (the summary, chart inputs) are cached as data.

Statistics need numbers, not text: a filter change copies only the analysis columns of the
accounts that pass (:attr:`View.numbers`); whole rows, with handles, file names and links, are
taken only for the rows a table shows (:meth:`View.rows`) or a download writes.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
import streamlit as st

from infludash.analysis.anomalies import flag_anomalies
from infludash.analysis.filters import Filters, filter_mask
from infludash.analysis.summary import EngagementOptions, Summary, annotate, summarize
from infludash.analysis.tiers import DEFAULT_SCHEME, TierScheme
from infludash.base.notes import Note
from infludash.present.figure_box import TierRates, tier_rates
from infludash.present.figures import follower_bins
from infludash.present.i18n import Locale, get_locale
from infludash.read.reader import ReadResult
from infludash.ui.loaders import Upload

#: Widgets bound to the URL: the widget key is the query parameter (a link reopens the view).
URL: Literal["query-params"] = "query-params"

#: Bounds of the per-session caches: entries kept, and how long an idle entry lives.
FRAMES_KEPT = 2  # whole frames (up to every account): the current view and the one before
RESULTS_KEPT = 16  # small results (summaries, chart inputs, tables of a few thousand rows)
TTL = "1h"

Key = tuple[object, ...]


def scheme_key(scheme: TierScheme) -> Key:
    """What tiering depends on: edges, keys, labels (the labels name the tiers in the frame)."""
    return (scheme.name, tuple(scheme.edges), tuple(scheme.keys), tuple(scheme.labels))


#: Text columns that statistics may still need (flags and findings group by platform).
KEPT_TEXT = ("platform",)


def analysis_columns(annotated: pd.DataFrame) -> list[str]:
    """Every column but free text (handles, file names, links, categories): numbers, flags, the
    tier, and the platform."""
    return [
        str(c)
        for c, dtype in annotated.dtypes.items()
        if c in KEPT_TEXT
        or isinstance(dtype, pd.CategoricalDtype)
        or not pd.api.types.is_string_dtype(dtype)
    ]


@dataclass(frozen=True)
class Selection:
    """The accounts that pass the filters: their ``positions`` among all accounts (None = every
    one) and their analysis columns (``numbers``, see :func:`analysis_columns`)."""

    positions: npt.NDArray[np.intp] | None
    numbers: pd.DataFrame


def _select(everyone: pd.DataFrame, filters: Filters) -> Selection:
    numbers = everyone[analysis_columns(everyone)]
    numbers.attrs = dict(everyone.attrs)
    mask = filter_mask(everyone, filters)
    if mask.all():
        return Selection(None, numbers)
    shown = numbers[mask]
    shown.attrs = dict(everyone.attrs)
    return Selection(np.flatnonzero(mask), shown)


@st.cache_resource(max_entries=FRAMES_KEPT, ttl=TTL, show_spinner=False, scope="session")
def _everyone(
    key: Key, _accounts: pd.DataFrame, _scheme: TierScheme, _options: EngagementOptions
) -> pd.DataFrame:
    return annotate(_accounts, _scheme, _options)


@st.cache_resource(max_entries=FRAMES_KEPT, ttl=TTL, show_spinner=False, scope="session")
def _selection(key: Key, _everyone: pd.DataFrame, _filters: Filters) -> Selection:
    return _select(_everyone, _filters)


def _take(frame: pd.DataFrame, positions: npt.NDArray[np.intp] | None) -> pd.DataFrame:
    """Rows at ``positions`` (all when None), keeping ``attrs`` (the basis and its notes)."""
    if positions is None:
        return frame
    taken = frame.take(positions)
    taken.attrs = dict(frame.attrs)
    return taken


def whole_rows(
    everyone: pd.DataFrame,
    positions: npt.NDArray[np.intp] | None,
    picked: npt.NDArray[np.intp] | None,
) -> pd.DataFrame:
    """Rows of ``everyone`` for the filtered accounts at ``picked`` (positions among those that
    pass the filters, whose own positions are ``positions``; None = all). Streamlit-free, so a
    download can build its file when clicked."""
    if positions is not None:
        picked = positions if picked is None else positions[picked]
    return _take(everyone, picked)


@st.cache_resource(max_entries=1, ttl=TTL, show_spinner=False, scope="session")
def _annotated(key: Key, _everyone: pd.DataFrame, _selected: Selection) -> pd.DataFrame:
    return _take(_everyone, _selected.positions)


@st.cache_data(max_entries=RESULTS_KEPT, ttl=TTL, show_spinner=False, scope="session")
def _summary(
    key: Key,
    _result: ReadResult,
    _shown: pd.DataFrame,
    _scheme: TierScheme,
    _options: EngagementOptions,
) -> Summary:
    return summarize(_result, _scheme, annotated=_shown, options=_options)


@dataclass
class View:
    """The data on screen and how it is cut. ``data_key`` names the data's content (uploads and
    their settings, or the sample); ``total`` is how many accounts there are before filtering.
    The annotated and filtered accounts and the summary are computed on first use and cached
    under :attr:`key`."""

    result: ReadResult
    scheme: TierScheme = DEFAULT_SCHEME
    is_sample: bool = True
    errors: list[Note] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)
    options: EngagementOptions = field(default_factory=EngagementOptions)
    loc: Locale = field(default_factory=get_locale)
    filters: Filters = field(default_factory=Filters)
    data_key: str = ""
    total: int = field(init=False, default=0)
    summary: Summary | None = field(init=False, default=None)
    _selected: Selection | None = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        self.total = len(self.result.accounts)

    @property
    def analysis_key(self) -> Key:
        """What the annotated accounts depend on: the data, the scheme, the engagement options."""
        return (self.data_key, scheme_key(self.scheme), astuple(self.options))

    @property
    def key(self) -> Key:
        """What everything on screen depends on: :attr:`analysis_key` and the filters."""
        return (*self.analysis_key, astuple(self.filters))

    @property
    def cached(self) -> bool:
        """Results are cached only for data with a content key (a View built by hand is not)."""
        return bool(self.data_key)

    @property
    def everyone(self) -> pd.DataFrame:
        """Every account, tiered and rated (before the filters)."""
        if not self.cached:
            return annotate(self.result.accounts, self.scheme, self.options)
        return _everyone(self.analysis_key, self.result.accounts, self.scheme, self.options)

    @property
    def selection(self) -> Selection:
        if self._selected is None:
            if self.cached:
                self._selected = _selection(self.key, self.everyone, self.filters)
            else:
                self._selected = _select(self.everyone, self.filters)
        return self._selected

    @property
    def numbers(self) -> pd.DataFrame:
        """The accounts that pass the filters, analysis columns only (tier, rate, followers,
        interactions, flags, platform): what statistics and charts read. Do not modify."""
        return self.selection.numbers

    @property
    def annotated(self) -> pd.DataFrame:
        """The accounts that pass the filters, whole rows, with tier and engagement rate. Taking
        every text column of every row is the slow part of filtering: prefer :attr:`numbers`,
        or :meth:`rows` for the rows a table shows. Do not modify."""
        if not self.cached:
            return _take(self.everyone, self.selection.positions)
        return _annotated(self.key, self.everyone, self.selection)

    def rows(self, picked: npt.NDArray[np.intp] | None = None) -> pd.DataFrame:
        """Whole rows of the filtered accounts at positions ``picked`` (0 = the first account
        that passes the filters; None = all of them)."""
        if picked is None:
            return self.annotated
        return whole_rows(self.everyone, self.selection.positions, picked)

    @property
    def shown(self) -> int:
        """How many accounts pass the filters."""
        return len(self.numbers)

    @property
    def accounts(self) -> pd.DataFrame:
        """The filtered accounts as read (before tiering and rating), without free text: what
        re-tiering elsewhere needs (the comparison of tier schemes)."""
        accounts = self.result.accounts
        return _take(accounts[analysis_columns(accounts)], self.selection.positions)

    def summarized(self) -> Summary:
        """The summary of the filtered accounts (computed on first use, cached by :attr:`key`)."""
        if self.summary is None:
            if self.cached:
                self.summary = _summary(
                    self.key, self.result, self.numbers, self.scheme, self.options
                )
            else:
                self.summary = summarize(
                    self.result, self.scheme, annotated=self.numbers, options=self.options
                )
        return self.summary


@dataclass(frozen=True)
class ChartInputs:
    """What the Overview's charts and overlay need of the filtered accounts: aggregates only."""

    bins: pd.DataFrame  # follower histogram bins (figures.follower_bins)
    rates: list[TierRates]  # per tier: quartiles and whiskers, or the few rates themselves
    platforms: tuple[str, ...]  # platforms present


def platforms_of(annotated: pd.DataFrame) -> tuple[str, ...]:
    """The platforms present, sorted (distinct values, not a Python set over every account)."""
    if "platform" not in annotated:
        return ()
    values = annotated["platform"].dropna().astype("string").unique()
    return tuple(sorted(str(v) for v in values))


def _inputs_of(shown: pd.DataFrame, scheme: TierScheme) -> ChartInputs:
    return ChartInputs(
        bins=follower_bins(shown["followers"], scheme),
        rates=tier_rates(shown, len(scheme.keys)),
        platforms=platforms_of(shown),
    )


@st.cache_data(max_entries=RESULTS_KEPT, ttl=TTL, show_spinner=False, scope="session")
def _chart_inputs(key: Key, _shown: pd.DataFrame, _scheme: TierScheme) -> ChartInputs:
    return _inputs_of(_shown, _scheme)


def chart_inputs(view: View) -> ChartInputs:
    """Histogram bins, box-plot inputs and platforms of the filtered accounts (cached)."""
    if view.cached:
        return _chart_inputs(view.key, view.numbers, view.scheme)
    return _inputs_of(view.numbers, view.scheme)


#: The columns :func:`infludash.analysis.anomalies.flag_anomalies` reads; the flags are computed on
#: these
#: alone, so the copy it makes of its input is small.
FLAG_COLUMNS = ("followers", "er_pct", "hidden_likes", "platform")


@dataclass(frozen=True)
class Flags:
    """Anomaly flags of the filtered accounts, in their order: robust z and code ("" = none)."""

    z: npt.NDArray[np.float64]
    code: npt.NDArray[np.object_]


def _flags_of(shown: pd.DataFrame, z_limit: float) -> Flags:
    flagged = flag_anomalies(shown[[c for c in FLAG_COLUMNS if c in shown]], z_limit=z_limit)
    return Flags(
        z=flagged["anomaly_z"].to_numpy(dtype="float64"),
        code=flagged["anomaly"].to_numpy(dtype=object),
    )


@st.cache_resource(max_entries=FRAMES_KEPT, ttl=TTL, show_spinner=False, scope="session")
def _flags(key: Key, z_limit: float, _shown: pd.DataFrame) -> Flags:
    return _flags_of(_shown, z_limit)


def anomaly_flags(view: View, z_limit: float) -> Flags:
    """The anomaly flags of the filtered accounts at ``z_limit``, in their order (cached per view
    and limit)."""
    if view.cached:
        return _flags(view.key, float(z_limit), view.numbers)
    return _flags_of(view.numbers, float(z_limit))
