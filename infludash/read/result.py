"""What reading gives: the accounts, the rejected rows, and the counts that prove no row was lost.

Every data record ends up in exactly one place: an account, a rejected row (with a reason code
the analyst can act on), or an exact duplicate of an earlier record;
``rows_read == accounts + rejected + duplicates`` always holds, so nothing disappears silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from infludash.base.notes import Note
from infludash.base.schema import ACCOUNTS, check
from infludash.read.arrowtext import constant_text
from infludash.read.crossfile import AcrossFiles

__all__ = ["FileReport", "ReadResult", "checked"]


@dataclass(frozen=True)
class FileReport:
    """How one file was read: what the data-quality view shows and the mapping step edits."""

    source: str
    kind: str  # "text" or "xlsx"
    encoding: str
    delimiter: str
    headers: tuple[str, ...]
    preview: pd.DataFrame  # the first rows, as text, under the file's own headers
    conventions: dict[str, str] = field(default_factory=dict)
    rows_read: int = 0
    accounts: int = 0
    rejected: int = 0
    duplicates: int = 0
    in_other_files: int = 0  # of the duplicates: accounts of another file (see combine)


@dataclass
class ReadResult:
    """Accounts in canonical columns plus the bookkeeping that proves no row was lost.

    ``rejected`` has a row per rejected record: ``source``, ``row``, ``reason`` (a
    :class:`~infludash.read.codes.Reason`), ``detail`` (a :class:`~infludash.read.codes.Detail`
    whose value, the followers cell, is in ``value``; or a whole note for a record described on
    its own; or None) and ``raw`` (the record as the file wrote it). ``warnings`` are notes: about
    the one file read, unnamed, or, once results are combined, each naming its file
    (:func:`infludash.read.combine.combine`).
    """

    accounts: pd.DataFrame
    rejected: pd.DataFrame
    rows_read: int
    duplicates: int
    sources: list[str] = field(default_factory=list)
    mapping: dict[str, dict[str, str]] = field(default_factory=dict)
    warnings: list[Note] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)
    across_files: AcrossFiles = field(default_factory=AcrossFiles)

    def renamed(self, name: str) -> ReadResult:
        """The same result (one file) under another source name (the app caches by content,
        not by name)."""
        old = self.sources[0] if len(self.sources) == 1 else None
        if old is None or old == name:
            return self
        accounts = self.accounts.assign(
            source=constant_text(name, len(self.accounts)).set_axis(self.accounts.index)
        )
        return ReadResult(
            accounts=accounts,
            rejected=self.rejected.assign(source=name),
            rows_read=self.rows_read,
            duplicates=self.duplicates,
            sources=[name],
            mapping={name: self.mapping.get(old, {})},
            warnings=list(self.warnings),
            files=[replace(f, source=name) for f in self.files],
        )


def checked(result: ReadResult) -> ReadResult:
    """``result`` once its accounts table is held to the contract (:mod:`infludash.base.schema`):
    what leaves reading is what analysis may rely on."""
    check(result.accounts, ACCOUNTS)
    return result
