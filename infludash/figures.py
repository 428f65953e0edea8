"""Plotly figures built from aggregates only: their size does not grow with the number of accounts.

The follower histogram is binned here with numpy (log-spaced bins split at every tier edge, so each
bar belongs to exactly one tier and takes its colour); the engagement chart gets quartiles and
whiskers per tier, never the raw rates. Hover texts are assembled from numbers and scheme labels;
user text never reaches a figure.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import plotly.graph_objects as go

from infludash.benchmarks import TierBenchmark
from infludash.findings import Trend
from infludash.palette import tier_colors
from infludash.stats import box_stats
from infludash.summary import Summary
from infludash.tiers import TierScheme, compact_number

__all__ = [
    "BINS_PER_DECADE",
    "engagement_box",
    "er_scatter",
    "follower_bins",
    "follower_histogram",
]

BINS_PER_DECADE = 8
#: Box charts switch to a log axis when the boxes (quartiles) span more than this factor (auto),
#: so a tier with rates in the hundreds of percent does not flatten the others into a line.
LOG_SCALE_SPREAD = 50.0
#: Tier names above the histogram: an estimate of how many characters fit across the plot (at
#: the chart's usual width), and the height of one row of names when neighbours must stack.
LABEL_CHARS_ACROSS = 55
#: Below this many accounts with a rate, a tier shows its individual rates instead of a box.
MIN_BOX_ACCOUNTS = 5
LABEL_ROW_PX = 30
_FONT = dict(family="Source Sans Pro, sans-serif", size=13)


def follower_bins(
    followers: npt.ArrayLike, scheme: TierScheme, bins_per_decade: int = BINS_PER_DECADE
) -> pd.DataFrame:
    """Counts per log-spaced bin: ``low``, ``high`` (exclusive), ``count``, ``tier_index``.

    The grid runs from the decade of the smallest account (1 when some have none) to the decade
    above the largest; accounts with fewer than one follower fall into the first bin. Tier edges
    are inserted into the grid so no bin straddles two tiers, and bins follow the half-open
    convention of the tiers.
    """
    x = np.asarray(followers, dtype="float64")
    x = x[np.isfinite(x) & (x >= 0)]
    top = max(1.0, math.ceil(math.log10(max(float(x.max()) if x.size else 10.0, 10.0) + 1)))
    smallest = float(x.min()) if x.size else 0.0
    bottom = float(math.floor(math.log10(smallest))) if smallest >= 1 else 0.0
    if smallest >= 1 and 10.0**bottom > smallest:  # log10 rounds up just below a power of 10
        bottom -= 1.0
    bottom = min(bottom, top - 1)
    grid = np.logspace(bottom, top, int((top - bottom) * bins_per_decade) + 1)
    inner = np.array([e for e in scheme.edges if grid[0] < e < grid[-1]], dtype="float64")
    if inner.size:
        # A grid point next to a tier edge would leave a sliver bin (or, merged the wrong way,
        # a bin across the edge): the tier edge replaces it.
        near = (np.abs(np.log10(grid)[:, None] - np.log10(inner)[None, :]) < 1e-6).any(axis=1)
        near[[0, -1]] = False
        grid = grid[~near]
    edges = np.unique(np.concatenate([grid, inner]))
    # Bin i is [edges[i], edges[i+1]); values below 1 join the first bin.
    index = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(edges) - 2)
    counts = np.bincount(index, minlength=len(edges) - 1)
    lows, highs = edges[:-1], edges[1:]
    tier_index = np.searchsorted(np.asarray(scheme.edges), lows, side="right")
    lows = lows.copy()
    if bottom == 0.0:
        lows[0] = 0.0
    return pd.DataFrame({"low": lows, "high": highs, "count": counts, "tier_index": tier_index})


def _axis_ticks(bottom: float, top: float) -> tuple[list[float], list[str]]:
    decades = range(math.floor(bottom), math.ceil(top) + 1)
    return [float(d) for d in decades], [compact_number(10.0**d) for d in decades]


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


def follower_histogram(followers: npt.ArrayLike, scheme: TierScheme, title: str = "") -> go.Figure:
    """Histogram of followers on a log axis, bars coloured by tier, tier edges marked and named.

    The x axis is log10(followers) drawn on a linear axis with 10, 100, 1k … tick labels, so bar
    widths are exact in log space.
    """
    bins = follower_bins(followers, scheme)
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
            f"{html.escape(label)}<br>{compact_number(lo)}–{compact_number(hi)} followers"
            f"<br>{c:,} accounts ({c / total:.1%})"
            for lo, hi, c in zip(part["low"], part["high"], part["count"], strict=True)
        ]
        fig.add_bar(
            x=(left[sel] + right[sel]) / 2,
            y=part["count"].to_numpy(),
            width=(right[sel] - left[sel]),
            name=html.escape(label),
            marker=dict(color=colors[i], line=dict(width=0.5, color="white")),
            hovertext=hover,
            hoverinfo="text",
        )
    top = float(right[-1])
    bottom = float(left[0])
    ymax = float(bins["count"].max()) if len(bins) else 1.0
    for edge in scheme.edges:
        pos = math.log10(edge)
        if bottom < pos < top:
            fig.add_vline(x=pos, line=dict(color="#555", width=1, dash="dot"))
    per_tier = bins.groupby("tier_index")["count"].sum()
    levels = _label_levels(scheme, bottom, top, per_tier)
    for i, (x, level) in levels.items():
        fig.add_annotation(
            x=x,
            y=1.0,
            yref="paper",
            yanchor="bottom",
            yshift=LABEL_ROW_PX * level,
            showarrow=False,
            text=f"<b>{html.escape(scheme.labels[i])}</b><br>{int(per_tier.get(i, 0)):,}",
            font=dict(color=colors[i], size=12),
        )
    rows = 1 + max((level for _, level in levels.values()), default=0)
    tickvals, ticktext = _axis_ticks(bottom, top)
    fig.update_layout(
        title=dict(text=html.escape(title)) if title else None,
        bargap=0,
        barmode="overlay",
        showlegend=False,
        font=_FONT,
        margin=dict(l=10, r=10, t=(24 if title else 0) + 32 + LABEL_ROW_PX * rows, b=10),
        height=400 + LABEL_ROW_PX * (rows - 1),
        xaxis=dict(
            title="followers (log scale)",
            tickvals=tickvals,
            ticktext=ticktext,
            range=[bottom, top],
            showgrid=False,
        ),
        yaxis=dict(
            title="accounts",
            range=[0, ymax * 1.08],
            rangemode="tozero",
            tickformat=",d",
            dtick=1 if ymax <= 5 else None,
        ),
    )
    return fig


#: Benchmark marks: hollow symbols in dark neutral colours, so they never read as a tier colour
#: or as the black median diamond.
_BENCHMARK_STYLES = {
    "Instagram": ("triangle-up-open", "#6A3D9A"),
    "TikTok": ("square-open", "#1B1B1B"),
    "YouTube": ("circle-open", "#8C2D04"),
}


def _benchmark_hover(mark: TierBenchmark) -> str:
    """Provenance of one benchmark mark: figure, statistic, formula, year, source."""
    note = " (extrapolated from the nearest tier)" if mark.extrapolated else ""
    return (
        f"{html.escape(mark.platform)} benchmark: {mark.er_pct:.2f}%{note}<br>"
        f"{html.escape(mark.statistic)} of engagement ÷ {html.escape(mark.formula)}, "
        f"{html.escape(mark.population)}, {mark.year}<br>{html.escape(mark.source)}"
    )


def engagement_box(
    annotated: pd.DataFrame,
    summary: Summary,
    *,
    title: str = "",
    estimated: bool = False,
    log_scale: bool | None = None,
    benchmarks: Mapping[str, Sequence[TierBenchmark]] | None = None,
) -> go.Figure:
    """One box per tier from precomputed quartiles and whiskers, the median's 95% interval drawn
    as an error bar, and n above every tier (including tiers without a rate)."""
    scheme = summary.scheme
    colors = tier_colors(scheme)
    er = annotated["er_pct"].to_numpy(dtype="float64")
    index = annotated["tier_index"].to_numpy()
    fig = go.Figure()
    labels = [html.escape(label) for label in scheme.labels]
    tiers = summary.tiers
    highs: list[float] = [float(v) for v in tiers["er_ci95_high"].dropna()]
    lows: list[float] = []
    q1s: list[float] = []
    q3s: list[float] = []
    for i, label in enumerate(labels):
        values = er[index == i]
        values = values[np.isfinite(values)]
        if 0 < values.size < MIN_BOX_ACCOUNTS:
            # Too few for quartiles to mean anything: show the few rates themselves.
            highs.append(float(values.max()))
            lows.extend(float(v) for v in values if v > 0)
            fig.add_trace(
                go.Scatter(
                    x=[label] * values.size,
                    y=values,
                    mode="markers",
                    name=label,
                    marker=dict(color=colors[i], size=9, line=dict(color="#333", width=1)),
                    hovertemplate="%{y:.2f}%<extra>one account</extra>",
                    showlegend=False,
                )
            )
            continue
        stats = box_stats(values)
        if stats is None:
            continue
        highs.append(stats.upperfence)
        lows.extend(v for v in (stats.lowerfence, stats.q1) if v > 0)
        q1s.append(stats.q1)
        q3s.append(stats.q3)
        fig.add_trace(
            go.Box(
                x=[label],
                q1=[stats.q1],
                median=[stats.median],
                q3=[stats.q3],
                lowerfence=[stats.lowerfence],
                upperfence=[stats.upperfence],
                name=label,
                marker=dict(color=colors[i]),
                fillcolor=colors[i],
                opacity=0.6,
                line=dict(color="#8a8a8a", width=1),
                boxpoints=False,
                hoverinfo="y",
                showlegend=False,
            )
        )
    rows = tiers[tiers["median_er_pct"].notna() & tiers["er_ci95_low"].notna() & ~tiers["too_few"]]
    if not rows.empty:
        med = rows["median_er_pct"].to_numpy(dtype="float64")
        fig.add_trace(
            go.Scatter(
                x=[labels[i] for i in rows.index],
                y=med,
                mode="markers",
                name="median, 95% CI",
                showlegend=False,
                marker=dict(color="#111", size=8, symbol="diamond"),
                error_y=dict(
                    type="data",
                    symmetric=False,
                    color="#111",
                    thickness=3,
                    width=10,
                    array=rows["er_ci95_high"].to_numpy(dtype="float64") - med,
                    arrayminus=med - rows["er_ci95_low"].to_numpy(dtype="float64"),
                ),
                hovertext=[
                    f"median {m:.2f}%<br>95% CI {lo:.2f}–{hi:.2f}%<br>n = {n:,}"
                    for m, lo, hi, n in zip(
                        med, rows["er_ci95_low"], rows["er_ci95_high"], rows["er_n"], strict=True
                    )
                ],
                hoverinfo="text",
            )
        )
    for platform, marks in (benchmarks or {}).items():
        symbol, colour = _BENCHMARK_STYLES.get(platform, ("diamond-open", "#444"))
        values = [m.er_pct for m in marks]
        highs.extend(values)
        lows.extend(v for v in values if v > 0)
        fig.add_trace(
            go.Scatter(
                x=labels,
                y=values,
                mode="markers",
                name=f"{platform} benchmark",
                marker=dict(
                    symbol=symbol, size=13, color=colour, line=dict(width=2.5, color=colour)
                ),
                hovertext=[_benchmark_hover(m) for m in marks],
                showlegend=True,
                hoverinfo="text",
            )
        )
    for i, label in enumerate(labels):
        n = int(tiers["er_n"].iloc[i])
        fig.add_annotation(
            x=label,
            y=1.0,
            yref="paper",
            yanchor="bottom",
            showarrow=False,
            text=f"n = {n:,}",
            font=dict(size=12, color="#333"),
        )
    kind = {
        "views": "engagement ÷ views (%)",
        "column": "reported engagement rate (%)",
        "benchmark": "estimated engagement rate (%)",
    }.get(summary.er_basis, "estimated engagement rate (%)" if estimated else "engagement rate (%)")
    top = max(highs, default=0.0)
    floor = min(lows, default=0.0)
    if log_scale is None:  # decide on the boxes, not on the whiskers
        box_floor = min((v for v in q1s if v > 0), default=0.0)
        log_scale = box_floor > 0 and max(q3s) / box_floor > LOG_SCALE_SPREAD
    yaxis: dict[str, Any]
    if log_scale and floor > 0:
        yaxis = dict(type="log", dtick=1, range=[math.log10(floor / 1.5), math.log10(top * 1.5)])
        kind += ", log scale"
    else:
        yaxis = dict(rangemode="tozero", range=[0, top * 1.1] if top > 0 else None)
    fig.update_layout(
        title=dict(text=html.escape(title)) if title else None,
        showlegend=bool(benchmarks),
        legend=dict(orientation="h", yanchor="top", y=-0.22, x=0, font=dict(size=11)),
        font=_FONT,
        height=430 if benchmarks else 400,
        margin=dict(l=10, r=10, t=80 if title else 56, b=10),
        xaxis=dict(title="tier", type="category", categoryorder="array", categoryarray=labels),
        yaxis=dict(title=kind, ticksuffix="%", **yaxis),
    )
    return fig


SCATTER_CAP = 3_000


def er_scatter(
    annotated: pd.DataFrame, scheme: TierScheme, trends: Sequence[Trend], cap: int = SCATTER_CAP
) -> go.Figure:
    """Engagement rate against followers on log–log axes, a seeded sample of at most ``cap``
    accounts (WebGL), with the robust fit for all accounts and its 95% band."""
    followers = annotated["followers"].to_numpy(dtype="float64")
    er = annotated["er_pct"].to_numpy(dtype="float64")
    index = annotated["tier_index"].to_numpy()
    ok = np.flatnonzero((followers > 0) & (er > 0) & np.isfinite(er))
    if ok.size > cap:
        ok = np.sort(np.random.default_rng(0).choice(ok, cap, replace=False))
    colors = tier_colors(scheme)
    fig = go.Figure()
    for i, label in enumerate(scheme.labels):
        sel = ok[index[ok] == i]
        if sel.size == 0:
            continue
        fig.add_trace(
            go.Scattergl(
                x=np.log10(followers[sel]),
                y=np.log10(er[sel]),
                mode="markers",
                name=html.escape(label),
                marker=dict(color=colors[i], size=5, opacity=0.55),
                hovertemplate=(
                    "%{customdata[0]:,.0f} followers<br>%{customdata[1]:.2f}%<extra></extra>"
                ),
                customdata=np.column_stack([followers[sel], er[sel]]),
            )
        )
    if trends and ok.size:
        fit = trends[0]
        xs = np.linspace(
            float(np.log10(followers[ok]).min()), float(np.log10(followers[ok]).max()), 50
        )
        centre = float(np.median(np.log10(followers[ok])))
        pivot = fit.intercept + fit.slope * centre
        for slope, dash, name in (
            (fit.slope_low, "dot", "95% band"),
            (fit.slope_high, "dot", "95% band"),
            (fit.slope, "solid", f"fit: slope {fit.slope:.2f}"),
        ):
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=pivot + slope * (xs - centre),
                    mode="lines",
                    name=name,
                    line=dict(color="#111", width=2 if dash == "solid" else 1, dash=dash),
                    hoverinfo="skip",
                    showlegend=dash == "solid",
                )
            )
    x_ticks = list(range(0, 11))
    y_ticks = [-2, -1, 0, 1, 2, 3]
    fig.update_layout(
        font=_FONT,
        height=460,
        margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
        xaxis=dict(
            title="followers (log scale)",
            tickvals=x_ticks,
            ticktext=[compact_number(10.0**t) for t in x_ticks],
        ),
        yaxis=dict(
            title="engagement rate (log scale)",
            tickvals=y_ticks,
            ticktext=[f"{10.0**t:g}%" for t in y_ticks],
        ),
    )
    return fig
