"""Bad records numbered from the lines agree with the single-threaded parser's numbers."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.csv as pacsv
from hypothesis import given
from hypothesis import strategies as st

from infludash.table import _numbered_by_line

_LINE = st.sampled_from(["1;2;3", "x;;", "", "4;5", "6;7;8;9", ";;", "7", " ", "ä;b;c", "a;b;c;"])


def _single_threaded(payload: bytes) -> list[tuple[int | None, str, int]]:
    bad: list[tuple[int | None, str, int]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        bad.append((row.number, row.text, row.actual_columns))
        return "skip"

    pacsv.read_csv(
        io.BytesIO(payload),
        read_options=pacsv.ReadOptions(column_names=["c0", "c1", "c2"], use_threads=False),
        parse_options=pacsv.ParseOptions(delimiter=";", invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(["c0", "c1", "c2"], pa.string())
        ),
    )
    return bad


@given(st.lists(_LINE, max_size=30), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_line_numbers_match_the_parser(lines: list[str], end: str, final: bool) -> None:
    payload = (end.join(["a;b;c", *lines]) + (end if final else "")).encode("utf-8")
    expected = _single_threaded(payload)
    unnumbered = [(None, text, count) for _, text, count in expected]
    numbered = _numbered_by_line(payload, ";", 3, unnumbered)
    if expected:
        assert numbered == expected
