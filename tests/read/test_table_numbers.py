"""Bad records numbered from the lines agree with the single-threaded parser's numbers."""

from __future__ import annotations

import io

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
from hypothesis import given
from hypothesis import strategies as st

from infludash.read.bad_records import _counts_per_stretch
from infludash.read.bad_records import numbered_by_line as _numbered_by_line

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


@given(
    st.lists(st.booleans(), min_size=1, max_size=2_000),
    st.lists(st.integers(min_value=0, max_value=1_999), max_size=40),
    st.integers(min_value=0, max_value=300),
)
def test_counts_per_stretch_match_a_plain_sum(
    flags: list[bool], cuts: list[int], long_run: int
) -> None:
    """Summed in byte-wide pieces, the counts still pass 255 (a line of a million delimiters)."""
    values = np.array(flags + [True] * long_run)
    starts = np.unique(np.array([0, *[c for c in cuts if c < values.size]], dtype=np.intp))
    ends = [*starts[1:].tolist(), values.size]
    expected = [int(values[a:b].sum()) for a, b in zip(starts.tolist(), ends, strict=True)]
    assert _counts_per_stretch(values, starts).tolist() == expected
