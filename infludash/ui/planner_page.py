"""Campaign planner page: what a budget buys per tier and for a mix of tiers.

Prices are published rate cards (editable, labelled as assumptions); reach and engagements per
post are quartiles of the analyst's own accounts in each tier (filters applied). The arithmetic
lives in :mod:`infludash.analysis.planner`; this page only asks and shows.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import streamlit as st

from infludash.analysis.planner import (
    best_tier,
    compare_tiers,
    default_prices,
    load_rate_cards,
    mix_totals,
    plan,
    tier_yields,
)
from infludash.analysis.tiers import TierScheme
from infludash.base.errors import InputError
from infludash.present.i18n import Locale
from infludash.ui import help_text
from infludash.ui.safe import plain
from infludash.ui.view import RESULTS_KEPT, TTL, URL, Key, View, platforms_of


@st.cache_data(max_entries=RESULTS_KEPT, ttl=TTL, show_spinner=False, scope="session")
def _yields(key: Key, _shown: pd.DataFrame, _scheme: TierScheme) -> tuple[pd.DataFrame, list[str]]:
    """Quartile yields per tier and the platforms present, once per view (filters applied)."""
    return tier_yields(_shown, _scheme), list(platforms_of(_shown))


OBJECTIVES = ("reach", "engagements")


def _span(loc: Locale, low: float, high: float, fmt: str = "num") -> str:
    """``12–40`` (or one number when both ends agree) in the language's format."""
    formats: dict[str, Callable[[float], str]] = {
        "num": loc.num,
        "money": loc.money,
        "compact": loc.compact,
    }
    show = formats[fmt]
    if not (np.isfinite(low) and np.isfinite(high)):
        return "–"
    return show(low) if show(low) == show(high) else f"{show(low)}–{show(high)}"


def _planned_tiers(frame: pd.DataFrame) -> pd.DataFrame:
    """Tiers worth planning: not the "below" tier (under the first edge nobody publishes a
    price, and nobody books an account of 50 followers)."""
    keep = ~frame["tier"].astype(str).str.startswith("below")
    return frame[keep.to_numpy()].reset_index(drop=True)


def price_editor_key(view: View, platforms: list[str]) -> str:
    """The price editor's key: new defaults (and no stale edits) when the scheme or the
    platforms change."""
    return "prices_" + "_".join([view.scheme.name, *map(str, view.scheme.edges), *platforms])


def _prices(view: View, platforms: list[str]) -> pd.DataFrame:
    """The price table, editable; edits live as long as the scheme and platforms stay."""
    loc = view.loc
    defaults = _planned_tiers(default_prices(view.scheme, platforms))
    editor_key = price_editor_key(view, platforms)
    table = pd.DataFrame(
        {
            "label": defaults["label"],
            "price_low": defaults["price_low"].round(0),
            "price_high": defaults["price_high"].round(0),
            "note": [
                loc.t("planner.extrapolated") if x else (loc.t("planner.assumed_high") if a else "")
                for x, a in zip(defaults["extrapolated"], defaults["assumed"], strict=True)
            ],
        }
    )
    edited = st.data_editor(
        table,
        key=editor_key,
        hide_index=True,
        width="stretch",
        disabled=["label", "note"],
        column_config={
            "label": st.column_config.TextColumn(loc.t("table.tier")),
            "price_low": st.column_config.NumberColumn(
                loc.t("planner.price_low"), min_value=1, format="localized", required=True
            ),
            "price_high": st.column_config.NumberColumn(
                loc.t("planner.price_high"), min_value=1, format="localized", required=True
            ),
            "note": st.column_config.TextColumn(loc.t("planner.note")),
        },
    )
    prices = defaults[["tier", "label"]].copy()
    prices["price_low"] = pd.to_numeric(edited["price_low"], errors="coerce").to_numpy()
    prices["price_high"] = pd.to_numeric(edited["price_high"], errors="coerce").to_numpy()
    return prices


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


