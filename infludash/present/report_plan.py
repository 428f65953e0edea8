"""The report's "Campaign plan" section: the planner's inputs, the prices in force, all of the
budget in each tier, the best tier, the plainest comparison and the mix, as the planner page
shows them.

The plan is computed here again from the analyst's inputs on the analysis the report is of
(:func:`~infludash.analysis.campaign.campaign_plan`, the page's own computation), so it carries
the report's filters, never those of the moment the planner was last drawn. Prices are said to be
assumptions, with their source and which tiers carry the analyst's own prices: a client reading
the report must see what is published and what the analyst typed. Every text is HTML-escaped.
"""

from __future__ import annotations

import html

import pandas as pd

from infludash.analysis.campaign import CampaignPlan, PlanInputs, Planned, campaign_plan
from infludash.analysis.price_edits import CURRENCY
from infludash.analysis.prices import rate_card_sources
from infludash.analysis.tiers import TierScheme
from infludash.present.i18n import Locale
from infludash.present.plan_table import (
    best_sentence,
    comparison_sentence,
    mix_table,
    mix_totals_table,
    per_tier_table,
)
from infludash.present.report_table import html_table
from infludash.present.tier_names import with_tier_names

__all__ = ["inputs_table", "plan_section", "prices_table"]


def _html(frame: pd.DataFrame, left: tuple[str, ...] = ()) -> str:
    return html_table(frame, left=left)


def _p(text: str, caption: bool = False) -> str:
    opening = '<p class="caption">' if caption else "<p>"
    return f"{opening}{html.escape(text)}</p>"


def inputs_table(plan: CampaignPlan, labels: dict[str, str], loc: Locale) -> pd.DataFrame:
    """What the plan was made with, one setting per row: budget, objective, currency, prices."""
    inputs = plan.inputs
    edited = plan.edited
    if not edited:
        prices = loc.t("report.plan_prices_published")
    elif len(edited) == len(plan.prices):
        prices = loc.t("report.plan_prices_all_edited")
    else:
        prices = loc.t("report.plan_prices_edited", tiers=", ".join(labels[k] for k in edited))
    mix = "report.plan_mix_typed" if inputs.shares else "report.plan_mix_default"
    rows = [
        (loc.t("planner.budget"), loc.money(inputs.budget)),
        (loc.t("planner.objective"), loc.t(f"planner.objective_{inputs.objective}")),
        (loc.t("report.plan_currency"), loc.t("report.plan_per_post", currency=CURRENCY)),
        (loc.t("report.plan_prices"), prices),
        (loc.t("planner.mix_title"), loc.t(mix)),
    ]
    return pd.DataFrame(rows, columns=[loc.t("export.setting"), loc.t("export.value")])


def prices_table(plan: CampaignPlan, labels: dict[str, str], loc: Locale) -> pd.DataFrame:
    """The price per post in force for each tier, with the page editor's note."""
    prices = plan.prices
    notes = [
        loc.t("report.plan_edited")
        if e
        else loc.t("planner.extrapolated")
        if x
        else (loc.t("planner.assumed_high") if a else "")
        for e, x, a in zip(prices["edited"], prices["extrapolated"], prices["assumed"], strict=True)
    ]
    return pd.DataFrame(
        {
            loc.t("table.tier"): [labels[str(k)] for k in prices["tier"]],
            loc.t("planner.price_low"): [loc.money(v) for v in prices["price_low"]],
            loc.t("planner.price_high"): [loc.money(v) for v in prices["price_high"]],
            loc.t("planner.note"): notes,
        }
    )


def _sources(analysis: Planned, loc: Locale) -> str:
    cited = rate_card_sources(list(analysis.platforms))
    items = "".join(
        f"<li>{html.escape(f'{r.source} ({r.year})')}: {html.escape(str(r.url))}</li>"
        for r in cited.itertuples()
    )
    return _p(loc.t("planner.sources_intro"), caption=True) + f'<ul class="caption">{items}</ul>'


def _mix(plan: CampaignPlan, scheme: TierScheme, loc: Locale) -> list[str]:
    parts = [f"<h3>{html.escape(loc.t('planner.mix_title'))}</h3>"]
    if plan.mix is None or plan.totals is None:
        return [*parts, _p(loc.t("planner.mix_empty"))]
    mix = with_tier_names(plan.mix, scheme)
    totals = plan.totals
    parts += [_html(mix_table(mix, loc)), _html(mix_totals_table(totals, loc))]
    unbought = mix[(mix["share"] > 0) & (mix["posts_mid"] < 1)]["label"]
    if len(unbought):
        tiers = ", ".join(map(str, unbought))
        parts.append(_p(loc.t("planner.mix_unbought", tiers=tiers), caption=True))
    spend = loc.t(
        "planner.spend",
        low=loc.money(totals["spend_low"]),
        high=loc.money(totals["spend_high"]),
        budget=loc.money(plan.inputs.budget),
    )
    parts.append(_p(spend, caption=True))
    return parts


def plan_section(analysis: Planned, inputs: PlanInputs, loc: Locale) -> list[str]:
    """The section's HTML parts for ``inputs`` on ``analysis`` (its scheme names the tiers)."""
    plan = campaign_plan(analysis, inputs)
    scheme = analysis.scheme
    labels = dict(zip(scheme.keys, scheme.labels, strict=True))
    esc = html.escape
    parts = [
        f"<h2>{esc(loc.t('report.plan_title'))}</h2>",
        _p(loc.t("report.plan_intro")),
        _html(inputs_table(plan, labels, loc), left=(loc.t("export.value"),)),
        f"<h3>{esc(loc.t('planner.prices_title'))}</h3>",
        _html(prices_table(plan, labels, loc), left=(loc.t("planner.note"),)),
        _sources(analysis, loc),
    ]
    if plan.per_tier is None:
        reason = loc.error(plan.error) if plan.error is not None else ""
        return [*parts, _p(loc.t("planner.bad_prices", reason=reason))]
    per_tier = with_tier_names(plan.per_tier, scheme)
    title = loc.t("planner.per_tier_title", budget=loc.money(inputs.budget))
    parts += [
        f"<h3>{esc(title)}</h3>",
        _p(best_sentence(per_tier, plan.best, inputs.objective, loc)),
        _html(per_tier_table(per_tier, loc, plan.best)),
        _p(loc.t("planner.per_tier_caption"), caption=True),
    ]
    if plan.comparison is not None:
        parts.append(_p(comparison_sentence(plan.comparison, labels, loc)))
    return parts + _mix(plan, scheme, loc)
