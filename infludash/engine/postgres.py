"""PostgreSQL: a small pool of read-only sessions, each statement under a time limit.

Every session is opened with ``default_transaction_read_only`` and a ``statement_timeout``, so
even a statement the builder never makes could not write or run away; the deployer should
still grant the app a role that can only read (see the README). The connection string holds the
credentials: it is kept here and never shown, logged or put in a message.
"""

from __future__ import annotations

import queue
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlglot import exp

from infludash.engine import sql
from infludash.engine.backends import FETCH_ROWS, TIMEOUT_S, EngineError

__all__ = ["PostgreSQL"]

#: Sessions kept open (two analysts' queries at once, and one more).
POOL = 3


class PostgreSQL:
    """Tables of one PostgreSQL database (``schema``, default ``public``)."""

    dialect = sql.DIALECTS["postgresql"]

    def __init__(self, conninfo: str, *, schema: str = "public", pool: int = POOL) -> None:
        import psycopg

        self._psycopg = psycopg
        self._conninfo = conninfo
        self.schema = schema
        self._idle: queue.LifoQueue[Any] = queue.LifoQueue()
        self._size = pool
        self._open = 0
        with self._session():
            pass  # connect now: a wrong address is said when the source is opened

    def _connect(self) -> Any:
        options = (
            f"-c default_transaction_read_only=on -c statement_timeout={int(TIMEOUT_S * 1000)}"
        )
        try:
            return self._psycopg.connect(self._conninfo, options=options, autocommit=True)
        except self._psycopg.Error as err:  # its text may repeat the connection string
            raise EngineError(type(err).__name__) from None

    @contextmanager
    def _session(self) -> Iterator[Any]:
        try:
            connection = self._idle.get_nowait()
        except queue.Empty:
            if self._open < self._size:
                self._open += 1
                connection = self._connect()
            else:
                connection = self._idle.get(timeout=TIMEOUT_S)
        try:
            yield connection
        except BaseException:
            connection.close()
            self._open -= 1
            raise
        else:
            self._idle.put(connection)

    def _query(self, text: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        with self._session() as connection:
            try:
                with connection.cursor() as cursor:
                    # Without parameters, no placeholders: a % in a literal stays a %.
                    cursor.execute(text, params or None)
                    rows = cursor.fetchmany(FETCH_ROWS + 1)
            except self._psycopg.Error as err:
                raise EngineError(type(err).__name__) from err
        if len(rows) > FETCH_ROWS:
            raise EngineError(f"more than {FETCH_ROWS:,} rows")
        return rows

    def tables(self) -> list[str]:
        rows = self._query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "ORDER BY table_name",
            (self.schema,),
        )
        return [str(r[0]) for r in rows]

    def columns(self, table: str) -> list[str]:
        return list(self.column_types(table))

    def column_types(self, table: str) -> dict[str, str]:
        """``table``'s columns, in order, with their types as the server names them."""
        if table not in self.tables():
            raise EngineError(f"no table {table!r}")
        rows = self._query(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
            (self.schema, table),
        )
        return {str(name): str(kind) for name, kind in rows}

    def keyed(self, table: str) -> bool:
        """Whether ``table`` has a primary key or a unique constraint: then no row can repeat
        another exactly, and the exact-duplicate count (a pass over every column) is not run."""
        rows = self._query(
            "SELECT count(*) FROM information_schema.table_constraints "
            "WHERE table_schema = %s AND table_name = %s "
            "AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')",
            (self.schema, table),
        )
        return bool(rows[0][0])

    def rows(self, statement: exp.Expr) -> list[tuple[Any, ...]]:
        """The rows of ``statement`` (at most :data:`FETCH_ROWS`)."""
        return self._query(sql.render(statement, self.dialect))

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return
