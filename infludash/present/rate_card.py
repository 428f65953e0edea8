"""The rate card in force as a small CSV file (``tier,currency,low,high``), the file the planner's
upload reads back (:func:`infludash.analysis.price_edits.read_card`)."""

from __future__ import annotations

import pandas as pd

from infludash.analysis.price_edits import card_table

__all__ = ["rate_card_csv"]


def rate_card_csv(prices: pd.DataFrame) -> bytes:
    """``prices`` (``tier``, ``price_low``, ``price_high``) as CSV bytes in UTF-8: tier keys, not
    names, so the file reads back in any language."""
    text: str = card_table(prices).to_csv(index=False, float_format="%.10g", lineterminator="\n")
    return text.encode("utf-8")
