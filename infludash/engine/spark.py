"""Spark: a local session (``local[N]``) or a Spark Connect server (``sc://host:15002``).

Statements run as Spark SQL; each is a job of its own group, cancelled after the time limit. A
statement's aggregates are computed by Spark's tasks over all partitions (the rank selection
only ever groups and counts), so no tier is ever gathered into one task.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from typing import Any

from sqlglot import exp

from infludash.engine import sql
from infludash.engine.backends import FETCH_ROWS, TIMEOUT_S, EngineError

__all__ = ["Spark"]

_JOBS = itertools.count()


class Spark:
    """The tables and views of one Spark session."""

    dialect = sql.DIALECTS["spark"]

    def __init__(self, master: str = "local[2]", *, session: Any = None) -> None:
        self._owned = session is None
        if session is None:
            from pyspark.sql import SparkSession

            builder = SparkSession.builder.appName("InfluDash")
            if master.startswith("sc://"):
                builder = builder.remote(master)
            else:
                builder = (
                    builder.master(master)
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "8")
                )
            session = builder.getOrCreate()
        self._spark = session
        self._remote = master.startswith("sc://")
        #: The job groups of the latest statements (a local session's status tracker tells how
        #: many tasks each ran: the operator's view of the parallelism).
        self.recent_groups: deque[str] = deque(maxlen=64)

    @property
    def session(self) -> Any:
        return self._spark

    def tables(self) -> list[str]:
        return sorted(str(t.name) for t in self._spark.catalog.listTables())

    def columns(self, table: str) -> list[str]:
        return list(self.column_types(table))

    def column_types(self, table: str) -> dict[str, str]:
        """``table``'s columns, in order, with their types as Spark names them."""
        if table not in self.tables():
            raise EngineError(f"no table {table!r}")
        return {str(c.name): str(c.dataType) for c in self._spark.catalog.listColumns(table)}

    def keyed(self, table: str) -> bool:
        """Whether ``table`` has a primary key or a unique constraint: then no row can repeat
        another exactly, and the exact-duplicate count (a pass over every column) is not run.
        Spark tables declare no keys that it enforces: always False."""
        return False

    def rows(self, statement: exp.Expr) -> list[tuple[Any, ...]]:
        """The rows of ``statement`` (at most :data:`FETCH_ROWS`), cancelled after
        :data:`TIMEOUT_S`."""
        text = sql.render(statement, self.dialect)
        group = f"infludash-{next(_JOBS)}"
        cancel = self._canceller(group)
        timer = threading.Timer(TIMEOUT_S, cancel)
        timer.start()
        try:
            if not self._remote:
                self._spark.sparkContext.setJobGroup(group, "InfluDash", interruptOnCancel=True)
                self.recent_groups.append(group)
            found = self._spark.sql(text).limit(FETCH_ROWS + 1).collect()
        except Exception as err:  # Spark's own error, without the statement's text
            raise EngineError(type(err).__name__) from err
        finally:
            timer.cancel()
        if len(found) > FETCH_ROWS:
            raise EngineError(f"more than {FETCH_ROWS:,} rows")
        return [tuple(row) for row in found]

    def _canceller(self, group: str) -> Any:
        if self._remote:
            return self._spark.interruptAll
        return lambda: self._spark.sparkContext.cancelJobGroup(group)

    def close(self) -> None:
        """Stop a session made here; leave one passed in to its owner."""
        if self._owned:
            self._spark.stop()
