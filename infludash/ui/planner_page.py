"""Campaign planner page: what a budget buys per tier and for a mix of tiers.

Prices are published rate cards (editable, labelled as assumptions; the analyst's own prices are
kept in the session by :mod:`infludash.ui.planner_prices`); reach and engagements per
post are quartiles of the analyst's own accounts in each tier (filters applied). The arithmetic
lives in :mod:`infludash.analysis.planner`; this page only asks and shows.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from infludash.analysis.planner import (
    OBJECTIVES,
    best_tier,
    compare_tiers,
    compared_tiers,
    default_shares,
    load_rate_cards,
    mix_totals,
    plan,
    planned_tiers,
)
from infludash.base.errors import InputError
from infludash.present.i18n import Locale
from infludash.present.tier_names import with_tier_names
from infludash.ui import help_text, planner_prices, planner_table, state
from infludash.ui.safe import plain
from infludash.ui.state import URL
from infludash.ui.view import View


def _sources(platforms: list[str], loc: Locale) -> None:
    cards = load_rate_cards()
    names = cards["platform"].astype(str).str.strip().str.casefold()
    wanted = names.isin({p.strip().casefold() for p in platforms})
    if wanted.any():  # as default_prices: no platform with a rate card means all of them
        cards = cards[wanted.to_numpy()]
    cited = cards.drop_duplicates(["source", "url"])[["source", "year", "url"]]
    lines = [f"- [{plain(r.source)}]({r.url}) ({r.year})" for r in cited.itertuples()]
    st.caption(loc.t("planner.sources_intro"))
    st.caption("\n".join(lines))


def _comparison(view: View, prices: pd.DataFrame, yields: pd.DataFrame) -> None:
    """The plainest sentence the planner can say: one big post against many small ones."""
    loc = view.loc
    pair = compared_tiers(yields, view.scheme)
    if pair is None:
        return
    cheap, dear = pair
    numbers = compare_tiers(prices, yields, dear, cheap)
    if numbers is None or numbers["posts"] < 1:
        return
    labels = dict(zip(view.scheme.keys, view.scheme.labels, strict=True))
    st.info(
        loc.t(
            "planner.comparison",
            dear=plain(labels[dear]),
            cheap=plain(labels[cheap]),
            posts=loc.num(numbers["posts"]),
            price=loc.money(numbers["expensive_price"]),
            cheap_reach=loc.compact(numbers["cheap_reach"]),
            cheap_eng=loc.compact(numbers["cheap_eng"]),
            dear_reach=loc.compact(numbers["expensive_reach"]),
            dear_eng=loc.compact(numbers["expensive_eng"]),
        ),
        icon=":material/balance:",
    )


def _mix(view: View, prices: pd.DataFrame, yields: pd.DataFrame, budget: float) -> None:
    loc = view.loc
    st.subheader(loc.t("planner.mix_title"))
    st.caption(loc.t("planner.mix_caption"))
    start = default_shares(prices, yields, budget)
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
    shares = dict(zip(prices["tier"], pd.to_numeric(edited["share"]).fillna(0.0), strict=True))
    if sum(shares.values()) <= 0:
        st.warning(loc.t("planner.mix_empty"), icon=":material/warning:")
        return
    planned = plan(budget, prices, yields, shares)
    totals = mix_totals(planned)
    cols = st.columns(3)
    cols[0].metric(
        loc.t("planner.col.posts"),
        planner_table.span(loc, totals["posts_low"], totals["posts_high"]),
    )
    cols[1].metric(
        loc.t("planner.col.reach"),
        planner_table.span(loc, totals["reach_low"], totals["reach_high"], "compact"),
        help=loc.t("planner.mid_help", value=loc.compact(totals["reach_mid"])),
    )
    cols[2].metric(
        loc.t("planner.col.eng"),
        planner_table.span(loc, totals["eng_low"], totals["eng_high"], "compact"),
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


def render(view: View) -> None:
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
    yields = with_tier_names(planned_tiers(all_yields), view.scheme)
    try:
        planned = plan(float(budget), prices, yields)
    except InputError as err:
        st.error(loc.t("planner.bad_prices", reason=plain(loc.error(err))), icon=":material/error:")
        return
    goal = str(objective or "reach")
    best = best_tier(planned, goal)
    st.subheader(loc.t("planner.per_tier_title", budget=loc.money(float(budget))))
    if best is not None:
        row = planned[planned["tier"] == best].iloc[0]
        cost = row["cpm_mid"] if goal == "reach" else row["cpe_mid"]
        st.success(
            loc.t(
                f"planner.best_{goal}",
                tier=plain(row["label"]),
                cost=loc.money(float(cost), 2),
            ),
            icon=":material/star:",
        )
    else:
        st.warning(loc.t("planner.no_best"), icon=":material/warning:")
    st.dataframe(planner_table.per_tier_table(planned, loc, best), hide_index=True, width="stretch")
    st.caption(loc.t("planner.per_tier_caption"))
    _comparison(view, prices, yields)
    _mix(view, prices, yields, float(budget))
