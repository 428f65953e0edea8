"""Which decimal mark a column writes, from the cells that show it unambiguously.

``1,5`` and ``12,4 тыс.`` can only be a decimal comma, ``3.25`` and ``1,234.5`` only a decimal
point; ``1,234`` could be either and shows nothing. The reader counts the distinct cells of each
kind per column and decides the convention for the whole column (see ``values``).
"""

from __future__ import annotations

import re

import pandas as pd
import pyarrow.compute as pc

from infludash.read.arrowtext import arrow_text
from infludash.read.magnitudes import AMBIGUOUS, MAGNITUDES, UNIT_WORDS

__all__ = ["decimal_evidence"]

# Cells that show a column's decimal mark unambiguously (RE2, run by Arrow over distinct texts).
# ``_SPACE`` is what ``parse_number`` drops inside a number, spelled out because RE2's ``\s`` is
# ASCII only.
_SPACE = r"[\s\x{00A0}\x{202F}\x{2009}]*"
_MAGNITUDE = "|".join(
    re.escape(w) for w in sorted({*MAGNITUDES, *AMBIGUOUS}, key=len, reverse=True)
)
_UNIT = "|".join(re.escape(w) for w in sorted(UNIT_WORDS, key=len, reverse=True))
#: A magnitude word (and its dot), then maybe a unit word, closing a cell: ``тыс. подписчиков``.
_WORDS = rf"{_SPACE}(?:{_MAGNITUDE})\.?{_SPACE}(?:{_UNIT})?$"
_COMMA_DECIMAL = rf"\d,\d{{1,2}}{_SPACE}%?$|\d,\d{{4,}}$|\d\.\d{{3}},\d"
_POINT_DECIMAL = rf"\d\.\d{{1,2}}{_SPACE}%?$|\d\.\d{{4,}}$|\d,\d{{3}}\.\d"
#: The same with a word after the number: run only on the few cells that hold a letter, since
#: the word alternation is long (RE2 took a third of a second on a million-row messy file).
_COMMA_WORD = rf"{_COMMA_DECIMAL}|\d,\d+{_WORDS}"
_POINT_WORD = rf"{_POINT_DECIMAL}|\d\.\d+{_WORDS}"


def decimal_evidence(cells: pd.Series) -> tuple[int, int]:
    """How many distinct cells show a decimal comma, and how many a decimal point."""
    text = arrow_text(cells)
    candidates = pc.filter(text, pc.match_substring_regex(text, r"\d[.,]\d"))
    if len(candidates) == 0:
        return 0, 0
    distinct = pc.unique(candidates)
    worded = pc.match_substring_regex(distinct, r"\pL")
    plain, words = pc.filter(distinct, pc.invert(worded)), pc.filter(distinct, worded)
    counts = [0, 0]
    for texts, patterns in [
        (plain, (_COMMA_DECIMAL, _POINT_DECIMAL)),
        (words, (_COMMA_WORD, _POINT_WORD)),
    ]:
        if len(texts) == 0:
            continue
        for side, pattern in enumerate(patterns):
            found = pc.sum(pc.match_substring_regex(texts, pattern, ignore_case=True)).as_py()
            counts[side] += int(found or 0)
    return counts[0], counts[1]
