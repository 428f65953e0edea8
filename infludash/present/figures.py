"""Plotly figures built from aggregates only: their size does not grow with the number of accounts.

The follower histogram is binned here with numpy (log-spaced bins split at every tier edge, so each
bar belongs to exactly one tier and takes its colour); the engagement chart gets quartiles and
whiskers per tier, never the raw rates. Hover texts are assembled from numbers and scheme labels;
user text never reaches a figure (and labels are HTML-escaped all the same). Every word comes from
the language catalogue; charts carry their own title so a downloaded PNG or the HTML report says
what it shows.
"""

from __future__ import annotations

import html
import math

import numpy as np
import numpy.typing as npt
import pandas as pd
import plotly.graph_objects as go

from infludash.analysis.aggregates import MIN_BOX_ACCOUNTS, follower_bins
from infludash.analysis.tiers import TierScheme
from infludash.present.figure_box import engagement_box
from infludash.present.figure_scatter import SCATTER_CAP, er_scatter
from infludash.present.figure_style import FONT, GUIDE
from infludash.present.i18n import Locale, get_locale
from infludash.present.palette import tier_colors

__all__ = [
    "MIN_BOX_ACCOUNTS",
    "SCATTER_CAP",
    "engagement_box",
    "er_scatter",
    "follower_histogram",
]

#: Tier names above the histogram: an estimate of how many characters fit across the plot (at
#: the chart's usual width), and the height of one row of names when neighbours must stack.
LABEL_CHARS_ACROSS = 55
#: Tick labels (11 px) that fit across the narrowest plot, half a page wide.
TICK_CHARS_ACROSS = 60
LABEL_ROW_PX = 30
TITLE_PX = 30


def _axis_ticks(bottom: float, top: float, loc: Locale) -> tuple[list[float], list[str]]:
    """A tick per decade, or per second (third...) decade where the labels would touch: German
    ``100 Mio.`` is twice as wide as ``100M``. Kept decades are multiples of the step, so the
    ticks stay at round places whatever the range."""
    decades = list(range(math.floor(bottom), math.ceil(top) + 1))
    texts = [loc.compact(10.0**d) for d in decades]
    per_decade = TICK_CHARS_ACROSS / max(top - bottom, 1e-9)
    step = max(1, math.ceil((max(len(t) for t in texts) + 2) / per_decade))
    kept = [i for i, d in enumerate(decades) if d % step == 0]
    return [float(decades[i]) for i in kept], [texts[i] for i in kept]


def _label_levels(
    scheme: TierScheme, bottom: float, top: float, counts: pd.Series
) -> dict[int, tuple[float, int]]:
    """Where each tier's name goes: centred over its visible range, nudged inside the plot, and
    raised one row when it would collide with its neighbour (narrow tiers such as 500k–1M)."""
    span = max(top - bottom, 1e-9)
    char = span / LABEL_CHARS_ACROSS  # decades taken by one character of label text
    bounds = [bottom, *[math.log10(e) for e in scheme.edges], top]
    placed: dict[int, tuple[float, int]] = {}
    row_ends: list[float] = []
    for i, label in enumerate(scheme.labels):
        lo, hi = max(bounds[i], bottom), min(bounds[i + 1], top)
        if hi <= lo:
            continue
        half = max(len(label), len(f"{int(counts.get(i, 0)):,}")) * char / 2
        x = min(max((lo + hi) / 2, bottom + half), top - half)
        level = next(
            (k for k, end in enumerate(row_ends) if x - half > end + char / 2), len(row_ends)
        )
        if level == len(row_ends):
            row_ends.append(x + half)
        else:
            row_ends[level] = x + half
        placed[i] = (x, level)
    return placed


