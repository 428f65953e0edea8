"""The naive peer in the browser: the Streamlit app an analyst would write first.

For ``bench/app_bench.py`` to compare InfluDash against, so it is written the obvious way and left
alone: ``pd.read_csv`` on the upload, a row-wise ``df.apply`` tier function (the same tiers as
``bench/naive.py``) and Plotly Express charts of the raw rows. Neither sabotaged nor optimised.
The histogram is a plain one: with ``log_x=True`` the automatic bins of these heavy-tailed counts
came out as a single bar, so an analyst would drop it (the cost is the same either way).
The only addition is the app's opt-in timing hook (``INFLUDASH_TIMINGS``), so both apps' server
times are measured the same way.

    streamlit run bench/naive_app.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import plotly.express as px
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root, for the hook

from infludash.ui import timing

started = timing.start()


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


st.title("Influencer tiers")
upload = st.file_uploader("Account list", type="csv")
if upload is not None:
    df = pd.read_csv(upload)
    df["tier"] = df.apply(tier, axis=1)
    df["er"] = (df["avg_likes"] + df["avg_comments"]) / df["followers"] * 100
    st.write(f"{len(df):,} accounts")
    st.plotly_chart(px.histogram(df, x="followers", title="Followers"))
    st.plotly_chart(px.box(df, x="tier", y="er", title="Engagement rate per tier (%)"))

timing.record(started, "naive")
