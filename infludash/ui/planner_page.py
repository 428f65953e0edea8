"""Campaign planner page: what a budget buys per tier and for a mix of tiers.

Prices are published rate cards (editable, labelled as assumptions; the analyst's own prices are
kept in the session by :mod:`infludash.ui.planner_prices`); reach and engagements per
post are quartiles of the analyst's own accounts in each tier (filters applied). The arithmetic
lives in :mod:`infludash.analysis.planner`; this page only asks and shows. What it plans with
(budget, objective, prices, the mix typed) is kept in the session (:data:`state.PLAN`): the HTML
report plans the same on the data it is of (:mod:`infludash.analysis.campaign`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from infludash.analysis.campaign import PlanInputs, mix_start, tier_comparison
from infludash.analysis.planner import OBJECTIVES, best_tier, mix_totals, plan, planned_tiers
from infludash.analysis.prices import rate_card_sources
from infludash.base.errors import InputError
from infludash.present.i18n import Locale
from infludash.present.plan_table import best_sentence, comparison_sentence, per_tier_table, span
from infludash.present.tier_names import with_tier_names
from infludash.ui import help_text, planner_prices, state
from infludash.ui.engine_view import EngineView
from infludash.ui.safe import plain
from infludash.ui.state import URL
from infludash.ui.view import View


def _sources(platforms: list[str], loc: Locale) -> None:
    cited = rate_card_sources(platforms)
    lines = [f"- [{plain(r.source)}]({r.url}) ({r.year})" for r in cited.itertuples()]
    st.caption(loc.t("planner.sources_intro"))
    st.caption("\n".join(lines))


def _comparison(view: View | EngineView, prices: pd.DataFrame, yields: pd.DataFrame) -> None:
    """The plainest sentence the planner can say: one big post against many small ones."""
    comparison = tier_comparison(prices, yields, view.scheme)
    if comparison is None:
        return
    labels = dict(zip(view.scheme.keys, view.scheme.labels, strict=True))
    st.info(comparison_sentence(comparison, labels, view.loc, plain), icon=":material/balance:")


def _mix(
    view: View | EngineView,
    prices: pd.DataFrame,
    yields: pd.DataFrame,
    budget: float,
    typed: dict[str, float],
) -> dict[str, float]:
    """Draw the mix, starting from the shares the analyst ``typed`` before (they outlive a visit
    to another page, as the prices do); the shares it holds now if the analyst changed the
    default split, else none (the default follows the budget and the data)."""
    loc = view.loc
    st.subheader(loc.t("planner.mix_title"))
    st.caption(loc.t("planner.mix_caption"))
    default = mix_start(prices, yields, budget, {})
    start = mix_start(prices, yields, budget, typed)
    table = pd.DataFrame({"label": prices["label"], "share": start})
    edited = st.data_editor(
        table,
        key="mix_" + "_".join([view.scheme.name, *map(str, view.scheme.edges)]),
        hide_index=True,
        disabled=["label"],
        column_config={
            "label": st.column_config.TextColumn(loc.t("table.tier")),
            "share": st.column_config.NumberColumn(
                loc.t("planner.share"),
                min_value=0.0,
                max_value=100.0,
                format="%.0f %%" if loc.lang == "de" else "%.0f%%",
            ),
        },
    )
    now = pd.to_numeric(edited["share"]).fillna(0.0).to_numpy(dtype="float64")
    shares = dict(zip(prices["tier"].astype(str), now.tolist(), strict=True))
    kept = {} if np.allclose(now, default) else shares
    if sum(shares.values()) <= 0:
        st.warning(loc.t("planner.mix_empty"), icon=":material/warning:")
        return kept
    planned = plan(budget, prices, yields, shares)
    totals = mix_totals(planned)
    cols = st.columns(3)
    cols[0].metric(
        loc.t("planner.col.posts"),
        span(loc, totals["posts_low"], totals["posts_high"]),
    )
    cols[1].metric(
        loc.t("planner.col.reach"),
        span(loc, totals["reach_low"], totals["reach_high"], "compact"),
        help=loc.t("planner.mid_help", value=loc.compact(totals["reach_mid"])),
    )
    cols[2].metric(
        loc.t("planner.col.eng"),
        span(loc, totals["eng_low"], totals["eng_high"], "compact"),
        help=loc.t("planner.mid_help", value=loc.compact(totals["eng_mid"])),
    )
    costs = st.columns(3)
    costs[0].metric(loc.t("planner.cpe_mid"), loc.money(totals["cpe_mid"], 2))
    costs[1].metric(loc.t("planner.cpm_mid"), loc.money(totals["cpm_mid"], 2))
    unbought = planned[(planned["share"] > 0) & (planned["posts_mid"] < 1)]["label"]
    if len(unbought):
        st.caption(loc.t("planner.mix_unbought", tiers=plain(", ".join(map(str, unbought)))))
    st.caption(
        loc.t(
            "planner.spend",
            low=loc.money(totals["spend_low"]),
            high=loc.money(totals["spend_high"]),
            budget=loc.money(budget),
        )
    )
    return kept


def _typed_shares() -> dict[str, float]:
    """The mix the analyst typed when the planner was last drawn (none: the default split)."""
    shown: PlanInputs | None = st.session_state.get(state.PLAN)
    return {} if shown is None else shown.share_map


def _keep_inputs(inputs: PlanInputs) -> None:
    """Keep what the planner plans with: the report plans the same (``report_button``)."""
    st.session_state[state.PLAN] = inputs


def render(view: View | EngineView) -> None:
    """Draw the planner for the accounts shown (filters applied)."""
    loc = view.loc
    st.title(loc.t("planner.title"))
    help_text.show(loc, "planner")
    st.warning(loc.t("planner.assumptions"), icon=":material/info:")
    left, right = st.columns([1, 1])
    budget = left.number_input(
        loc.t("planner.budget"),
        min_value=0,
        max_value=100_000_000,
        value=10_000,
        step=1_000,
        key=state.BUDGET,
        bind=URL,
        help=loc.t("planner.budget_help"),
    )
    with right:
        objective = st.segmented_control(
            loc.t("planner.objective"),
            OBJECTIVES,
            default=None if state.OBJECTIVE in st.session_state else "reach",
            format_func=lambda o: loc.t(f"planner.objective_{o}"),
            key=state.OBJECTIVE,
            persist_state="session",
            required=True,
        )
    all_yields, platforms = view.analysis.yields, list(view.analysis.platforms)
    st.subheader(loc.t("planner.prices_title"))
    prices = planner_prices.prices(view, platforms)
    _sources(platforms, loc)
    goal = str(objective or "reach")
    typed = _typed_shares()
    inputs = PlanInputs.of(float(budget), goal, planner_prices.edits(), typed)
    _keep_inputs(inputs)
    yields = with_tier_names(planned_tiers(all_yields), view.scheme)
    try:
        planned = plan(float(budget), prices, yields)
    except InputError as err:
        st.error(loc.t("planner.bad_prices", reason=plain(loc.error(err))), icon=":material/error:")
        return
    best = best_tier(planned, goal)
    st.subheader(loc.t("planner.per_tier_title", budget=loc.money(float(budget))))
    sentence = best_sentence(planned, best, goal, loc, plain)
    if best is not None:
        st.success(sentence, icon=":material/star:")
    else:
        st.warning(sentence, icon=":material/warning:")
    st.dataframe(per_tier_table(planned, loc, best), hide_index=True, width="stretch")
    st.caption(loc.t("planner.per_tier_caption"))
    _comparison(view, prices, yields)
    kept = _mix(view, prices, yields, float(budget), typed)
    _keep_inputs(PlanInputs.of(float(budget), goal, planner_prices.edits(), kept))
