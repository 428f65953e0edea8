"""What every page shows: the data, the scheme, the filters, and the one analysis of them.

The analysis (:class:`~infludash.analysis.analysis.Analysis`) computes each number on first use
and keeps it; this module keeps the analyses in bounded per-session caches keyed by their
:class:`~infludash.analysis.analysis.Spec` (what the data *is*, the scheme, the engagement
options, the filters), never by hashing a large frame: a rerun that changes nothing costs a
dictionary look-up. A filter change builds a new analysis that shares the rated accounts of the
unfiltered one, so it copies only the analysis columns of the accounts that pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
import streamlit as st

from infludash.analysis.aggregates import ChartInputs
from infludash.analysis.analysis import Analysis, Flags, Spec
from infludash.analysis.filters import Filters
from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.analysis.summary import EngagementOptions, Summary
from infludash.analysis.tiers import TierScheme
from infludash.base.notes import Note
from infludash.present.i18n import Locale, get_locale
from infludash.read.reader import ReadResult
from infludash.ui.uploads import Upload

__all__ = ["FRAMES_KEPT", "RESULTS_KEPT", "TTL", "URL", "Key", "View", "anomaly_flags"]

#: Widgets bound to the URL: the widget key is the query parameter (a link reopens the view).
URL: Literal["query-params"] = "query-params"

#: Bounds of the per-session caches: entries kept, and how long an idle entry lives.
FRAMES_KEPT = 2  # analyses (each holds up to every account): the current one and the one before
RESULTS_KEPT = 16  # small results (figures' inputs, tables of a few thousand rows)
TTL = "1h"

#: What a cached page result depends on: the analysis's spec (with the language, where words are
#: part of the result).
Key = Spec


@st.cache_resource(max_entries=FRAMES_KEPT, ttl=TTL, show_spinner=False, scope="session")
def _unfiltered(spec: Spec, _result: ReadResult) -> Analysis:
    return Analysis(_result, spec)


@st.cache_resource(max_entries=FRAMES_KEPT, ttl=TTL, show_spinner=False, scope="session")
def _filtered(spec: Spec, _result: ReadResult) -> Analysis:
    return _unfiltered(spec.unfiltered, _result).narrowed(spec.filters)


def analysis_of(result: ReadResult, spec: Spec) -> Analysis:
    """The session's analysis of ``result`` under ``spec`` (``spec.data`` names the result)."""
    if not spec.data:
        raise ValueError("analyses are cached by what their data is: name it in spec.data")
    if not spec.filters.active:
        return _unfiltered(spec, result)
    return _filtered(spec, result)


@dataclass
class View:
    """The data on screen and how it is cut, and the analysis of it. ``data_key`` names the
    data's content (uploads and their settings, or the sample)."""

    result: ReadResult
    data_key: str
    scheme: TierScheme = DEFAULT_SCHEME
    is_sample: bool = True
    errors: list[Note] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)
    options: EngagementOptions = field(default_factory=EngagementOptions)
    loc: Locale = field(default_factory=get_locale)
    filters: Filters = field(default_factory=Filters)
    analysis: Analysis = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.analysis = analysis_of(self.result, self.key)

    @property
    def data_sources(self) -> list[str]:
        """What the data is, as a chart's footnote names it: the files."""
        return [f.source for f in self.result.files]

    @property
    def key(self) -> Spec:
        """What everything on screen depends on."""
        return Spec(self.scheme, self.options, self.filters, self.data_key)

    @property
    def total(self) -> int:
        """How many accounts there are before filtering."""
        return self.analysis.total

    @property
    def numbers(self) -> pd.DataFrame:
        """The accounts that pass the filters, analysis columns only (tier, rate, followers,
        interactions, flags, platform): what statistics and charts read. Do not modify."""
        return self.analysis.numbers.frame

    def rows(self, picked: npt.NDArray[np.intp] | None = None) -> pd.DataFrame:
        """Whole rows of the filtered accounts at positions ``picked`` (0 = the first account
        that passes the filters; None = all of them)."""
        return self.analysis.rows(picked)

    @property
    def shown(self) -> int:
        """How many accounts pass the filters."""
        return self.analysis.shown

    def summarized(self) -> Summary:
        """The summary of the filtered accounts."""
        return self.analysis.summary


def chart_inputs(view: View) -> ChartInputs:
    """Histogram bins, box-plot inputs and platforms of the filtered accounts."""
    return view.analysis.charts


def anomaly_flags(view: View, z_limit: float) -> Flags:
    """The anomaly flags of the filtered accounts at ``z_limit``, in their order."""
    return view.analysis.flags(z_limit)
