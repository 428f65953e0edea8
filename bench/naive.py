"""The naive peer: the script an analyst would write first, for ``bench/run.py`` to compare against.

``pd.read_csv`` with defaults, a row-wise ``df.apply`` tier function and ``groupby().median()``.

    python bench/naive.py FILE
"""

from __future__ import annotations

import sys

import pandas as pd


def tier(row: pd.Series) -> str:
    followers = row["followers"]
    if followers < 100:
        return "below Nano"
    if followers < 10_000:
        return "Nano"
    if followers < 100_000:
        return "Micro"
    if followers < 1_000_000:
        return "Macro"
    return "Mega"


def main() -> None:
    df = pd.read_csv(sys.argv[1])
    df["tier"] = df.apply(tier, axis=1)
    df["er"] = (df["avg_likes"] + df["avg_comments"]) / df["followers"] * 100
    print(df.groupby("tier")[["followers", "er"]].median().to_json())


if __name__ == "__main__":
    main()
