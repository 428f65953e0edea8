"""The accounts of an analysis kept between its statements, in embedded DuckDB.

Every figure reads the same accounts (the table's rows that pass the filters, with tier,
followers, interactions and rate); each statement names them as a materialised common table
expression (:func:`~infludash.engine.accounts.over`). Computed anew in each of a dozen
statements, they cost a read of the source each time (0.3 to 0.7 s at 10M rows from Parquet).
Here the first statement that names them stores them in a table of a private database; that
statement and every later one read the stored table instead. Accounts read from a table of at
most :data:`IN_MEMORY_ROWS` rows are kept in memory (1.8 s for 50M accounts; a compressed
file took 4.9 s); larger ones in a compressed file in the backend's own temporary folder
(about 13 bytes an account), read through the system's file cache: held in memory, 200M
accounts would outgrow DuckDB's memory limit and be spilled uncompressed, and every statement
then read them back from disk (8 s for one aggregate, instead of 1.5 s).
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
from pathlib import Path

from sqlglot import exp

from infludash.engine import sql

__all__ = ["IN_MEMORY_ROWS", "SCRATCH", "SCRATCH_FILE", "STAGED_MAX", "Staging"]

#: The catalogue names of the scratch databases: in memory, and a file for large accounts.
SCRATCH = "infludash_scratch"
SCRATCH_FILE = "infludash_scratch_file"
#: Rows of the source table up to which its accounts are kept in memory: about 26 bytes an
#: account, so 1.6 GB of the backend's 2 GB memory limit.
IN_MEMORY_ROWS = 60_000_000
#: Stored accounts kept at once (an overview, a filter, and the Findings page's five schemes).
STAGED_MAX = 8


class Staging:
    """The scratch databases of one DuckDB connection. ``execute`` runs one statement's text
    on a cursor of its own (with the backend's time limit); ``rows_of`` counts a source
    table's rows; ``folder`` is the backend's private temporary folder."""

    def __init__(
        self,
        dialect: str,
        execute: Callable[[str], object],
        rows_of: Callable[[str], int],
        folder: str | Path,
    ) -> None:
        self._dialect = dialect
        self._execute = execute
        self._rows_of = rows_of
        self._file = exp.Literal.string(str(Path(folder) / "scratch.duckdb")).sql(dialect=dialect)
        execute(f"ATTACH ':memory:' AS {SCRATCH} (READ_WRITE)")  # its own, never the source
        self._lock = threading.Lock()
        self._attached_file = False
        self._creating: dict[str, threading.Lock] = {}
        self._kept: OrderedDict[str, str] = OrderedDict()  # name -> its catalogue
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
                    _read_from(cte, names[-1], self._kept[names[-1]])
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
                    catalogue = self._catalogue(query)
                    self._execute(f'CREATE TABLE {catalogue}."{name}" AS {text}')
                    with self._lock:
                        self._kept[name] = catalogue
                with self._lock:
                    self._kept.move_to_end(name)
        except BaseException:
            with self._lock:
                self._reading[name] -= 1
            raise
        return name

    def _catalogue(self, query: exp.Expr) -> str:
        """Where the result of ``query`` is kept: in memory, unless it reads a large table."""
        rows = max((self._rows_of(t.name) for t in query.find_all(exp.Table)), default=0)
        if rows <= IN_MEMORY_ROWS:
            return SCRATCH
        with self._lock:
            if not self._attached_file:
                self._execute(f"ATTACH {self._file} AS {SCRATCH_FILE} (READ_WRITE)")
                self._attached_file = True
        return SCRATCH_FILE

    def _evict(self) -> None:
        """Drop the least recently used tables beyond :data:`STAGED_MAX` that nobody reads
        (called with the lock held)."""
        for name in list(self._kept):
            if len(self._kept) <= STAGED_MAX:
                return
            if self._reading.get(name, 0) == 0:
                catalogue = self._kept.pop(name)  # its creation lock stays: a waiter may hold it
                self._execute(f'DROP TABLE IF EXISTS {catalogue}."{name}"')

    @property
    def stored(self) -> list[str]:
        """The names of the stored tables, least recently used first."""
        with self._lock:
            return list(self._kept)


def _read_from(cte: exp.CTE, name: str, catalogue: str) -> None:
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
                db=exp.to_identifier(catalogue, quoted=True),
                alias=exp.TableAlias(this=exp.to_identifier(table.alias_or_name)),
            )
            table.replace(stored)
    cte.pop()
    if isinstance(with_, exp.With) and not with_.expressions:
        with_.pop()
