"""The same account list in every engine: a Parquet file for DuckDB, a typed table of the test
PostgreSQL server, a view of the test Spark session. The tables are made by the tests' own
writable sessions; the backends under test only read."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from infludash.engine.backends import DuckDB
from infludash.engine.postgres import PostgreSQL
from infludash.engine.spark import Spark

ENGINES = ("duckdb", "postgresql", "spark")


def _postgres_table(connection: str, table: str, frame: pd.DataFrame) -> None:
    import psycopg
    from psycopg import sql

    def kind(column: str) -> str:
        dtype = frame[column].dtype
        if pd.api.types.is_integer_dtype(dtype):
            return "bigint"
        return "double precision" if pd.api.types.is_float_dtype(dtype) else "text"

    columns = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(kind(c))) for c in frame.columns
    )
    names = sql.SQL(", ").join(sql.Identifier(c) for c in frame.columns)
    with psycopg.connect(connection, autocommit=True) as con:
        con.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(table)))
        con.execute(sql.SQL("CREATE TABLE {} ({})").format(sql.Identifier(table), columns))
        copy_statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table), names)
        with con.cursor().copy(copy_statement) as copy:
            for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
                copy.write_row(row)


@contextlib.contextmanager
def loaded(
    kind: str, frame: pd.DataFrame, folder: Path, request: pytest.FixtureRequest, table: str
) -> Iterator[Any]:
    """A backend of ``kind`` whose table ``table`` holds ``frame``."""
    if kind == "duckdb":
        parquet = folder / f"{table}.parquet"
        frame.to_parquet(parquet)
        backend: Any = DuckDB(parquet=[parquet], table=table)
    elif kind == "postgresql":
        connection = request.getfixturevalue("postgres_connection")
        _postgres_table(connection, table, frame)
        backend = PostgreSQL(connection)
    else:
        session = request.getfixturevalue("spark_session")
        parquet = folder / f"{table}-spark.parquet"
        frame.to_parquet(parquet)
        session.read.parquet(str(parquet)).createOrReplaceTempView(table)
        backend = Spark(session=session)
    try:
        yield backend
    finally:
        backend.close()
