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
    "any_byte_in",
    "arrow_text",
    "byte_range",
    "constant_text",
    "distinct_codes",
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
_BLOCK = 1 << 16  # rows per block: temporaries of half a megabyte, reused from block to block


def arrow_text(cells: pd.Series) -> pa.ChunkedArray:
    """A column's texts as Arrow strings, missing cells as ``""``: zero-copy when pandas holds the
    column in Arrow already, in the parser's chunks (joining them would copy the column)."""
    if not isinstance(cells.dtype, pd.StringDtype):
        cells = cells.astype("string")
    array = pa.array(cells)
    if not isinstance(array, pa.ChunkedArray):
        array = pa.chunked_array([array])
    if not pa.types.is_large_string(array.type):
        array = array.cast(pa.large_string())
    return pc.fill_null(array, "") if array.null_count else array


def _chunks(text: pa.Array | pa.ChunkedArray) -> list[pa.Array]:
    return list(text.chunks) if isinstance(text, pa.ChunkedArray) else [text]


def distinct_codes(text: pa.Array | pa.ChunkedArray) -> tuple[npt.NDArray[np.int32], list[str]]:
    """Each text's position among the distinct texts, and the distinct texts (Arrow's hash
    table, one dictionary across the parser's chunks): work once per distinct value."""
    encoded = pc.dictionary_encode(text)
    if isinstance(encoded, pa.ChunkedArray):
        if encoded.num_chunks == 0:
            return np.zeros(0, dtype=np.int32), []
        encoded = encoded.unify_dictionaries()
        codes = [np.asarray(c.indices.to_numpy(zero_copy_only=False)) for c in encoded.chunks]
        return np.concatenate(codes).astype(np.int32, copy=False), encoded.chunk(
            0
        ).dictionary.to_pylist()
    return (
        np.asarray(encoded.indices.to_numpy(zero_copy_only=False)).astype(np.int32, copy=False),
        encoded.dictionary.to_pylist(),
    )


def constant_text(value: str, rows: int) -> pd.Series:
    """``value`` in every row as pandas text, its bytes laid out once in one buffer (a file name
    on a million rows costs a memory copy, not a million Python strings)."""
    encoded = value.encode("utf-8")
    offsets = np.arange(0, (rows + 1) * len(encoded), len(encoded) or 1, dtype=np.int64)
    if not encoded:
        offsets = np.zeros(rows + 1, dtype=np.int64)
    array = pa.Array.from_buffers(
        pa.large_string(), rows, [None, pa.py_buffer(offsets), pa.py_buffer(encoded * rows)]
    )
    return pd.Series(pd.array(array, dtype="string"), copy=False)


def longest(text: pa.Array | pa.ChunkedArray, block: int = _BLOCK) -> int:
    """The most bytes in one text, read from the offsets block by block (no array of lengths)."""
    most = 0
    for chunk in _chunks(text):
        offsets, _ = _layout(chunk)
        for i in range(0, len(chunk), block):
            most = max(most, int(np.diff(offsets[i : i + block + 1]).max()))
    return most


def _layout(text: pa.Array) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """The offsets and bytes of a string array as read-only numpy views (no copy)."""
    if not pa.types.is_large_string(text.type):
        text = text.cast(pa.large_string())
    _, offsets_buffer, data_buffer = text.buffers()
    first = text.offset
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[first : first + len(text) + 1]
    size = int(offsets[-1]) if len(offsets) else 0
    data = np.frombuffer(data_buffer, dtype=np.uint8)[:size] if size else np.zeros(0, np.uint8)
    return offsets, data


def any_byte_in(
    text: pa.Array | pa.ChunkedArray, low: int, high: int, block: int = 1 << 20
) -> bool:
    """Whether any text holds a byte from ``low`` to ``high`` (a scan of the raw bytes, a
    megabyte at a time: upper-case letters, non-ASCII, signs)."""
    for chunk in _chunks(text):
        data = _own_bytes(chunk)
        for i in range(0, data.size, block):
            part = data[i : i + block]
            if ((part >= low) & (part <= high)).any():
                return True
    return False


