"""Cell texts as Arrow arrays: the vectorised string kernels on the reader's hot path.

pandas keeps text columns in Arrow memory already, so handing them to ``pyarrow.compute`` costs
nothing and runs the regular expressions (RE2) and trims in C++ over a million cells in a few
milliseconds. Arrow's whitespace is Python's (``utf8_trim_whitespace`` equals ``str.strip`` on
every code point), so results do not depend on which side did the work.

:func:`fingerprints` gives every text a 64-bit number that equal texts always share. Comparing
numbers instead of strings lets the reader find the few rows that *might* repeat another in one
pass without a hash table of strings; only those are compared exactly.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "arrow_text",
    "fingerprints",
    "longest",
    "repeated",
    "row_fingerprints",
    "stripped",
]

_MASKS = np.array([(1 << (8 * n)) - 1 for n in range(8)] + [(1 << 64) - 1], dtype=np.uint64)
_K1 = np.uint64(0x9E3779B97F4A7C15)
_K2 = np.uint64(0xC2B2AE3D27D4EB4F)
_K3 = np.uint64(0x165667B19E3779F9)


def arrow_text(cells: pd.Series) -> pa.Array:
    """A column's texts as one Arrow string array, missing cells as ``""`` (zero-copy when pandas
    holds the column in Arrow already)."""
    if not isinstance(cells.dtype, pd.StringDtype):
        cells = cells.astype("string")
    array = pa.array(cells)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if not pa.types.is_large_string(array.type):
        array = array.cast(pa.large_string())
    return pc.fill_null(array, "") if array.null_count else array


def stripped(text: pa.Array) -> pa.Array:
    """``str.strip`` of every text (Arrow's whitespace is Python's, code point for code point)."""
    return pc.utf8_trim_whitespace(text)


def longest(text: pa.Array | pa.ChunkedArray, block: int = 1 << 16) -> int:
    """The most bytes in one text, read from the offsets block by block (no array of lengths)."""
    chunks = text.chunks if isinstance(text, pa.ChunkedArray) else [text]
    most = 0
    for part in chunks:
        if len(part) == 0:
            continue
        chunk = part if pa.types.is_large_string(part.type) else part.cast(pa.large_string())
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)
        offsets = offsets[chunk.offset : chunk.offset + len(chunk) + 1]
        for i in range(0, len(chunk), block):
            most = max(most, int(np.diff(offsets[i : i + block + 1]).max()))
    return most


def fingerprints(text: pa.Array) -> npt.NDArray[np.uint64]:
    """A 64-bit number per text from its byte length and its first and last 8 bytes.

    Equal texts always get equal numbers; texts of up to 16 bytes that differ almost always get
    different ones (longer texts that share length, start and end collide, which only costs an
    exact comparison later). Reads the Arrow buffers directly: no Python object per cell.
    """
    if not pa.types.is_large_string(text.type):
        text = text.cast(pa.large_string())
    if len(text) == 0:
        return np.zeros(0, dtype=np.uint64)
    _, offsets_buffer, data_buffer = text.buffers()
    first = text.offset
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[first : first + len(text) + 1]
    size = int(offsets[-1])
    data = np.frombuffer(data_buffer, dtype=np.uint8)[:size] if size else np.zeros(0, np.uint8)
    if size < 8:  # too short for one word: pad a copy (tiny)
        data = np.concatenate([data, np.zeros(8, dtype=np.uint8)])
    # Every byte position read as a little-endian 64-bit word (an unaligned, overlapping,
    # read-only view of Arrow's buffer: no copy of the text).
    last = data.size - 8
    words = np.ndarray(shape=(last + 1,), dtype="<u8", buffer=data, strides=(1,))
    starts, ends = offsets[:-1], offsets[1:]
    lengths = ends - starts
    mask = _MASKS[np.minimum(lengths, 8)]
    head = words[np.minimum(starts, last)]
    late = starts > last  # texts starting in the buffer's last 8 bytes: shift the last word
    if late.any():
        head[late] = head[late] >> ((starts[late] - last) * 8).astype(np.uint64)
    head &= mask
    tail = np.where(lengths > 8, words[np.clip(ends - 8, 0, last)], head)
    mixed = head * _K1
    mixed ^= mixed >> np.uint64(29)
    mixed += tail * _K2
    mixed ^= mixed >> np.uint64(32)
    mixed += lengths.astype(np.uint64) * _K3
    return mixed


def row_fingerprints(columns: list[pa.Array | npt.NDArray[np.integer]]) -> npt.NDArray[np.uint64]:
    """One number per row from its cells (in column order): texts are fingerprinted, integer
    arrays (category codes, which are exact already) are used as they are."""
    combined = np.zeros(len(columns[0]) if columns else 0, dtype=np.uint64)
    for column in columns:
        part = column.astype(np.uint64) if isinstance(column, np.ndarray) else fingerprints(column)
        combined = combined * np.uint64(0x100000001B3) + part
        combined ^= combined >> np.uint64(31)
    return combined


def repeated(keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.bool_]:
    """Which positions share their key with another position (every member of a group)."""
    if keys.size < 2:
        return np.zeros(keys.size, dtype=bool)
    ordered = np.sort(keys)  # numpy sorts 64-bit keys in a few milliseconds per million
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return np.zeros(keys.size, dtype=bool)
    return np.isin(keys, ordered[1:][same])
