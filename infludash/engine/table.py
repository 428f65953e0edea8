"""One table of a source, opened once and shared by every analysis of it (and by every session
of the app): the backend, the mapped columns, and what does not depend on the analyst's settings
(its quality counts, the bases it supports, the values its filters offer), each counted once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from sqlglot import exp

from infludash.analysis.filters import CHOICE_COLUMNS, ordered_choices
from infludash.analysis.tiers import TierScheme
from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.base.schema import AVG_VIEWS
from infludash.engine import sql
from infludash.engine.accounts import kept, present_interactions
from infludash.engine.backends import EngineError
from infludash.engine.codes import SourceError
from infludash.engine.quality import Quality, quality
from infludash.engine.quantiles import quantile_tiers
from infludash.engine.relation import Relation
from infludash.engine.reported import ReportedUnit, reported_unit
from infludash.engine.sources import Source, open_backend
from infludash.read.codes import ColumnWord
from infludash.read.columns import NUMERIC_COLUMNS

__all__ = ["CHOICES_FETCHED", "EngineTable"]

#: Most distinct values of one filter column fetched (the most frequent first): a column with
#: more is no category to pick from a list.
CHOICES_FETCHED = 500

T = TypeVar("T")


def _numbers_only(relation: Relation, types: Mapping[str, str], table: str) -> None:
    """Refuse a table whose followers, interactions, views or rate column holds text: an engine
    reads typed numbers (``"12.4K"`` and ``"3,4 %"`` are for uploads, where the reader parses
    them), and a cast of such text would fail deep in a query."""
    for canonical, column in relation.mapping.items():
        if canonical in NUMERIC_COLUMNS and not sql.is_number_type(types[column]):
            raise InputError(
                Note(
                    SourceError.NOT_NUMBERS,
                    table=repr(table),
                    column=repr(column),
                    kind=types[column],
                    canonical=ColumnWord.of(canonical),
                )
            )


class EngineTable:
    """``source``'s table in its ``backend``, its columns mapped as an upload's would be
    (``overrides``: canonical name -> the table's column, as a deployer configured it;
    ``name``: how messages name the source, by default its address without credentials).
    Thread-safe: each shared part is computed once, whichever session asks first."""

    def __init__(
        self,
        source: Source,
        overrides: Mapping[str, str] | None = None,
        backend: Any = None,
        *,
        name: str | None = None,
    ) -> None:
        self.source = source
        self.name = name or source.shown()  # how messages name it (the app: the label)
        self.backend = backend if backend is not None else open_backend(source, self.name)
        self._lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._parts: dict[str, object] = {}
        try:
            tables = self.backend.tables()
            if source.table not in tables:
                raise InputError(
                    Note(
                        SourceError.NO_TABLE,
                        table=repr(source.table),
                        source=self.name,
                        tables=", ".join(tables) or "none",
                    )
                )
            types = self.backend.column_types(source.table)
            columns = list(types)
            try:
                relation = Relation.of(source.table, columns, overrides)
            except sql.UnsafeStatement:
                raise InputError(
                    Note(
                        SourceError.NO_FOLLOWERS,
                        table=repr(source.table),
                        columns=", ".join(columns),
                    )
                ) from None
            _numbers_only(relation, types, source.table)
            self.relation = present_interactions(self.backend, relation)
            self.keyed = bool(self.backend.keyed(source.table))
        except EngineError as err:
            self.backend.close()
            raise self.failed(err) from None

    def failed(self, err: EngineError) -> InputError:
        """``err`` as the analyst reads it (the source without credentials, the kind of error)."""
        return InputError(Note(SourceError.QUERY_FAILED, source=self.name, reason=str(err)))

    def _once(self, name: str, compute: Callable[[], T]) -> T:
        with self._lock:
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:  # held while computing: a second session waits instead of repeating it
            if name not in self._parts:
                try:
                    self._parts[name] = compute()
                except EngineError as err:
                    raise self.failed(err) from None
            return cast(T, self._parts[name])

    @property
    def quality(self) -> Quality:
        """Rows, exact duplicates and rejected rows by reason."""
        return self._once("quality", lambda: quality(self.backend, self.relation, keyed=self.keyed))

    @property
    def reported(self) -> ReportedUnit:
        """The distinct rows with the unit of the table's own rate decided, and the notes."""

        def compute() -> ReportedUnit:
            distinct = self.relation.deduplicated() if self.quality.duplicates else self.relation
            return reported_unit(self.backend, distinct)

        return self._once("reported", compute)

    @property
    def unique(self) -> Relation:
        """The relation the accounts are read from: its distinct rows when rows repeat, its
        reported rate in percent."""
        return self.reported.relation

    @property
    def bases(self) -> list[str]:
        """The engagement bases the engine computes for this table (as
        :func:`~infludash.analysis.engagement.available_bases`)."""

        def compute() -> list[str]:
            relation = self.unique
            counted: dict[str, exp.Expr] = {}
            if relation.interactions and relation.has(AVG_VIEWS):
                counted["views"] = exp.GT(
                    this=relation.interaction(AVG_VIEWS), expression=sql.double(0.0)
                )
            if relation.reported is not None:
                counted["column"] = exp.Not(
                    this=exp.Is(this=relation.reported_rate(), expression=exp.null())
                )
            found: dict[str, int] = {}
            if counted:
                statement = exp.select(
                    *(sql.count_where(c, name) for name, c in counted.items())
                ).from_(relation.source())
                row = self.backend.rows(statement.where(kept(relation)))[0]
                found = {name: int(n or 0) for name, n in zip(counted, row, strict=True)}
            bases = ["followers"] if relation.interactions else []
            bases += [b for b in ("views", "column") if found.get(b)]
            return [*bases, "benchmark"]

        return self._once("bases", compute)

    @property
    def choices(self) -> dict[str, list[str]]:
        """Per filter column, the values to pick, ordered as an upload's
        (:func:`~infludash.analysis.filters.ordered_choices`)."""
        return self._once("choices", lambda: {c: self._choices_of(c) for c in CHOICE_COLUMNS})

    def _choices_of(self, canonical: str) -> list[str]:
        if not self.relation.has(canonical):
            return []
        value = exp.Coalesce(this=self.unique.text(canonical), expressions=[sql.text("")])
        n = exp.Count(this=exp.Star())
        statement = (
            exp.select(value.as_("v"), n.as_("n"))
            .from_(self.unique.source())
            .group_by(exp.column("v"))
            .order_by(exp.Ordered(this=exp.column("n"), desc=True), exp.column("v"))
            .limit(CHOICES_FETCHED)
        )
        rows = self.backend.rows(statement)
        return ordered_choices([str(v) for v, _ in rows], [int(c) for _, c in rows])

    @property
    def quantile_scheme(self) -> TierScheme:
        """Quantile tiers of every account (an :class:`InputError` with too few)."""
        return self._once("quantiles", lambda: quantile_tiers(self.backend, self.unique))

    def close(self) -> None:
        self.backend.close()
