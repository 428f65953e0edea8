"""Overview page: headline numbers, follower distribution, engagement per tier, tier table."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from infludash.benchmarks import PLATFORMS, TierBenchmark, tier_benchmarks
from infludash.figures import MIN_BOX_ACCOUNTS, engagement_box, follower_histogram
from infludash.palette import tier_colors
from infludash.summary import Summary, annotate, display_table, summarize
from infludash.tiers import compact_number
from infludash.ui.loaders import overrides_for
from infludash.ui.safe import plain
from infludash.ui.sidebar import View
from infludash.wording import counted

if TYPE_CHECKING:
    from streamlit.navigation.page import StreamlitPage

SHOWN_WARNINGS = 3
ER_FORMULA = (
    "Engagement rate = (avg. likes + comments + shares + saves, those in the file) ÷ followers "
    "× 100, per account; a tier's figure is the median over its accounts, with a "
    "distribution-free 95% confidence interval from order statistics."
)


def _headline(summary: Summary) -> None:
    populated = int((summary.tiers["accounts"] > 0).sum())
    cols = st.columns(4)
    median = summary.median_followers
    cols[0].metric(
        "Accounts",
        f"{summary.accounts:,}",
        help=f"{summary.rows_read:,} rows read; {summary.rejected:,} rejected, "
        f"{summary.duplicates:,} exact duplicates folded."
        + (f" Median followers: {median:,.0f}." if median is not None else ""),
    )
    cols[1].metric("Tiers with accounts", f"{populated} of {len(summary.tiers)}")
    er = summary.median_er_pct
    cols[2].metric(
        "Median engagement rate (estimated)" if summary.estimated else "Median engagement rate",
        "–" if er is None else f"{er:.2f}%",
        help=None
        if summary.er_ci95_pct is None
        else f"95% CI {summary.er_ci95_pct[0]:.2f}–{summary.er_ci95_pct[1]:.2f}%, "
        f"over {summary.er_accounts:,} accounts with a rate.",
    )
    cols[3].metric(
        "Total reach",
        compact_number(summary.total_reach),
        help="Sum of followers over all accounts (audiences may overlap).",
    )


def _accounting(summary: Summary, quality_page: StreamlitPage, by_hand: list[str]) -> None:
    left, right = st.columns([3, 1])
    parts = [
        counted(summary.rows_read, "row") + " read",
        counted(summary.accounts, "account"),
        f"{summary.rejected:,} rejected",
        counted(summary.duplicates, "exact duplicate") + " folded",
    ]
    if summary.warnings:
        parts.append(counted(len(summary.warnings), "warning"))
    left.caption(" · ".join(parts))
    if by_hand:
        left.caption(plain("Columns mapped by hand for: " + ", ".join(by_hand)))
    with right:
        st.page_link(quality_page, label="Data quality details", icon=":material/fact_check:")


def _tier_table(summary: Summary) -> None:
    table = display_table(summary)
    colors = dict(zip(summary.tiers["label"], tier_colors(summary.scheme), strict=True))
    styled = table.style.map(
        lambda label: (
            f"background-color: {colors.get(label, '#fff')}; color: #fff; font-weight: 600"
        ),
        subset=["Tier"],
    )
    st.dataframe(
        styled,
        hide_index=True,
        placeholder="–",
        width="stretch",
        column_config={
            "Tier": st.column_config.TextColumn("Tier"),
            "Followers": st.column_config.TextColumn(
                "Followers", help="Half-open range [from, to)"
            ),
            "Accounts": st.column_config.NumberColumn("Accounts", format="localized"),
            "Share": st.column_config.ProgressColumn(
                "Share", format="percent", min_value=0, max_value=1
            ),
            "Median followers": st.column_config.NumberColumn(format="localized"),
            "Median ER": st.column_config.NumberColumn(
                format="%.2f%%", help="Median engagement rate of the tier's accounts"
            ),
            "Median ER (estimated)": st.column_config.NumberColumn(
                format="%.2f%%", help="Median of the benchmark estimates; not measured"
            ),
            "95% CI": st.column_config.TextColumn(
                help="Distribution-free 95% confidence interval of the median ER "
                "(needs at least 6 accounts with a rate)"
            ),
            "n (ER)": st.column_config.NumberColumn(
                format="localized",
                help="Accounts with an engagement rate (followers > 0 and "
                "at least one interaction column filled)",
            ),
            "Median eng./post": st.column_config.NumberColumn(
                format="compact", help="Median of likes + comments + shares + saves per post"
            ),
            "Reach": st.column_config.NumberColumn(
                format="localized", help="Sum of followers (audiences may overlap)"
            ),
        },
    )


def _benchmark_overlay(
    annotated: pd.DataFrame, summary: Summary
) -> tuple[dict[str, list[TierBenchmark]] | None, list[str]]:
    """Published figures for the platforms in the data (when the toggle below the chart is on),
    and a note wherever their statistic or formula differs from what the chart shows. The toggle
    is read from session state so the chart can be drawn above it."""
    if summary.estimated or not st.session_state.get("overlay_benchmarks", False):
        return None, []
    present = set(annotated["platform"].dropna()) if "platform" in annotated else set()
    platforms = [p for p in PLATFORMS if p in present] or list(PLATFORMS)
    formula = summary.er_basis if summary.er_basis in ("followers", "views") else "followers"
    overlay: dict[str, list[TierBenchmark]] = {}
    notes: list[str] = []
    for platform in platforms:
        marks = tier_benchmarks(summary.scheme, platform, formula=formula)
        if marks is None:
            continue
        first = marks[0]
        if summary.er_basis in ("followers", "views") and first.formula != summary.er_basis:
            notes.append(
                f"No {platform} benchmark divides by {summary.er_basis} (its source divides by "
                f"{first.formula}), so none is drawn for {platform}."
            )
            continue
        overlay[platform] = marks
        differences = []
        if first.statistic != "median":
            differences.append(f"is a {first.statistic}, the chart shows medians")
        if differences:
            notes.append(
                f"Note: the {platform} benchmark "
                + " and ".join(differences)
                + ", so the two are not directly comparable."
            )
    return overlay, notes


def render(view: View, quality_page: StreamlitPage) -> None:
    """Draw the overview for ``view``; ``quality_page`` is linked for the details."""
    st.title("InfluDash")
    for message in view.errors:
        st.error(plain(message), icon=":material/error:")
    if any("no followers column" in message for message in view.errors):
        st.page_link(
            quality_page,
            label="Fix the column mapping on the Data quality page",
            icon=":material/fact_check:",
        )
    if view.is_sample:
        st.info(
            "Showing **synthetic sample data**: 5,000 made-up accounts on Instagram, TikTok and "
            "YouTube, generated for this demo (no real people). Upload your own account lists "
            "in the sidebar.",
            icon=":material/science:",
        )
    else:
        names = ", ".join(view.result.sources)
        st.caption("Data: " + plain(names))

    warnings = view.result.warnings
    for warning in warnings[:SHOWN_WARNINGS]:
        st.warning(plain(warning), icon=":material/warning:")
    if len(warnings) > SHOWN_WARNINGS:
        st.caption(
            f"…and {len(warnings) - SHOWN_WARNINGS:,} more warnings on the Data quality page."
        )

    annotated = annotate(view.result.accounts, view.scheme, view.options)
    summary = summarize(view.result, view.scheme, annotated=annotated, options=view.options)
    _headline(summary)
    by_hand = [u.name for u in view.uploads if overrides_for(u)]
    _accounting(summary, quality_page, by_hand)
    if summary.accounts == 0:
        st.warning("No accounts to show: every row was rejected or the file has no data rows.")
        return

    if summary.estimated:
        st.info(
            "Engagement rates here are **estimated from benchmarks**: each account gets the "
            "published figure for its platform and tier, not a measured rate. The sources are "
            "named below the table.",
            icon=":material/info:",
        )
    left, right = st.columns(2)
    with left:
        st.subheader("Follower distribution")
        st.plotly_chart(
            follower_histogram(annotated["followers"], view.scheme),
            width="stretch",
            key="chart_followers",
        )
    with right:
        st.subheader("Engagement rate per tier")
        overlay, overlay_notes = _benchmark_overlay(annotated, summary)
        st.plotly_chart(
            engagement_box(annotated, summary, estimated=summary.estimated, benchmarks=overlay),
            width="stretch",
            key="chart_engagement",
        )
        if not summary.estimated:
            st.toggle(
                "Compare with published benchmarks",
                key="overlay_benchmarks",
                help="Marks the published figure for each platform and tier; hover a mark for "
                "its source.",
            )
        for note in overlay_notes:
            st.caption(plain(note))
        if summary.estimated:
            st.caption(
                "Each account carries the benchmark figure for its platform and tier, so a box "
                "shows how the platforms' figures differ, not measured spread; estimates have no "
                "confidence interval."
            )
        else:
            st.caption(
                "Box: the middle half of the tier's accounts; whiskers: the furthest accounts "
                "within 1.5 × the box height (accounts beyond are not drawn); ◆ with bar: the "
                f"median and its 95% confidence interval, drawn for tiers with at least "
                f"{summary.min_accounts} accounts. Tiers with fewer than {MIN_BOX_ACCOUNTS} "
                "accounts show each rate as a dot."
            )
    st.subheader("Tiers")
    _tier_table(summary)
    st.caption(plain(f"Tier scheme: {view.scheme.title}. {view.scheme.source}"))
    if summary.er_basis == "followers":
        st.caption(ER_FORMULA)
    for note in summary.er_notes:
        st.caption(plain(note[:1].upper() + note[1:] + "."))
