"""The Campaign planner with AppTest: its arithmetic on a small data set computed by hand."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from infludash.ui.navigation import PLANNER
from tests.support.pages import open_page

# Nano: followers 1k..5k, 100 engagements each -> quartiles 2,000 / 3,000 / 4,000 followers.
# Micro: followers 20k..60k, 500 engagements each -> quartiles 30k / 40k / 50k.
ROWS = [(f"n{i}", 1000 * i, 100) for i in range(1, 6)] + [
    (f"m{i}", 10_000 * (i + 1), 500) for i in range(1, 6)
]
DATA = (
    "handle,platform,followers,likes\n"
    + "".join(f"{h},Instagram,{f},{likes}\n" for h, f, likes in ROWS)
).encode()
# Price editor rows are the planned tiers (Nano, Micro, Macro, Mega): Nano $100–$400 (middle
# $200), Micro $1,000–$4,000 (middle $2,000).
EDITS = {
    "edited_rows": {
        0: {"price_low": 100, "price_high": 400},
        1: {"price_low": 1000, "price_high": 4000},
    },
    "added_rows": [],
    "deleted_rows": [],
}
PRICE_KEY = "prices_article_100.0_10000.0_100000.0_1000000.0_Instagram"


def _planner() -> AppTest:
    at = open_page(PLANNER)
    at.file_uploader[0].set_value(("plan.csv", DATA, "text/csv")).run()
    at.session_state[PRICE_KEY] = EDITS
    at.number_input(key="budget").set_value(10_000).run()
    assert not at.exception
    return at


def _row(table: pd.DataFrame, tier: str) -> dict[str, str]:
    match = table[table.iloc[:, 0].str.endswith(tier)]
    assert len(match) == 1, table
    return {str(k): str(v) for k, v in match.iloc[0].items()}


def test_all_in_one_tier_by_hand() -> None:
    at = _planner()
    table = next(d.value for d in at.dataframe if "CPE" in d.value.columns)
    nano, micro = _row(table, "Nano"), _row(table, "Micro")
    # Nano: 10,000 / 400 = 25 posts, / 200 = 50, / 100 = 100.
    assert nano["Posts"] == "25–100"
    # Typical 50 × 3,000; range 25 × 2,000 to 100 × 4,000.
    assert nano["Reach: typical (range)"] == "150k (50k–400k)"
    assert nano["Engagements: typical (range)"] == "5k (2.5k–10k)"
    assert nano["CPE"] == "$1.00–$4.00"  # 100 / 100 and 400 / 100
    assert nano["CPM"] == "$25–$200"  # 100 × 1000 / 4,000 and 400 × 1000 / 2,000
    # Micro: 2, 5 and 10 posts.
    assert micro["Posts"] == "2–10"
    assert micro["Reach: typical (range)"] == "200k (60k–500k)"
    assert micro["CPE"] == "$2.00–$8.00"
    assert micro["CPM"] == "$20–$133"  # 1,000 × 1000 / 50,000 and 4,000 × 1000 / 30,000


def test_objective_picks_the_cheapest_tier_that_the_budget_buys() -> None:
    at = _planner()
    # Middle CPM: Nano 200 × 1000 / 3,000 = $66.67, Micro 2,000 × 1000 / 40,000 = $50.00.
    assert "Micro gives the lowest cost per thousand" in at.success[0].value
    assert "$50.00" in at.success[0].value
    at.segmented_control(key="objective").set_value("engagements").run()
    # Middle CPE: Nano 200 / 100 = $2.00, Micro 2,000 / 500 = $4.00.
    assert "Nano gives the lowest cost per engagement: $2.00" in at.success[0].value


def test_comparison_sentence() -> None:
    at = _planner()
    sentence = next(i.value for i in at.info if "costs as much as" in i.value)
    # One Micro post ($2,000) = 10 Nano posts ($200): 30k followers, 1k engagements; the Micro
    # post reaches 40k and gets 500.
    assert "One Micro post (about $2,000) costs as much as 10 Nano posts" in sentence
    assert "about 30k followers" in sentence
    assert "about 1k engagements" in sentence
    assert "reaches about 40k and gets about 500" in sentence


def test_mix_totals() -> None:
    at = _planner()
    metrics = {m.label: m.value for m in at.metric}
    # Equal shares of the two tiers with accounts: 5,000 each. Nano 12–50 posts, Micro 1–5.
    assert metrics["Posts"] == "13–55"
    # Middle: Nano 25 × 3,000 + Micro 2 × 40,000 = 155k reach; 2,500 + 1,000 = 3.5k engagements.
    # Spend at middle: 25 × 200 + 2 × 2,000 = 9,000 -> CPE 9,000 / 3,500, CPM 9,000 × 1000 / 155k.
    assert metrics["Cost per engagement (typical)"] == "$2.57"
    assert metrics["Cost per 1,000 reach (typical)"] == "$58.06"


def test_planner_in_german() -> None:
    at = _planner()
    at.selectbox(key="lang").set_value("de").run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "CPE" in d.value.columns)
    nano = _row(table, "Nano")
    assert nano["CPE"] == "1,00\u00a0$–4,00\u00a0$"
    assert _row(table, "Mikro")["Posts" if "Posts" in table else table.columns[2]] == "2–10"