def byte_range(text: pa.Array | pa.ChunkedArray) -> tuple[int, int]:
    """The smallest and the largest byte in the texts ((0, 0) when there are none): two fast
    reductions that settle whether a column can hold anything but digits."""
    found = [(int(d.min()), int(d.max())) for c in _chunks(text) if (d := _own_bytes(c)).size]
    if not found:
        return 0, 0
    return min(low for low, _ in found), max(high for _, high in found)


def _own_bytes(text: pa.Array) -> npt.NDArray[np.uint8]:
    """The bytes of exactly these texts (a slice of an array shares its parent's buffer)."""
    offsets, data = _layout(text)
    return data[int(offsets[0]) :] if len(offsets) else data


#: Bytes that may begin or end a Python whitespace character: ASCII whitespace, the separators
#: \x1c-\x1f, and any byte of a multi-byte character (some of which are spaces).
_MAYBE_SPACE = np.zeros(256, dtype=bool)
_MAYBE_SPACE[[0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20]] = True
_MAYBE_SPACE[0x80:] = True


def stripped(text: pa.Array | pa.ChunkedArray, block: int = _BLOCK) -> pa.Array | pa.ChunkedArray:
    """``str.strip`` of every text (Arrow's whitespace is Python's, code point for code point);
    the same array, uncopied, when no text starts or ends with a byte that could be space."""
    for chunk in _chunks(text):
        offsets, data = _layout(chunk)
        for i in range(0, len(chunk), block):
            stop = min(i + block, len(chunk))
            starts, ends = offsets[i:stop], offsets[i + 1 : stop + 1]
            filled = ends > starts
            if (_MAYBE_SPACE[data[starts[filled]]] | _MAYBE_SPACE[data[ends[filled] - 1]]).any():
                return pc.utf8_trim_whitespace(text)
    return text


def fingerprints(text: pa.Array | pa.ChunkedArray, block: int = _BLOCK) -> npt.NDArray[np.uint64]:
    """A 64-bit number per text from its byte length and its first and last 8 bytes.

    Equal texts always get equal numbers; texts of up to 16 bytes that differ almost always get
    different ones (longer texts that share length, start and end collide, which only costs an
    exact comparison later). Reads the Arrow buffers directly, a block of rows at a time so the
    temporaries stay small and warm: no Python object per cell, no copy of the text.
    """
    parts = [_chunk_fingerprints(chunk, block) for chunk in _chunks(text)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)


def _chunk_fingerprints(text: pa.Array, block: int) -> npt.NDArray[np.uint64]:
    offsets, data = _layout(text)
    out = np.empty(len(text), dtype=np.uint64)
    if len(text) == 0:
        return out
    if data.size < 8:  # too short for one word: pad a copy (tiny)
        data = np.concatenate([data, np.zeros(8, dtype=np.uint8)])
    # Every byte position read as a little-endian 64-bit word (an unaligned, overlapping,
    # read-only view of Arrow's buffer).
    last = data.size - 8
    words = np.ndarray(shape=(last + 1,), dtype="<u8", buffer=data, strides=(1,))
    for i in range(0, len(text), block):
        stop = min(i + block, len(text))
        starts, ends = offsets[i:stop], offsets[i + 1 : stop + 1]
        lengths = ends - starts
        head = words[np.minimum(starts, last)]
        late = starts > last  # texts starting in the buffer's last 8 bytes: shift the last word
        if late.any():
            head[late] >>= ((starts[late] - last) * 8).astype(np.uint64)
        head &= _MASKS[np.minimum(lengths, 8)]
        tail = np.where(lengths > 8, words[np.clip(ends - 8, 0, last)], head)
        mixed = out[i:stop]
        np.multiply(head, _K1, out=mixed)
        mixed ^= mixed >> np.uint64(29)
        mixed += tail * _K2
        mixed ^= mixed >> np.uint64(32)
        mixed += lengths.astype(np.uint64) * _K3
    return out


def row_fingerprints(
    columns: list[pa.Array | pa.ChunkedArray | npt.NDArray[np.integer]],
) -> npt.NDArray[np.uint64]:
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
    shared = np.unique(ordered[1:][same])
    at = np.minimum(np.searchsorted(shared, keys), shared.size - 1)
    return shared[at] == keys
