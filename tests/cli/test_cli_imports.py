"""Summarising a file never imports the engines' compiler or drivers: they cost start-up time
and memory that a file's summary does not need."""

from __future__ import annotations

import subprocess
import sys

from tests.fixtures import ROOT, SAMPLE


def test_a_file_summary_imports_no_engine() -> None:
    code = (
        "import sys, runpy; sys.argv = ['infludash', 'summarize', sys.argv[1]];"
        "\ntry:\n    runpy.run_module('infludash', run_name='__main__')"
        "\nexcept SystemExit:\n    pass"
        "\nprint(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlglot', 'duckdb', 'psycopg', 'pyspark')))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(SAMPLE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert run.stdout.strip().splitlines()[-1] == "[]"
