"""What every page shows when the data is a configured source: the same settings as an upload's
view, with the analysis computed in the source's engine (:class:`EngineAnalysis`)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import streamlit as st

from infludash.analysis.analysis import Spec
from infludash.analysis.filters import Filters
from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.analysis.summary import EngagementOptions, Summary
from infludash.analysis.tiers import TierScheme
from infludash.base.notes import Note
from infludash.engine.analysis import EngineAnalysis
from infludash.present.i18n import Locale, get_locale
from infludash.ui.engine_sources import Configured, analysis_of

__all__ = ["EngineView", "data_key", "working"]


def data_key(name: str) -> str:
    """What a source's data is, in a cache key (its section name: the deployer's)."""
    return f"source:{name}"


@dataclass
class EngineView:
    """The configured source ``source`` on screen and how it is cut, and its analysis."""

    source: Configured
    scheme: TierScheme = DEFAULT_SCHEME
    options: EngagementOptions = field(default_factory=EngagementOptions)
    loc: Locale = field(default_factory=get_locale)
    filters: Filters = field(default_factory=Filters)
    analysis: EngineAnalysis = field(init=False, repr=False)

    is_sample = False

    def __post_init__(self) -> None:
        self.analysis = analysis_of(self.source.name, self.key)

    @property
    def data_sources(self) -> list[str]:
        """What the data is, as a chart's footnote names it: the source's label."""
        return [self.source.label]

    @property
    def errors(self) -> list[Note]:
        return []

    @property
    def key(self) -> Spec:
        """What everything on screen depends on."""
        return Spec(self.scheme, self.options, self.filters, data_key(self.source.name))

    @property
    def total(self) -> int:
        """How many accounts there are before filtering."""
        return self.analysis.total

    @property
    def shown(self) -> int:
        """How many accounts pass the filters."""
        return self.analysis.shown

    def summarized(self) -> Summary:
        return self.analysis.summary


def working(view: object) -> contextlib.AbstractContextManager[object]:
    """A progress display while an engine computes for ``view`` (nothing for an upload's)."""
    if isinstance(view, EngineView):
        return st.spinner(view.loc.t("sidebar.computing", source=view.source.label), show_time=True)
    return contextlib.nullcontext()
