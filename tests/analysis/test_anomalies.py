"""Anomaly flags: planted outliers are found, hidden likes are flagged and kept out of the fit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from infludash.analysis.anomalies import HIDDEN, HIGH, LOW, flag_anomalies
from infludash.analysis.summary import annotate
from infludash.read.reader import read_accounts
from tests.fixtures import csv_bytes


def test_planted_outliers_are_flagged_and_ordinary_accounts_are_not() -> None:
    rng = np.random.default_rng(21)
    n = 800
    followers = np.floor(10 ** rng.uniform(2.5, 6.5, n))
    er = 10 ** (1.2 - 0.2 * np.log10(followers) + rng.normal(0, 0.1, n))
    er[:5] /= 40  # bought followers: far too little engagement for the size
    er[5:10] *= 40  # pods or bought likes
    frame = pd.DataFrame(
        {
            "followers": followers,
            "avg_likes": er / 100 * followers,
            "platform": "Instagram",
        }
    )
    flagged = flag_anomalies(annotate(frame).frame)
    assert (flagged["anomaly"].iloc[:5] == LOW).all()
    assert (flagged["anomaly"].iloc[5:10] == HIGH).all()
    assert (flagged["anomaly"].iloc[10:] != "").sum() <= 2  # ~0.05% expected at 3.5 SD


def test_hidden_likes_are_flagged_separately() -> None:
    rows = [(f"h{i}", "TikTok", str(1_000 + 37 * i), str(30 + i), "2") for i in range(40)]
    rows[3] = ("hidden", "TikTok", "5000", "-1", "2")
    result = read_accounts(
        csv_bytes(("handle", "platform", "followers", "likes", "comments"), rows)
    )
    flagged = flag_anomalies(annotate(result.accounts).frame)
    marked = flagged.set_index("handle")["anomaly"]
    assert marked["hidden"] == HIDDEN
    assert (marked.drop("hidden") != HIDDEN).all()
