"""Engagement rate per tier as box plots drawn from precomputed quartiles (never raw rates), with
the median's distribution-free 95% interval and, on request, published benchmarks beside them."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from infludash.analysis.aggregates import TierRates, tier_rates
from infludash.analysis.benchmarks import TierBenchmark
from infludash.analysis.summary import Summary
from infludash.present.figure_style import FONT, GUIDE, HALO, STRONG, TEXT
from infludash.present.i18n import Locale, get_locale
from infludash.present.palette import tier_colors

__all__ = ["LOG_SCALE_SPREAD", "engagement_box"]

#: Box charts switch to a log axis when the boxes (quartiles) span more than this factor (auto),
#: so a tier with rates in the hundreds of percent does not flatten the others into a line.
LOG_SCALE_SPREAD = 50.0
TITLE_PX = 30

#: Benchmark marks: hollow symbols in colours apart from the tier hues, so they never read as a
#: tier or as the median diamond, and mid-toned so they read on light and dark themes.
_BENCHMARK_STYLES: dict[str, tuple[str, str]] = {
    "Instagram": ("triangle-up-open", "#8E5BC4"),
    "TikTok": ("square-open", "#7F7F7F"),
    "YouTube": ("circle-open", "#C0502A"),
}


#: From this many accounts a tier's count above the box is written short (``n = 5.7M``).
SHORT_N_FROM = 100_000


def _benchmark_hover(mark: TierBenchmark, loc: Locale) -> str:
    """Provenance of one benchmark mark: figure, statistic, formula, year, source."""
    return loc.t(
        "charts.benchmark.hover",
        platform=html.escape(mark.platform),
        er=loc.pct(mark.er_pct),
        note=loc.t("charts.benchmark.extrapolated") if mark.extrapolated else "",
        statistic=loc.t(f"words.statistic.{mark.statistic}"),
        formula=loc.t(f"words.per.{mark.formula}"),
        population=html.escape(mark.population),
        year=mark.year,
        source=html.escape(mark.source),
    )


def engagement_box(
    annotated: pd.DataFrame | None,
    summary: Summary,
    loc: Locale | None = None,
    *,
    title: str | None = None,
    estimated: bool = False,
    log_scale: bool | None = None,
    benchmarks: Mapping[str, Sequence[TierBenchmark]] | None = None,
    rates: Sequence[TierRates] | None = None,
) -> go.Figure:
    """One box per tier from precomputed quartiles and whiskers, the median's 95% interval drawn
    as an error bar, and n above every tier (including tiers without a rate). The median marks
    carry the tier index as ``customdata`` so a click on one can select the tier. ``rates`` (from
    :func:`tier_rates`, computed once elsewhere) draws the chart without ``annotated``."""
    loc = loc or get_locale()
    if title is None:
        title = loc.t(
            "charts.engagement.title_estimated" if estimated else "charts.engagement.title"
        )
    scheme = summary.scheme
    colors = tier_colors(scheme)
    if rates is None:
        if annotated is None:
            raise ValueError("engagement_box needs the annotated accounts or their tier_rates")
        rates = tier_rates(annotated, len(scheme.keys))
    fig = go.Figure()
    labels = [html.escape(label) for label in scheme.labels]
    tiers = summary.tiers
    highs: list[float] = [float(v) for v in tiers["er_ci95_high"].dropna()]
    lows: list[float] = []
    q1s: list[float] = []
    q3s: list[float] = []
    for i, label in enumerate(labels):
        stats = rates[i] if i < len(rates) else None
        if isinstance(stats, tuple):
            # Too few for quartiles to mean anything: show the few rates themselves.
            few = np.asarray(stats, dtype="float64")
            highs.append(float(few.max()))
            lows.extend(float(v) for v in few if v > 0)
            fig.add_trace(
                go.Scatter(
                    x=[label] * few.size,
                    y=few,
                    mode="markers",
                    name=label,
                    marker=dict(color=colors[i], size=9, line=dict(color=HALO, width=1)),
                    hovertext=[loc.t("charts.engagement.one_account", er=loc.pct(v)) for v in few],
                    hoverinfo="text",
                    customdata=np.full(few.size, i),
                    showlegend=False,
                )
            )
            continue
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
                line=dict(color=GUIDE, width=1),
                boxpoints=False,
                hoverinfo="text",
                hovertext=loc.t(
                    "charts.engagement.box_hover",
                    tier=label,
                    q1=loc.pct(stats.q1),
                    median=loc.pct(stats.median),
                    q3=loc.pct(stats.q3),
                    low=loc.pct(stats.lowerfence),
                    high=loc.pct(stats.upperfence),
                ),
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
                name=loc.t("charts.engagement.median_name"),
                showlegend=False,
                marker=dict(
                    color=STRONG, size=10, symbol="diamond", line=dict(color=HALO, width=1.5)
                ),
                customdata=rows.index.to_numpy(),
                error_y=dict(
                    type="data",
                    symmetric=False,
                    color=STRONG,
                    thickness=3,
                    width=10,
                    array=rows["er_ci95_high"].to_numpy(dtype="float64") - med,
                    arrayminus=med - rows["er_ci95_low"].to_numpy(dtype="float64"),
                ),
                hovertext=[
                    loc.t(
                        "charts.engagement.median_hover",
                        median=loc.pct(m),
                        low=loc.pct(lo),
                        high=loc.pct(hi),
                        n=loc.num(n),
                    )
                    for m, lo, hi, n in zip(
                        med, rows["er_ci95_low"], rows["er_ci95_high"], rows["er_n"], strict=True
                    )
                ],
                hoverinfo="text",
            )
        )
    for platform, marks in (benchmarks or {}).items():
        symbol, colour = _BENCHMARK_STYLES.get(platform, ("diamond-open", GUIDE))
        values = [m.er_pct for m in marks]
        highs.extend(values)
        lows.extend(v for v in values if v > 0)
        fig.add_trace(
            go.Scatter(
                x=labels,
                y=values,
                mode="markers",
                name=loc.t("charts.benchmark.name", platform=html.escape(platform)),
                marker=dict(
                    symbol=symbol, size=13, color=colour, line=dict(width=2.5, color=colour)
                ),
                hovertext=[_benchmark_hover(m, loc) for m in marks],
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
            # Six digits and more would run into the next tier's label: short (the median's
            # hover carries the exact count).
            text=f"n = {loc.num(n) if n < SHORT_N_FROM else loc.compact(n)}",
            font=dict(size=12, color=TEXT),
        )
    basis = (
        summary.er_basis if summary.er_basis in ("views", "column", "benchmark") else "followers"
    )
    if estimated:
        basis = "benchmark"
    kind = loc.t(f"charts.engagement.y.{basis}")
    top = max(highs, default=0.0)
    floor = min(lows, default=0.0)
    if log_scale is None:  # decide on the boxes, not on the whiskers
        box_floor = min((v for v in q1s if v > 0), default=0.0)
        log_scale = box_floor > 0 and max(q3s) / box_floor > LOG_SCALE_SPREAD
    yaxis: dict[str, Any]
    if log_scale and floor > 0:
        low, high = math.log10(floor / 1.5), math.log10(top * 1.5)
        decades = range(math.floor(low), math.ceil(high) + 1)
        yaxis = dict(  # plain percent on every tick: plotly's own labels say "100µ%"
            type="log",
            range=[low, high],
            tickvals=[10.0**d for d in decades],
            ticktext=[loc.pct(10.0**d, max(0, -d)) for d in decades],
        )
        kind = loc.t("charts.log_scale", axis=kind)
    else:
        yaxis = dict(rangemode="tozero", range=[0, top * 1.1] if top > 0 else None)
    fig.update_layout(
        title=dict(text=html.escape(title), x=0, xanchor="left") if title else None,
        showlegend=bool(benchmarks),
        legend=dict(orientation="h", yanchor="top", y=-0.22, x=0, font=dict(size=11)),
        font=FONT,
        separators=loc.decimal + loc.thousands,
        height=(430 if benchmarks else 400) + (TITLE_PX if title else 0),
        margin=dict(l=10, r=10, t=56 + (TITLE_PX if title else 0), b=10),
        xaxis=dict(
            title=loc.t("charts.engagement.x"),
            type="category",
            categoryorder="array",
            categoryarray=labels,
        ),
        yaxis=dict(title=kind, ticksuffix="" if "ticktext" in yaxis else loc.percent_sign, **yaxis),
    )
    return fig
