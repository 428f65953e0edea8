"""The project's own tables, damaged or edited: an error that names the table, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from infludash.analysis.benchmarks import load_benchmarks
from infludash.analysis.prices import load_rate_cards
from tests.fixtures import raises_said

LOADERS = [
    pytest.param(load_benchmarks, id="benchmarks"),
    pytest.param(load_rate_cards, id="rate cards"),
]


@pytest.mark.parametrize("load", LOADERS)
@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "cannot be read"),
        (b'platform,"unclosed\n1,2\n', "cannot be read"),
        (b"platform,source\nInstagram,x\n", "lacks"),
    ],
)
def test_a_damaged_table_is_an_error_that_names_it(
    load: object, content: bytes, words: str, tmp_path: Path
) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(content)
    with raises_said(words):
        load(path)  # type: ignore[operator]


@pytest.mark.parametrize("load", LOADERS)
def test_a_missing_table_is_an_error(load: object, tmp_path: Path) -> None:
    with raises_said("cannot be read"):
        load(tmp_path / "gone.csv")  # type: ignore[operator]
