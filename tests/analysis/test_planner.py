"""Campaign planner core: rate cards mapped onto schemes, yields per tier, the budget arithmetic.

The plan arithmetic is checked against a three-tier data set whose every figure is computed by hand
in the comments, so a change in a formula (which price pairs with which quartile, floor vs round,
spend vs budget) fails a named case rather than a vague property.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infludash.analysis.annotated import Annotated
from infludash.analysis.planner import (
    RATE_CARDS_PATH,
    best_tier,
    compare_tiers,
    default_prices,
    load_rate_cards,
    mix_totals,
    plan,
    planned_tiers,
    tier_yields,
)
from infludash.analysis.presets import DEFAULT_SCHEME, SCHEMES
from infludash.analysis.price_edits import changed_prices, read_card, with_edits
from infludash.analysis.tiers import TierScheme, assign_tiers, custom_scheme
from infludash.present.rate_card import rate_card_csv
from tests.fixtures import raises_said

A, B = math.log10(2), math.log10(5)  # log10 overlaps of 2× and 5× follower ranges; A + B = 1
NAN = math.nan

# ---------------------------------------------------------------- hand-computed three-tier data set
# a: $100–$400 (mid sqrt(100·400) = 200); b: $1,000–$4,000 (mid 2,000); c: $2,500–$10,000 (mid
# 5,000) and no accounts at all.
PRICES = pd.DataFrame(
    {
        "tier": ["a", "b", "c"],
        "label": ["A", "B", "C"],
        "price_low": [100.0, 1000.0, 2500.0],
        "price_high": [400.0, 4000.0, 10000.0],
    }
)
YIELDS = pd.DataFrame(
    {
        "tier": ["a", "b", "c"],
        "label": ["A", "B", "C"],
        "accounts": [40, 12, 0],
        "reach_q1": [1000.0, 20000.0, NAN],
        "reach_median": [2000.0, 40000.0, NAN],
        "reach_q3": [4000.0, 80000.0, NAN],
        "eng_q1": [20.0, 100.0, NAN],
        "eng_median": [50.0, 400.0, NAN],
        "eng_q3": [100.0, 1000.0, NAN],
    }
)

# Budget 10,000 in each tier separately:
# a: posts 10000/400 = 25, 10000/200 = 50, 10000/100 = 100; spend 25·400 = 50·200 = 100·100 = 10000
#    reach 25·1000 = 25000, 50·2000 = 100000, 100·4000 = 400000; eng 25·20, 50·50, 100·100
#    CPE 100/100 = 1, 200/50 = 4, 400/20 = 20; CPM 100/4000·1000 = 25, 200/2000·1000 = 100,
#    400/1000·1000 = 400
# b: posts 10000/4000 = 2.5 → 2, 10000/2000 = 5, 10000/1000 = 10; spend 8000, 10000, 10000
#    reach 2·20000, 5·40000, 10·80000; eng 2·100, 5·400, 10·1000
#    CPE 1000/1000 = 1, 2000/400 = 5, 4000/100 = 40; CPM 1000/80000·1000 = 12.5, 2000/40000·1000 =
#    50, 4000/20000·1000 = 200
# c: posts 10000/10000 = 1, 10000/5000 = 2, 10000/2500 = 4, spend 10000 each; no yields → NaN
ALL_IN_ONE = {
    "a": {
        **{"posts_low": 25, "posts_mid": 50, "posts_high": 100},
        **{"spend_low": 10000, "spend_mid": 10000, "spend_high": 10000},
        **{"reach_low": 25000, "reach_mid": 100000, "reach_high": 400000},
        **{"eng_low": 500, "eng_mid": 2500, "eng_high": 10000},
        **{"cpe_low": 1, "cpe_mid": 4, "cpe_high": 20},
        **{"cpm_low": 25, "cpm_mid": 100, "cpm_high": 400},
    },
    "b": {
        **{"posts_low": 2, "posts_mid": 5, "posts_high": 10},
        **{"spend_low": 8000, "spend_mid": 10000, "spend_high": 10000},
        **{"reach_low": 40000, "reach_mid": 200000, "reach_high": 800000},
        **{"eng_low": 200, "eng_mid": 2000, "eng_high": 10000},
        **{"cpe_low": 1, "cpe_mid": 5, "cpe_high": 40},
        **{"cpm_low": 12.5, "cpm_mid": 50, "cpm_high": 200},
    },
    "c": {
        **{"posts_low": 1, "posts_mid": 2, "posts_high": 4},
        **{"spend_low": 10000, "spend_mid": 10000, "spend_high": 10000},
        **{"reach_low": NAN, "reach_mid": NAN, "reach_high": NAN},
        **{"eng_low": NAN, "eng_mid": NAN, "eng_high": NAN},
        **{"cpe_low": NAN, "cpe_mid": NAN, "cpe_high": NAN},
        **{"cpm_low": NAN, "cpm_mid": NAN, "cpm_high": NAN},
    },
}


def _row(planned: pd.DataFrame, tier: str) -> pd.Series:
    return planned.set_index("tier").loc[tier]


def _same(actual: float, expected: float) -> bool:
    if math.isnan(expected):
        return math.isnan(actual)
    return actual == pytest.approx(expected, rel=1e-12, abs=1e-9)


@pytest.mark.parametrize(
    ("tier", "column", "expected"),
    [(t, c, v) for t, row in ALL_IN_ONE.items() for c, v in row.items()],
)
def test_all_in_one_tier_by_hand(tier: str, column: str, expected: float) -> None:
    row = _row(plan(10_000, PRICES, YIELDS), tier)
    assert _same(float(row[column]), expected), (tier, column, row[column])


def test_plan_keeps_prices_shares_and_accounts() -> None:
    planned = plan(10_000, PRICES, YIELDS)
    assert list(planned["tier"]) == ["a", "b", "c"]
    assert list(planned["share"]) == [1.0, 1.0, 1.0]
    assert list(planned["tier_budget"]) == [10_000.0] * 3
    assert list(planned["accounts"]) == [40, 12, 0]
    assert planned["price_mid"].tolist() == pytest.approx([200.0, 2000.0, 5000.0])


# Mix a:b = 3:1 → 7,500 and 2,500, c gets 0.
# a: 7500/400 = 18.75 → 18 (spend 7200), 7500/200 = 37.5 → 37 (7400), 7500/100 = 75 (7500)
#    reach 18·1000, 37·2000, 75·4000; eng 18·20, 37·50, 75·100
# b: 2500/4000 → 0, 2500/2000 → 1 (2000), 2500/1000 → 2 (2000); reach 0, 40000, 160000;
#    eng 0, 400, 2000
# totals: posts 18, 38, 77; spend 7200, 9400, 9500; reach 18000, 114000, 460000;
#         eng 360, 2250, 9500; CPE mid 9400/2250; CPM mid 9400/114000·1000
MIX_TOTALS = {
    **{"posts_low": 18, "posts_mid": 38, "posts_high": 77},
    **{"spend_low": 7200, "spend_mid": 9400, "spend_high": 9500},
    **{"reach_low": 18000, "reach_mid": 114000, "reach_high": 460000},
    **{"eng_low": 360, "eng_mid": 2250, "eng_high": 9500},
    **{"cpe_mid": 9400 / 2250, "cpm_mid": 9400 / 114000 * 1000},
}


@pytest.mark.parametrize(("key", "expected"), sorted(MIX_TOTALS.items()))
def test_mix_totals_by_hand(key: str, expected: float) -> None:
    totals = mix_totals(plan(10_000, PRICES, YIELDS, {"a": 3, "b": 1}))
    assert set(totals) == set(MIX_TOTALS)
    assert _same(totals[key], expected), (key, totals[key])


def test_shares_are_normalised() -> None:
    raw = plan(10_000, PRICES, YIELDS, {"a": 3, "b": 1})
    fractions = plan(10_000, PRICES, YIELDS, {"a": 0.75, "b": 0.25, "c": 0})
    pd.testing.assert_frame_equal(raw, fractions)
    assert raw["share"].tolist() == [0.75, 0.25, 0.0]
    assert raw["tier_budget"].tolist() == [7500.0, 2500.0, 0.0]


def test_mix_with_a_tier_without_data_has_unknown_totals() -> None:
    # 5,000 each: c buys posts (5000/5000 = 1 at mid) but has no reach, so the total is unknown
    # rather than silently smaller; spend and posts are still known.
    totals = mix_totals(plan(10_000, PRICES, YIELDS, {"a": 1, "c": 1}))
    assert math.isnan(totals["reach_mid"])
    assert math.isnan(totals["eng_mid"])
    assert math.isnan(totals["cpe_mid"])
    # a: 5000/200 = 25 posts; c: 5000/5000 = 1 post
    assert totals["posts_mid"] == 26
    assert totals["spend_mid"] == 25 * 200 + 5000


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        ({"a": -1, "b": 2}, "negative"),
        ({"a": 0, "b": 0}, "all be 0"),
        ({"a": 1, "zzz": 1}, "unknown tiers: zzz"),
        ({"a": math.nan}, "finite"),
        ({"a": math.inf}, "finite"),
    ],
)
def test_bad_shares_are_input_errors(shares: dict[str, float], message: str) -> None:
    with raises_said(message):
        plan(10_000, PRICES, YIELDS, shares)


@pytest.mark.parametrize("budget", [-1, -0.01, math.nan, math.inf, "lots", None])
def test_bad_budget_is_an_input_error(budget: object) -> None:
    with raises_said("budget"):
        plan(budget, PRICES, YIELDS)  # type: ignore[arg-type]


def test_zero_budget_buys_nothing() -> None:
    planned = plan(0, PRICES, YIELDS)
    for bound in ("low", "mid", "high"):
        assert planned[f"posts_{bound}"].tolist() == [0, 0, 0]
        assert planned[f"spend_{bound}"].tolist() == [0, 0, 0]
    # Known yields times zero posts is 0; an empty tier stays unknown.
    assert planned["reach_mid"].tolist()[:2] == [0, 0]
    assert math.isnan(planned["reach_mid"].tolist()[2])
    # Unit costs do not depend on the budget.
    assert _row(planned, "a")["cpe_mid"] == 4


@pytest.mark.parametrize(
    ("budget", "posts"),
    [
        (99, (0, 0, 0)),  # below one post even at the lowest price
        (100, (0, 0, 1)),  # exactly one post at the low price
        (399, (0, 1, 3)),  # 399/400, 399/200, 399/100
        (400, (1, 2, 4)),
    ],
)
def test_whole_posts_only(budget: float, posts: tuple[int, int, int]) -> None:
    row = _row(plan(budget, PRICES, YIELDS), "a")
    assert (row["posts_low"], row["posts_mid"], row["posts_high"]) == posts
    assert row["spend_mid"] == posts[1] * 200


@pytest.mark.parametrize(
    ("budget", "price", "posts"),
    [
        (699.12, 38.84, 18),  # 699.12 / 38.84 is a hair under 18 in binary floating point
        (265.14, 9.82, 27),  # 27 × 9.82 is exactly 265.14 in cents
        (265.13, 9.82, 26),  # one cent short of the 27th post
        (0.3, 0.1, 3),
    ],
)
def test_a_budget_that_fits_exactly_buys_every_post(
    budget: float, price: float, posts: int
) -> None:
    prices = pd.DataFrame({"tier": ["a"], "price_low": [price], "price_high": [price]})
    row = _row(plan(budget, prices, YIELDS), "a")
    assert (row["posts_low"], row["posts_mid"], row["posts_high"]) == (posts, posts, posts)


def test_zero_yields_give_nan_costs_not_infinity() -> None:
    yields = YIELDS.copy()
    yields.loc[0, ["eng_q1", "reach_q1"]] = 0.0
    row = _row(plan(1000, PRICES, yields), "a")
    assert math.isnan(row["cpe_high"])
    assert math.isnan(row["cpm_high"])
    numbers = plan(1000, PRICES, yields).select_dtypes("number").to_numpy(dtype=float)
    assert not np.isinf(numbers).any()


@pytest.mark.parametrize(
    ("low", "high"), [(0.0, 10.0), (-5.0, 10.0), (20.0, 10.0), (10.0, math.inf)]
)
def test_bad_prices_are_input_errors(low: float, high: float) -> None:
    prices = PRICES.copy()
    prices.loc[1, ["price_low", "price_high"]] = [low, high]
    with raises_said("prices for b"):
        plan(1000, prices, YIELDS)


def test_best_tier() -> None:
    planned = plan(10_000, PRICES, YIELDS)
    assert best_tier(planned, "reach") == "b"  # CPM mid 50 < 100 (c is NaN)
    assert best_tier(planned, "engagements") == "a"  # CPE mid 4 < 5
    empty = plan(10_000, PRICES.iloc[[2]], YIELDS)
    assert best_tier(empty, "reach") is None
    with raises_said("objective"):
        best_tier(planned, "sales")


def test_compare_tiers_by_hand() -> None:
    # One b post at mid 2,000 costs as much as 2000/200 = 10 a posts, reaching 10·2000 and
    # engaging 10·50; the b post itself reaches 40,000 and engages 400.
    result = compare_tiers(PRICES, YIELDS, expensive="b", cheap="a")
    assert result == {
        "posts": 10,
        "expensive_price": pytest.approx(2000),
        "cheap_price": pytest.approx(200),
        "cheap_spend": pytest.approx(2000),
        "cheap_reach": pytest.approx(20000),
        "cheap_eng": pytest.approx(500),
        "expensive_reach": 40000,
        "expensive_eng": 400,
    }
    # The other way round no whole b post fits into one a post's price.
    reverse = compare_tiers(PRICES, YIELDS, expensive="a", cheap="b")
    assert reverse is not None
    assert reverse["posts"] == 0
    assert compare_tiers(PRICES, YIELDS, "c", "a") is None  # c has no accounts
    with raises_said("unknown tier"):
        compare_tiers(PRICES, YIELDS, "zzz", "a")


@given(
    budget=st.floats(0, 1e7),
    low=st.floats(1, 1e5),
    spread=st.floats(1, 100),
    quartiles=st.tuples(
        st.lists(st.floats(0, 1e8), min_size=3, max_size=3).map(sorted),
        st.lists(st.floats(0, 1e6), min_size=3, max_size=3).map(sorted),
    ),
    share=st.one_of(st.none(), st.floats(0.01, 100)),
)
def test_plan_properties(
    budget: float,
    low: float,
    spread: float,
    quartiles: tuple[list[float], list[float]],
    share: float | None,
) -> None:
    reach, eng = quartiles
    prices = pd.DataFrame(
        {"tier": ["x", "y"], "price_low": [low, 2 * low], "price_high": [low * spread] * 2}
    )
    prices["price_high"] = np.maximum(prices["price_high"], prices["price_low"])
    yields = pd.DataFrame(
        {
            "tier": ["x", "y"],
            "accounts": [3, 3],
            **{f"reach_{q}": [reach[i]] * 2 for i, q in enumerate(("q1", "median", "q3"))},
            **{f"eng_{q}": [eng[i]] * 2 for i, q in enumerate(("q1", "median", "q3"))},
        }
    )
    shares = None if share is None else {"x": share, "y": 1.0}
    planned = plan(budget, prices, yields, shares)
    price_at = {
        "low": planned["price_high"],
        "mid": planned["price_mid"],
        "high": planned["price_low"],
    }
    for bound, price in price_at.items():
        posts = planned[f"posts_{bound}"]
        assert (posts == np.floor(posts)).all()
        assert (posts >= 0).all()
        assert (posts * price <= planned["tier_budget"] * (1 + 1e-11)).all()  # never over budget
        assert ((posts + 1) * price > planned["tier_budget"]).all()  # no affordable post left out
        assert (planned[f"spend_{bound}"] == posts * price).all()
    for name in ("posts", "reach", "eng"):  # not spend: fewer, dearer posts may spend more
        assert (planned[f"{name}_low"] <= planned[f"{name}_mid"]).all()
        assert (planned[f"{name}_mid"] <= planned[f"{name}_high"]).all()
    totals = mix_totals(planned)
    if shares is not None:
        assert totals["spend_high"] <= budget * (1 + 1e-11)
    for cost in ("cpe", "cpm"):
        values = planned[[f"{cost}_low", f"{cost}_mid", f"{cost}_high"]].to_numpy()
        assert not np.isinf(values).any()
        finite = np.isfinite(values).all(axis=1)
        assert (np.diff(values[finite], axis=1) >= -1e-9 * values[finite][:, 1:]).all()


# ------------------------------------------------------------------------------------ tier yields
YIELD_SCHEME = custom_scheme([1000, 100_000])  # below · tier_1 (1k–100k) · tier_2 (100k+)


def _rated(frame: pd.DataFrame, basis: str = "followers") -> Annotated:
    """``frame`` as annotated accounts of YIELD_SCHEME (no rate or interactions where absent)."""
    frame = frame.assign(tier_index=assign_tiers(frame["followers"], YIELD_SCHEME))
    for column in ("engagements", "er_pct"):
        if column not in frame:
            frame[column] = np.full(len(frame), NAN)
    return Annotated(frame, YIELD_SCHEME, basis)


def _accounts() -> pd.DataFrame:
    # below: followers 100..500 → quartiles 200/300/400; engagements 1..5 → 2/3/4
    # tier_1: followers 1000..4000 → 1750/2500/3250; engagements: 1000·1 % = 10 (from the rate),
    #         20 (measured), 3000·2 % = 60 (from the rate), none for 4000 → 15/20/40 over 3 values
    # tier_2: empty. One account without followers belongs to no tier.
    return pd.DataFrame(
        {
            "followers": [100, 200, 300, 400, 500, 1000, 2000, 3000, 4000, NAN],
            "engagements": [1, 2, 3, 4, 5, NAN, 20, NAN, NAN, 7],
            "er_pct": [NAN, NAN, NAN, NAN, NAN, 1.0, NAN, 2.0, NAN, 1.0],
            "avg_views": [10, 20, 30, 40, 50, 100, NAN, 300, 500, 9],
        }
    )


@pytest.mark.parametrize(
    ("tier", "column", "expected"),
    [
        ("below", "accounts", 5),
        ("below", "reach_q1", 200),
        ("below", "reach_median", 300),
        ("below", "reach_q3", 400),
        ("below", "eng_q1", 2),
        ("below", "eng_median", 3),
        ("below", "eng_q3", 4),
        ("tier_1", "accounts", 4),
        ("tier_1", "reach_q1", 1750),
        ("tier_1", "reach_median", 2500),
        ("tier_1", "reach_q3", 3250),
        ("tier_1", "eng_q1", 15),
        ("tier_1", "eng_median", 20),
        ("tier_1", "eng_q3", 40),
        ("tier_1", "eng_n", 3),
        ("tier_2", "accounts", 0),
        ("tier_2", "reach_median", NAN),
        ("tier_2", "eng_q3", NAN),
    ],
)
def test_tier_yields_by_hand(tier: str, column: str, expected: float) -> None:
    yields = tier_yields(_rated(_accounts()))
    assert list(yields["tier"]) == list(YIELD_SCHEME.keys)
    assert _same(float(_row(yields, tier)[column]), expected)


def test_tier_yields_by_views() -> None:
    accounts = _accounts()
    yields = tier_yields(_rated(accounts), reach_basis="views")
    # tier_1 views 100, 300, 500 (one missing) → 200/300/400
    assert _row(yields, "tier_1")[["reach_q1", "reach_median", "reach_q3"]].tolist() == [
        200,
        300,
        400,
    ]
    assert _row(yields, "tier_1")["reach_n"] == 3
    # A per-view rate is multiplied by views: 100·1 % = 1, 20 measured, 300·2 % = 6 → 3.5/6/13
    per_view = tier_yields(_rated(accounts, basis="views"))
    assert _row(per_view, "tier_1")[["eng_q1", "eng_median", "eng_q3"]].tolist() == [3.5, 6, 13]


def test_tier_yields_without_engagement_columns_and_bad_basis() -> None:
    empty = tier_yields(_rated(pd.DataFrame({"followers": pd.Series([], dtype=float)})))
    assert empty["accounts"].tolist() == [0, 0, 0]
    assert empty["reach_median"].isna().all()
    yields = tier_yields(_rated(pd.DataFrame({"followers": [50.0, 5000.0]})))
    assert yields["accounts"].tolist() == [1, 1, 0]
    assert yields["eng_median"].isna().all()
    with raises_said("avg_views"):
        tier_yields(_rated(pd.DataFrame({"followers": [50.0]})), "views")
    with raises_said("reach basis"):
        tier_yields(_rated(_accounts()), "impressions")


def test_tier_yields_on_the_annotated_sample() -> None:
    from infludash.analysis.summary import annotate
    from infludash.read.reader import read_accounts

    accounts = read_accounts(RATE_CARDS_PATH.parent / "sample_accounts.csv").accounts
    rated = annotate(accounts, DEFAULT_SCHEME)
    yields = tier_yields(rated)
    annotated = rated.frame
    assert yields["accounts"].sum() == (annotated["tier_index"] >= 0).sum()
    micro = annotated[annotated["tier_index"] == 2]
    assert _row(yields, "micro")["reach_median"] == micro["followers"].median()
    assert _row(yields, "micro")["eng_q3"] == micro["engagements"].quantile(0.75)


# ------------------------------------------------------------------------------------- rate cards
PUBLISHED = [  # platform, tier, min, max, low, high as in the source; Mega highs are assumed (3×)
    ("Instagram", "Nano", 1000, 10000, 10, 100),
    ("Instagram", "Micro", 10000, 50000, 100, 500),
    ("Instagram", "Mid", 50000, 500000, 500, 5000),
    ("Instagram", "Macro", 500000, 1000000, 5000, 10000),
    ("Instagram", "Mega", 1000000, NAN, 10000, 30000),
    ("TikTok", "Nano", 1000, 10000, 5, 25),
    ("TikTok", "Micro", 10000, 50000, 25, 125),
    ("TikTok", "Mid", 50000, 500000, 125, 1250),
    ("TikTok", "Macro", 500000, 1000000, 1250, 2500),
    ("TikTok", "Mega", 1000000, NAN, 2500, 7500),
    ("YouTube", "Nano", 1000, 10000, 20, 200),
    ("YouTube", "Micro", 10000, 50000, 200, 1000),
    ("YouTube", "Mid", 50000, 500000, 1000, 10000),
    ("YouTube", "Macro", 500000, 1000000, 10000, 20000),
    ("YouTube", "Mega", 1000000, NAN, 20000, 60000),
]


def test_bundled_rate_cards_hold_the_published_figures() -> None:
    table = load_rate_cards()
    columns = ["platform", "tier", "min_followers", "max_followers"]
    got = table[[*columns, "price_low_usd", "price_high_usd"]]
    expected = pd.DataFrame(PUBLISHED, columns=got.columns).astype(got.dtypes.to_dict())
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected)
    assert (table["url"].str.startswith("https://")).all()
    open_ended = table["max_followers"].isna()
    assert table.loc[open_ended, "note"].str.startswith("assumed").all()
    assert not table.loc[~open_ended, "note"].str.startswith("assumed").any()
    assert (
        table.loc[open_ended, "price_high_usd"] == 3 * table.loc[open_ended, "price_low_usd"]
    ).all()


GOOD = (
    "platform,min_followers,max_followers,price_low_usd,price_high_usd,statistic,year,source,url\n"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "cannot be read"),
        ("platform,min_followers\nX,1\n", "lacks the columns max_followers"),
        (GOOD, "no rows"),
        (GOOD + "X,1000,,-5,10,range,2021,S,https://u\n", "positive"),
        (GOOD + "X,1000,,20,10,range,2021,S,https://u\n", "positive"),
        (GOOD + "X,1000,,cheap,10,range,2021,S,https://u\n", "price_low_usd is not a number"),
        (GOOD + "X,1000,500,5,10,range,2021,S,https://u\n", "min_followers < max_followers"),
        (GOOD + "X,1000,,5,10,range,2021,S,\n", "without url"),
    ],
)
def test_bad_rate_card_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "cards.csv"
    path.write_text(text, encoding="utf-8")
    with raises_said(message):
        load_rate_cards(path)


def test_missing_rate_card_file(tmp_path: Path) -> None:
    with raises_said("cannot be read"):
        load_rate_cards(tmp_path / "nope.csv")


def _prices(
    scheme: TierScheme, platforms: list[str] | None
) -> dict[str, tuple[float, float, bool]]:
    table = default_prices(scheme, platforms)
    return {r.tier: (r.price_low, r.price_high, bool(r.extrapolated)) for r in table.itertuples()}


# Standard scheme, Instagram only. Micro (10k–100k) is 10k–50k (log overlap B) and 50k–100k of the
# 50k–500k band (A): low = 10^(B·2 + A·log10 500) = 10^(2 + A·B), high = 10^(B·log10 500 + A·log10
# 5000) = 10^3. Macro (100k–1M) is 100k–500k (B) and 500k–1M (A): low = 10^(B·log10 500 + A·log10
# 5000) = 10^3, high = 10^(B·log10 5000 + A·4) = 10^(3 + A + B²). Mega (1M+) is the Mega band.
STANDARD_INSTAGRAM = {
    "below_nano": (10, 100, True),  # below the first edge: the lowest band's figures
    "nano": (10, 100, False),  # 100–10k overlaps only the 1k–10k band
    "micro": (10 ** (2 + A * B), 1000, False),
    "macro": (1000, 10 ** (3 + A + B * B), False),
    "mega": (10000, 30000, False),
}
# Custom 5k · 50k, Instagram only: 5k–50k is 5k–10k (A) of Nano and 10k–50k (B) of Micro:
# low = 10^(A·1 + B·2) = 10^(1 + B) = 50, high = 10^(A·2 + B·log10 500) = 10^(2 + B²).
# 50k+ spans one decade (50k–500k), exactly the Mid band.
CUSTOM_INSTAGRAM = {
    "below": (10, 100, True),
    "tier_1": (50, 10 ** (2 + B * B), False),
    "tier_2": (500, 5000, False),
}


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        (DEFAULT_SCHEME, STANDARD_INSTAGRAM),
        (custom_scheme([5000, 50000]), CUSTOM_INSTAGRAM),
    ],
)
def test_default_prices_by_hand(scheme: TierScheme, expected: dict[str, tuple]) -> None:
    got = _prices(scheme, ["Instagram"])
    assert list(got) == list(expected)
    for tier, (low, high, extrapolated) in expected.items():
        assert got[tier][0] == pytest.approx(low, rel=1e-9), tier
        assert got[tier][1] == pytest.approx(high, rel=1e-9), tier
        assert got[tier][2] is extrapolated, tier


def test_default_prices_average_platforms_geometrically() -> None:
    # The Mediakix scheme has the source's own edges, so each tier is one band per platform.
    got = _prices(SCHEMES["five_tier"], None)
    assert got["nano"][:2] == pytest.approx(((10 * 5 * 20) ** (1 / 3), (100 * 25 * 200) ** (1 / 3)))
    assert got["mega"][:2] == pytest.approx(
        ((10000 * 2500 * 20000) ** (1 / 3), (30000 * 7500 * 60000) ** (1 / 3))
    )
    table = default_prices(DEFAULT_SCHEME)
    assert table["assumed"].tolist() == [False, False, False, False, True]
    assert "Influencer Marketing Hub" in table["source"].iloc[0]


@pytest.mark.parametrize("platforms", [None, [], ["Snapchat"], ["instagram", "TikTok", "YOUTUBE"]])
def test_unknown_or_no_platforms_mean_all(platforms: list[str] | None) -> None:
    assert _prices(DEFAULT_SCHEME, platforms) == _prices(
        DEFAULT_SCHEME, ["Instagram", "TikTok", "YouTube"]
    )


def test_platform_names_are_matched_without_case() -> None:
    instagram = _prices(DEFAULT_SCHEME, ["Instagram"])
    assert _prices(DEFAULT_SCHEME, [" instagram ", "Snapchat"]) == instagram
    assert instagram != _prices(DEFAULT_SCHEME, ["TikTok"])


def test_uncovered_tier_takes_the_nearest_band() -> None:
    scheme = TierScheme(
        name="q", title="q", edges=(500.0, 20000.0), keys=("q1", "q2", "q3"), labels=("1", "2", "3")
    )
    got = _prices(scheme, ["Instagram"])
    assert got["q1"][:2] == pytest.approx((10, 100))  # no band under 500 followers: Nano's figures
    assert got["q1"][2] is True
    assert got["q2"][2] is False
    assert got["q2"][0] > 10  # 500–20k blends Nano and Micro
    # A scheme wholly under the smallest band still gets prices, all extrapolated.
    tiny = _prices(custom_scheme([2, 50]), ["TikTok"])
    assert [v[:2] for v in tiny.values()] == [pytest.approx((5, 25))] * 3
    assert [v[2] for v in tiny.values()] == [True] * 3


@given(st.lists(st.floats(2, 1e9), min_size=1, max_size=6, unique=True).map(sorted))
def test_default_prices_on_any_scheme(edges: list[float]) -> None:
    scheme = custom_scheme(edges)
    table = default_prices(scheme)
    assert table["tier"].tolist() == list(scheme.keys)
    low, high = table["price_low"].to_numpy(), table["price_high"].to_numpy()
    assert (low > 0).all()
    assert (low <= high).all()
    assert np.isfinite(high).all()
    assert (np.diff(low) >= -1e-9 * low[1:]).all()  # a bigger tier never costs less
    assert (np.diff(high) >= -1e-9 * high[1:]).all()
    assert bool(table["extrapolated"].iloc[0])  # the "below" tier


# ---------------------------------------------------------------- the analyst's rate-card file
KEYS = ["nano", "micro", "macro", "mega"]
HEADER = "tier,currency,low,high\n"


def test_a_rate_card_file_reads_back_as_edits() -> None:
    card = HEADER + "nano,USD,100,400\nmicro,usd,1000.5,4000\n"
    assert read_card(card.encode(), KEYS) == {"nano": (100.0, 400.0), "micro": (1000.5, 4000.0)}


def test_a_rate_card_may_have_a_bom_spaces_and_its_columns_in_any_order() -> None:
    card = "\ufeffHigh, Tier ,currency,low\n400, nano ,USD,100\n"
    assert read_card(card.encode("utf-8"), KEYS) == {"nano": (100.0, 400.0)}


def test_the_downloaded_card_reads_back_as_the_prices_in_force() -> None:
    published = planned_tiers(default_prices(DEFAULT_SCHEME, ["Instagram"]))
    in_force = with_edits(published, {"nano": (100.0, 400.0), "below_nano": (1.0, 2.0)})
    assert in_force["edited"].tolist() == [True, False, False, False]  # "below_nano": not planned
    back = read_card(rate_card_csv(in_force), KEYS)
    assert back["nano"] == (100.0, 400.0)
    for row in published.itertuples():
        if row.tier != "nano":
            assert back[row.tier] == pytest.approx((row.price_low, row.price_high), rel=1e-9)


def test_an_edit_for_a_tier_the_scheme_lacks_is_kept_but_not_applied() -> None:
    published = planned_tiers(default_prices(SCHEMES["later"], ["Instagram"]))
    edits = {"nano": (100.0, 400.0), "below_nano": (1.0, 2.0)}
    in_force = with_edits(published, edits)
    assert "below_nano" not in set(in_force["tier"])
    typed = in_force.copy()
    typed.loc[typed["tier"] == "mid", "price_high"] = 9999.0
    typed.loc[typed["tier"] == "micro", "price_low"] = NAN  # a cleared cell keeps its price
    changed = changed_prices(in_force, typed, edits)
    mid = in_force.loc[in_force["tier"] == "mid", "price_low"].iloc[0]
    assert changed == {**edits, "mid": (mid, 9999.0)}


BAD_CARDS = [
    ("empty file", b"", "cannot be read"),
    ("not UTF-8", HEADER.encode() + "nano,USD,1\xa0000,2000\n".encode("cp1252"), "UTF-8"),
    ("no currency column", b"tier,low,high\nnano,100,400\n", "lacks the columns currency"),
    ("header only", HEADER.encode(), "no rows"),
    (
        "unknown tier",
        HEADER.encode() + b"giga,USD,100,400\n",
        r"line 2: 'giga' is not a tier.*nano",
    ),
    ("a tier's name, not its key", HEADER.encode() + b"Nano,USD,100,400\n", "'Nano' is not a tier"),
    (
        "tier twice",
        HEADER.encode() + b"nano,USD,100,400\nnano,USD,1,2\n",
        "line 3: the tier nano is given a second time",
    ),
    ("no currency", HEADER.encode() + b"nano,,100,400\n", "line 2: the currency is —"),
    ("another currency", HEADER.encode() + b"nano,EUR,100,400\n", "currency is 'EUR'.*USD"),
    ("low not a number", HEADER.encode() + b"nano,USD,cheap,400\n", "line 2: low is not a number"),
    ("high missing", HEADER.encode() + b"nano,USD,100,\n", "line 2: high is not a number"),
    ("zero", HEADER.encode() + b"nano,USD,0,400\n", "line 2: low must be a price above 0"),
    ("negative", HEADER.encode() + b"nano,USD,100,-4\n", "line 2: high must be a price above 0"),
    ("infinite", HEADER.encode() + b"nano,USD,100,inf\n", "high must be a price above 0"),
    (
        "low above high",
        HEADER.encode() + b"nano,USD,100,400\nmicro,USD,5000,1000\n",
        "line 3: the low price of micro is above its high price",
    ),
    ("too large", HEADER.encode() + b"nano,USD,100,400\n" * 10_000, "too large"),
]


@pytest.mark.parametrize(
    ("card", "said_pattern"), [c[1:] for c in BAD_CARDS], ids=[c[0] for c in BAD_CARDS]
)
def test_a_bad_rate_card_is_an_error_the_analyst_can_read(card: bytes, said_pattern: str) -> None:
    with raises_said(said_pattern):
        read_card(card, KEYS)
