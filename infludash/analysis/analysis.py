"""One analysis of one data set: every number the screens, the report and the command line show,
computed on first use and kept, each once.

An :class:`Analysis` is built from a :class:`~infludash.read.reader.ReadResult` and a
:class:`Spec` (tier scheme, engagement options, filters, and what the data is). It rates and tiers
every account, narrows them down with the filters, and from the accounts that pass computes the
tier summary, the chart aggregates, the trends, the anomaly flags, the findings and the planner's
yields, when first asked. A part asked for by two threads at once is computed once (the command
line fits the trends on a second core while the summary is computed).

Statistics need numbers, not text: the filters copy only the analysis columns of the accounts
that pass (:attr:`Analysis.numbers`); whole rows, with handles, file names and links, are taken
only for the rows a table shows or a download writes (:meth:`Analysis.rows`), and not kept.
Nothing here is process-global: what an analysis keeps goes when it goes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from typing import TypeVar, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.analysis.aggregates import ChartInputs, chart_inputs, platforms_of
from infludash.analysis.annotated import Annotated, analysis_columns
from infludash.analysis.anomalies import flag_anomalies
from infludash.analysis.filters import Filters, filter_mask
from infludash.analysis.findings import Finding, SchemeStory, findings, sensitivity
from infludash.analysis.fits import FitMemo, Groups, platform_groups
from infludash.analysis.planner import tier_yields
from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.analysis.summary import EngagementOptions, Summary, annotate, summarize
from infludash.analysis.tiers import TierScheme
from infludash.analysis.trends import Trend, fit_trends
from infludash.base.schema import ER_PCT, FOLLOWERS, HIDDEN_LIKES, PLATFORM
from infludash.read.reader import ReadResult

__all__ = ["FLAGS_KEPT", "FLAG_COLUMNS", "Analysis", "Flags", "Selection", "Spec"]

#: The columns :func:`~infludash.analysis.anomalies.flag_anomalies` reads: the flags are computed
#: on these alone, so the copy it makes of its input is small.
FLAG_COLUMNS = (FOLLOWERS, ER_PCT, HIDDEN_LIKES, PLATFORM)
#: Anomaly flags kept per analysis (one per z limit asked for): each holds two values per account.
FLAGS_KEPT = 2

T = TypeVar("T")


@dataclass(frozen=True)
class Spec:
    """What an analysis computes: the tier scheme, the engagement options, the filters, and
    ``data``, what the data is (a content key: the uploads with their settings, or the sample;
    "" when only the caller knows). Frozen and hashable, so it is the key of a cache of
    analyses."""

    scheme: TierScheme = DEFAULT_SCHEME
    options: EngagementOptions = field(default_factory=EngagementOptions)
    filters: Filters = field(default_factory=Filters)
    data: str = ""

    @property
    def unfiltered(self) -> Spec:
        """The same analysis before the filters (whose rated accounts every filter shares)."""
        return replace(self, filters=Filters())


@dataclass(frozen=True)
class Selection:
    """The accounts that pass the filters: their ``positions`` among all accounts (None = every
    one) and their analysis columns (``numbers``)."""

    positions: npt.NDArray[np.intp] | None
    numbers: Annotated


@dataclass(frozen=True)
class Flags:
    """Anomaly flags of the filtered accounts, in their order: robust z and code ("" = none)."""

    z: npt.NDArray[np.float64]
    code: npt.NDArray[np.object_]


class Analysis:
    """The analysis of ``result`` under ``spec`` (see the module's docstring). ``everyone``: the
    same accounts already rated under the same scheme and options (an analysis with other
    filters shares them). Do not modify anything it returns: later callers get the same
    objects."""

    def __init__(
        self, result: ReadResult, spec: Spec | None = None, *, everyone: Annotated | None = None
    ) -> None:
        self.result = result
        self.spec = spec or Spec()
        self.fits = FitMemo()
        self._parts: dict[str, Future[object]] = {}
        self._flags: OrderedDict[float, Flags] = OrderedDict()
        self._lock = threading.Lock()
        if everyone is not None:
            self._settle("everyone", everyone)

    # --- keeping each part once ------------------------------------------------------------

    def _settle(self, name: str, value: object) -> None:
        done: Future[object] = Future()
        done.set_result(value)
        self._parts[name] = done

    def _part(self, name: str, compute: Callable[[], T]) -> T:
        """The part ``name``, computed by ``compute`` the first time it is asked for."""
        with self._lock:
            pending = self._parts.get(name)
            if pending is None:
                mine: Future[object] = Future()
                self._parts[name] = mine
        if pending is not None:
            return cast(T, pending.result())
        try:
            value = compute()
        except BaseException as err:  # never leave a waiting thread hanging
            with self._lock:
                self._parts.pop(name, None)
            mine.set_exception(err)
            raise
        mine.set_result(value)
        return value

    # --- the accounts ----------------------------------------------------------------------

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
    def total(self) -> int:
        """How many accounts there are before filtering."""
        return len(self.result.accounts)

    @property
    def everyone(self) -> Annotated:
        """Every account, tiered and rated (before the filters)."""
        return self._part(
            "everyone", lambda: annotate(self.result.accounts, self.scheme, self.options)
        )

    def narrowed(self, filters: Filters) -> Analysis:
        """The same data, scheme and options under ``filters``, sharing the rated accounts."""
        return Analysis(self.result, replace(self.spec, filters=filters), everyone=self.everyone)

    def _select(self) -> Selection:
        everyone = self.everyone
        numbers = everyone.numbers()
        mask = filter_mask(everyone.frame, self.filters)
        if mask.all():
            return Selection(None, numbers)
        return Selection(np.flatnonzero(mask), numbers.where(mask))

    @property
    def selection(self) -> Selection:
        return self._part("selection", self._select)

    @property
    def numbers(self) -> Annotated:
        """The accounts that pass the filters, analysis columns only (tier, rate, followers,
        interactions, flags, platform): what statistics and charts read."""
        return self.selection.numbers

    @property
    def shown(self) -> int:
        """How many accounts pass the filters."""
        return len(self.numbers)

    def rows(self, picked: npt.NDArray[np.intp] | None = None) -> pd.DataFrame:
        """Whole rows of the filtered accounts at positions ``picked`` (0 = the first account
        that passes the filters; None = all of them), with tier and rate. Taken on each call:
        a table or a download needs them once."""
        positions = self.selection.positions
        if positions is not None:
            picked = positions if picked is None else positions[picked]
        return self.everyone.take(picked).frame

    @property
    def accounts(self) -> pd.DataFrame:
        """The filtered accounts as read (before tiering and rating), without free text: what
        rating them again under another scheme needs."""

        def compute() -> pd.DataFrame:
            accounts = self.result.accounts
            numbers = accounts[analysis_columns(accounts)]
            positions = self.selection.positions
            return numbers if positions is None else numbers.take(positions)

        return self._part("accounts", compute)

    # --- what is computed from them --------------------------------------------------------

    @property
    def summary(self) -> Summary:
        """The tier summary of the filtered accounts."""
        return self._part(
            "summary", lambda: summarize(self.result, annotated=self.numbers, options=self.options)
        )

    @property
    def charts(self) -> ChartInputs:
        """Histogram bins, box-plot inputs and platforms of the filtered accounts."""
        return self._part("charts", lambda: chart_inputs(self.numbers.frame, self.scheme))

    @property
    def groups(self) -> Groups:
        """Each filtered account's platform as a code, and the platforms (trends and flags)."""
        return self._part("groups", lambda: platform_groups(self.numbers.frame))

    @property
    def trends(self) -> list[Trend]:
        """The log–log trend of all filtered accounts, then one per platform; none when the
        rates are benchmark estimates (they are not measurements)."""

        def compute() -> list[Trend]:
            if self.everyone.estimated:
                return []
            return fit_trends(self.numbers.frame, self.groups, self.fits)

        return self._part("trends", compute)

    def flags(self, z_limit: float) -> Flags:
        """The anomaly flags of the filtered accounts at ``z_limit``, in their order (the last
        :data:`FLAGS_KEPT` limits asked for are kept)."""
        z_limit = float(z_limit)
        with self._lock:
            kept = self._flags.get(z_limit)
            if kept is not None:
                self._flags.move_to_end(z_limit)
                return kept
        numbers = self.numbers
        flagged = flag_anomalies(numbers.columns(FLAG_COLUMNS), z_limit, self.groups, self.fits)
        flags = Flags(
            z=flagged["anomaly_z"].to_numpy(dtype="float64"),
            code=flagged["anomaly"].to_numpy(dtype=object),
        )
        with self._lock:
            self._flags[z_limit] = flags
            while len(self._flags) > FLAGS_KEPT:
                self._flags.popitem(last=False)
        return flags

    @property
    def findings(self) -> list[Finding]:
        """The trade press's claims tested on the filtered accounts, as verdicts with numbers."""
        return self._part(
            "findings",
            lambda: findings(self.summary.tiers, self.summary.er_basis, self.trends),
        )

    @property
    def sensitivity(self) -> list[SchemeStory]:
        """What the tier medians say under every preset scheme (see
        :func:`~infludash.analysis.findings.sensitivity`)."""

        def compute() -> list[SchemeStory]:
            numbers = self.numbers
            accounts = self.accounts if numbers.estimated else None
            return sensitivity(numbers, self.options, accounts)

        return self._part("sensitivity", compute)

    @property
    def yields(self) -> pd.DataFrame:
        """The planner's input: quartiles of reach and engagements per post, per tier."""
        return self._part("yields", lambda: tier_yields(self.numbers))

    @property
    def platforms(self) -> tuple[str, ...]:
        """The platforms among the filtered accounts, sorted."""
        return self._part("platforms", lambda: platforms_of(self.numbers.frame))
