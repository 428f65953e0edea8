"""A table of the HTML report's own sections as HTML: every cell escaped, numbers right-aligned
as in the rest of the report, the columns of words (handles, flags, notes) left-aligned.

pandas' ``to_html`` aligns every column alike, and the report's style sheet right-aligns all but
the first column (its tables are of numbers); a column of handles or sentences reads badly so.
The alignment goes on those cells themselves, so the style sheet every report shares stays as
it is.
"""

from __future__ import annotations

import html
import math
from collections.abc import Collection

import pandas as pd

__all__ = ["html_table"]

_LEFT = ' style="text-align:left"'


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return html.escape(str(value))


def html_table(frame: pd.DataFrame, left: Collection[object] = ()) -> str:
    """``frame`` as an HTML table (no index); the columns named in ``left`` aligned left."""
    aligned = [_LEFT if column in left else "" for column in frame.columns]
    head = "".join(
        f"<th{style}>{_cell(column)}</th>"
        for column, style in zip(frame.columns, aligned, strict=True)
    )
    rows = "".join(
        "<tr>"
        + "".join(f"<td{style}>{_cell(v)}</td>" for v, style in zip(row, aligned, strict=True))
        + "</tr>"
        for row in frame.itertuples(index=False, name=None)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
