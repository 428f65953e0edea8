"""``summarize`` on Parquet files and on database tables: the same table and JSON numbers as the
same accounts uploaded as CSV, and errors that say what to do without repeating a password."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

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
