"""The same accounts in several files: exact repeats folded, the rest flagged, or the latest kept.

Analysts combine exports (monthly lists, two tools, two formats of one list). Stacked as they
are, two files with the same 200 accounts give 400 accounts, twice the reach and an interval
that is too narrow. So when results are combined, an account (normalised handle and platform, as
:mod:`infludash.duplicates` compares them within a file) that appears in more than one file is:

- **folded** when its figures are the same (followers and every interaction, view and rate value,
  a missing value matching only a missing one): the copy in the later file counts as a
  duplicate, so ``rows_read == accounts + rejected + duplicates`` still holds;
- otherwise **flagged** (kept, ``possible_duplicate`` and ``duplicate_across_files``), for the
  analyst to decide;
- or, with ``keep_latest``, kept only from the latest file that has it (the file given later):
  rows of earlier files count as duplicates.

A handle without a platform in one file matches the same handle in another file when that handle
has exactly one known platform in the data: an export without a platform column is the usual
reason, and a warning says so. Everything is vectorised over integer codes; the exact comparison
only looks at accounts that appear in more than one file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.arrowtext import distinct_codes
from infludash.duplicates import normalised_handles, platform_codes
from infludash.i18n import Message

if TYPE_CHECKING:
    from infludash.reader import ReadResult

__all__ = ["ACROSS_COLUMN", "FIGURES", "AcrossFiles", "CrossFile", "across_files", "fold_across"]

#: The flag column of accounts kept in more than one file with different figures.
ACROSS_COLUMN = "duplicate_across_files"
#: What must be equal for a repeat to be exact: the account's figures, not its text columns.
FIGURES = (
    "followers",
    "avg_likes",
    "avg_comments",
    "avg_shares",
    "avg_saves",
    "avg_views",
    "reported_er_pct",
    "hidden_likes",
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
    warnings: list[str] = field(default_factory=list)


def _group_span(groups: Ints, files: Ints) -> tuple[Ints, Ints]:
    """Per row, the first and the last file that its group appears in."""
    by_group = pd.Series(files).groupby(groups, sort=False)
    return (
        by_group.transform("min").to_numpy(dtype=np.int64),
        by_group.transform("max").to_numpy(dtype=np.int64),
    )


def _platforms(accounts: pd.DataFrame, handles: Ints) -> tuple[Ints, Mask]:
    """Each row's platform code (-1 unknown), unknown ones taken from the handle's only known
    platform; and which rows were matched that way."""
    if "platform" not in accounts:
        return np.full(len(accounts), -1, dtype=np.int64), np.zeros(len(accounts), dtype=bool)
    unknown = accounts["platform"].isna().to_numpy(dtype=bool)
    codes = platform_codes(accounts["platform"]).astype(np.int64)
    codes[unknown] = -1
    known = ~unknown
    if not unknown.any() or not known.any():
        return codes, np.zeros(len(accounts), dtype=bool)
    width = int(codes.max()) + 1
    pairs = np.unique(handles[known] * width + codes[known])  # sorted: by handle, then platform
    pair_handles = pairs // width
    names, counts = np.unique(pair_handles, return_counts=True)
    only = pairs[np.isin(pair_handles, names[counts == 1])]  # one known platform: one pair
    if only.size == 0:
        return codes, np.zeros(len(accounts), dtype=bool)
    at = np.minimum(np.searchsorted(only // width, handles), only.size - 1)
    matched = unknown & (only[at] // width == handles)
    codes[matched] = only[at[matched]] % width
    return codes, matched


def _names(files: Ints, rows: Mask, names: list[str]) -> tuple[str, ...]:
    """The files (in the order given) that hold any of ``rows``."""
    return tuple(names[i] for i in np.unique(files[rows]))


def _warnings(
    files: Ints, names: list[str], groups: Ints, keep_latest: bool, **masks: Mask
) -> list[str]:
    """What happened, said per kind: how many rows, of how many accounts, in which files."""
    out: list[str] = []
    folded, flag = masks["drop_exact"], masks["flag"]
    superseded, matched = masks["superseded"], masks["matched"]
    if n := int(folded.sum()):
        where = _names(files, folded, names)
        if keep_latest:
            key = (
                "warnings.across.folded_earlier.one"
                if n == 1
                else "warnings.across.folded_earlier.other"
            )
        else:
            key = (
                "warnings.across.folded_later.one"
                if n == 1
                else "warnings.across.folded_later.other"
            )
        out.append(Message(key, n=n, files=where))
    if n := int(flag.sum()):
        out.append(
            Message(
                "warnings.across.flagged.one" if n == 1 else "warnings.across.flagged.other",
                n=n,
                accounts=int(np.unique(groups[flag]).size),
                files=_names(files, flag, names),
            )
        )
    if n := int(superseded.sum()):
        out.append(
            Message(
                "warnings.across.kept_latest.one"
                if n == 1
                else "warnings.across.kept_latest.other",
                n=n,
                accounts=int(np.unique(groups[superseded]).size),
                files=_names(files, superseded, names),
            )
        )
    if n := int(matched.sum()):
        out.append(
            Message(
                "warnings.across.platform_matched.one"
                if n == 1
                else "warnings.across.platform_matched.other",
                n=n,
                files=_names(files, matched, names),
            )
        )
    return out


def _exact(accounts: pd.DataFrame, rows: Ints, groups: Ints) -> Ints:
    """For the rows at ``rows``, a code shared by rows of one account with the same figures."""
    figures = {c: accounts[c].to_numpy()[rows] for c in FIGURES if c in accounts}
    frame = pd.DataFrame({"account": groups[rows], **figures})
    codes = frame.groupby(list(frame.columns), dropna=False, sort=False).ngroup()
    return np.asarray(codes.to_numpy(), dtype=np.int64)


def across_files(
    accounts: pd.DataFrame, files: Ints, names: list[str], *, keep_latest: bool = False
) -> CrossFile:
    """Compare the stacked ``accounts`` across files; ``files`` gives each row's file (its
    position in ``names``, the order the files were given: later means later)."""
    n_rows = len(accounts)
    nothing = np.zeros(n_rows, dtype=bool)
    none = CrossFile(
        nothing, nothing, np.zeros(len(names), dtype=np.int64), AcrossFiles(keep_latest)
    )
    if "handle" not in accounts or n_rows == 0 or len(names) < 2:
        return none
    present = accounts["handle"].notna().to_numpy(dtype=bool)
    handles = distinct_codes(normalised_handles(accounts["handle"], trimmed=True))[0].astype(
        np.int64
    )
    platforms, matched = _platforms(accounts, handles)
    key = handles * (int(platforms.max(initial=-1)) + 2) + (platforms + 1)
    groups = np.asarray(pd.factorize(key)[0], dtype=np.int64)
    first, last = _group_span(groups, files)
    cross = present & (first != last)
    if not cross.any():
        return none
    rows = np.flatnonzero(cross)
    exact = _exact(accounts, rows, groups)
    # Of an exact repeat, the copy in the first file stays (the latest with keep_latest).
    exact_first, exact_last = _group_span(exact, files[rows])
    chosen = exact_last if keep_latest else exact_first
    drop_exact = nothing.copy()
    drop_exact[rows] = files[rows] != chosen
    remaining = cross & ~drop_exact
    rest = np.flatnonzero(remaining)
    still_first, still_last = _group_span(groups[rest], files[rest])
    superseded, flag = nothing.copy(), nothing.copy()
    if keep_latest:
        superseded[rest] = files[rest] != still_last
    else:
        flag[rest] = still_first != still_last
    drop = drop_exact | superseded
    matched &= cross
    counts = AcrossFiles(
        keep_latest=keep_latest,
        folded=int(drop_exact.sum()),
        flagged=int(flag.sum()),
        superseded=int(superseded.sum()),
        platform_matched=int(matched.sum()),
    )
    warnings = _warnings(
        files,
        names,
        groups,
        keep_latest,
        drop_exact=drop_exact,
        flag=flag,
        superseded=superseded,
        matched=matched,
    )
    per_file = np.bincount(files[drop], minlength=len(names)).astype(np.int64)
    return CrossFile(drop, flag, per_file, counts, warnings)


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
            codes = np.asarray(item.accounts["source"].map(at).fillna(0), dtype=np.int64)
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
    if "possible_duplicate" in accounts:
        flagged = accounts["possible_duplicate"].to_numpy(dtype=bool) | verdict.flag
        accounts["possible_duplicate"] = flagged
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
