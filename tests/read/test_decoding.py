"""The numpy shortcuts of the decoder agree with the plain definitions they replace."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from infludash.read.decoding import (
    _UTF8_MULTIBYTE,
    _bad_utf8_lines,
    _has_utf8_multibyte,
    _high_byte_lines,
)


@given(st.binary(max_size=40) | st.text(max_size=10).map(lambda t: t.encode("utf-8")))
def test_multibyte_check_matches_the_reference_pattern(data: bytes) -> None:
    assert _has_utf8_multibyte(data) == bool(_UTF8_MULTIBYTE.search(data))
    assert _has_utf8_multibyte(data, block=3) == bool(_UTF8_MULTIBYTE.search(data))


@given(st.lists(st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"")), max_size=12))
def test_high_byte_lines_are_the_lines_that_do_not_decode(lines: list[bytes]) -> None:
    data = b"\n".join(lines)
    if not _has_utf8_multibyte(data):
        assert _high_byte_lines(data).tolist() == _bad_utf8_lines(data)


@given(st.binary(max_size=30) | st.text(max_size=10).map(lambda t: t.encode("utf-8")))
def test_arrow_utf8_check_agrees_with_python(data: bytes) -> None:
    from infludash.read.decoding import _valid_utf8

    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert not _valid_utf8(data)
    else:
        assert _valid_utf8(data)