def _per_tier_table(planned: pd.DataFrame, loc: Locale, best: str | None) -> pd.DataFrame:
    rows = []
    for r in planned.to_dict("records"):
        rows.append(
            {
                loc.t("table.tier"): ("★ " if r["tier"] == best else "") + str(r["label"]),
                loc.t("planner.col.accounts"): loc.num(r["accounts"]),
                loc.t("planner.col.posts"): _span(loc, r["posts_low"], r["posts_high"]),
                loc.t("planner.col.reach_both"): _typical(
                    loc, r["reach_mid"], r["reach_low"], r["reach_high"]
                ),
                loc.t("planner.col.eng_both"): _typical(
                    loc, r["eng_mid"], r["eng_low"], r["eng_high"]
                ),
                loc.t("planner.col.cpe"): _cost_span(loc, r["cpe_low"], r["cpe_high"]),
                loc.t("planner.col.cpm"): _cost_span(loc, r["cpm_low"], r["cpm_high"]),
            }
        )
    return pd.DataFrame(rows)


def _typical(loc: Locale, mid: float, low: float, high: float) -> str:
    """``577k (76.1k–3.88M)``: the typical figure, then its range."""
    return f"{loc.compact(mid)} ({_span(loc, low, high, 'compact')})"


def _cost_span(loc: Locale, low: float, high: float) -> str:
    if not (np.isfinite(low) and np.isfinite(high)):
        return "–"
    decimals = 2 if high < 10 else 0
    return f"{loc.money(low, decimals)}–{loc.money(high, decimals)}"


def _comparison(view: View, prices: pd.DataFrame, yields: pd.DataFrame) -> None:
    """The plainest sentence the planner can say: one big post against many small ones."""
    loc = view.loc
    usable = yields[(yields["accounts"] > 0) & yields["reach_median"].notna()]
    keys = [k for k in view.scheme.keys if k in set(usable["tier"]) and not k.startswith("below")]
    if len(keys) < 2:
        return
    cheap, dear = keys[0], keys[-1]
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


def _default_shares(prices: pd.DataFrame, yields: pd.DataFrame, budget: float) -> np.ndarray:
    """An equal split over the tiers with accounts whose share buys at least one post at the
    middle price (the dearest tiers drop out until the rest fit), in percent."""
    middle = np.sqrt(prices["price_low"].to_numpy(float) * prices["price_high"].to_numpy(float))
    chosen = yields["accounts"].to_numpy() > 0
    while chosen.sum() > 1 and np.nanmax(np.where(chosen, middle, 0)) > budget / chosen.sum():
        chosen[int(np.nanargmax(np.where(chosen, middle, -np.inf)))] = False
    return np.where(chosen, 100.0 / max(int(chosen.sum()), 1), 0.0).round(1)


def _mix(view: View, prices: pd.DataFrame, yields: pd.DataFrame, budget: float) -> None:
    loc = view.loc
    st.subheader(loc.t("planner.mix_title"))
    st.caption(loc.t("planner.mix_caption"))
    start = _default_shares(prices, yields, budget)
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
        loc.t("planner.col.posts"), _span(loc, totals["posts_low"], totals["posts_high"])
    )
    cols[1].metric(
        loc.t("planner.col.reach"),
        _span(loc, totals["reach_low"], totals["reach_high"], "compact"),
        help=loc.t("planner.mid_help", value=loc.compact(totals["reach_mid"])),
    )
    cols[2].metric(
        loc.t("planner.col.eng"),
        _span(loc, totals["eng_low"], totals["eng_high"], "compact"),
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
        key="budget",
        bind=URL,
        help=loc.t("planner.budget_help"),
    )
    with right:
        objective = st.segmented_control(
            loc.t("planner.objective"),
            OBJECTIVES,
            default=None if "objective" in st.session_state else "reach",
            format_func=lambda o: loc.t(f"planner.objective_{o}"),
            key="objective",
            bind=URL,
            required=True,
        )
    if view.cached:
        all_yields, platforms = _yields(view.key, view.numbers, view.scheme)
    else:
        all_yields = tier_yields(view.numbers, view.scheme)
        platforms = list(platforms_of(view.numbers))
    st.subheader(loc.t("planner.prices_title"))
    prices = _prices(view, platforms)
    _sources(platforms, loc)
    yields = _planned_tiers(all_yields)
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
    st.dataframe(_per_tier_table(planned, loc, best), hide_index=True, width="stretch")
    st.caption(loc.t("planner.per_tier_caption"))
    _comparison(view, prices, yields)
    _mix(view, prices, yields, float(budget))
