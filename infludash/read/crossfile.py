"""The same accounts in several files: exact repeats folded, the rest flagged, or the latest kept.

Analysts combine exports (monthly lists, two tools, two formats of one list). Stacked as they
are, two files with the same 200 accounts give 400 accounts, twice the reach and an interval
that is too narrow. So when results are combined, an account (normalised handle and platform, as
:mod:`infludash.read.duplicates` compares them within a file) that appears in more than one file is:

- **folded** when its figures are the same (followers and every interaction, view and rate value,
  a missing value matching only a missing one): the copy in the later file counts as a
  duplicate, so ``rows_read == accounts + rejected + duplicates`` still holds;
- otherwise **flagged** (kept, ``possible_duplicate`` and ``duplicate_across_files``), for the
  analyst to decide;
- or, with ``keep_latest``, kept only from the latest file that has it (the file given later):
  rows of earlier files count as duplicates.

A handle without a platform in one file matches the same handle in another file when that handle
has exactly one known platform in the data: an export without a platform column is the usual
reason, and a warning says so (as it does when no file gives a platform). Everything is
vectorised over integer codes; the exact comparison looks only at accounts in several files.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from infludash.base.notes import Note
from infludash.base.schema import (
    AVG_COMMENTS,
    AVG_LIKES,
    AVG_SAVES,
    AVG_SHARES,
    AVG_VIEWS,
    DUPLICATE_ACROSS_FILES,
    FOLLOWERS,
    HANDLE,
    HIDDEN_LIKES,
    PLATFORM,
    POSSIBLE_DUPLICATE,
    REPORTED_ER_PCT,
    SOURCE,
)
from infludash.read.arrowtext import fingerprints, repeated
from infludash.read.duplicates import normalised_handles, platform_codes
from infludash.read.warning_codes import ReadWarning

if TYPE_CHECKING:
    from infludash.read.result import ReadResult

__all__ = ["ACROSS_COLUMN", "FIGURES", "AcrossFiles", "CrossFile", "across_files", "fold_across"]

#: The flag column of accounts kept in more than one file with different figures.
ACROSS_COLUMN = DUPLICATE_ACROSS_FILES
#: What must be equal for a repeat to be exact: the account's figures, not its text columns.
FIGURES = (
    FOLLOWERS,
    AVG_LIKES,
    AVG_COMMENTS,
    AVG_SHARES,
    AVG_SAVES,
    AVG_VIEWS,
    REPORTED_ER_PCT,
    HIDDEN_LIKES,
)

Ints = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class AcrossFiles:
    """What happened to accounts found in more than one file (the JSON's ``across_files``)."""

    keep_latest: bool = False
    folded: int = 0  # exact repeats counted as duplicates
    flagged: int = 0  # rows kept and flagged as possible duplicates across files
    superseded: int = 0  # rows of earlier files dropped by keep_latest
    platform_matched: int = 0  # rows without a platform matched to a known one

    def as_json(self) -> dict[str, Any]:
        return {
            "keep_latest": self.keep_latest,
            "folded": self.folded,
            "possible_duplicates": self.flagged,
            "dropped_for_latest": self.superseded,
            "platform_matched": self.platform_matched,
        }


@dataclass(frozen=True)
class CrossFile:
    """The verdict on stacked accounts: rows to drop, rows to flag, drops per file, warnings."""

    drop: Mask
    flag: Mask
    dropped_per_file: Ints
    counts: AcrossFiles
    warnings: list[Note] = field(default_factory=list)


def _group_span(groups: Ints, files: Ints) -> tuple[Ints, Ints]:
    """Per row, the first and the last file that its group (codes 0, 1, …) appears in."""
    size = int(groups.max(initial=-1)) + 1
    low = np.full(size, np.iinfo(np.int64).max, dtype=np.int64)
    high = np.full(size, -1, dtype=np.int64)
    np.minimum.at(low, groups, files)
    np.maximum.at(high, groups, files)
    return low[groups], high[groups]


def _codes(text: pa.Array | pa.ChunkedArray) -> Ints:
    """One exact integer per distinct text (Arrow's hash table; the texts stay in Arrow)."""
    encoded = pc.dictionary_encode(text)
    chunked = isinstance(encoded, pa.ChunkedArray)
    chunks = encoded.unify_dictionaries().chunks if chunked else [encoded]
    if not chunks:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate([np.asarray(c.indices, dtype=np.int64) for c in chunks])


def _platforms(platform: pd.Series | None, handles: Ints) -> tuple[Ints, Mask]:
    """Each row's platform code (-1 unknown), unknown ones taken from the handle's only known
    platform; and which rows were matched that way."""
    nothing = np.zeros(len(handles), dtype=bool)
    if platform is None:
        return np.full(len(handles), -1, dtype=np.int64), nothing
    unknown = platform.isna().to_numpy(dtype=bool)
    codes = np.asarray(platform_codes(platform), dtype=np.int64)
    codes[unknown] = -1
    known = ~unknown
    if not unknown.any() or not known.any():
        return codes, nothing
    width = int(codes.max()) + 1
    pairs = np.unique(handles[known] * width + codes[known])  # sorted: by handle, then platform
    pair_handles = pairs // width
    names, counts = np.unique(pair_handles, return_counts=True)
    only = pairs[np.isin(pair_handles, names[counts == 1])]  # one known platform: one pair
    if only.size == 0:
        return codes, nothing
    at = np.minimum(np.searchsorted(only // width, handles), only.size - 1)
    matched = unknown & (only[at] // width == handles)
    codes[matched] = only[at[matched]] % width
    return codes, matched


def _names(files: Ints, rows: Mask, names: list[str]) -> tuple[str, ...]:
    """The files (in the order given) that hold any of ``rows``."""
    return tuple(names[i] for i in np.unique(files[rows]))


def _warnings(
    files: Ints, names: list[str], groups: Ints, keep_latest: bool, **masks: Mask
) -> list[Note]:
    """What happened, said per kind: how many rows, of how many accounts, in which files."""
    out: list[Note] = []
    if n := int(masks["handle_only"].sum()):  # first: it says how far the rest can be trusted
        out.append(
            Note(ReadWarning.HANDLE_ONLY, n=n, files=_names(files, masks["handle_only"], names))
        )
    folded, flag = masks["drop_exact"], masks["flag"]
    superseded, matched = masks["superseded"], masks["matched"]
    if n := int(folded.sum()):
        code = ReadWarning.FOLDED_EARLIER if keep_latest else ReadWarning.FOLDED_LATER
        out.append(Note(code, n=n, files=_names(files, folded, names)))
    if n := int(flag.sum()):
        out.append(
            Note(
                ReadWarning.FLAGGED,
                n=n,
                accounts=int(np.unique(groups[flag]).size),
                files=_names(files, flag, names),
            )
        )
    if n := int(superseded.sum()):
        out.append(
            Note(
                ReadWarning.KEPT_LATEST,
                n=n,
                accounts=int(np.unique(groups[superseded]).size),
                files=_names(files, superseded, names),
            )
        )
    if n := int(matched.sum()):
        out.append(Note(ReadWarning.PLATFORM_MATCHED, n=n, files=_names(files, matched, names)))
    return out


def _exact(accounts: pd.DataFrame, rows: Ints, groups: Ints) -> Ints:
    """For the rows at ``rows`` (of account ``groups``), a code shared by the rows of one account
    with the same figures."""
    figures = {c: accounts[c].to_numpy()[rows] for c in FIGURES if c in accounts}
    frame = pd.DataFrame({"account": groups, **figures})
    codes = frame.groupby(list(frame.columns), dropna=False, sort=False).ngroup()
    return np.asarray(codes.to_numpy(), dtype=np.int64)


def across_files(
    accounts: pd.DataFrame, files: Ints, names: list[str], *, keep_latest: bool = False
) -> CrossFile:
    """Compare the stacked ``accounts`` across files; ``files`` gives each row's file (its
    position in ``names``, the order the files were given: later means later)."""
    nothing = np.zeros(len(accounts), dtype=bool)
    none = CrossFile(nothing, nothing, np.zeros(len(names), np.int64), AcrossFiles(keep_latest))
    if HANDLE not in accounts or accounts.empty or len(names) < 2:
        return none
    # Only a handle that repeats somewhere can be one account in two files: 64-bit fingerprints
    # find those rows without hashing a million texts; the rest is exact, on those rows alone.
    handles = normalised_handles(accounts[HANDLE], trimmed=True)
    present = accounts[HANDLE].notna().to_numpy(dtype=bool)
    rows = np.flatnonzero(present & repeated(fingerprints(handles)))
    if rows.size == 0:
        return none
    codes = _codes(handles.take(pa.array(rows)))
    platform = accounts[PLATFORM].iloc[rows] if PLATFORM in accounts else None
    platforms, matched = _platforms(platform, codes)
    key = codes * (int(platforms.max(initial=-1)) + 2) + (platforms + 1)
    groups = np.asarray(pd.factorize(key)[0], dtype=np.int64)
    at = files[rows]
    first, last = _group_span(groups, at)
    cross = first != last
    if not cross.any():
        return none
    # Of an exact repeat, the copy in the first file stays (the latest with keep_latest).
    exact_first, exact_last = _group_span(_exact(accounts, rows, groups), at)
    folded = cross & (at != (exact_last if keep_latest else exact_first))
    rest = cross & ~folded
    still_first, still_last = _group_span(np.where(rest, groups + 1, 0), at)
    superseded = rest & (at != still_last) if keep_latest else np.zeros_like(rest)
    flag = rest & (still_first != still_last) if not keep_latest else np.zeros_like(rest)
    matched &= cross
    counts = AcrossFiles(
        keep_latest=keep_latest,
        folded=int(folded.sum()),
        flagged=int(flag.sum()),
        superseded=int(superseded.sum()),
        platform_matched=int(matched.sum()),
    )
    masks = {"drop_exact": folded, "flag": flag, "superseded": superseded, "matched": matched}
    masks["handle_only"] = cross & (platforms < 0)  # no file says which platform: namesakes?
    warnings = _warnings(at, names, groups, keep_latest, **masks)
    drop, flagged = nothing.copy(), nothing.copy()
    drop[rows], flagged[rows] = folded | superseded, flag
    per_file = np.bincount(at[folded | superseded], minlength=len(names)).astype(np.int64)
    return CrossFile(drop, flagged, per_file, counts, warnings)


def _owners(items: list[ReadResult]) -> Ints:
    """Each stacked account's file: its position among every item's files (an item that is
    itself combined is told apart by its ``source`` column)."""
    parts: list[Ints] = []
    start = 0
    for item in items:
        rows = len(item.accounts)
        if len(item.files) == 1:
            parts.append(np.full(rows, start, dtype=np.int64))
        else:  # a repeated name is taken as its first file
            at = {name: i for i, name in reversed(list(enumerate(item.sources)))}
            codes = np.asarray(item.accounts[SOURCE].map(at).fillna(0), dtype=np.int64)
            parts.append(start + codes)
        start += len(item.files)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def fold_across(
    items: list[ReadResult], combined: ReadResult, *, keep_latest: bool = False
) -> ReadResult:
    """``combined`` (the stacked ``items``) with repeats across files folded or flagged, and
    each file's counts still adding up: a row dropped here is one more duplicate of its file."""
    names = [f.source for f in combined.files]
    if len(names) < 2 or not all(item.files for item in items):
        return combined  # a result made by hand, without its files: nothing to count them in
    owners = _owners(items)
    verdict = across_files(combined.accounts, owners, names, keep_latest=keep_latest)
    accounts = combined.accounts
    accounts[ACROSS_COLUMN] = verdict.flag
    if POSSIBLE_DUPLICATE in accounts:
        flagged = accounts[POSSIBLE_DUPLICATE].to_numpy(dtype=bool) | verdict.flag
        accounts[POSSIBLE_DUPLICATE] = flagged
    if verdict.drop.any():
        accounts = accounts.take(np.flatnonzero(~verdict.drop)).reset_index(drop=True)
    dropped = [int(d) for d in verdict.dropped_per_file]
    files = [
        replace(f, accounts=f.accounts - d, duplicates=f.duplicates + d, in_other_files=d)
        for f, d in zip(combined.files, dropped, strict=True)
    ]
    return replace(
        combined,
        accounts=accounts,
        duplicates=combined.duplicates + sum(dropped),
        files=files,
        warnings=[*combined.warnings, *verdict.warnings],
        across_files=verdict.counts,
    )
