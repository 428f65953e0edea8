"""How the number cells of the account tables read in each language, for the AppTests of the
pages that show them (the cells are text written in the app's language, not by the browser)."""

from __future__ import annotations

import re
from typing import Any

#: How the number cells read in each language (– where there is no number).
CELLS = {
    "en": {
        "vs_tier_median": r"\d+\.\d×",
        "anomaly_z": r"-?\d+\.\d",
        "followers": r"\d{1,3}(,\d{3})*",
        "er_pct": r"\d+\.\d\d%",
    },
    "de": {
        "vs_tier_median": r"\d+,\d×",
        "anomaly_z": r"-?\d+,\d",
        "followers": r"\d{1,3}(\.\d{3})*",
        "er_pct": "\\d+,\\d\\d\u202f%",
    },
}


def number_cells(
    table: Any, lang: str, columns: tuple[str, ...] = tuple(CELLS["en"])
) -> dict[str, list[str]]:
    """The shown cells of ``columns``, each checked to read the ``lang`` way."""
    cells: dict[str, list[str]] = {}
    for column in columns:
        pattern = CELLS[lang][column]
        shown = [str(v) for v in table[column]]
        wrong = [v for v in shown if v != "–" and not re.fullmatch(pattern, v)]
        assert not wrong, (column, lang, wrong[:5])
        cells[column] = shown
    return cells


def as_german(english: str) -> str:
    """An English number as German writes it: marks swapped, a space before the % sign."""
    return english.translate(str.maketrans(",.", ".,")).replace("%", "\u202f%")


def read_back(cells: Any, lang: str = "en") -> list[float]:
    """Shown number cells read back as numbers (– as NaN): to compare what a table shows."""
    group, mark = (".", ",") if lang == "de" else (",", ".")
    out = []
    for cell in cells:
        text = str(cell).replace(group, "").replace(mark, ".").rstrip("×%\u202f")
        out.append(float("nan") if text == "–" else float(text))
    return out
