"""Overview page: headline numbers, follower distribution, engagement per tier, drill-down."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from infludash.analysis.overlay import benchmark_bases
from infludash.analysis.summary import Summary
from infludash.base.alarms import alarms_of, is_alarm
from infludash.present.i18n import Locale
from infludash.present.overlay_text import bases_text
from infludash.present.palette import tier_colors
from infludash.present.summary_table import localized_table
from infludash.ui import account_table, engine_tables, help_text, navigation, overview_charts
from infludash.ui.engine_view import EngineView, working
from infludash.ui.safe import plain
from infludash.ui.uploads import error_key, overrides_for
from infludash.ui.view import View

if TYPE_CHECKING:
    from streamlit.navigation.page import StreamlitPage

SHOWN_WARNINGS = 3
DRILL_ROWS = 1_000


def _headline(summary: Summary, view: View | EngineView) -> None:
    loc = view.loc
    populated = int((summary.tiers["accounts"] > 0).sum())
    cols = st.columns(4)
    median = summary.median_followers
    cols[0].metric(
        loc.t("overview.accounts"),
        loc.num(summary.accounts),
        help=loc.t(
            "overview.accounts_help",
            rows=loc.num(summary.rows_read),
            rejected=loc.num(summary.rejected),
            duplicates=loc.num(summary.duplicates),
            median=loc.num(median),
        ),
    )
    cols[1].metric(
        loc.t("overview.tiers_with_accounts"),
        loc.t("overview.of", part=populated, whole=len(summary.tiers)),
    )
    er = summary.median_er_pct
    ci = summary.er_ci95_pct
    cols[2].metric(
        loc.t("overview.median_er_estimated" if summary.estimated else "overview.median_er"),
        loc.pct(er),
        help=None
        if ci is None
        else loc.t(
            "overview.median_er_help",
            low=loc.pct(ci[0]),
            high=loc.pct(ci[1]),
            n=loc.num(summary.er_accounts),
        ),
    )
    cols[3].metric(
        loc.t("overview.reach"),
        loc.compact(summary.total_reach),
        help=loc.t("overview.reach_help"),
    )


def _accounting(view: View | EngineView, quality_page: StreamlitPage) -> None:
    loc = view.loc
    summary = view.summarized()
    left, right = st.columns([3, 1])
    if isinstance(view, EngineView):  # counted in the engine: the summary's own counts
        rows_read, rejected, duplicates = summary.rows_read, summary.rejected, summary.duplicates
    else:
        result = view.result
        rows_read, rejected, duplicates = result.rows_read, len(result.rejected), result.duplicates
    parts = [
        loc.n("overview.rows_read", rows_read),
        loc.n("overview.kept", view.total),
        loc.n("overview.rejected", rejected),
        loc.n("overview.duplicates", duplicates),
    ]
    if summary.warnings:
        parts.append(loc.n("overview.warnings", len(summary.warnings)))
    left.caption(" · ".join(parts))
    by_hand = (
        [] if isinstance(view, EngineView) else [u.name for u in view.uploads if overrides_for(u)]
    )
    if by_hand:
        left.caption(loc.t("overview.mapped_by_hand", files=plain(", ".join(by_hand))))
    with right:
        st.page_link(
            quality_page, label=loc.t("overview.quality_link"), icon=":material/fact_check:"
        )


def _tier_table(summary: Summary, loc: Locale) -> None:
    table = localized_table(summary, loc)
    first = table.columns[0]
    colors = dict(zip(summary.scheme.labels, tier_colors(summary.scheme), strict=True))
    styled = table.style.map(
        lambda label: (
            f"background-color: {colors.get(label, '#fff')}; color: #fff; font-weight: 600"
        ),
        subset=[first],
    )
    help_for = {
        loc.t("table.range"): loc.t("table.range_help"),
        loc.t("table.ci"): loc.t("table.ci_help"),
        loc.t("table.er_n"): loc.t("table.er_n_help"),
        loc.t("table.median_eng"): loc.t("table.median_eng_help"),
        loc.t("table.reach"): loc.t("table.reach_help"),
    }
    st.dataframe(
        styled,
        hide_index=True,
        placeholder="–",
        width="stretch",
        column_config={
            name: st.column_config.TextColumn(name, help=text) for name, text in help_for.items()
        },
    )


def _banner(view: View | EngineView, quality_page: StreamlitPage) -> None:
    loc = view.loc
    if isinstance(view, EngineView):
        st.caption(loc.t("engine.data", source=plain(view.source.label)))
        return
    for message in view.errors:
        st.error(plain(loc.say(message)), icon=":material/error:")
    if any(error_key(message) == "errors.no_followers_column" for message in view.errors):
        st.page_link(
            quality_page, label=loc.t("overview.fix_mapping"), icon=":material/fact_check:"
        )
    if view.is_sample:
        st.info(loc.t("overview.sample"), icon=":material/science:")
    else:
        st.caption(loc.t("overview.data", files=plain(", ".join(view.result.sources))))
    for alarm in alarms_of(view.result.warnings):  # every alarm, before the capped warnings
        st.error(plain(loc.say(alarm)), icon=":material/error:")
    warnings = [w for w in view.result.warnings if not is_alarm(w)]
    for warning in warnings[:SHOWN_WARNINGS]:
        st.warning(plain(loc.say(warning)), icon=":material/warning:")
    if len(warnings) > SHOWN_WARNINGS:
        st.caption(loc.n("overview.more_warnings", len(warnings) - SHOWN_WARNINGS))


def _drill_down(view: View | EngineView) -> None:
    loc = view.loc
    st.subheader(loc.t("drill.title"))
    tier = account_table.tier_picker(view)
    if tier is None:
        st.caption(loc.t("drill.hint"))
        return
    index = view.scheme.keys.index(tier)
    label = view.scheme.labels[index]
    if isinstance(view, EngineView):
        count = int(view.summarized().tiers["accounts"].iloc[index])
        st.caption(loc.n("drill.count", count, tier=plain(label)))
        engine_tables.show_page(view, index, key="drill_table", size=DRILL_ROWS, height=360)
        return
    rows = account_table.tier_rows(view, tier)
    st.caption(loc.n("drill.count", account_table.count(view, rows), tier=plain(label)))
    account_table.show_accounts(view, rows, key="drill_table", limit=DRILL_ROWS, height=360)


def render(view: View | EngineView) -> None:
    """Draw the overview for ``view``, with links to the data-quality page for the details."""
    loc = view.loc
    quality_page = navigation.page(navigation.QUALITY, loc)
    st.title(loc.t("overview.title"))
    help_text.show(loc, "overview")
    _banner(view, quality_page)
    with working(view):
        summary = view.summarized()
    _headline(summary, view)
    _accounting(view, quality_page)
    if summary.accounts == 0:
        st.warning(
            loc.t("overview.nothing_filtered" if view.total else "overview.nothing"),
            icon=":material/filter_alt:",
        )
        return
    if summary.estimated:
        st.info(loc.t("overview.estimated"), icon=":material/info:")
    overview_charts.draw(view)
    _drill_down(view)
    st.subheader(loc.t("overview.tiers"))
    _tier_table(summary, loc)
    st.caption(plain(f"{view.scheme.title.rstrip('.')}. {view.scheme.source}"))
    if summary.er_basis == "followers":
        st.caption(loc.t("overview.formula"))
    bases = bases_text(benchmark_bases(view.analysis.charts.platforms, summary), loc)
    if bases:
        st.caption(plain(bases))
    for note in summary.er_notes:
        text = loc.say(note)
        st.caption(plain(text[:1].upper() + text[1:] + "."))
