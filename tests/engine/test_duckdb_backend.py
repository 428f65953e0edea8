"""Embedded DuckDB under a memory limit, spilling to a private folder: never next to the
database file it reads, nor into the working folder; the folder goes when the backend does."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from infludash.engine.backends import MEMORY_LIMIT, DuckDB


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
