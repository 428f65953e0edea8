"""Engagement rate against followers, account by account: a seeded sample drawn with WebGL and
capped, so the chart's size does not grow with the file, plus the robust fit over all accounts.

The axes are logarithmic and the points are the accounts' own values, sent as short lists (whole
followers, rates to four significant digits: far below a pixel) rather than full-precision arrays
plus a copy for the hover text: a 3,000-point chart stays around 50 KB. When the accounts are
sampled the chart says so itself, so a downloaded PNG or the report does too."""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd
import plotly.graph_objects as go

from infludash.analysis.findings import Trend
from infludash.analysis.tiers import TierScheme
from infludash.base.schema import ER_PCT, FOLLOWERS, TIER_INDEX
from infludash.present.figure_style import FONT, HALO, STRONG, TEXT
from infludash.present.i18n import Locale, get_locale
from infludash.present.palette import tier_colors

__all__ = ["SCATTER_CAP", "er_scatter"]

SCATTER_CAP = 3_000
#: Significant digits kept of the plotted values: 0.05% at most, far below a pixel on a log axis.
DIGITS = 4


def _short(values: npt.ArrayLike) -> list[float]:
    """Plain floats to :data:`DIGITS` significant digits: they travel as short JSON numbers
    instead of base64 doubles (which a browser holds, and serialises, at full length)."""
    return [float(f"{v:.{DIGITS}g}") for v in np.asarray(values, dtype="float64")]


def er_scatter(
    annotated: pd.DataFrame,
    scheme: TierScheme,
    trends: Sequence[Trend],
    loc: Locale | None = None,
    *,
    cap: int = SCATTER_CAP,
    title: str | None = None,
) -> go.Figure:
    """Engagement rate against followers on log–log axes, a seeded sample of at most ``cap``
    accounts (WebGL), with the robust fit for all accounts and its 95% band."""
    loc = loc or get_locale()
    title = loc.t("charts.scatter.title") if title is None else title
    followers = annotated[FOLLOWERS].to_numpy(dtype="float64")
    er = annotated[ER_PCT].to_numpy(dtype="float64")
    index = annotated[TIER_INDEX].to_numpy()
    ok = np.flatnonzero((followers > 0) & (er > 0) & np.isfinite(er))
    eligible = ok.size
    if ok.size > cap:
        ok = np.sort(np.random.default_rng(0).choice(ok, cap, replace=False))
    colors = tier_colors(scheme)
    fig = go.Figure()
    for i, label in enumerate(scheme.labels):
        sel = ok[index[ok] == i]
        if sel.size == 0:
            continue
        # A rate that the hover's two decimals would show as 0.00% gets a trace of its own that
        # says "<0.01%" (one template for all of them: no per-point text to send).
        tiny = er[sel] < 0.005
        for part, template, first in (
            (sel[~tiny], loc.t("charts.scatter.hover"), True),
            (sel[tiny], loc.t("charts.scatter.hover_tiny", er=html.escape(loc.pct(0.001))), False),
        ):
            if part.size == 0 and not first:
                continue
            fig.add_trace(
                go.Scattergl(
                    x=[int(f) for f in np.round(followers[part])],  # whole (the reader's rule)
                    y=_short(er[part]),
                    mode="markers",
                    name=html.escape(label),
                    legendgroup=f"tier{i}",
                    showlegend=first,
                    marker=dict(color=colors[i], size=5, opacity=0.55),
                    hovertemplate=template + "<extra></extra>",
                )
            )
    if trends and ok.size:
        fit = trends[0]
        xs = np.linspace(
            float(np.log10(followers[ok]).min()), float(np.log10(followers[ok]).max()), 50
        )
        centre = float(np.median(np.log10(followers[ok])))
        pivot = fit.intercept + fit.slope * centre
        lines = (
            (fit.slope_low, "dot", 1.5, loc.t("charts.scatter.band"), False),
            (fit.slope_high, "dot", 1.5, loc.t("charts.scatter.band"), False),
            (fit.slope, None, 5.0, "", False),  # a halo so the fit reads on a dark theme too
            (
                fit.slope,
                "solid",
                2.5,
                loc.t("charts.scatter.fit", slope=loc.num(fit.slope, 2)),
                True,
            ),
        )
        for slope, dash, width, name, legend in lines:
            fig.add_trace(
                go.Scatter(
                    x=_short(10.0**xs),
                    y=_short(10.0 ** (pivot + slope * (xs - centre))),
                    mode="lines",
                    name=name,
                    line=dict(color=HALO if dash is None else STRONG, width=width, dash=dash),
                    hoverinfo="skip",
                    showlegend=legend,
                )
            )
    if eligible > ok.size:
        fig.add_annotation(
            x=1.0,
            y=1.0,
            xref="paper",
            yref="paper",
            xanchor="right",
            yanchor="top",
            showarrow=False,
            text=loc.t("charts.scatter.sampled", shown=loc.num(ok.size), total=loc.num(eligible)),
            font=dict(size=12, color=TEXT),
        )
    x_ticks = list(range(0, 11))
    y_ticks = [-2, -1, 0, 1, 2, 3]
    fig.update_layout(
        title=dict(text=html.escape(title), x=0, xanchor="left") if title else None,
        font=FONT,
        separators=loc.decimal + loc.thousands,
        height=490,
        margin=dict(l=10, r=10, t=70, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
        xaxis=dict(
            title=loc.t("charts.followers.x"),
            type="log",
            tickvals=[10.0**t for t in x_ticks],
            ticktext=[loc.compact(10.0**t) for t in x_ticks],
        ),
        yaxis=dict(
            title=loc.t("charts.scatter.y"),
            type="log",
            tickvals=[10.0**t for t in y_ticks],
            ticktext=[loc.pct(10.0**t, max(0, -t)) for t in y_ticks],
        ),
    )
    return fig
