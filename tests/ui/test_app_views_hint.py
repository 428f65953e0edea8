"""The sidebar suggests the per-view basis where it is the usual measure (one click), and the
Overview says what each platform's published benchmark divides by."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from infludash.ui import state
from tests.support.pages import app_test

VIDEO = (
    b"handle,platform,followers,avg_likes,avg_comments,avg_views\n"
    b"vid_a,YouTube,20000,400,20,8000\n"
    b"vid_b,YouTube,250000,3000,100,90000\n"
    b"vid_c,TikTok,50000,2500,50,30000\n"
    b"vid_e,TikTok,9000,900,30,12000\n"
    b"vid_d,Instagram,40000,800,20,\n"
)


def _captions(at: AppTest, where: str = "main") -> str:
    return "\n".join(c.value for c in getattr(at, where).caption).replace("\\", "")  # unescaped


def _hint(at: AppTest) -> list[object]:
    return [b for b in at.sidebar.button if b.key == state.USE_VIEWS]


def test_a_video_file_gets_a_one_click_hint_towards_the_per_view_basis() -> None:
    at = app_test().run()
    assert not _hint(at)  # the sample: 3,000 of its 5,000 accounts on video platforms, no hint
    at.sidebar.file_uploader[0].set_value(("video.csv", VIDEO, "text/csv")).run()
    assert not at.exception
    assert at.sidebar.selectbox(key=state.BASIS).value == "auto"  # the default stays
    assert "usually measured per view" in _captions(at, "sidebar")
    hint = _hint(at)
    assert len(hint) == 1
    hint[0].click().run()  # type: ignore[attr-defined]
    assert not at.exception
    assert at.sidebar.selectbox(key=state.BASIS).value == "views"
    assert not _hint(at)  # done: no hint any more
    assert "usually measured per view" not in _captions(at, "sidebar")


def test_the_overview_says_what_each_platforms_benchmark_divides_by() -> None:
    at = app_test().run()
    at.sidebar.file_uploader[0].set_value(("video.csv", VIDEO, "text/csv")).run()
    line = next(c for c in _captions(at).splitlines() if c.startswith("Published benchmarks"))
    assert "Instagram: followers (mean" in line
    assert "TikTok: followers (median" in line
    assert "YouTube: views (median" in line
    at.sidebar.selectbox(key=state.LANG).set_value("de").run()
    assert "YouTube: Aufrufe (Median" in _captions(at)
