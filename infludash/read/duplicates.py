"""Blank records, exact duplicates and possible duplicates, found without comparing every string.

Rows are first compared by 64-bit fingerprints of their cells (:mod:`infludash.read.arrowtext`);
only rows whose fingerprint repeats can be duplicates, and only those are compared cell by cell.
On a million-row export that is a few hundred candidates instead of a million strings in a hash
table, and the answer is the same as comparing everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from infludash.base.schema import HANDLE, PLATFORM
from infludash.read.arrowtext import (
    any_byte_in,
    arrow_text,
    distinct_codes,
    repeated,
    row_fingerprints,
    stripped,
)

__all__ = [
    "HandleKeys",
    "blank_records",
    "exact_duplicates",
    "flag_possible_duplicates",
    "handle_keys",
    "normalised_handles",
    "platform_codes",
]


def blank_records(cells: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """Rows whose every cell is empty or whitespace."""
    blank = np.ones(len(cells), dtype=bool)
    for i in range(cells.shape[1]):
        text = arrow_text(cells.iloc[:, i])
        empty = pc.or_(pc.equal(text, ""), pc.utf8_is_space(text))
        blank &= np.asarray(empty.to_numpy(zero_copy_only=False), dtype=bool)
        if not blank.any():
            break
    return blank


def exact_duplicates(
    cells: pd.DataFrame, candidates: npt.NDArray[np.bool_] | None = None
) -> npt.NDArray[np.bool_]:
    """Rows identical in every cell to an earlier row (the first of each group is not one).

    ``candidates`` may name the rows that can repeat another at all (from
    :func:`handle_keys`: identical rows share their handle); without it every cell is
    fingerprinted.
    """
    if cells.empty:
        return np.zeros(len(cells), dtype=bool)
    if candidates is None:
        columns = [arrow_text(cells.iloc[:, i]) for i in range(cells.shape[1])]
        candidates = repeated(row_fingerprints(columns))
    rows = np.flatnonzero(candidates)
    out = np.zeros(len(cells), dtype=bool)
    if rows.size:
        out[rows] = cells.iloc[rows].duplicated(keep="first").to_numpy(dtype=bool)
    return out


#: Characters whose Arrow lower case is not their Python case fold: beyond Latin-1, and µ, ß.
_NOT_LATIN1_FOLDED = r"[^\x{00}-\x{B4}\x{B6}-\x{DE}\x{E0}-\x{FF}]"


def normalised_handles(handles: pd.Series, trimmed: bool = False) -> pa.Array:
    """Handles compared as a person would: trimmed, without a leading ``@``, case-folded.

    Arrow lower-cases (the same as ``str.casefold`` on Latin-1 but for ``µ`` and ``ß``); other
    handles are folded by Python so ``ß`` and ``SS`` still meet. ``trimmed``: the reader's
    handles are stripped already.
    """
    text = arrow_text(handles) if trimmed else stripped(arrow_text(handles))
    if pc.any(pc.starts_with(text, "@")).as_py():
        text = pc.utf8_ltrim(text, characters="@")
    if not any_byte_in(text, 0x80, 0xFF):  # all ASCII (the usual case): lower-case if needed
        return pc.utf8_lower(text) if any_byte_in(text, ord("A"), ord("Z")) else text
    # Arrow's lower case is Python's case fold for Latin-1 except µ and ß; only handles with
    # those or other scripts are folded by Python.
    lowered = pc.utf8_lower(text)
    odd = pc.match_substring_regex(text, _NOT_LATIN1_FOLDED)
    rest = np.flatnonzero(np.asarray(odd.to_numpy(zero_copy_only=False), dtype=bool))
    if rest.size == 0:
        return lowered
    folded = pa.array(
        [h.casefold() for h in text.take(pa.array(rest)).to_pylist()], pa.large_string()
    )
    return pc.replace_with_mask(_joined(lowered), _joined(odd), folded)


def _joined(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def platform_codes(platforms: pd.Series) -> npt.NDArray[np.integer]:
    """One code per case-folded platform name (few distinct names, folded once each)."""
    indices, names = distinct_codes(arrow_text(platforms))
    folded = [value.casefold() for value in names]
    if len(set(folded)) == len(folded):  # no two spellings of one name: the codes are exact
        return indices
    same, _ = pd.factorize(pd.Series(folded, dtype=object))
    return np.asarray(same, dtype=np.intp)[indices]


Key: TypeAlias = pa.Array | npt.NDArray[np.integer]  # texts, or exact integer codes


def _keys(accounts: pd.DataFrame, trimmed: bool = False) -> list[Key]:
    """What makes two accounts the same account: the handle, and the platform when known."""
    keys: list[Key] = [normalised_handles(accounts[HANDLE], trimmed)]
    if PLATFORM in accounts:
        keys.append(platform_codes(accounts[PLATFORM]))
    return keys


@dataclass(frozen=True)
class HandleKeys:
    """Each row's normalised handle (and platform code), and which rows' fingerprints repeat:
    every possible duplicate, and (identical rows having identical handles) every exact
    duplicate, is among the ``candidates``. ``positions`` maps a subset's rows to the keys'."""

    keys: list[Key]
    candidates: npt.NDArray[np.bool_]
    positions: npt.NDArray[np.intp] | None = None

    def subset(self, rows: npt.NDArray[np.bool_]) -> HandleKeys:
        """The same for the rows where ``rows`` is true (no copy of the keys)."""
        if rows.all():  # the usual case: nothing rejected, nothing folded
            return self
        chosen = np.flatnonzero(rows)
        positions = chosen if self.positions is None else self.positions[chosen]
        return HandleKeys(self.keys, self.candidates[rows], positions)

    def values(self, rows: npt.NDArray[np.intp]) -> pd.DataFrame:
        """The keys of these rows, to compare exactly."""
        at = rows if self.positions is None else self.positions[rows]
        taken = pa.array(at)
        return pd.DataFrame(
            {
                str(i): key[at]
                if isinstance(key, np.ndarray)
                else pd.array(key.take(taken), dtype="string")
                for i, key in enumerate(self.keys)
            }
        )


def handle_keys(accounts: pd.DataFrame, trimmed: bool = False) -> HandleKeys | None:
    """:class:`HandleKeys` of the accounts; None without a handle column. ``trimmed``: the
    handles have no space at either end (the reader's canonical values)."""
    if HANDLE not in accounts:
        return None
    keys = _keys(accounts, trimmed)
    return HandleKeys(keys, repeated(row_fingerprints(keys)))


def flag_possible_duplicates(
    accounts: pd.DataFrame, known: HandleKeys | None = None
) -> tuple[pd.DataFrame, int]:
    """Mark accounts sharing handle (and platform) with another kept row: the analyst decides.

    ``known`` (aligned with ``accounts``) spares normalising the handles again and narrows the
    search to rows whose fingerprints repeat; the comparison itself is always exact.
    """
    if HANDLE not in accounts or accounts.empty:
        return accounts.assign(possible_duplicate=False), 0
    if known is None:
        keys = _keys(accounts)
        known = HandleKeys(keys, repeated(row_fingerprints(keys)))
    present = np.asarray(accounts[HANDLE].notna().to_numpy(), dtype=bool)
    rows = np.flatnonzero(known.candidates & present)
    flagged = np.zeros(len(accounts), dtype=bool)
    if rows.size:
        flagged[rows] = known.values(rows).duplicated(keep=False).to_numpy(dtype=bool)
    return accounts.assign(possible_duplicate=flagged), int(flagged.sum())
