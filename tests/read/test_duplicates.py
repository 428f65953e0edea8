"""Fingerprint-based duplicate finding gives exactly the answers of comparing every string."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infludash.read.arrowtext import fingerprints
from infludash.read.duplicates import blank_records, exact_duplicates, flag_possible_duplicates

# Few characters and long shared starts/ends, so fingerprints collide and the exact step works.
_CELL = st.sampled_from(["", " ", "a", "A", "x" * 20, "x" * 9 + "y" + "x" * 10]) | st.text(
    alphabet="ab@ ßS\u00a0\x1c", max_size=20
)


def _frame(rows: list[list[str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["c0", "c1", "c2"], dtype="string")


@given(st.lists(st.lists(_CELL, min_size=3, max_size=3), max_size=40))
def test_exact_duplicates_match_pandas(rows: list[list[str]]) -> None:
    cells = _frame(rows)
    expected = cells.duplicated(keep="first").to_numpy(dtype=bool) if rows else np.zeros(0, bool)
    assert exact_duplicates(cells).tolist() == expected.tolist()


@given(st.lists(st.lists(_CELL, min_size=3, max_size=3), max_size=40))
def test_blank_records_match_python_strip(rows: list[list[str]]) -> None:
    expected = [all(not cell.strip() for cell in row) for row in rows]
    assert blank_records(_frame(rows)).tolist() == expected


def _reference_possible(accounts: pd.DataFrame) -> list[bool]:
    handle = accounts["handle"].astype("string").str.strip().str.lstrip("@").str.casefold()
    key = handle + "\x1f" + accounts["platform"].astype("string").fillna("").str.casefold()
    return (key.notna() & key.duplicated(keep=False)).tolist()


@given(
    st.lists(
        st.tuples(st.none() | _CELL, st.none() | st.sampled_from(["TikTok", "tiktok", "STRASSE"])),
        max_size=40,
    )
)
def test_possible_duplicates_match_string_keys(rows: list[tuple[str | None, str | None]]) -> None:
    accounts = pd.DataFrame(
        {
            "handle": pd.array([h for h, _ in rows], dtype="string"),
            "platform": pd.array([p for _, p in rows], dtype="string"),
        }
    )
    flagged, count = flag_possible_duplicates(accounts)
    assert flagged["possible_duplicate"].tolist() == _reference_possible(accounts)
    assert count == sum(_reference_possible(accounts))


@pytest.mark.parametrize(
    ("a", "b"),
    [("", " "), ("abc", "abd"), ("x" * 9, "x" * 10), ("é", "e"), ("1234567890", "1234567891")],
)
def test_short_texts_that_differ_get_different_fingerprints(a: str, b: str) -> None:
    prints = fingerprints(pa.array([a, b, a], pa.large_string()))
    assert prints[0] != prints[1]
    assert prints[0] == prints[2]


def test_fingerprints_of_a_sliced_array_follow_its_offset() -> None:
    whole = pa.array(["header", "a", "bb", "a"], pa.large_string())
    prints = fingerprints(whole.slice(1))
    assert prints.tolist() == fingerprints(pa.array(["a", "bb", "a"], pa.large_string())).tolist()


@given(st.lists(st.integers(min_value=0, max_value=2**64 - 1) | st.integers(0, 5), max_size=300))
def test_repeated_marks_every_member_of_a_repeated_key(keys: list[int]) -> None:
    from infludash.read.arrowtext import repeated

    values = np.array(keys, dtype=np.uint64)
    expected = pd.Series(values).duplicated(keep=False).tolist() if keys else []
    assert repeated(values).tolist() == expected


@given(st.lists(st.text(max_size=20), max_size=30))
def test_fingerprints_do_not_depend_on_where_a_text_sits_in_the_buffer(texts: list[str]) -> None:
    forward = fingerprints(pa.array(texts, pa.large_string()))
    backward = fingerprints(pa.array(texts[::-1], pa.large_string()))
    assert forward.tolist() == backward[::-1].tolist()


@given(st.lists(st.text(max_size=30), min_size=1, max_size=40), st.integers(1, 7))
def test_longest_is_the_most_bytes_in_one_text(texts: list[str], block: int) -> None:
    from infludash.read.arrowtext import longest

    array = pa.array(texts, pa.string())
    expected = max(len(t.encode()) for t in texts)
    assert longest(array, block=block) == expected
    assert longest(pa.chunked_array([array.slice(1), array.slice(0, 1)]), block=block) == expected


def test_handles_fold_like_python_on_every_latin_and_greek_character() -> None:
    """Arrow lower-cases most handles; the characters where that is not Python's case fold (µ,
    ß, and beyond Latin-1) must take the Python path."""
    from infludash.read.duplicates import normalised_handles

    texts = [f" @X{chr(c)}y " for c in range(0x20, 0x400) if not chr(c).isspace()]
    texts += ["plain", "Ünïcödé", "STRASSE", "straße", "µ", "ΣΑΣ", "ǅ"]
    got = normalised_handles(pd.Series(texts, dtype="string")).to_pylist()
    assert got == [t.strip().lstrip("@").casefold() for t in texts]


def test_byte_checks_see_only_the_texts_of_a_slice() -> None:
    from infludash.read.arrowtext import any_byte_in, byte_range

    whole = pa.array(["Header", "12", "345"], pa.large_string())
    assert byte_range(whole.slice(1)) == (ord("1"), ord("5"))
    assert not any_byte_in(whole.slice(1), ord("A"), ord("Z"))
    assert any_byte_in(whole, ord("A"), ord("Z"))


@given(st.lists(st.text(max_size=12), max_size=30), st.integers(1, 5))
def test_text_kernels_give_the_same_answers_on_chunks(texts: list[str], pieces: int) -> None:
    from infludash.read.arrowtext import any_byte_in, byte_range, distinct_codes, stripped

    whole = pa.array(texts, pa.large_string())
    cut = sorted({0, len(texts), *[len(texts) * k // pieces for k in range(1, pieces)]})
    chunked = pa.chunked_array(
        [whole.slice(a, b - a) for a, b in itertools.pairwise(cut)], pa.large_string()
    )
    assert fingerprints(chunked).tolist() == fingerprints(whole).tolist()
    assert stripped(chunked).to_pylist() == [t.strip() for t in texts]
    assert byte_range(chunked) == byte_range(whole)
    assert any_byte_in(chunked, 0x41, 0x5A) == any_byte_in(whole, 0x41, 0x5A)
    codes, values = distinct_codes(chunked)
    assert [values[c] for c in codes] == texts


def test_reading_in_many_chunks_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parser hands over one chunk per block of the file; nothing may depend on that."""
    from infludash.read import table
    from infludash.read.reader import read_accounts

    rows = [
        f"{' @Anna' if i % 7 == 0 else 'acc' + str(i)},{'ig' if i % 3 else 'TikTok'},"
        f"{'1.5K' if i % 11 == 0 else i * 37},{i},{'x' if i % 13 == 0 else i // 2}"
        for i in range(400)
    ]
    rows += [rows[5], "", "only,three,fields,too,many,here", rows[9]]
    data = ("handle,platform,followers,likes,comments\n" + "\n".join(rows) + "\n").encode()
    whole = read_accounts(data, source="x.csv")
    monkeypatch.setattr(table, "BLOCK_BYTES", 512)
    chunked = read_accounts(data, source="x.csv")
    pd.testing.assert_frame_equal(chunked.accounts, whole.accounts)
    pd.testing.assert_frame_equal(chunked.rejected, whole.rejected)
    assert (chunked.rows_read, chunked.duplicates) == (whole.rows_read, whole.duplicates)
    assert [str(w) for w in chunked.warnings] == [str(w) for w in whole.warnings]
