"""A table in an engine seen as the accounts: its columns mapped to the canonical ones with the
same alias table and overrides as an upload, and the analysis columns (tier, interactions per
post, engagement rate) as expressions that compute, value for value, what the in-memory path
computes.

The arithmetic is the in-memory path's, operation for operation, in double precision: the
interactions are added left to right in the order of
:data:`~infludash.read.columns.INTERACTION_COLUMNS`, the rate is ``engagements / followers *
100``. IEEE 754 rounds each of these operations the same way in every engine, so the rates are
the same doubles, not merely close ones.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from sqlglot import exp

from infludash.analysis.filters import MISSING, Filters
from infludash.analysis.tiers import TierScheme
from infludash.base.schema import (
    AVG_ENGAGEMENTS,
    AVG_LIKES,
    AVG_VIEWS,
    CATEGORY,
    COUNTRY,
    FOLLOWERS,
    HANDLE,
    PLATFORM,
    SOURCE,
)
from infludash.engine import sql
from infludash.engine.estimates import estimated_rate
from infludash.read.columns import INTERACTION_COLUMNS, RATE_COLUMN, map_columns
from infludash.read.missing import MISSING_MARKERS
from infludash.read.values import PLATFORM_SPELLINGS

__all__ = ["BASES", "LARGEST", "Relation", "Shape", "Steps"]


def _null_double() -> exp.Expr:
    return exp.Cast(this=exp.null(), to=exp.DataType.build("double"))


#: The bases the engine computes rates on.
BASES = ("followers", "views", "column", "benchmark")
#: The largest double: a rate above it (infinite, NaN) is none.
LARGEST = sys.float_info.max
#: Arithmetic that puts a reported rate in percent: ``("*", 100.0)`` and the like, in order.
Steps = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Shape:
    """What the analysis asks of a relation: tiers, engagement basis, floor and filters."""

    scheme: TierScheme
    basis: str = "followers"
    min_followers: float = 0.0
    filters: Filters = field(default_factory=Filters)


@dataclass(frozen=True)
class Relation:
    """``table`` (an identifier the backend checked) with ``columns`` (its real column names)
    mapped to canonical names by ``mapping`` (canonical -> real)."""

    table: str
    columns: tuple[str, ...]
    mapping: Mapping[str, str]
    present: frozenset[str] = frozenset()  # canonical interaction columns with any value
    distinct: bool = False  # read the distinct rows only (the table repeats rows exactly)
    reported: Steps | None = None  # the reported rate's unit (None: no rate is read)

    @classmethod
    def of(
        cls,
        table: str,
        columns: Sequence[str],
        overrides: Mapping[str, str] | None = None,
    ) -> Relation:
        """The relation of ``table``; its headers are mapped as an upload's would be."""
        mapped = map_columns(columns, overrides)
        if FOLLOWERS not in mapped.columns:
            raise sql.UnsafeStatement("the table has no follower column")
        return cls(table, tuple(columns), dict(mapped.columns))

    def with_present(self, present: frozenset[str]) -> Relation:
        return replace(self, present=present)

    # --- canonical columns ------------------------------------------------------------------

    def has(self, canonical: str) -> bool:
        return canonical in self.mapping

    def raw(self, canonical: str) -> exp.Column:
        """The table's own column for ``canonical``."""
        return sql.column(self.mapping[canonical], self.columns)

    def number(self, canonical: str) -> exp.Expr:
        return exp.Cast(this=self.raw(canonical), to=exp.DataType.build("double"))

    def text(self, canonical: str) -> exp.Expr:
        """A text column as the reader keeps it: trimmed, empty as missing (NULL), a platform in
        the reader's one spelling (``ig``, `` Instagram`` -> Instagram)."""
        trimmed = exp.Trim(this=exp.Cast(this=self.raw(canonical), to=exp.DataType.build("text")))
        case = exp.Case().when(
            exp.EQ(this=trimmed, expression=sql.text("")),
            exp.Cast(this=exp.null(), to=exp.DataType.build("text")),
        )
        if canonical == PLATFORM:
            folded = exp.Lower(this=trimmed)
            spellings: dict[str, list[str]] = {}
            for spelled, name in PLATFORM_SPELLINGS.items():
                spellings.setdefault(name, []).append(spelled)
            for name, spelled_as in spellings.items():
                aliases = [sql.text(a) for a in spelled_as]
                case = case.when(exp.In(this=folded, expressions=aliases), sql.text(name))
        return case.else_(trimmed)

    def platform_group(self) -> exp.Expr:
        """The platform as the in-memory groups read it (trends, flags): a missing one is "",
        one group with the empty ones."""
        if not self.has(PLATFORM):
            return sql.text("")
        return exp.Coalesce(this=self.text(PLATFORM), expressions=[sql.text("")])

    def table_itself(self) -> exp.Table:
        return exp.Table(this=exp.to_identifier(self.table, quoted=True))

    def source(self) -> exp.Expr:
        """What the accounts are read from: the table, or its distinct rows when it repeats
        rows exactly (an upload keeps the first of such rows too)."""
        if not self.distinct:
            return self.table_itself()
        rows = exp.select(exp.Star()).distinct().from_(self.table_itself())
        return rows.subquery("distinct_rows")

    def deduplicated(self) -> Relation:
        return replace(self, distinct=True)

    @property
    def interactions(self) -> list[str]:
        """The interaction columns the analysis adds: present and not entirely empty."""
        return [c for c in INTERACTION_COLUMNS if c in self.mapping and c in self.present]

    def followers(self) -> exp.Expr:
        """Followers as a double; NULL where the count is unusable (missing or negative), as the
        in-memory path never sees such a row (it is rejected there)."""
        return self.number(FOLLOWERS)

    def interaction(self, canonical: str) -> exp.Expr:
        """An interaction count as the reader keeps it: a negative value (-1, the platforms'
        "hidden", or any other) is no value."""
        value = self.number(canonical)
        usable = exp.GTE(this=value, expression=sql.double(0.0))
        return exp.Case().when(usable, value).else_(_null_double())

    def hidden_likes(self) -> exp.Expr:
        """True where the likes are hidden by the platform (-1 in the table)."""
        return exp.EQ(this=self.number(AVG_LIKES), expression=sql.double(-1.0))

    def reported_rate(self) -> exp.Expr:
        """The table's own engagement rate in percent (:mod:`~infludash.engine.reported` decides
        the unit); NULL where it is none: missing, below zero, infinite or NaN."""
        value = raw = self.number(RATE_COLUMN)
        for op, k in self.reported or ():
            kind = exp.Mul if op == "*" else exp.Div
            value = kind(this=exp.Paren(this=value), expression=sql.double(k))
        valid = exp.and_(
            exp.GTE(this=raw.copy(), expression=sql.double(0.0)),
            exp.LTE(this=raw.copy(), expression=sql.double(LARGEST)),
        )
        return exp.Case().when(valid, value).else_(_null_double())

    def engagements(self) -> exp.Expr:
        """Interactions per post, as :func:`~infludash.read.rates.engagements_per_post`; none
        where the likes are hidden (the sum of the others would understate the account)."""
        columns = self.interactions
        parts = [c for c in columns if c != AVG_ENGAGEMENTS]
        if not columns:
            return _null_double()
        zero = sql.double(0.0)
        total: exp.Expr | None = None
        for name in parts:
            term = exp.Coalesce(this=self.interaction(name), expressions=[zero])
            total = term if total is None else exp.Add(this=total, expression=term)
        reported = sql.either(
            [exp.Not(this=exp.Is(this=self.interaction(c), expression=exp.null())) for c in parts]
        )
        case = exp.Case()
        if AVG_LIKES in columns:
            case = case.when(self.hidden_likes(), _null_double())
        if total is not None:
            case = case.when(reported, total)
        if AVG_ENGAGEMENTS in columns:
            own = self.interaction(AVG_ENGAGEMENTS)
            case = case.when(exp.Not(this=exp.Is(this=own, expression=exp.null())), own)
        return case.else_(_null_double())

    def rate(self, shape: Shape) -> exp.Expr:
        """The engagement rate in percent on ``shape.basis``: NULL where the in-memory path has
        NaN (no interactions, a zero or missing denominator, under the follower floor); on the
        benchmark basis, the platform's published figure for the tier; on the column basis, the
        table's own rate."""
        if shape.basis not in BASES:
            raise ValueError(f"basis {shape.basis!r} is not computed in an engine")
        if shape.basis in ("benchmark", "column"):
            given = (
                estimated_rate(self, shape.scheme)
                if shape.basis == "benchmark"
                else self.reported_rate()
            )
            if shape.min_followers <= 0:
                return given
            floor = exp.GTE(this=self.followers(), expression=sql.double(shape.min_followers))
            return exp.Case().when(floor, given).else_(_null_double())
        denominator = (
            self.followers() if shape.basis == "followers" else self.interaction(AVG_VIEWS)
        )
        engagements = self.engagements()
        usable = [
            exp.GT(this=denominator, expression=sql.double(0.0)),
            exp.Not(this=exp.Is(this=engagements, expression=exp.null())),
        ]
        if shape.min_followers > 0:
            usable.append(
                exp.GTE(this=self.followers(), expression=sql.double(shape.min_followers))
            )
        # Trees are rendered as built, without parentheses of their own: they are explicit.
        ratio = exp.Mul(
            this=exp.Paren(this=exp.Div(this=engagements, expression=denominator)),
            expression=sql.double(100.0),
        )
        return exp.Case().when(sql.and_all(usable), ratio).else_(_null_double())

    def tier(self, scheme: TierScheme) -> exp.Expr:
        """The tier index, as :func:`~infludash.analysis.tiers.assign_tiers`: the number of edges
        at or below the count; -1 without a usable count."""
        followers = self.followers()
        case = exp.Case().when(
            exp.or_(
                exp.Is(this=followers, expression=exp.null()),
                exp.LT(this=followers, expression=sql.double(0.0)),
            ),
            sql.integer(-1),
        )
        for index in range(len(scheme.edges), 0, -1):
            edge = sql.double(scheme.edges[index - 1])
            case = case.when(exp.GTE(this=followers, expression=edge), sql.integer(index))
        return case.else_(sql.integer(0))

    # --- the filters ------------------------------------------------------------------------

    def keep(self, shape: Shape) -> exp.Expr:
        """The filters as one condition, as :func:`~infludash.analysis.filters.filter_mask`."""
        filters = shape.filters
        parts: list[exp.Expr] = []
        for canonical, wanted in (
            (PLATFORM, filters.platform),
            (CATEGORY, filters.category),
            (COUNTRY, filters.country),
            (SOURCE, filters.source),
        ):
            if wanted and self.has(canonical):
                parts.append(self._picked(canonical, wanted))
        parts += sql.in_range(self.followers(), filters.followers_min, filters.followers_max)
        if filters.er_restricted:
            parts += sql.in_range(self.rate(shape), filters.er_min, filters.er_max)
        needle = filters.handle.strip()
        if needle and self.has(HANDLE):
            found = exp.StrPosition(
                this=exp.Lower(this=self.raw(HANDLE)), substr=exp.Lower(this=sql.text(needle))
            )
            parts.append(
                exp.GT(
                    this=exp.Coalesce(this=found, expressions=[sql.integer(0)]),
                    expression=sql.integer(0),
                )
            )
        return sql.and_all(parts)

    def _picked(self, canonical: str, wanted: Sequence[str]) -> exp.Expr:
        cell = self.text(canonical)
        values = [v for v in wanted if v != MISSING]
        parts: list[exp.Expr] = []
        if values:
            parts.append(exp.In(this=cell, expressions=[sql.text(v) for v in values]))
        if MISSING in wanted:
            # Missing as the in-memory filter reads it: no value, or a text meaning none.
            markers = [sql.text(m) for m in sorted(MISSING_MARKERS | {""})]
            spelled = exp.In(this=exp.Lower(this=cell), expressions=markers)
            parts += [exp.Is(this=cell, expression=exp.null()), spelled]
        return exp.Paren(this=sql.either(parts))
