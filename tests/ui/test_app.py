"""App flows with Streamlit's AppTest: the script runs headless, widgets are driven directly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")

UPLOAD = (
    "account_handle,network,followers,avg_likes,avg_comments\n"
    "alpha,Instagram,50,5,1\n"
    "beta,Instagram,5000,200,10\n"
    "gamma,TikTok,10000,800,40\n"
    "delta,YouTube,250000,5000,100\n"
    "epsilon,YouTube,2000000,30000,900\n"
    "zeta,TikTok,not a number,1,1\n"
)


def _run(at: AppTest | None = None) -> AppTest:
    app = at or AppTest.from_file(APP, default_timeout=60)
    return app.run()


def _metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def _chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_default_page_shows_the_sample() -> None:
    at = _run()
    assert not at.exception
    assert _metric(at, "Accounts") == "5,000"
    assert _metric(at, "Tiers with accounts") == "5 of 5"
    assert any("synthetic sample data" in i.value for i in at.info)
    specs = _chart_specs(at)
    assert len(specs) == 2
    # The histogram's bars come in one trace per tier, the box chart in one box per tier.
    assert [t["type"] for t in specs[1]["data"]].count("box") == 5
    assert len(at.dataframe) >= 1


def test_upload_changes_the_numbers() -> None:
    at = _run()
    before = _metric(at, "Accounts")
    at.file_uploader[0].set_value(("mine.csv", UPLOAD.encode(), "text/csv")).run()
    assert not at.exception
    assert before != _metric(at, "Accounts")
    assert _metric(at, "Accounts") == "5"
    assert not any("synthetic sample data" in i.value for i in at.info)
    assert any("1 rejected" in c.value for c in at.caption)
    table = at.dataframe[-1].value
    assert list(table["Accounts"]) == ["1"] * 5  # written in the language, as shown
    assert len(_chart_specs(at)) == 2


def test_two_uploads_are_combined() -> None:
    at = _run()
    other = "username,followers,likes\nomega,123456,999\n"
    at.file_uploader[0].set_value(
        [
            ("a.csv", UPLOAD.encode(), "text/csv"),
            ("b.csv", other.encode(), "text/csv"),
        ]
    ).run()
    assert not at.exception
    assert _metric(at, "Accounts") == "6"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"name,likes\nfoo,12\n", "no followers column"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG image"),
        (b"handle,followers\n", "no accounts"),
        (b"PK\x03\x04" + bytes(64), "ZIP archive"),
        (b"\x1f\x8b\x08\x00" + bytes(64), "gzip archive"),
    ],
)
def test_bad_upload_shows_an_error_and_keeps_working(content: bytes, expected: str) -> None:
    at = _run()
    at.file_uploader[0].set_value(("bad.csv", content, "text/csv")).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any(expected in e for e in errors), errors
    assert any("bad\\.csv" in e for e in errors), errors
    # The dashboard still works: it falls back to the sample with both charts.
    assert _metric(at, "Accounts") == "5,000"
    assert len(_chart_specs(at)) == 2


def test_scheme_switch_retiers() -> None:
    at = _run()
    at.selectbox(key="scheme").set_value("five_tier").run()
    assert not at.exception
    assert _metric(at, "Tiers with accounts") == "6 of 6"
    labels = list(at.dataframe[-1].value["Tier"])
    assert labels == ["below Nano", "Nano", "Micro", "Mid-tier", "Macro", "Mega"]


def test_custom_edges_and_bad_edges() -> None:
    at = _run()
    at.selectbox(key="scheme").set_value("custom").run()
    at.text_input(key="edges").set_value("1000, 50000").run()
    assert not at.exception
    assert _metric(at, "Tiers with accounts") == "3 of 3"
    at.text_input(key="edges").set_value("5000, 100").run()
    assert not at.exception
    assert any("ascending" in e.value for e in at.error)
    assert _metric(at, "Tiers with accounts") == "5 of 5"


def test_file_without_interactions_shows_benchmark_estimates() -> None:
    at = _run()
    at.file_uploader[0].set_value(
        ("plain.csv", b"handle,platform,followers\na,TikTok,100\nb,TikTok,20000\n", "text/csv")
    ).run()
    assert not at.exception
    assert _metric(at, "Accounts") == "2"
    assert any("estimated from benchmarks" in i.value for i in at.info)
    assert any(m.label == "Median engagement rate (estimated)" for m in at.metric)
    specs = _chart_specs(at)
    assert len(specs) == 2
    assert "estimated" in specs[1]["layout"]["yaxis"]["title"]["text"]


def test_switching_the_engagement_basis() -> None:
    at = _run()
    before = _metric(at, "Median engagement rate")
    at.selectbox(key="basis").set_value("views").run()
    assert not at.exception
    assert _metric(at, "Median engagement rate") != before
    assert any("average views" in c.value for c in at.caption)
    at.selectbox(key="basis").set_value("benchmark").run()
    assert _metric(at, "Median engagement rate (estimated)")


def test_too_few_accounts_setting() -> None:
    at = _run()
    at.number_input(key="min_n").set_value(500).run()
    table = at.dataframe[-1].value
    too_few = table[table["95% CI"].str.startswith("too few")]
    assert set(too_few["Tier"]) == {"below Nano", "Macro", "Mega"}  # 201, 444 and 180 accounts
    assert (too_few["Median ER"] == "–").all()


def test_hostile_file_name_and_cells_are_not_markdown() -> None:
    at = _run()
    name = "[click](javascript:alert(1)) **bold** :red[x] $x$ <b>.csv"
    at.file_uploader[0].set_value((name, b"handle,followers\na,10\n", "text/csv")).run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    # Every Markdown-active character of the name is escaped before it reaches a caption.
    assert "\\[click\\]\\(javascript\\:alert\\(1\\)\\)" in captions
    assert "\\<b\\>" in captions
    assert "\\*\\*bold\\*\\*" in captions


def test_benchmark_overlay_toggle_notes_differences() -> None:
    at = _run()
    at.toggle(key="benchmarks").set_value(True).run()
    assert not at.exception
    names = [t.get("name") for t in _chart_specs(at)[1]["data"]]
    assert {"Instagram benchmark", "TikTok benchmark"} <= set(names)
    assert "YouTube benchmark" not in names  # its source divides by views: not like with like
    captions = " ".join(c.value for c in at.caption)
    assert "Instagram benchmark is a mean" in captions  # Instagram's source publishes means
    assert "No YouTube benchmark divides by followers" in captions


def test_lifetime_totals_alarm_is_an_error_box() -> None:
    rows = "\n".join(f"acc{i},{(i + 1) * 10_000},{(i + 1) * 40_000}" for i in range(12))
    at = _run()
    at.file_uploader[0].set_value(
        ("totals.csv", f"handle,followers,Likes\n{rows}\n".encode(), "text/csv")
    ).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("column 'Likes' looks like lifetime totals" in e for e in errors)
    assert not any("lifetime totals" in w.value for w in at.warning)


def test_the_german_screen_says_input_errors_in_german() -> None:
    at = _run()
    at.selectbox(key="lang").set_value("de").run()
    at.selectbox(key="scheme").set_value("custom").run()
    at.text_input(key="edges").set_value("1k, abc").run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("'abc' ist keine Followerzahl" in e for e in errors), errors
    assert not any("not a follower count" in e for e in errors), errors
    at.file_uploader[0].set_value(("leer.csv", b"handle,followers\n", "text/csv")).run()
    errors = [e.value for e in at.error]
    assert any(e.startswith("leer\\.csv\\: ") and "keine Konten" in e for e in errors), errors
    assert not any("no accounts" in e for e in errors), errors


def test_chart_images_say_their_data_and_filters_and_fade_nothing() -> None:
    at = _run()
    at.file_uploader[0].set_value(("campaign <b>list.csv", UPLOAD.encode(), "text/csv")).run()
    at.multiselect(key="platform").set_value(["TikTok"]).run()
    assert not at.exception
    for spec in _chart_specs(at):
        notes = [a["text"] for a in spec["layout"].get("annotations", []) if "Data:" in a["text"]]
        assert notes == ["Data: campaign &lt;b&gt;list.csv · Filters: Platform: TikTok"]
        faded = [
            t for t in spec["data"] if t.get("unselected", {}).get("marker", {}).get("opacity") != 1
        ]
        assert not [t for t in faded if t.get("type") in ("bar", "box")]
    at.selectbox(key="lang").set_value("de").run()
    german = _chart_specs(at)[0]["layout"]["annotations"]
    assert any(
        a["text"].startswith("Daten: campaign") and "Filter: Plattform" in a["text"] for a in german
    )
