"""The analysis of a table in an engine: the parts of an
:class:`~infludash.analysis.analysis.Analysis` that a page shows, with the same names and the
same numbers, computed where the table lives. Only aggregates, a page of rows or a seeded
sample ever come back; each part is computed on first use and kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar, cast

import numpy as np
import pandas as pd
from sqlglot import exp

from infludash.analysis.aggregates import ChartInputs
from infludash.analysis.analysis import Spec
from infludash.analysis.filters import Filters
from infludash.analysis.findings import Finding, findings
from infludash.analysis.fits import FitMemo
from infludash.analysis.summary import EngagementOptions, Summary
from infludash.analysis.tiers import TierScheme
from infludash.analysis.trends import Trend, trend
from infludash.base.schema import PLATFORM
from infludash.engine import sql
from infludash.engine.accounts import usable
from infludash.engine.backends import EngineError
from infludash.engine.figures import EngineFigures
from infludash.engine.quality import Quality
from infludash.engine.relation import Relation, Shape
from infludash.engine.rows import PageRows, page_rows, sample_rows
from infludash.engine.summary import resolve_basis, summarized
from infludash.engine.table import EngineTable
from infludash.engine.yields import engine_yields

__all__ = ["PLATFORMS_FETCHED", "EngineAnalysis"]

#: Most platforms listed (each gets a trend): more is no platform column.
PLATFORMS_FETCHED = 50

T = TypeVar("T")


class EngineAnalysis:
    """The analysis of ``table`` under ``spec`` (see the module's docstring). Thread-safe: a
    part asked for by two sessions at once is computed once."""

    in_engine = True

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
            basis = resolve_basis(self.table.relation, self.options.basis)
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
            if not self.relation.has(PLATFORM):
                return ()
            cell = self.relation.raw(PLATFORM)
            statement = (
                exp.select(cell.as_("p"))
                .distinct()
                .from_(self.relation.source())
                .where(
                    sql.and_all(
                        [
                            usable(self.relation, self.shape),
                            exp.Not(this=exp.Is(this=cell, expression=exp.null())),
                        ]
                    )
                )
                .limit(PLATFORMS_FETCHED)
            )
            return tuple(sorted(str(p) for (p,) in self.table.backend.rows(statement)))

        return self._part("platforms", compute)

    @property
    def yields(self) -> pd.DataFrame:
        """The planner's input: quartiles of reach and engagements per post, per tier."""
        return self._part(
            "yields", lambda: engine_yields(self.table.backend, self.relation, self.shape)
        )

    # --- rows: a sample and pages ------------------------------------------------------------

    def sample(self, platform: str | None) -> pd.DataFrame:
        """The seeded sample of accounts (of ``platform``; None: all) the trends are fitted on:
        the same accounts for the same data and settings, on every engine."""
        return self._part(
            f"sample:{platform!r}",
            lambda: sample_rows(self.table.backend, self.relation, self.shape, platform),
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
        relation, shape = self.relation, self.shape
        cell = relation.raw(PLATFORM) if relation.has(PLATFORM) else sql.text("")
        positive = sql.and_all(
            [
                usable(relation, shape),
                exp.GT(this=relation.followers(), expression=sql.double(0.0)),
                exp.GT(this=relation.rate(shape), expression=sql.double(0.0)),
            ]
        )
        statement = (
            exp.select(cell.as_("p"), exp.Count(this=exp.Star()).as_("n"))
            .from_(relation.source())
            .where(positive)
            .group_by(exp.column("p"))
        )
        return {
            (None if p is None else str(p)): int(n) for p, n in self.table.backend.rows(statement)
        }

    @property
    def findings(self) -> list[Finding]:
        """The trade press's claims tested on the filtered accounts."""
        return self._part(
            "findings",
            lambda: findings(self.summary.tiers, self.summary.er_basis, self.trends),
        )

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
