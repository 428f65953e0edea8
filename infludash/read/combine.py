"""Several files read as one: accounts stacked, counts added, each file's notes named.

A file's reader does not name the file in what it says; the code that knows the name does, here
for the warnings of combined results and, for errors, the command line and the app's loaders
(:func:`in_file`).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.read.codes import ReadError
from infludash.read.crossfile import fold_across
from infludash.read.result import ReadResult, checked
from infludash.read.warning_codes import ReadWarning

__all__ = ["combine", "in_file", "named_warnings"]


def in_file(name: str, err: InputError) -> InputError:
    """``err`` about the file ``name``, named: ``"list.csv: the file is empty…"`` in any
    language."""
    return InputError(Note(ReadError.IN_FILE, file=name, note=err.note))


def named_warnings(result: ReadResult) -> list[Note]:
    """The warnings of a one-file result, each naming the file; those of a combined result,
    already named (or about several files), as they are."""
    if len(result.sources) != 1:
        return list(result.warnings)
    name = result.sources[0]
    return [
        note
        if note.code is ReadWarning.IN_FILE
        else Note(ReadWarning.IN_FILE, file=name, note=note)
        for note in result.warnings
    ]


def combine(results: Iterable[ReadResult], *, keep_latest: bool = False) -> ReadResult:
    """One result for one or several files: accounts stacked (``source`` says which file), counts
    added, every file's warnings named, and accounts found in more than one file folded or
    flagged (:mod:`infludash.read.crossfile`; ``keep_latest``: only the row of the last file
    given that has the account is kept)."""
    items = list(results)
    if not items:
        raise InputError(Note(ReadError.NO_FILES))
    if len(items) == 1:
        only = items[0]
        return ReadResult(
            accounts=only.accounts,
            rejected=only.rejected,
            rows_read=only.rows_read,
            duplicates=only.duplicates,
            sources=only.sources,
            mapping=only.mapping,
            warnings=named_warnings(only),
            files=only.files,
            across_files=only.across_files,
        )
    stacked = ReadResult(
        accounts=pd.concat([r.accounts for r in items], ignore_index=True, sort=False),
        rejected=pd.concat([r.rejected for r in items], ignore_index=True, sort=False),
        rows_read=sum(r.rows_read for r in items),
        duplicates=sum(r.duplicates for r in items),
        sources=[s for r in items for s in r.sources],
        mapping={k: v for r in items for k, v in r.mapping.items()},
        warnings=[w for r in items for w in named_warnings(r)],
        files=[f for r in items for f in r.files],
    )
    return checked(fold_across(items, stacked, keep_latest=keep_latest))
