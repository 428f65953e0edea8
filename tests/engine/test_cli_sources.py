"""``summarize`` on Parquet files and on database tables: the same table and JSON numbers as the
same accounts uploaded as CSV, and errors that say what to do without repeating a password."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import psycopg
import pytest

from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.analysis.summary import EngagementOptions
from infludash.engine import sources
from infludash.engine.analysis import summarize_source
from infludash.engine.sources import source_of
from tests.engine.loading import _postgres_table
from tests.fixtures import ROOT
from tests.support.accounts import accounts_frame

SECRET = "s3cret-Pa55"


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "infludash", "summarize", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli-sources")
    frame = accounts_frame(8_000, seed=31)
    paths = {"csv": folder / "a.csv", "parquet": folder / "a.parquet", "db": folder / "lake.db"}
    frame.to_csv(paths["csv"], index=False)
    frame.iloc[:5_000].to_parquet(folder / "part1.parquet")
    frame.iloc[5_000:].to_parquet(folder / "part2.parquet")
    frame.to_parquet(paths["parquet"])
    parts = folder / "parts"
    parts.mkdir()
    (folder / "part1.parquet").rename(parts / "part1.parquet")
    (folder / "part2.parquet").rename(parts / "part2.parquet")
    paths["parts"] = parts
    con = duckdb.connect(str(paths["db"]))
    con.register("frame", frame)
    con.execute("CREATE TABLE accounts AS SELECT * FROM frame")
    con.close()
    return paths


def _table(run: subprocess.CompletedProcess[str]) -> str:
    assert run.returncode == 0, run.stderr
    return run.stdout.split("\n\n")[0]  # the headline and the tier table


def test_parquet_and_duckdb_print_the_upload_table(lists: dict[str, Path]) -> None:
    uploaded = _table(cli(lists["csv"]))
    assert "8,000 rows read" in uploaded
    assert _table(cli(lists["parquet"])) == uploaded
    assert _table(cli(lists["parts"])) == uploaded  # a folder of Parquet files
    assert _table(cli("--source", f"duckdb:///{lists['db']}", "--table", "accounts")) == uploaded
    quantile = _table(cli("--tiers", "quantile", lists["csv"]))
    assert _table(cli("--tiers", "quantile", lists["parquet"])) == quantile


def test_json_numbers_are_the_uploads(lists: dict[str, Path]) -> None:
    uploaded = json.loads(cli(lists["csv"], "--json").stdout)
    engine = json.loads(cli(lists["parquet"], "--json").stdout)
    assert engine["tiers"] == uploaded["tiers"]
    for key in ("rows_read", "accounts", "rejected", "duplicates", "median_er_pct"):
        assert engine[key] == uploaded[key], key


def test_postgresql_table_by_connection_string(
    lists: dict[str, Path], postgres_connection: str
) -> None:
    _postgres_table(postgres_connection, "creators", accounts_frame(8_000, seed=31))
    uploaded = _table(cli(lists["csv"]))
    assert _table(cli("--source", postgres_connection, "--table", "creators")) == uploaded


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--source", "duckdb:///lake.db"], "name the table to read with --table"),
        (["--source", f"mysql://bob:{SECRET}@db.example/crm", "--table", "t"], "not a source"),
        (
            ["--source", f"postgresql://bob:{SECRET}@127.0.0.1:1/crm", "--table", "t"],
            "cannot open it",
        ),
        ([], "give account lists"),
    ],
)
def test_source_errors_say_what_to_do_and_keep_the_password(args: list[str], said: str) -> None:
    run = cli(*args)
    assert run.returncode == 2
    assert said in run.stderr
    assert SECRET not in run.stderr + run.stdout
    assert "Traceback" not in run.stderr


def test_a_missing_table_lists_the_tables(lists: dict[str, Path]) -> None:
    run = cli("--source", f"duckdb:///{lists['db']}", "--table", "nope")
    assert run.returncode == 2
    assert "has no table 'nope'; its tables: accounts" in run.stderr


def test_a_keyed_table_skips_the_duplicate_pass(tmp_path: Path, postgres_connection: str) -> None:
    """A primary key means no row repeats another: the summary says 0 duplicates without the
    pass over every column, on DuckDB and PostgreSQL; an unkeyed table still gets the pass."""
    frame = accounts_frame(3_000, seed=4)
    db = tmp_path / "keyed.db"
    con = duckdb.connect(str(db))
    con.register("frame", frame)
    con.execute(
        "CREATE TABLE keyed (account_handle TEXT PRIMARY KEY, network TEXT, followers BIGINT, "
        "avg_likes BIGINT, avg_comments BIGINT)"
    )
    con.execute("INSERT INTO keyed SELECT * FROM frame")
    con.execute(
        "CREATE TABLE loose AS SELECT * FROM frame UNION ALL SELECT * FROM frame LIMIT 3100"
    )
    con.close()
    with psycopg.connect(postgres_connection, autocommit=True) as pg:
        pg.execute("DROP TABLE IF EXISTS keyed")
        pg.execute(
            "CREATE TABLE keyed (account_handle text PRIMARY KEY, followers bigint, "
            "avg_likes bigint)"
        )
        with pg.cursor().copy("COPY keyed FROM STDIN") as copy:
            for row in frame[["account_handle", "followers", "avg_likes"]].itertuples(index=False):
                copy.write_row(tuple(row))
    backends: list[list[str]] = []
    real = sources.open_backend

    def watched(source: object, shown: object = None) -> object:
        backend = real(source, shown)  # type: ignore[arg-type]
        statements: list[str] = []
        rows = backend.rows

        def counting(statement: object) -> object:
            statements.append(str(statement))
            return rows(statement)

        backend.rows = counting
        backends.append(statements)
        return backend

    options = EngagementOptions()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("infludash.engine.table.open_backend", watched)
        keyed = summarize_source(source_of(f"duckdb:///{db}", "keyed"), DEFAULT_SCHEME, options)
        loose = summarize_source(source_of(f"duckdb:///{db}", "loose"), DEFAULT_SCHEME, options)
        pg_keyed = summarize_source(
            source_of(postgres_connection, "keyed"), DEFAULT_SCHEME, options
        )
    assert (keyed.rows_read, keyed.duplicates, keyed.accounts) == (3_000, 0, 3_000)
    assert (pg_keyed.rows_read, pg_keyed.duplicates) == (3_000, 0)
    assert (loose.rows_read, loose.duplicates, loose.accounts) == (3_100, 100, 3_000)
    distinct = ["DISTINCT" in " ".join(statements) for statements in backends]
    assert distinct == [False, True, False]
