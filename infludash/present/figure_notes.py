"""What a chart image must say on its own: where its data came from and which filters were in
force, written into the figure, so a PNG taken from the chart's toolbar carries them. A chart on
screen also never fades the tiers a click did not pick: the drill-down below it says which tier
is picked, and a downloaded image shows every tier at full strength."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence

import plotly.graph_objects as go

from infludash.analysis.filters import Filters
from infludash.present.figure_style import TEXT
from infludash.present.filters_text import describe_filters
from infludash.present.i18n import Locale

__all__ = ["FOOTNOTE_PX", "footnote", "with_footnote"]

#: The room the footnote's first line takes below a chart, and each further line.
FOOTNOTE_PX = 62
LINE_PX = 13
#: Characters of a footnote line: a chart half the page wide holds about this many at 10 px.
FOOTNOTE_CHARS = 95
FOOTNOTE_LINES = 4


def footnote(sources: Sequence[str], filters: Filters, loc: Locale) -> str:
    """``Data: a.csv, b.csv · Filters: Platform: TikTok`` in ``loc``'s words (user text as
    written: :func:`with_footnote` escapes it)."""
    shown = describe_filters(filters, loc)
    return loc.t(
        "charts.footnote",
        sources=", ".join(dict.fromkeys(sources)) or "–",
        filters="; ".join(shown) if shown else loc.t("charts.no_filters"),
    )


def _lines(text: str) -> list[str]:
    """``text`` in lines that fit a half-width chart (Plotly does not wrap an annotation), at
    most :data:`FOOTNOTE_LINES` of them, the last cut with an ellipsis."""
    lines = textwrap.wrap(text, FOOTNOTE_CHARS, break_long_words=True) or [""]
    if len(lines) > FOOTNOTE_LINES:
        lines = [
            *lines[: FOOTNOTE_LINES - 1],
            lines[FOOTNOTE_LINES - 1][: FOOTNOTE_CHARS - 1] + "…",
        ]
    return lines


def with_footnote(fig: go.Figure, text: str) -> go.Figure:
    """A copy of ``fig`` with ``text`` under the plot and no fading of unselected marks."""
    out = go.Figure(fig)
    lines = _lines(text)
    extra = LINE_PX * (len(lines) - 1)
    bottom = (out.layout.margin.b or 0) + FOOTNOTE_PX + extra
    out.add_annotation(
        text="<br>".join(html.escape(line) for line in lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-50,  # below the tick labels and the axis title
        showarrow=False,
        align="left",
        font=dict(size=10, color=TEXT),
    )
    out.update_layout(
        margin=dict(b=bottom), height=(out.layout.height or 400) + FOOTNOTE_PX - 30 + extra
    )
    for trace in out.data:
        if "unselected" in trace:
            trace.update(unselected=dict(marker=dict(opacity=1)))
    return out
