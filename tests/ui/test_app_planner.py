"""The Campaign planner with AppTest: its arithmetic on a small data set computed by hand."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from infludash.analysis.planner import default_prices, planned_tiers
from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.ui.navigation import ACCOUNTS, PLANNER
from tests.support.pages import ROOT, open_page

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


def _planner() -> AppTest:
    return _edited()


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


# --- Edited prices stay until "Reset prices" (the session keeps them by tier key) -------------
# Two TikTok accounts in Macro: with both platforms the default rate card is the two platforms'
# combined one; filtered to Instagram it is Instagram's. Nano and Micro hold only the Instagram
# accounts above, so their yields are the same either way.
MIXED = DATA + b"t1,TikTok,200000,900\nt2,TikTok,300000,900\n"
EDITED_NANO_CPE = "$1.00–$4.00"  # 100 / 100 and 400 / 100 engagements


def _price_editor(at: AppTest) -> tuple[str, pd.DataFrame]:
    """The price editor's key and the prices it starts from."""
    editor = next(d for d in at.main.dataframe if "price_low" in d.value.columns)
    assert editor.key
    return editor.key, editor.value


def _edited(data: bytes = DATA) -> AppTest:
    """The planner on ``data`` after the analyst typed the Nano and Micro prices of ``EDITS``."""
    at = open_page(PLANNER)
    at.sidebar.file_uploader[0].set_value(("plan.csv", data, "text/csv")).run()
    at.number_input(key="budget").set_value(10_000).run()
    key, _ = _price_editor(at)
    at.session_state[key] = EDITS
    at.run()
    assert not at.exception
    assert _per_tier(at)["Nano"]["CPE"] == EDITED_NANO_CPE
    return at


def _per_tier(at: AppTest) -> dict[str, dict[str, str]]:
    table = next(d.value for d in at.dataframe if "CPE" in d.value.columns)
    return {
        name: _row(table, name)
        for name in ("Nano", "Micro", "Mikro")
        if table.iloc[:, 0].str.endswith(name).any()
    }


def _in_force(at: AppTest) -> list[tuple[float, float]]:
    _, prices = _price_editor(at)
    return [
        (float(lo), float(hi))
        for lo, hi in zip(prices["price_low"], prices["price_high"], strict=True)
    ]


def _published(platforms: list[str]) -> list[tuple[float, float]]:
    card = planned_tiers(default_prices(DEFAULT_SCHEME, platforms))
    return [
        (round(lo), round(hi)) for lo, hi in zip(card["price_low"], card["price_high"], strict=True)
    ]


def test_edited_prices_survive_another_page() -> None:
    at = _edited()
    at.switch_page(ACCOUNTS.path.relative_to(ROOT).as_posix()).run()
    assert not at.exception
    at.switch_page(PLANNER.path.relative_to(ROOT).as_posix()).run()
    assert not at.exception
    assert _in_force(at)[:2] == [(100.0, 400.0), (1000.0, 4000.0)]
    assert _per_tier(at)["Nano"]["CPE"] == EDITED_NANO_CPE
    assert _per_tier(at)["Micro"]["Posts"] == "2–10"


def test_edited_prices_survive_a_platform_filter() -> None:
    at = _edited(MIXED)
    at.multiselect(key="platform").set_value(["Instagram"]).run()
    assert not at.exception
    prices = _in_force(at)
    assert prices[:2] == [(100.0, 400.0), (1000.0, 4000.0)]
    assert prices[2:] == _published(["Instagram"])[2:]  # the tiers not edited: the new card
    assert _per_tier(at)["Nano"]["CPE"] == EDITED_NANO_CPE


def test_edited_prices_survive_a_language_switch() -> None:
    at = _edited()
    at.selectbox(key="lang").set_value("de").run()
    assert not at.exception
    assert _in_force(at)[:2] == [(100.0, 400.0), (1000.0, 4000.0)]
    assert _per_tier(at)["Nano"]["CPE"] == "1,00\u00a0$–4,00\u00a0$"


def test_reset_prices_brings_the_published_card_back() -> None:
    at = _edited()
    next(b for b in at.main.button if b.label == "Reset prices").click().run()
    assert not at.exception
    assert _in_force(at) == _published(["Instagram"])
    assert _per_tier(at)["Nano"]["CPE"] != EDITED_NANO_CPE
    at.switch_page(ACCOUNTS.path.relative_to(ROOT).as_posix()).run()
    at.switch_page(PLANNER.path.relative_to(ROOT).as_posix()).run()
    assert _in_force(at) == _published(["Instagram"])  # and it stays reset


def _upload_card(at: AppTest, card: bytes) -> AppTest:
    at.main.file_uploader[0].set_value(("card.csv", card, "text/csv")).run()
    assert not at.exception
    return at


def test_an_uploaded_rate_card_becomes_the_prices() -> None:
    at = open_page(PLANNER)
    at.sidebar.file_uploader[0].set_value(("plan.csv", DATA, "text/csv")).run()
    at.number_input(key="budget").set_value(10_000).run()
    card = b"tier,currency,low,high\nnano,USD,100,400\nmicro,USD,1000,4000\n"
    _upload_card(at, card)
    assert not at.main.error
    assert _in_force(at)[:2] == [(100.0, 400.0), (1000.0, 4000.0)]
    assert _in_force(at)[2:] == _published(["Instagram"])[2:]
    assert _per_tier(at)["Nano"]["CPE"] == EDITED_NANO_CPE
    at.switch_page(ACCOUNTS.path.relative_to(ROOT).as_posix()).run()
    at.switch_page(PLANNER.path.relative_to(ROOT).as_posix()).run()
    assert _per_tier(at)["Nano"]["CPE"] == EDITED_NANO_CPE


def test_an_invalid_rate_card_is_an_error_and_changes_nothing() -> None:
    at = open_page(PLANNER)
    at.sidebar.file_uploader[0].set_value(("plan.csv", DATA, "text/csv")).run()
    card = b"tier,currency,low,high\nnano,USD,500,100\n"
    _upload_card(at, card)
    errors = [e.value for e in at.main.error]
    assert any("line 2" in e and "above" in e for e in errors), errors
    assert _in_force(at) == _published(["Instagram"])
