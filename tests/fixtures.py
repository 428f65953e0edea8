"""Synthetic CSV builders shared by the unit tests (no real account data anywhere in the suite)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from infludash.base.errors import InputError
from infludash.present.i18n import get_locale
from tests.support.accounts import accounts_frame

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_accounts.csv"

#: Follower counts exactly at (and one below) every edge of the default scheme.
BOUNDARIES: tuple[int, ...] = (99, 100, 9_999, 10_000, 99_999, 100_000, 999_999, 1_000_000)
DEFAULT_KEYS: tuple[str, ...] = ("below_nano", "nano", "micro", "macro", "mega")
DEFAULT_EDGES: tuple[float, ...] = (0.0, 100.0, 10_000.0, 100_000.0, 1_000_000.0, np.inf)
CLEAN_HEADER: tuple[str, ...] = (
    "account_handle",
    "network",
    "followers",
    "avg_likes",
    "avg_comments",
)


def csv_text(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    delimiter: str = ",",
    line_end: str = "\n",
) -> str:
    """A CSV table as text, quoted only where needed, like a spreadsheet export."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def csv_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    delimiter: str = ",",
    encoding: str = "utf-8",
    line_end: str = "\n",
) -> bytes:
    """:func:`csv_text` encoded (``encoding="utf-8-sig"`` writes a byte-order mark)."""
    return csv_text(header, rows, delimiter, line_end).encode(encoding)


def synthetic_accounts(
    seed: int, n: int, boundary_copies: int = 1, zero_followers: int = 0
) -> pd.DataFrame:
    """A clean, seeded account list in the export spelling of :data:`CLEAN_HEADER`: ``n`` accounts
    of the shared generator (:func:`tests.support.accounts.accounts_frame`) plus
    ``boundary_copies`` accounts at each of :data:`BOUNDARIES` and ``zero_followers`` accounts with
    0 followers, shuffled in. Handles are unique, so no row is an exact duplicate of another."""
    extra = [*np.repeat(BOUNDARIES, boundary_copies).tolist(), *([0] * zero_followers)]
    return accounts_frame(n, seed, extra_followers=extra)


def write_accounts(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` as a plain UTF-8 CSV with ``\\n`` line endings and return the path."""
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


def binomial_median_ranks(n: int, confidence: float = 0.95) -> tuple[int, int] | None:
    """Reference order-statistic ranks of the median's interval, from scipy (tests only).

    The lower rank is the largest ``l`` with ``P(B <= l-1) <= (1-confidence)/2`` for
    ``B ~ Binomial(n, 1/2)``; the upper is ``n + 1 - l``. None when no such ``l`` exists.
    """
    from scipy.stats import binom

    alpha = (1 - confidence) / 2
    k = np.arange(0, n // 2 + 1)
    ok = np.flatnonzero(binom.cdf(k, n, 0.5) <= alpha)
    if ok.size == 0:
        return None
    low = int(k[ok[-1]]) + 1
    return low, n + 1 - low


def workbook_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """An .xlsx with the given sheets and rows, built in memory."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@contextmanager
def raises_said(pattern: str) -> Iterator[pytest.ExceptionInfo[InputError]]:
    """Like ``pytest.raises(InputError, match=...)``, matched against what the error says in
    English (the CLI's words): an error carries a code and its values, not a sentence."""
    with pytest.raises(InputError) as caught:
        yield caught
    said = get_locale("en").error(caught.value)
    assert re.search(pattern, said), f"{pattern!r} not in {said!r}"


def said(notes: Iterable[object]) -> list[str]:
    """What ``notes`` say in English (the CLI's words), for tests that look for words."""
    english = get_locale("en")
    return [english.say(note) for note in notes]
