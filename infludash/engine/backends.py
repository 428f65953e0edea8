"""Running statements on an engine: one connection per source, a cursor per query, a time limit
and a row cap on every fetch, and nothing that writes.

DuckDB is embedded (no server): a database file is opened read-only, and Parquet files or
folders are read through a view in a private in-memory database, so the files themselves are
never written.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlglot import exp

from infludash.engine import sql
from infludash.engine.staging import Staging

__all__ = ["FETCH_ROWS", "MEMORY_LIMIT", "TIMEOUT_S", "DuckDB", "EngineError"]

#: Most rows one statement may return (aggregates are a few hundred; a page of accounts, a
#: thousand; a window of values for a rank, tens of thousands).
FETCH_ROWS = 200_000
#: Longest a statement may run, in seconds.
TIMEOUT_S = 300.0
#: The name under which Parquet files are seen (unless told otherwise).
PARQUET_TABLE = "accounts"
#: Memory embedded DuckDB may hold before it spills to disk (its own default is 80% of the
#: machine's; the exact-duplicate count over 50M rows took 5.4 GB without a limit, 2.1 GB with
#: this one, in the same time).
MEMORY_LIMIT = "2GB"


class EngineError(RuntimeError):
    """A statement failed, ran too long or returned too much. Its text is only the kind of
    the driver's error (or the row cap): the driver's own message may repeat credentials or
    the statement."""


def _parquet_view(files: Sequence[str | Path], table: str) -> exp.Create:
    """The view over the Parquet files: DDL of the private in-memory database (the one
    statement outside :func:`~infludash.engine.sql.render`'s list, as it names a table
    function), built as a tree like every other."""
    reader = exp.Anonymous(
        this="read_parquet",
        expressions=[exp.Array(expressions=[exp.Literal.string(str(f)) for f in files])],
    )
    return exp.Create(
        this=exp.Table(this=exp.to_identifier(table, quoted=True)),
        kind="VIEW",
        expression=exp.select(exp.Star()).from_(reader),
    )


class DuckDB:
    """An embedded DuckDB: a database file (read-only) or Parquet files behind a view."""

    dialect = sql.DIALECTS["duckdb"]
    #: DuckDB's hash of a row's values (:func:`~infludash.engine.quality.duplicates`).
    row_hash = "hash"

    def __init__(
        self,
        database: str | Path | None = None,
        parquet: Sequence[str | Path] = (),
        *,
        table: str = PARQUET_TABLE,
        memory_limit: str | None = MEMORY_LIMIT,
        threads: int | None = None,
    ) -> None:
        import duckdb

        # Spilled data goes to a private folder, removed on close: never next to the source
        # (DuckDB's default for a database file) nor into the working folder (for Parquet).
        self._spill = tempfile.mkdtemp(prefix="infludash-duckdb-")
        config: dict[str, str | bool | int | float | list[str]] = {"temp_directory": self._spill}
        if memory_limit:
            config["memory_limit"] = memory_limit
        if threads:
            config["threads"] = threads
        self._users, self._file = 1, ""
        try:
            if database is not None:
                self._con = duckdb.connect(str(database), read_only=True, config=config)
            else:
                self._con = duckdb.connect(":memory:", config=config)
                if parquet:
                    self._con.execute(_parquet_view(parquet, table).sql(dialect=self.dialect))
            self._counted: dict[str, int] = {}
            self._staging = Staging(self.dialect, self._run, self._rows_of, self._spill)
        except Exception:
            shutil.rmtree(self._spill, ignore_errors=True)
            raise

    def tables(self) -> list[str]:
        """The source's tables and views (not the scratch database's)."""
        rows = self._con.cursor().execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_catalog = current_database() ORDER BY table_name"
        )
        return [str(r[0]) for r in rows.fetchall()]

    def columns(self, table: str) -> list[str]:
        return list(self.column_types(table))

    def column_types(self, table: str) -> dict[str, str]:
        """``table``'s columns, in order, with their types as the engine names them."""
        if table not in self.tables():
            raise EngineError(f"no table {table!r}")
        cursor = self._con.cursor()
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
            "AND table_catalog = current_database() ORDER BY ordinal_position",
            [table],
        )
        return {str(name): str(kind) for name, kind in cursor.fetchall()}

    def keyed(self, table: str) -> bool:
        """Whether ``table`` has a primary key or a unique constraint: then no row can repeat
        another exactly, and the exact-duplicate count (a pass over every column) is not run."""
        cursor = self._con.cursor()
        cursor.execute(
            "SELECT count(*) FROM information_schema.table_constraints WHERE table_name = ? "
            "AND table_catalog = current_database() "
            "AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')",
            [table],
        )
        return bool(cursor.fetchall()[0][0])

    def _rows_of(self, table: str) -> int:
        """The rows of the source's ``table`` (0 for a name that is none of its tables), once."""
        if table not in self._counted:
            known = table in self.tables()
            count = exp.select(exp.Count(this=exp.Star())).from_(
                exp.Table(this=exp.to_identifier(table, quoted=True))
            )
            self._counted[table] = (
                int(self._run(count.sql(self.dialect), fetch=True)[0][0]) if known else 0
            )
        return self._counted[table]

    def rows(self, statement: exp.Expr) -> list[tuple[Any, ...]]:
        """The rows of ``statement`` (at most :data:`FETCH_ROWS`), stopped after
        :data:`TIMEOUT_S`; its accounts are computed once and kept
        (:mod:`~infludash.engine.staging`)."""
        sql.render(statement, self.dialect)  # refused before anything runs
        with self._staging.staged(statement) as reading:
            return self._run(sql.render(reading, self.dialect), fetch=True)

    def _run(self, text: str, *, fetch: bool = False) -> list[tuple[Any, ...]]:
        """Run ``text`` on a cursor of its own (sessions share the connection safely)."""
        cursor = self._con.cursor()
        timer = threading.Timer(TIMEOUT_S, cursor.interrupt)
        timer.start()
        try:
            cursor.execute(text)
            rows = cursor.fetchmany(FETCH_ROWS + 1) if fetch else []
        except Exception as err:  # the engine's own error, without the statement's text
            raise EngineError(type(err).__name__) from err
        finally:
            timer.cancel()
            cursor.close()
        if len(rows) > FETCH_ROWS:
            raise EngineError(f"more than {FETCH_ROWS:,} rows")
        return rows

    @classmethod
    def of_file(cls, path: str | Path) -> DuckDB:
        """The process's one backend of the database file at ``path``, shared by every source
        that reads one of its tables: DuckDB refuses a second connection to a file it has open
        with another configuration (each backend has its own spill folder). The file is closed
        when its last user closes it."""
        key = str(Path(path).resolve())
        with _FILES_LOCK:
            found = _FILES.get(key)
            if found is None:
                found = cls(database=key)
                found._file = key
                _FILES[key] = found
            else:
                found._users += 1
            return found

    def close(self) -> None:
        with _FILES_LOCK:
            self._users -= 1
            if self._users > 0:
                return
            if self._file:
                _FILES.pop(self._file, None)
        self._con.close()
        shutil.rmtree(self._spill, ignore_errors=True)


#: The database files open in this process, by resolved path (:meth:`DuckDB.of_file`).
_FILES: dict[str, DuckDB] = {}
_FILES_LOCK = threading.Lock()
