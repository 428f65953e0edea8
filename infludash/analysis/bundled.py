"""The project's own data tables (``data/benchmarks.csv``, ``data/rate_cards.csv``): read with
one rule, so a damaged or edited table is an analyst-readable error naming it, never a
traceback."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from infludash.analysis.codes import AnalysisError
from infludash.base.errors import InputError
from infludash.base.notes import Note

__all__ = ["read_table"]


def read_table(path: Path, table: Note, columns: Sequence[str]) -> pd.DataFrame:
    """The table at ``path`` with every column of ``columns``; an empty ``max_followers`` cell is
    "no upper edge", every other cell is kept as written."""
    try:
        frame = pd.read_csv(path, keep_default_na=False, na_values={"max_followers": [""]})
    except (OSError, pd.errors.EmptyDataError, pd.errors.ParserError) as err:
        unreadable = Note(AnalysisError.TABLE_UNREADABLE, table=table, reason=str(err))
        raise InputError(unreadable) from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(Note(AnalysisError.TABLE_LACKS, table=table, columns=", ".join(missing)))
    return frame
