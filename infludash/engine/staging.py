"""The accounts of an analysis kept between its statements, in embedded DuckDB.

Every figure reads the same accounts (the table's rows that pass the filters, with tier,
followers, interactions and rate); each statement names them as a materialised common table
expression (:func:`~infludash.engine.accounts.over`). Computed anew in each of a dozen
statements, they cost a read of the source each time (0.3 to 0.7 s at 10M rows from Parquet).
Here the first statement that names them stores them in a table of a private in-memory
database (held under DuckDB's memory limit, the excess spilled to the backend's own temporary
folder; 1.4 s for 50M accounts, where a compressed file took 4.9 s); that statement and every
later one read the stored table instead.
The stored table is the common table expression's own result, so every figure is unchanged.

Tables are named by a hash of the expression's text, so the same accounts under the same
settings are stored once whichever session asks; the :data:`STAGED_MAX` most recently used are
kept, and a table a statement is reading is never dropped under it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlglot import exp

from infludash.engine import sql

__all__ = ["SCRATCH", "STAGED_MAX", "Staging"]

#: The catalogue name of the scratch database.
SCRATCH = "infludash_scratch"
#: Stored accounts kept at once (an overview, a filter, and the Findings page's five schemes).
STAGED_MAX = 8


class Staging:
    """The scratch database of one DuckDB connection. ``execute`` runs one statement's text
    on a cursor of its own (with the backend's time limit)."""

    def __init__(self, dialect: str, execute: Callable[[str], object]) -> None:
        self._dialect = dialect
        self._execute = execute
        execute(
            f"ATTACH ':memory:' AS {SCRATCH} (READ_WRITE)"
        )  # a database of its own, never the source
        self._lock = threading.Lock()
        self._creating: dict[str, threading.Lock] = {}
        self._kept: OrderedDict[str, None] = OrderedDict()
        self._reading: dict[str, int] = {}

    @contextmanager
    def staged(self, statement: exp.Expr) -> Iterator[exp.Expr]:
        """``statement`` reading stored tables instead of its materialised expressions
        (stored first where new), none of them dropped until the caller is done."""
        statement = statement.copy()
        names: list[str] = []
        try:
            for cte in list(statement.find_all(exp.CTE)):
                if cte.args.get("materialized"):
                    names.append(self._store(cte.this))
                    _read_from(cte, names[-1])
            yield statement
        finally:
            with self._lock:
                for name in names:
                    self._reading[name] -= 1
                self._evict()

    def _store(self, query: exp.Expr) -> str:
        """The name of the stored result of ``query`` (stored now if it is not yet), counted
        as being read."""
        text = sql.render(query, self._dialect)
        name = "a_" + hashlib.sha256(text.encode()).hexdigest()[:24]
        with self._lock:
            self._reading[name] = self._reading.get(name, 0) + 1
            creating = self._creating.setdefault(name, threading.Lock())
        try:
            with creating:  # a second session asking for the same accounts waits for them
                with self._lock:
                    known = name in self._kept
                if not known:
                    target = f'{SCRATCH}."{name}"'
                    self._execute(f"CREATE TABLE {target} AS {text}")
                with self._lock:
                    self._kept[name] = None
                    self._kept.move_to_end(name)
        except BaseException:
            with self._lock:
                self._reading[name] -= 1
            raise
        return name

    def _evict(self) -> None:
        """Drop the least recently used tables beyond :data:`STAGED_MAX` that nobody reads
        (called with the lock held)."""
        for name in list(self._kept):
            if len(self._kept) <= STAGED_MAX:
                return
            if self._reading.get(name, 0) == 0:
                del self._kept[name]  # its creation lock stays: a waiter may hold it
                self._execute(f'DROP TABLE IF EXISTS {SCRATCH}."{name}"')

    @property
    def stored(self) -> list[str]:
        """The names of the stored tables, least recently used first."""
        with self._lock:
            return list(self._kept)


def _read_from(cte: exp.CTE, name: str) -> None:
    """Point every reference to ``cte`` at the stored table ``name`` and drop the expression:
    a common table expression read more than once is materialised by DuckDB (a copy of the
    whole table), the table itself is only scanned."""
    alias = cte.alias_or_name
    with_ = cte.parent
    scope = with_.parent if with_ is not None else None
    if scope is None:
        raise ValueError("a common table expression outside a statement")
    for table in list(scope.find_all(exp.Table)):
        if table.name == alias and not table.args.get("db") and not table.args.get("catalog"):
            stored = exp.Table(
                this=exp.to_identifier(name, quoted=True),
                db=exp.to_identifier(SCRATCH, quoted=True),
                alias=exp.TableAlias(this=exp.to_identifier(table.alias_or_name)),
            )
            table.replace(stored)
    cte.pop()
    if isinstance(with_, exp.With) and not with_.expressions:
        with_.pop()
