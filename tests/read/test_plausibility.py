"""Totals posing as per-post figures (issue #13): each signal on small synthetic files, its
negatives, the totals row, the per-post sibling, and the command line's alarm."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from infludash.base.alarms import alarms_of, is_alarm
from infludash.present.i18n import get_locale
from infludash.read.plausibility import THRESHOLDS
from infludash.read.reader import read_accounts
from infludash.read.rejections import REASONS, Reason
from infludash.read.totals_row import totals_row
from tests.cli.test_cli import cli
from tests.fixtures import SAMPLE, csv_bytes

N = 20
FOLLOWERS = np.geomspace(2_000, 3_000_000, N).round().astype(int)


def _file(columns: dict[str, object], extra: list[tuple[object, ...]] | None = None) -> bytes:
    """A CSV of N accounts with FOLLOWERS and the given columns (arrays or per-row factors)."""
    header = ("handle", "followers", *columns)
    rows: list[tuple[object, ...]] = []
    for i, followers in enumerate(FOLLOWERS):
        cells = [f"acc{i}", int(followers)]
        for values in columns.values():
            value = values(i, followers) if callable(values) else values
            cells.append(value if isinstance(value, str) else round(float(value)))
        rows.append(tuple(cells))
    return csv_bytes(header, rows + (extra or []))


def _keys(data: bytes, **kwargs: object) -> list[str]:
    result = read_accounts(data, "f.csv", **kwargs)  # type: ignore[arg-type]
    return [w.key for w in result.warnings]


def _alarm_keys(data: bytes, **kwargs: object) -> list[str]:
    result = read_accounts(data, "f.csv", **kwargs)  # type: ignore[arg-type]
    return [w.key for w in alarms_of(result.warnings)]


def likes_times(factor: float, share: float = 1.0):  # type: ignore[no-untyped-def]
    """Likes of ``factor`` × followers for the first ``share`` of accounts, 3% for the rest."""
    return lambda i, f: f * (factor if i < share * N else 0.03)


@pytest.mark.parametrize(
    ("columns", "alarm"),
    [
        # lifetime likes: above followers for every account
        ({"Likes": likes_times(3.0)}, "warnings.totals_suspected"),
        # for 60% of the accounts: still most of them
        ({"Likes": likes_times(2.0, 0.6)}, "warnings.totals_suspected"),
        ({"Comments": likes_times(1.5)}, "warnings.totals_suspected"),
        # no single column above followers, but together more than 100% of them
        (
            {"Likes": likes_times(0.7), "Comments": likes_times(0.6)},
            "warnings.totals_suspected_er",
        ),
        # a reported rate of lifetime likes over followers
        ({"Engagement rate": lambda i, f: f"{250 + i}%"}, "warnings.totals_suspected_rate"),
    ],
)
def test_each_signal_raises_its_alarm(columns: dict[str, object], alarm: str) -> None:
    assert _alarm_keys(_file(columns)) == [alarm]


def test_lifetime_views_are_a_warning_not_an_alarm() -> None:
    """Views feed only the views basis: the default figures do not use them."""
    result = read_accounts(
        _file({"Views": lambda i, f: f * 400, "Likes": likes_times(0.03)}), "f.csv"
    )
    assert not alarms_of(result.warnings)
    keys = [w.key for w in result.warnings]
    assert "warnings.totals_suspected_views" in keys


@pytest.mark.parametrize(
    "columns",
    [
        {"Likes": likes_times(0.03), "Comments": likes_times(0.001)},
        # viral accounts: likes above followers for a minority (40%)
        {"Likes": likes_times(1.5, 0.4)},
        # TikTok: views a few times the followers, some far above; median 3
        {"Views": lambda i, f: f * (3 if i % 4 else 40), "Likes": likes_times(0.1)},
        # views 50 times the followers is the limit itself, not above it
        {"Views": lambda i, f: f * THRESHOLDS.views_per_follower, "Likes": likes_times(0.05)},
        {"Engagement rate": lambda i, f: f"{1 + i / 10:.1f}%"},
        # a reported rate above 100% for a few accounts only
        {"Engagement rate": lambda i, f: f"{150 if i < 5 else 4}%"},
    ],
)
def test_plausible_files_raise_no_alarm(columns: dict[str, object]) -> None:
    assert _alarm_keys(_file(columns)) == []


def test_too_few_accounts_are_no_evidence() -> None:
    data = csv_bytes(("handle", "followers", "likes"), [("a", 100, 500), ("b", 200, 900)])
    assert _alarm_keys(data) == []


def test_the_alarm_names_the_column_the_evidence_and_the_remedy() -> None:
    result = read_accounts(_file({"Likes": likes_times(3.0, 0.8)}), "f.csv")
    (note,) = alarms_of(result.warnings)
    alarm = get_locale("en").say(note)
    assert "'Likes'" in alarm
    assert "likes exceed followers for 16 of 20 accounts; median likes ÷ followers 3.0" in alarm
    assert '--map avg_likes=""' in alarm
    assert "Data quality page" in alarm
    german = get_locale("de").say(note)
    assert "Likes übersteigen die Follower bei 16 von 20 Konten" in german
    assert "Seite „Datenqualität“" in german
    assert "Gesamtwerten" in german
    # the column stays in use (documented choice): the rates show what the file says
    assert result.mapping["f.csv"]["avg_likes"] == "Likes"
    assert result.accounts["avg_likes"].notna().all()


def test_a_column_left_out_by_hand_raises_no_alarm() -> None:
    data = _file({"Likes": likes_times(3.0), "Comments": likes_times(0.01)})
    assert _alarm_keys(data, overrides={"avg_likes": ""}) == []


# ---- the totals row ----------------------------------------------------------------------


def _with_total(label: str, at_top: bool = False, rounded: bool = False) -> bytes:
    likes = (FOLLOWERS * 0.03).round().astype(int)
    rows = [
        (f"acc{i}", int(f), int(v)) for i, (f, v) in enumerate(zip(FOLLOWERS, likes, strict=True))
    ]
    total_followers = int(FOLLOWERS.sum())
    shown = f"{total_followers / 1e6:.1f}M" if rounded else str(total_followers)
    total = (label, shown, int(likes.sum()) if not rounded else int(likes.mean()))
    return csv_bytes(("handle", "followers", "likes"), [total, *rows] if at_top else [*rows, total])


@pytest.mark.parametrize(
    ("label", "at_top", "rounded"),
    [
        ("Total", False, False),
        ("", False, False),  # no label: the sums decide
        ("Summe", True, False),
        ("Gesamt", False, True),  # labelled: rounded followers, an average in the likes cell
    ],
)
def test_a_totals_row_is_rejected_with_its_reason(label: str, at_top: bool, rounded: bool) -> None:
    result = read_accounts(_with_total(label, at_top, rounded), "f.csv")
    assert len(result.accounts) == N
    assert result.rows_read == len(result.accounts) + len(result.rejected) + result.duplicates
    assert result.rejected["reason"].tolist() == [Reason.TOTALS_ROW]
    assert result.rejected["row"].tolist() == [1 if at_top else N + 1]
    assert Reason.TOTALS_ROW in REASONS
    assert get_locale("de").word(Reason.TOTALS_ROW) == "Summenzeile"
    assert result.accounts["followers"].max() == FOLLOWERS.max()
    assert not alarms_of(result.warnings)


@pytest.mark.parametrize(
    "rows",
    [
        [("a", 100, 3), ("b", 100, 3)],  # two equal accounts are not each other's total
        [("a", 0, 0), ("b", 0, 0), ("c", 0, 0)],  # zeros sum to zero
        [("a", 100, 3), ("b", 200, 6), ("c", 300, 5)],  # followers add up, likes do not
        [("a", 300, 9), ("b", 100, 3), ("c", 200, 6), ("d", 50, 1)],  # not at an end
        # six accounts whose followers add up, but whose likes do not
        [*((f"a{i}", 100, 3) for i in range(6)), ("z", 600, 5)],
        [*((f"a{i}", 100, 3) for i in range(6)), ("z", 600, 18), ("y", 100, 3)],  # not last
    ],
)
def test_rows_that_are_no_total_are_kept(rows: list[tuple[object, ...]]) -> None:
    result = read_accounts(csv_bytes(("handle", "followers", "likes"), rows), "f.csv")
    assert len(result.accounts) == len(rows)
    assert result.rejected.empty


def test_totals_row_on_a_frame() -> None:
    frame = pd.DataFrame({"followers": [10.0, 20.0, 30.0, 60.0], "avg_likes": [1, 2, 3, 6.0]})
    assert totals_row(frame, np.ones(4, dtype=bool), min_others=3) == 3
    assert totals_row(frame, np.ones(4, dtype=bool)) is None  # three accounts: maybe chance
    assert totals_row(frame, np.array([True, True, False, True]), min_others=2) is None


# ---- the per-post sibling ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bare", "per_post", "canon", "factor"),
    [
        ("Views", "Views Avg.", "avg_views", 300.0),
        ("Likes", "Avg. Likes", "avg_likes", 3.0),
        ("Likes", "Likes per post", "avg_likes", 3.0),
        ("likes", "average likes", "avg_likes", 3.0),
    ],
)
def test_the_per_post_sibling_is_used(bare: str, per_post: str, canon: str, factor: float) -> None:
    data = _file(
        {
            bare: lambda i, f: f * factor,
            per_post: lambda i, f: f * 0.04,
            **({"Comments": likes_times(0.001)} if canon == "avg_views" else {}),
        }
    )
    result = read_accounts(data, "f.csv")
    assert result.mapping["f.csv"][canon] == per_post
    expected = (FOLLOWERS * 0.04).round()
    assert np.allclose(result.accounts[canon].to_numpy(dtype="float64"), expected)
    assert not alarms_of(result.warnings)
    said = [get_locale("en").say(w) for w in result.warnings]
    notes = [w for w in said if f"'{bare}'" in w]
    assert len(notes) == 1  # the mapping already prefers the per-post header, and says so
    assert f"'{per_post}' is a better match" in notes[0]


def test_a_sibling_that_is_no_better_is_not_used() -> None:
    data = _file({"Likes": likes_times(3.0), "Avg. Likes": likes_times(2.0)})
    result = read_accounts(data, "f.csv")
    assert result.mapping["f.csv"]["avg_likes"] == "Avg. Likes"  # per-post header, totals too
    assert [w.key for w in alarms_of(result.warnings)] == ["warnings.totals_suspected"]


def test_a_column_mapped_by_hand_is_not_swapped() -> None:
    data = _file({"Likes": likes_times(3.0), "Avg. Likes": likes_times(0.04)})
    result = read_accounts(data, "f.csv", overrides={"avg_likes": "Likes"})
    assert result.mapping["f.csv"]["avg_likes"] == "Likes"
    assert alarms_of(result.warnings)


# ---- the command line and the sample ------------------------------------------------------


def test_cli_alarm_on_lifetime_likes(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(_file({"Likes": likes_times(40.0), "Comments": likes_times(0.001)}))
    run = cli("summarize", path)
    assert run.returncode == 2
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert "column 'Likes' looks like lifetime totals" in errors[0]
    assert "median ER" in run.stdout  # the output is written first
    accepted = cli("summarize", path, "--accept-alarms")
    assert accepted.returncode == 0
    assert not any(line.startswith("error:") for line in accepted.stderr.splitlines())


def test_the_sample_raises_no_alarm() -> None:
    result = read_accounts(SAMPLE)
    assert not [w for w in result.warnings if is_alarm(w)]
    assert result.rejected.empty


def test_a_per_post_header_that_holds_totals_gives_way_to_a_plausible_sibling() -> None:
    data = _file({"Avg. Likes": likes_times(3.0), "Likes": likes_times(0.04)})
    result = read_accounts(data, "f.csv")
    assert result.mapping["f.csv"]["avg_likes"] == "Likes"
    assert not alarms_of(result.warnings)
    said = [get_locale("en").say(w) for w in result.warnings]
    assert any("the per-post column 'Likes' was used" in w for w in said)