def follower_histogram(
    followers: npt.ArrayLike | None,
    scheme: TierScheme,
    loc: Locale | None = None,
    *,
    title: str | None = None,
    bins: pd.DataFrame | None = None,
) -> go.Figure:
    """Histogram of followers on a log axis, bars coloured by tier, tier edges marked and named.

    The x axis is log10(followers) drawn on a linear axis with 10, 100, 1k … tick labels, so bar
    widths are exact in log space. Each bar carries its tier index as ``customdata`` so a click on
    it can select the tier. ``bins`` (from :func:`follower_bins`, computed once elsewhere) draws
    the chart without the followers themselves.
    """
    loc = loc or get_locale()
    title = loc.t("charts.followers.title") if title is None else title
    if bins is None:
        bins = follower_bins([] if followers is None else followers, scheme)
    colors = tier_colors(scheme)
    left = np.log10(np.maximum(bins["low"].to_numpy(), 1.0))
    right = np.log10(bins["high"].to_numpy())
    total = max(int(bins["count"].sum()), 1)
    fig = go.Figure()
    for i, label in enumerate(scheme.labels):
        part = bins[bins["tier_index"] == i]
        if part.empty:
            continue
        sel = part.index.to_numpy()
        hover = [
            loc.t(
                "charts.followers.hover",
                tier=html.escape(label),
                low=loc.compact(lo, edge=True),
                high=loc.compact(hi, edge=True),
                count=loc.num(c),
                share=loc.share(c / total),
            )
            for lo, hi, c in zip(part["low"], part["high"], part["count"], strict=True)
        ]
        fig.add_bar(
            x=(left[sel] + right[sel]) / 2,
            y=part["count"].to_numpy(),
            width=(right[sel] - left[sel]),
            name=html.escape(label),
            marker=dict(color=colors[i], line=dict(width=0.5, color="rgba(128,128,128,0.45)")),
            hovertext=hover,
            hoverinfo="text",
            customdata=np.full(sel.size, i),
        )
    top = float(right[-1])
    bottom = float(left[0])
    ymax = float(bins["count"].max()) if len(bins) else 1.0
    # Tier edges as dotted lines across the plot (what add_vline makes, given in one go: one
    # add_vline call costs more than the rest of the chart).
    shapes = [
        dict(
            type="line",
            x0=pos,
            x1=pos,
            xref="x",
            y0=0,
            y1=1,
            yref="y domain",
            line=dict(color=GUIDE, width=1, dash="dot"),
        )
        for pos in (math.log10(edge) for edge in scheme.edges)
        if bottom < pos < top
    ]
    per_tier = bins.groupby("tier_index")["count"].sum()
    levels = _label_levels(scheme, bottom, top, per_tier)
    annotations = [
        dict(
            x=x,
            y=1.0,
            yref="paper",
            yanchor="bottom",
            yshift=LABEL_ROW_PX * level,
            showarrow=False,
            text=f"<b>{html.escape(scheme.labels[i])}</b><br>{loc.num(int(per_tier.get(i, 0)))}",
            font=dict(color=colors[i], size=12),
        )
        for i, (x, level) in levels.items()
    ]
    rows = 1 + max((level for _, level in levels.values()), default=0)
    tickvals, ticktext = _axis_ticks(bottom, top, loc)
    fig.update_layout(
        shapes=shapes,
        annotations=annotations,
        title=dict(text=html.escape(title), x=0, xanchor="left") if title else None,
        bargap=0,
        barmode="overlay",
        showlegend=False,
        font=FONT,
        margin=dict(l=10, r=10, t=(TITLE_PX if title else 0) + 32 + LABEL_ROW_PX * rows, b=10),
        height=400 + LABEL_ROW_PX * (rows - 1) + (TITLE_PX if title else 0),
        xaxis=dict(
            title=loc.t("charts.followers.x"),
            tickangle=0,  # German "100 Mio." would otherwise tilt every label
            tickfont=dict(size=11),
            tickvals=tickvals,
            ticktext=ticktext,
            range=[bottom, top],
            showgrid=False,
        ),
        separators=loc.decimal + loc.thousands,
        yaxis=dict(
            title=loc.t("charts.followers.y"),
            range=[0, ymax * 1.08],
            rangemode="tozero",
            tickformat=",d",
            dtick=1 if ymax <= 5 else None,
        ),
    )
    return fig
