"""A standalone HTML report of one view: headline numbers, every chart, the tier table, findings,
tier scheme, formula, data-quality summary and the filters in force, in the analyst's language;
and, once the analyst has had them on screen, the flagged accounts and the campaign plan.

What the analyst has had on screen comes as :class:`OnScreen`. A section the analyst never
opened is left out, not offered with defaults: a plan of the default budget at published prices
is nobody's plan, and a client document should not name accounts as possibly bought unless the
analyst has looked at those flags. Both sections are computed from the report's own analysis, so
they carry its filters (:mod:`~infludash.present.report_plan`,
:mod:`~infludash.present.report_flags`).

One file, no network: plotly.js is embedded once, charts follow as JSON, so the report opens
offline in any browser and can be mailed to a client. Every piece of user text (file names,
platform and category names, handles in findings) is HTML-escaped; tables go through pandas'
escaping ``to_html``.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from infludash.analysis.analysis import Analysis
from infludash.analysis.campaign import PlanInputs
from infludash.engine.analysis import EngineAnalysis
from infludash.present.figures import (
    MIN_BOX_ACCOUNTS,
    engagement_box,
    er_scatter,
    follower_histogram,
)
from infludash.present.filters_text import describe_filters
from infludash.present.findings_text import finding_text
from infludash.present.i18n import Locale, get_locale
from infludash.present.rejected import reason_counts
from infludash.present.report_flags import flagged_section
from infludash.present.report_plan import plan_section
from infludash.present.summary_table import localized_table, row_equation

__all__ = ["OnScreen", "build_report", "describe_filters"]


@dataclass(frozen=True)
class OnScreen:
    """What the analyst has had on screen beyond the overview, and the report holds too: the
    planner's inputs (None: the planner was not opened) and the flag limit of the flagged
    accounts (None: no flags were on screen)."""

    plan: PlanInputs | None = None
    flags_z: float | None = None


_CSS = """
body{font-family:"Source Sans Pro","Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;
max-width:1180px;margin:2rem auto;padding:0 1.2rem;line-height:1.45}
h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
.meta{color:#57606a}.cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{flex:1 1 200px;border:1px solid #d0d7de;border-radius:8px;padding:.7rem 1rem}
.card .label{color:#57606a;font-size:.9rem}.card .value{font-size:1.8rem;font-weight:600}
table{border-collapse:collapse;margin:.6rem 0;font-size:.92rem}
th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}
.verdict{display:inline-block;border-radius:4px;padding:0 .45rem;background:#eaeef2;font-weight:600}
.caption{color:#57606a;font-size:.9rem}.chart{margin:1rem 0}
@media print{.chart{page-break-inside:avoid}}
"""


@cache
def _plotly_js() -> str:
    # "</script" cannot appear inside the script element that holds it.
    return get_plotlyjs().replace("</script", "<\\/script")


def _figure(fig: go.Figure, name: str) -> str:
    fig.update_layout(template="plotly_white")  # the app's theme does not travel with the file
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": name}}
    return (
        '<div class="chart">'
        + fig.to_html(full_html=False, include_plotlyjs=False, config=config)
        + "</div>"
    )


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, escape=True, border=0, na_rep="–")


def quality_section(analysis: Analysis | EngineAnalysis, loc: Locale) -> list[str]:
    """Where every row went: the equation, rows per rejection reason, the warnings."""
    esc = html.escape
    parts = [f"<h2>{esc(loc.t('quality.title'))}</h2>"]
    if isinstance(analysis, EngineAnalysis):
        counted = analysis.quality
        equation = loc.n(
            "quality.equation",
            counted.duplicates,
            rows=loc.num(counted.rows),
            kept=loc.num(counted.accounts),
            rejected=loc.num(counted.rejected_total),
        )
        parts.append(f"<p>{esc(equation)}</p>")
        if counted.rejected:
            reasons = pd.DataFrame(
                {
                    loc.t("quality.col.reason"): [loc.word(r) for r, _ in counted.rejected],
                    loc.t("quality.col.rows"): [loc.num(n) for _, n in counted.rejected],
                }
            )
            parts.append(_table(reasons))
        return parts
    result = analysis.result
    parts.append("<p>" + esc(row_equation(result, loc)) + "</p>")
    if not result.rejected.empty:
        parts.append(_table(reason_counts(result.rejected, loc)))
    if result.warnings:
        parts.append(
            "<ul>" + "".join(f"<li>{esc(loc.say(w))}</li>" for w in result.warnings) + "</ul>"
        )
    return parts


def build_report(
    analysis: Analysis | EngineAnalysis,
    loc: Locale | None = None,
    *,
    is_sample: bool = False,
    now: dt.datetime | None = None,
    screen: OnScreen | None = None,
    sources: Sequence[str] | None = None,
) -> str:
    """The report of ``analysis`` as one HTML document (UTF-8 text), in ``loc``'s language (the
    analysis's scheme names its tiers: give it in that language, ``Locale.scheme``), with the
    sections ``screen`` names; ``sources`` names the data (default: the files read)."""
    loc = loc or get_locale()
    screen = screen or OnScreen()
    scheme, filters = analysis.scheme, analysis.filters
    if sources is None:
        sources = [] if isinstance(analysis, EngineAnalysis) else analysis.result.sources
    summary, charts, trends = analysis.summary, analysis.charts, analysis.trends
    claims = [finding_text(finding, summary.scheme, loc) for finding in analysis.findings]
    esc = html.escape
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        f'<!doctype html><html lang="{loc.lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(loc.t('report.title'))}</title><style>{_CSS}</style>",
        f"<script>{_plotly_js()}</script></head><body>",
        f"<h1>{esc(loc.t('report.title'))}</h1>",
        f'<p class="meta">{esc(loc.t("report.generated", when=stamp))}<br>'
        + esc(loc.t("report.data", files=", ".join(sources)))
        + (f"<br>{esc(loc.t('report.sample'))}" if is_sample else "")
        + "</p>",
    ]
    # Headline
    ci = summary.er_ci95_pct
    cards = [
        (loc.t("overview.accounts"), loc.num(summary.accounts)),
        (
            loc.t("overview.median_er_estimated" if summary.estimated else "overview.median_er"),
            loc.pct(summary.median_er_pct),
        ),
        (loc.t("table.ci"), "–" if ci is None else f"{loc.pct_number(ci[0])}–{loc.pct(ci[1])}"),
        (loc.t("overview.reach"), loc.compact(summary.total_reach)),
    ]
    parts.append('<div class="cards">')
    for label, value in cards:
        parts.append(
            f'<div class="card"><div class="label">{esc(label)}</div>'
            f'<div class="value">{esc(value)}</div></div>'
        )
    parts.append("</div>")
    # Filters in force
    parts.append(f"<h2>{esc(loc.t('report.filters_title'))}</h2>")
    lines = describe_filters(filters, loc)
    count = loc.t("filters.count", shown=loc.num(analysis.shown), total=loc.num(analysis.total))
    parts.append(f"<p>{esc(count)}</p>")
    if lines:
        parts.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in lines) + "</ul>")
    else:
        parts.append(f"<p>{esc(loc.t('report.no_filters'))}</p>")
    # Charts
    parts.append(f"<h2>{esc(loc.t('report.charts_title'))}</h2>")
    if summary.accounts:
        histogram = follower_histogram(None, scheme, loc, bins=charts.bins)
        parts.append(_figure(histogram, "followers"))
        parts.append(f'<p class="caption">{esc(loc.t("overview.histogram_caption"))}</p>')
        box = engagement_box(None, summary, loc, estimated=summary.estimated, rates=charts.rates)
        parts.append(_figure(box, "engagement"))
        caption = (
            loc.t("overview.box_caption_estimated")
            if summary.estimated
            else loc.t(
                "overview.box_caption",
                min_accounts=loc.num(summary.min_accounts),
                min_box=MIN_BOX_ACCOUNTS,
            )
        )
        parts.append(f'<p class="caption">{esc(caption)}</p>')
        if trends:
            # A source's accounts stay in its engine: its seeded sample is drawn.
            points = (
                analysis.sample(None)
                if isinstance(analysis, EngineAnalysis)
                else analysis.numbers.frame
            )
            scatter = er_scatter(points, scheme, trends, loc)
            parts.append(_figure(scatter, "scatter"))
    else:
        parts.append(f"<p>{esc(loc.t('overview.nothing_filtered'))}</p>")
    # Tiers, scheme and formula
    parts.append(f"<h2>{esc(loc.t('overview.tiers'))}</h2>")
    parts.append(_table(localized_table(summary, loc)))
    parts.append(f'<p class="caption">{esc(scheme.title.rstrip("."))}. {esc(scheme.source)}</p>')
    if summary.er_basis == "followers":
        parts.append(f'<p class="caption">{esc(loc.t("overview.formula"))}</p>')
    for note in summary.er_notes:
        text = loc.say(note)
        parts.append(f'<p class="caption">{esc(text[:1].upper() + text[1:])}.</p>')
    # Findings
    parts.append(f"<h2>{esc(loc.t('findings_page.title'))}</h2>")
    for claim in claims:
        parts.append(
            f"<h3>{esc(claim.claim)} <span class='verdict'>{esc(claim.verdict)}</span></h3>"
            f"<p>{esc(claim.sentence)}</p>"
        )
    if screen.flags_z is not None:
        parts += flagged_section(analysis, screen.flags_z, loc, one_file=len(sources) <= 1)
    if screen.plan is not None:
        parts += plan_section(analysis, screen.plan, loc)
    parts += quality_section(analysis, loc)
    parts.append(f'<p class="caption">{esc(loc.t("report.footer"))}</p></body></html>')
    return "\n".join(parts)
