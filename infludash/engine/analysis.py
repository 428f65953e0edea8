"""The analysis of a table in an engine: the parts of an
:class:`~infludash.analysis.analysis.Analysis` that a page shows, with the same names and the
same numbers, computed where the table lives. Only aggregates, a page of rows or a seeded
sample ever come back; each part is computed on first use and kept.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TypeVar, cast

import numpy as np
import pandas as pd

from infludash.analysis.aggregates import ChartInputs
from infludash.analysis.analysis import Spec
from infludash.analysis.engagement import resolved_basis
from infludash.analysis.filters import Filters
from infludash.analysis.findings import Finding, SchemeStory, findings, scheme_story
from infludash.analysis.fits import MAX_FIT_POINTS, FitMemo
from infludash.analysis.presets import SCHEMES
from infludash.analysis.summary import EngagementOptions, Summary
from infludash.analysis.tiers import TierScheme
from infludash.analysis.trends import Trend, trend
from infludash.base.errors import InputError
from infludash.engine.backends import EngineError
from infludash.engine.figures import EngineFigures, engine_tiers
from infludash.engine.flag_rows import flagged_page
from infludash.engine.flags import EngineFlags, engine_flags
from infludash.engine.groups import platforms_of, rated_per_platform
from infludash.engine.quality import Quality
from infludash.engine.quantiles import quantile_tiers
from infludash.engine.relation import Relation, Shape
from infludash.engine.rows import PageRows, page_rows, sample_rows
from infludash.engine.sources import Source
from infludash.engine.summary import summarized
from infludash.engine.table import EngineTable
from infludash.engine.yields import engine_yields

__all__ = ["SAMPLE_ALL", "EngineAnalysis", "summarize_source"]

#: Accounts of the sample of all platforms: as many as the scatter plot draws (its trend is
#: fitted on a seeded :data:`MAX_FIT_POINTS` of them, as an upload's).
SAMPLE_ALL = 3_000

T = TypeVar("T")


class EngineAnalysis:
    """The analysis of ``table`` under ``spec`` (see the module's docstring). Thread-safe: a
    part asked for by two sessions at once is computed once."""

    def __init__(self, table: EngineTable, spec: Spec) -> None:
        self.table = table
        self.spec = spec
        self.fits = FitMemo()
        self._parts: dict[str, object] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def _part(self, name: str, compute: Callable[[], T]) -> T:
        with self._lock:
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:
            if name not in self._parts:
                try:
                    self._parts[name] = compute()
                except EngineError as err:
                    raise self.table.failed(err) from None
            return cast(T, self._parts[name])

    # --- what is asked -----------------------------------------------------------------------

    @property
    def scheme(self) -> TierScheme:
        return self.spec.scheme

    @property
    def options(self) -> EngagementOptions:
        return self.spec.options

    @property
    def filters(self) -> Filters:
        return self.spec.filters

    @property
    def relation(self) -> Relation:
        return self.table.unique

    @property
    def quality(self) -> Quality:
        """Rows, exact duplicates and rejected rows by reason, counted in the engine."""
        return self._part("quality", lambda: self.table.quality)

    @property
    def shape(self) -> Shape:
        """Tiers, the basis the engine computes (``auto`` resolved), floor and filters."""

        def compute() -> Shape:
            basis = resolved_basis(self.options.basis, self.table.bases)
            return Shape(self.scheme, basis, self.options.min_followers, self.filters)

        return self._part("shape", compute)

    # --- aggregates --------------------------------------------------------------------------

    def _figures(self) -> tuple[Summary, EngineFigures]:
        return self._part(
            "figures",
            lambda: summarized(
                self.table.backend,
                self.relation,
                self.shape,
                self.options,
                keyed=self.table.keyed,
                counted=self.quality,
                reported=self.table.reported,
            ),
        )

    @property
    def total(self) -> int:
        """How many accounts there are before filtering."""
        return self.quality.accounts

    @property
    def summary(self) -> Summary:
        return self._figures()[0]

    @property
    def shown(self) -> int:
        """How many accounts pass the filters."""
        return self._figures()[1].accounts

    @property
    def charts(self) -> ChartInputs:
        return replace(self._figures()[1].charts, platforms=self.platforms)

    @property
    def platforms(self) -> tuple[str, ...]:
        """The platforms among the filtered accounts, sorted."""

        def compute() -> tuple[str, ...]:
            return platforms_of(self.table.backend, self.relation, self.shape)

        return self._part("platforms", compute)

    @property
    def yields(self) -> pd.DataFrame:
        """The planner's input: quartiles of reach and engagements per post, per tier."""
        return self._part(
            "yields", lambda: engine_yields(self.table.backend, self.relation, self.shape)
        )

    # --- rows: a sample and pages ------------------------------------------------------------

    def sample(self, platform: str | None) -> pd.DataFrame:
        """The seeded sample of accounts (of ``platform``; None: all, as many as the scatter
        plot draws) the trends are fitted on and the scatter draws: the same accounts for the
        same data and settings, on every engine."""
        size = MAX_FIT_POINTS if platform is not None else max(MAX_FIT_POINTS, SAMPLE_ALL)
        return self._part(
            f"sample:{platform!r}",
            lambda: sample_rows(self.table.backend, self.relation, self.shape, platform, size=size),
        )

    @property
    def trends(self) -> list[Trend]:
        """The log–log trend of all filtered accounts, then one per platform, each fitted in
        Python on its seeded sample (:meth:`sample`)."""

        def compute() -> list[Trend]:
            rated = self._rated()
            out = []
            for platform in (None, *self.platforms):
                frame = self.sample(platform)
                fitted = trend(frame, platform or "all", np.ones(len(frame), dtype=bool), self.fits)
                if fitted is not None:
                    total = sum(rated.values()) if platform is None else rated.get(platform, 0)
                    out.append(replace(fitted, total=total))
            return out

        return self._part("trends", compute)

    def _rated(self) -> dict[str | None, int]:
        """Per platform, the filtered accounts with a positive rate and followers (a trend's
        ``total``: its sample is drawn from them)."""
        return rated_per_platform(self.table.backend, self.relation, self.shape)

    @property
    def findings(self) -> list[Finding]:
        """The trade press's claims tested on the filtered accounts."""
        return self._part(
            "findings",
            lambda: findings(self.summary.tiers, self.summary.er_basis, self.trends),
        )

    @property
    def sensitivity(self) -> list[SchemeStory]:
        """What the tier medians say under every preset scheme and the quantile tiers of the
        filtered accounts (as :func:`~infludash.analysis.findings.sensitivity`)."""

        def compute() -> list[SchemeStory]:
            backend, relation, shape = self.table.backend, self.relation, self.shape
            schemes = [*SCHEMES.values()]
            with contextlib.suppress(InputError):  # too few accounts for quantile tiers
                schemes.append(quantile_tiers(backend, relation, filters=self.filters))
            stories = []
            for scheme in schemes:
                tiers = engine_tiers(backend, relation, replace(shape, scheme=scheme), self.options)
                stories.append(scheme_story(scheme, tiers, shape.basis))
            return stories

        return self._part("sensitivity", compute)

    def _fit_of(self, name: str) -> tuple[float, float] | None:
        """The line of platform group ``name`` ("": no platform): its trend's fit on its
        seeded sample."""
        frame = self.sample(name)
        fitted = trend(frame, name, np.ones(len(frame), dtype=bool), self.fits)
        return None if fitted is None else (fitted.slope, fitted.intercept)

    def flags(self, z_limit: float) -> EngineFlags:
        """The anomaly flags of the filtered accounts at ``z_limit``: counts per flag and what
        scored them (the flagged accounts come a page at a time: :meth:`flagged_page`)."""
        z_limit = float(z_limit)
        return self._part(
            f"flags:{z_limit!r}",
            lambda: engine_flags(
                self.table.backend, self.relation, self.shape, self._fit_of, z_limit
            ),
        )

    def flagged_page(self, z_limit: float, *, number: int, size: int) -> PageRows:
        """Page ``number`` of ``size`` flagged accounts, furthest from the line first."""
        flags = self.flags(z_limit)
        try:
            return flagged_page(
                self.table.backend, self.relation, self.shape, flags, number=number, size=size
            )
        except EngineError as err:
            raise self.table.failed(err) from None

    def page(
        self, tier: int | None, sort: str, descending: bool, number: int, size: int
    ) -> PageRows:
        """Page ``number`` of ``size`` accounts (of tier index ``tier``; None: all) in the
        engine's order by ``sort``."""
        total = self.shown
        if tier is not None:
            total = int(self.summary.tiers["accounts"].iloc[tier])
        try:  # not kept here: the page on screen is cached by the app
            return page_rows(
                self.table.backend,
                self.relation,
                self.shape,
                tier=tier,
                sort=sort,
                descending=descending,
                number=number,
                size=size,
                total=total,
            )
        except EngineError as err:
            raise self.table.failed(err) from None


def summarize_source(
    source: Source,
    scheme: TierScheme | None,
    options: EngagementOptions,
    filters: Filters | None = None,
    overrides: Mapping[str, str] | None = None,
) -> Summary:
    """Open ``source``, map its table's columns as an upload's, and summarise it there
    (``scheme`` None: quantile tiers of its own followers): the command line's summary."""
    table = EngineTable(source, overrides)
    try:
        scheme = scheme or table.quantile_scheme
        return EngineAnalysis(table, Spec(scheme, options, filters or Filters())).summary
    finally:
        table.close()
