"""A chart's footnote fits under a half-width chart: wrapped (Plotly does not wrap an
annotation), escaped, at most four lines, the figure taller by the lines added."""

from __future__ import annotations

import plotly.graph_objects as go

from infludash.analysis.filters import Filters
from infludash.present.figure_notes import FOOTNOTE_CHARS, FOOTNOTE_LINES, footnote, with_footnote
from infludash.present.i18n import get_locale

LONG = [f"0{i}_tiktok_top1000_nov2022_multiline_header_blank_row.csv" for i in range(1, 4)]


def test_a_long_footnote_is_wrapped_and_the_figure_grows() -> None:
    loc = get_locale("en")
    text = footnote(LONG, Filters(platform=("TikTok", "<b>x</b>")), loc)
    short = with_footnote(go.Figure(layout=dict(height=400)), "Data: a.csv · Filters: none")
    wrapped = with_footnote(go.Figure(layout=dict(height=400)), text)
    lines = wrapped.layout.annotations[0].text.split("<br>")
    assert 2 <= len(lines) <= FOOTNOTE_LINES
    assert all(len(line) <= FOOTNOTE_CHARS + 20 for line in lines)  # escaping adds a few
    assert "&lt;b&gt;" in wrapped.layout.annotations[0].text  # user text, never markup
    assert "Filters" in wrapped.layout.annotations[0].text
    assert wrapped.layout.height > short.layout.height


def test_an_endless_footnote_stops_with_an_ellipsis() -> None:
    many = [f"export_{i:02d}_of_a_long_campaign.csv" for i in range(60)]
    text = footnote(many, Filters(), get_locale("en"))
    lines = with_footnote(go.Figure(), text).layout.annotations[0].text.split("<br>")
    assert len(lines) == FOOTNOTE_LINES
    assert lines[-1].endswith("…")
