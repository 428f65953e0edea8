"""Embedded DuckDB under a memory limit, spilling to a private folder: never next to the
database file it reads, nor into the working folder; the folder goes when the backend does.
An analysis's accounts are kept between its statements in a private database."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from sqlglot import exp

from infludash.engine import sql, staging
from infludash.engine.backends import MEMORY_LIMIT, DuckDB
from infludash.engine.staging import SCRATCH, SCRATCH_FILE, STAGED_MAX


@pytest.mark.parametrize("kind", ["database", "parquet"])
def test_spills_go_to_a_private_folder_that_is_removed(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "lake.db"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE t AS SELECT range AS followers FROM range(10)")
        con.execute(f"COPY t TO '{tmp_path / 't.parquet'}' (FORMAT parquet)")
    backend = (
        DuckDB(database=path) if kind == "database" else DuckDB(parquet=[tmp_path / "t.parquet"])
    )
    cursor = backend._con.cursor()
    ((spill, limit),) = cursor.execute(
        "SELECT current_setting('temp_directory'), current_setting('memory_limit')"
    ).fetchall()
    assert Path(spill).is_dir()
    assert tmp_path not in Path(spill).parents
    assert Path.cwd() not in Path(spill).parents
    assert MEMORY_LIMIT == "2GB"
    assert limit == "1.8 GiB"  # 2 GB as DuckDB writes it
    backend.close()
    assert not Path(spill).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lake.db", "t.parquet"]


@pytest.mark.parametrize(("in_memory_rows", "kept_in"), [(10_000, SCRATCH), (999, SCRATCH_FILE)])
def test_accounts_are_kept_between_statements_in_a_private_database(
    tmp_path: Path, in_memory_rows: int, kept_in: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A materialised expression is computed once and read as a stored table by every later
    statement that names it (in memory, or in a file of the private folder when it reads a
    large table); the stored tables are not the source's, are bounded in number, and the
    database file itself is not written."""
    monkeypatch.setattr(staging, "IN_MEMORY_ROWS", in_memory_rows)
    path = tmp_path / "lake.db"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE t AS SELECT range AS followers FROM range(1000)")
    before = path.read_bytes()
    backend = DuckDB(database=path)
    seen: list[str] = []
    real = backend._run

    def run(text: str, *, fetch: bool = False) -> list[tuple[object, ...]]:
        seen.append(text)
        return real(text, fetch=fetch)

    backend._run = run  # type: ignore[method-assign]
    backend._staging._execute = run

    def statement(floor: int) -> exp.Select:
        accounts = exp.select(exp.column("followers").as_("f")).from_("t")
        accounts = accounts.where(
            exp.GTE(this=exp.column("followers"), expression=sql.integer(floor))
        )
        total = exp.select(exp.Count(this=exp.Star()), exp.Sum(this=exp.column("f")))
        return total.from_("a").with_("a", as_=accounts, materialized=True)

    assert backend.rows(statement(0)) == [(1000, 499500)]
    assert backend.rows(statement(0)) == [(1000, 499500)]
    assert sum(s.startswith("CREATE TABLE") for s in seen) == 1  # computed once
    assert "WITH" not in seen[-1]  # read as the stored table
    assert f'"{kept_in}"' in seen[-1]
    for floor in range(1, STAGED_MAX + 5):
        assert backend.rows(statement(floor)) == [(1000 - floor, 499500 - floor * (floor - 1) // 2)]
    assert len(backend._staging.stored) == STAGED_MAX
    assert backend.tables() == ["t"]  # the scratch database is not the source's
    backend.close()
    assert path.read_bytes() == before


def test_tables_of_one_file_are_sources_side_by_side(tmp_path: Path) -> None:
    """Two configured sources reading two tables of one database file both open (DuckDB
    refuses a second connection to a file with another configuration), and the file is let go
    when the last of them closes."""
    from infludash.base.errors import InputError
    from infludash.engine.codes import SourceError
    from infludash.engine.sources import source_of
    from infludash.engine.table import EngineTable

    path = tmp_path / "lake.db"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE everyone AS SELECT range * 100 AS followers FROM range(50)")
        con.execute("CREATE TABLE tiktok AS SELECT range * 7 AS followers FROM range(20)")
    first = EngineTable(source_of(f"duckdb:///{path}", "everyone"))
    second = EngineTable(source_of(f"duckdb:///{path}", "tiktok"))
    assert first.backend is second.backend
    assert (first.quality.rows, second.quality.rows) == (50, 20)
    first.close()
    assert second.quality.accounts == 20  # still open for the other source
    ((n,),) = second.backend.rows(exp.select(exp.Count(this=exp.Star())).from_("tiktok"))
    assert n == 20
    second.close()
    with duckdb.connect(str(path)) as con:  # a writer may open the file again
        con.execute("INSERT INTO tiktok VALUES (1)")
    with pytest.raises(InputError) as raised:
        EngineTable(source_of(f"duckdb:///{tmp_path / 'missing.db'}", "accounts"))
    assert raised.value.note.code is SourceError.NO_FILE
    assert not (tmp_path / "missing.db").exists()
