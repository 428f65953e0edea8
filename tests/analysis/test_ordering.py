"""A page of accounts in a true order: the same as sorting every account, page by page."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infludash.analysis.ordering import page_of

NAN = float("nan")


# (values, descending, page number, page size) -> (positions, first rank, pages)
CASES = [
    (([5, 1, 9, 3], True, 1, 2), ([2, 0], 1, 2)),
    (([5, 1, 9, 3], True, 2, 2), ([3, 1], 3, 2)),
    (([5, 1, 9, 3], False, 1, 3), ([1, 3, 0], 1, 2)),
    (([5, NAN, 9, 3], True, 2, 2), ([3, 1], 3, 2)),  # missing last, either way
    (([5, NAN, 9, 3], False, 2, 2), ([2, 1], 3, 2)),
    (([2, 2, 2, 1], True, 1, 2), ([0, 1], 1, 2)),  # ties keep the data's order
    (([2, 2, 2, 1], True, 2, 2), ([2, 3], 3, 2)),
    (([5, 1, 9, 3], True, 9, 2), ([3, 1], 3, 2)),  # past the end: the last page
    (([5, 1, 9, 3], True, 0, 2), ([2, 0], 1, 2)),
    (([], True, 1, 10), ([], 1, 1)),
]


@pytest.mark.parametrize(("asked", "expected"), CASES)
def test_page_of(
    asked: tuple[list[float], bool, int, int], expected: tuple[list[int], int, int]
) -> None:
    values, descending, number, size = asked
    positions, first, pages = expected
    page = page_of(values, descending=descending, number=number, size=size)
    assert page.positions.tolist() == positions
    assert (page.first, page.pages, page.total) == (first, pages, len(values))
    assert page.last == first + len(positions) - 1


@given(
    st.lists(st.one_of(st.integers(-50, 50).map(float), st.just(NAN)), max_size=300),
    st.booleans(),
    st.integers(1, 40),
    st.integers(1, 12),
)
def test_pages_put_together_are_the_full_stable_sort(
    values: list[float], descending: bool, size: int, number: int
) -> None:
    column = np.asarray(values, dtype="float64")
    key = np.where(np.isnan(column), np.inf, -column if descending else column)
    everything = np.argsort(key, kind="stable")
    page = page_of(column, descending=descending, number=number, size=size)
    start = (page.number - 1) * size
    assert page.positions.tolist() == everything[start : start + size].tolist()
