"""The plan the page and the report share: prices in force, the mix to start from, the order of
flags."""

from __future__ import annotations

import numpy as np
import pandas as pd

from infludash.analysis.anomalies import furthest_first
from infludash.analysis.campaign import PlanInputs, mix_start, prices_in_force, published_prices
from infludash.analysis.presets import DEFAULT_SCHEME


def test_inputs_compare_equal_whatever_the_order_they_were_typed_in() -> None:
    one = PlanInputs.of(500, "reach", {"nano": (1, 2), "micro": (3, 4)}, {"nano": 10})
    two = PlanInputs.of(500.0, "reach", {"micro": (3, 4), "nano": (1, 2)}, {"nano": 10.0})
    assert one == two
    assert hash(one) == hash(two)  # frozen and small: fit for the session
    assert one.edit_map == {"nano": (1.0, 2.0), "micro": (3.0, 4.0)}


def test_prices_in_force_are_the_whole_dollar_card_with_the_edits_over_it() -> None:
    card = published_prices(DEFAULT_SCHEME, ["Instagram"])
    assert list(card["tier"]) == ["nano", "micro", "macro", "mega"]  # the planned tiers
    assert (card["price_low"] == card["price_low"].round(0)).all()
    prices = prices_in_force(DEFAULT_SCHEME, ["Instagram"], {"micro": (7.0, 9.0), "x": (1, 2)})
    assert prices["edited"].tolist() == [False, True, False, False]
    assert prices[["price_low", "price_high"]].to_numpy()[1].tolist() == [7.0, 9.0]


def test_the_mix_starts_from_the_shares_typed_when_they_fit_the_tiers() -> None:
    prices = pd.DataFrame(
        {"tier": ["nano", "micro"], "price_low": [10.0, 100.0], "price_high": [40.0, 400.0]}
    )
    yields = pd.DataFrame({"tier": ["nano", "micro"], "accounts": [5, 5]})
    assert mix_start(prices, yields, 1000, {}).tolist() == [50.0, 50.0]
    assert mix_start(prices, yields, 1000, {"nano": 80, "micro": 20}).tolist() == [80.0, 20.0]
    other_scheme = {"q1": 80.0, "q2": 20.0}
    assert mix_start(prices, yields, 1000, other_scheme).tolist() == [50.0, 50.0]


def test_flags_furthest_from_the_line_first_those_without_z_last() -> None:
    z = np.array([1.0, -5.0, np.nan, 4.0, np.nan, 0.2])
    code = np.array(["", "low", "no_engagement", "high", "hidden_likes", ""], dtype=object)
    assert furthest_first(z, code).tolist() == [1, 3, 2, 4]
