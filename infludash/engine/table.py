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
from infludash.engine.accounts import present_interactions
from infludash.engine.backends import EngineError
from infludash.engine.codes import SourceError
from infludash.engine.quality import Quality, quality
from infludash.engine.quantiles import quantile_tiers
from infludash.engine.relation import Relation
from infludash.engine.sources import Source, open_backend

__all__ = ["CHOICES_FETCHED", "EngineTable"]

#: Most distinct values of one filter column fetched (the most frequent first): a column with
#: more is no category to pick from a list.
CHOICES_FETCHED = 500

T = TypeVar("T")


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
            columns = self.backend.columns(source.table)
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
    def unique(self) -> Relation:
        """The relation the accounts are read from: its distinct rows when rows repeat."""
        return self.relation.deduplicated() if self.quality.duplicates else self.relation

    @property
    def bases(self) -> list[str]:
        """The engagement bases the engine computes for this table (as
        :func:`~infludash.analysis.engagement.available_bases`, without the reported-rate
        column, which is not computed in an engine)."""

        def compute() -> list[str]:
            if not self.relation.interactions:
                return ["benchmark"]
            if not self.relation.has(AVG_VIEWS):
                return ["followers", "benchmark"]
            views = self.relation.interaction(AVG_VIEWS)
            positive = exp.Sum(
                this=exp.Case()
                .when(exp.GT(this=views, expression=sql.double(0.0)), sql.integer(1))
                .else_(sql.integer(0))
            )
            ((n,),) = self.backend.rows(exp.select(positive).from_(self.relation.source()))
            return ["followers", "views", "benchmark"] if n else ["followers", "benchmark"]

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
