"""Findings page: the trade press's claims tested on the data on screen, numbers included."""

from __future__ import annotations

from dataclasses import astuple, dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from infludash.analysis.anomalies import CODES, DEFAULT_Z
from infludash.analysis.findings import Trend, findings, sensitivity
from infludash.analysis.summary import EngagementOptions, Summary
from infludash.analysis.tiers import TierScheme
from infludash.present.figures import SCATTER_CAP, er_scatter
from infludash.present.i18n import Locale
from infludash.read.reader import ReadResult
from infludash.ui import help_text, state
from infludash.ui.account_table import column_config, percent_as_fraction
from infludash.ui.chart_config import chart_config
from infludash.ui.safe import plain
from infludash.ui.state import URL
from infludash.ui.view import FRAMES_KEPT, RESULTS_KEPT, TTL, Key, View, anomaly_flags

#: The flagged-accounts table shows at most this many, furthest from the line first.
FLAGGED_ROWS = 5_000

VERDICT_COLOURS = {
    "holds": "green",
    "partly_holds": "orange",
    "not_supported": "gray",
    "reversed": "red",
    "does_not_hold": "red",
    "not_testable": "gray",
}


@dataclass(frozen=True)
class Claim:
    """One finding as the page shows it (the words only, so it caches as plain data)."""

    claim: str
    verdict: str
    code: str
    sentence: str


def _findings_of(
    shown: pd.DataFrame, summary: Summary, loc: Locale
) -> tuple[list[Claim], list[Trend]]:
    found, trends = findings(shown, summary, loc)
    return [Claim(f.claim, f.verdict, f.code, f.sentence) for f in found], trends


@st.cache_data(max_entries=RESULTS_KEPT, ttl=TTL, show_spinner=False, scope="session")
def _cached_findings(
    key: Key, lang: str, _shown: pd.DataFrame, _summary: Summary, _loc: Locale
) -> tuple[list[Claim], list[Trend]]:
    return _findings_of(_shown, _summary, _loc)


@st.cache_resource(max_entries=FRAMES_KEPT, ttl=TTL, show_spinner=False, scope="session")
def _cached_scatter(
    key: Key,
    lang: str,
    _shown: pd.DataFrame,
    _scheme: TierScheme,
    _trends: tuple[Trend, ...],
    _loc: Locale,
) -> go.Figure:
    return er_scatter(_shown, _scheme, _trends, _loc)


@st.cache_data(max_entries=RESULTS_KEPT, ttl=TTL, show_spinner=False, scope="session")
def _cached_sensitivity(
    key: Key,
    lang: str,
    _accounts: pd.DataFrame,
    _result: ReadResult,
    _options: EngagementOptions,
    _loc: Locale,
    _annotated: pd.DataFrame,
) -> tuple[pd.DataFrame, str]:
    return sensitivity(_accounts, _result.rows_read, _options, _loc, annotated=_annotated)


def render(view: View) -> None:
    """Draw the findings for ``view``."""
    loc = view.loc
    st.title(loc.t("findings_page.title"))
    help_text.show(loc, "findings")
    st.caption(loc.t("findings_page.intro"))
    summary = view.summarized()
    if view.cached:
        claims, trends = _cached_findings(view.key, loc.lang, view.numbers, summary, loc)
    else:
        claims, trends = _findings_of(view.numbers, summary, loc)
    for claim in claims:
        st.subheader(claim.claim)
        st.badge(claim.verdict, color=VERDICT_COLOURS.get(claim.code, "gray"))  # type: ignore[arg-type]
        st.markdown(plain(claim.sentence))
    if trends:
        scatter = (
            _cached_scatter(view.key, loc.lang, view.numbers, view.scheme, tuple(trends), loc)
            if view.cached
            else er_scatter(view.numbers, view.scheme, trends, loc)
        )
        st.plotly_chart(
            scatter,
            width="stretch",
            key="chart_scatter",
            config=chart_config(loc.t("files.chart_scatter")),
        )
        st.caption(loc.t("findings_page.scatter_caption", cap=loc.num(SCATTER_CAP)))
    if not summary.estimated:
        _sensitivity(view)
        _flagged(view)


def _flagged(view: View) -> None:
    loc = view.loc
    st.subheader(loc.t("findings_page.flagged_title"))
    limit = st.number_input(
        loc.t("findings_page.z_limit"),
        min_value=1.0,
        max_value=10.0,
        value=DEFAULT_Z,
        step=0.5,
        format="%.1f",
        key=state.ANOMALY_Z,
        bind=URL,
        help=loc.t("findings_page.z_limit_help"),
    )
    flags = anomaly_flags(view, float(limit))
    picked = np.flatnonzero(flags.code != "")
    flagged = int(picked.size)
    codes, counts = np.unique(flags.code[picked].astype(str), return_counts=True)
    counted = dict(zip(codes.tolist(), counts.tolist(), strict=True))
    st.caption(
        loc.t(
            "findings_page.flagged_count",
            shown=loc.num(flagged),
            total=loc.num(view.shown),
            **{code: loc.num(int(counted.get(code, 0))) for code in CODES},
        )
    )
    if flagged == 0:
        return
    # Furthest from the line first (no z last, in their order), then only those shown.
    z = flags.z[picked]
    far = np.where(np.isnan(z), -np.inf, np.abs(z))
    picked = picked[np.argsort(-far, kind="stable")][:FLAGGED_ROWS]
    shown = view.rows(picked)
    columns = [
        c for c in ("source", "row", "handle", "platform", "followers", "er_pct") if c in shown
    ]
    table = shown[columns].assign(anomaly_z=flags.z[picked])
    names = {code: loc.t(f"anomaly.{code}") for code in CODES}
    table["anomaly"] = [names[str(code)] for code in flags.code[picked]]
    table = percent_as_fraction(table)
    st.dataframe(
        table,
        hide_index=True,
        placeholder="–",
        width="stretch",
        column_config=column_config(loc, estimated=False, top=1.0, table=table),
    )
    if flagged > FLAGGED_ROWS:
        st.caption(
            loc.t(
                "findings_page.flagged_first",
                shown=loc.num(FLAGGED_ROWS),
                total=loc.num(flagged),
            )
        )


def _sensitivity(view: View) -> None:
    loc = view.loc
    st.subheader(loc.t("findings_page.sensitivity_title"))
    if view.cached:  # independent of the scheme: every preset is compared
        key = (view.data_key, astuple(view.options), astuple(view.filters))
        table, sentence = _cached_sensitivity(
            key, loc.lang, view.accounts, view.result, view.options, loc, view.annotated
        )
    else:
        table, sentence = sensitivity(
            view.accounts, view.result.rows_read, view.options, loc, annotated=view.annotated
        )
    st.markdown(plain(sentence))
    shown = pd.DataFrame(
        {
            loc.t("findings_page.col.scheme"): table["scheme"],
            loc.t("findings_page.col.edges"): table["edges"],
            loc.t("findings_page.col.tiers_with_median"): table["tiers_with_median"],
            loc.t("findings_page.col.rank_correlation"): [
                loc.num(v, 2) for v in table["rank_correlation"]
            ],
            loc.t("findings_page.col.falls"): table["falls"],
            loc.t("findings.claim.nano_micro"): table["nano_micro"],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    st.caption(loc.t("findings_page.sensitivity_caption"))
