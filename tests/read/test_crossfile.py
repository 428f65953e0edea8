"""The same accounts in several files: folded when the figures agree, flagged when they do not,
the latest file's row kept on request, and a platform given per file; every row still counted."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest

from infludash.present.i18n import get_locale
from infludash.read.crossfile import ACROSS_COLUMN
from infludash.read.platforms import canonical_platform, platform_per_file
from infludash.read.reader import ReadResult, combine, read_accounts
from tests.fixtures import csv_bytes, raises_said

HEADER = ("handle", "platform", "followers", "likes")
Row = tuple[str, ...]


def _read(rows: Sequence[Row], name: str, header: Sequence[str] = HEADER, **kw: str) -> ReadResult:
    return read_accounts(csv_bytes(header, rows), source=name, **kw)


def _holds(result: ReadResult) -> bool:
    """The accounting identity, for the result and for every file in it."""
    whole = len(result.accounts) + len(result.rejected) + result.duplicates == result.rows_read
    files = all(f.accounts + f.rejected + f.duplicates == f.rows_read for f in result.files)
    kept = sum(f.accounts for f in result.files) == len(result.accounts)
    return whole and files and kept


def _kept(result: ReadResult) -> list[tuple[str, str, float]]:
    frame = result.accounts
    return list(zip(frame["source"], frame["handle"], frame["followers"], strict=True))


# (first file, second file, keep_latest) -> accounts kept (source, handle, followers),
# duplicates, rows flagged across files
CASES = [
    pytest.param(
        [("a", "Instagram", "100", "5"), ("b", "TikTok", "200", "7")],
        [("@A", "ig", "100", "5"), ("B ", "TikTok", "200", "7")],
        False,
        [("one.csv", "a", 100.0), ("one.csv", "b", 200.0)],
        2,
        0,
        id="exact repeats folded: handle case, @ and platform spelling do not matter",
    ),
    pytest.param(
        [("a", "Instagram", "100", "5")],
        [("a", "Instagram", "120", "5")],
        False,
        [("one.csv", "a", 100.0), ("two.csv", "a", 120.0)],
        0,
        2,
        id="different followers: both kept and flagged",
    ),
    pytest.param(
        [("a", "Instagram", "100", "5")],
        [("a", "Instagram", "100", "")],
        False,
        [("one.csv", "a", 100.0), ("two.csv", "a", 100.0)],
        0,
        2,
        id="a figure present in one copy only: not an exact repeat",
    ),
    pytest.param(
        [("a", "Instagram", "100", "5")],
        [("a", "TikTok", "100", "5")],
        False,
        [("one.csv", "a", 100.0), ("two.csv", "a", 100.0)],
        0,
        0,
        id="another platform: another account",
    ),
    pytest.param(
        [("a", "Instagram", "100", "5"), ("b", "TikTok", "200", "7")],
        [("a", "Instagram", "100", "5"), ("b", "TikTok", "250", "7")],
        True,
        [("two.csv", "a", 100.0), ("two.csv", "b", 250.0)],
        2,
        0,
        id="keep latest: the later file's rows, exact or not",
    ),
    pytest.param(
        [("a", "Instagram", "100", "5"), ("solo", "YouTube", "9", "1")],
        [("a", "Instagram", "130", "5")],
        True,
        [("one.csv", "solo", 9.0), ("two.csv", "a", 130.0)],
        1,
        0,
        id="keep latest leaves accounts of one file alone",
    ),
]


@pytest.mark.parametrize(("first", "second", "latest", "kept", "duplicates", "flagged"), CASES)
def test_accounts_in_two_files(
    first: list[Row],
    second: list[Row],
    *,
    latest: bool,
    kept: list[tuple[str, str, float]],
    duplicates: int,
    flagged: int,
) -> None:
    both = combine([_read(first, "one.csv"), _read(second, "two.csv")], keep_latest=latest)
    assert sorted(_kept(both)) == kept
    assert both.duplicates == duplicates
    assert int(both.accounts[ACROSS_COLUMN].sum()) == flagged
    assert (
        bool((both.accounts[ACROSS_COLUMN] & ~both.accounts["possible_duplicate"]).any()) is False
    )
    assert _holds(both)
    assert [f.in_other_files for f in both.files] == [
        duplicates if latest else 0,
        0 if latest else duplicates,
    ]


def test_warnings_name_the_count_and_the_files() -> None:
    first = _read([("a", "Instagram", "100", "5"), ("b", "TikTok", "1", "1")], "jan.csv")
    second = _read([("a", "Instagram", "100", "5"), ("b", "TikTok", "2", "1")], "feb.csv")
    said = [get_locale("en").say(w) for w in combine([first, second]).warnings]
    assert said[0].startswith("1 account repeats an account of an earlier file exactly")
    assert "in feb.csv, was folded" in said[0]
    assert said[1].startswith("2 rows appear in more than one file (jan.csv, feb.csv)")
    assert "--keep-latest" in said[1]
    latest = combine([first, second], keep_latest=True)
    assert [w.key for w in latest.warnings] == [
        "warnings.across.folded_earlier",
        "warnings.across.kept_latest",
    ]
    assert "(jan.csv)" in get_locale("en").say(latest.warnings[1])
    german = get_locale("de").say(latest.warnings[1])
    assert german.startswith("je Konto in mehreren Dateien wird nur die Zeile der neuesten Datei")


@pytest.mark.parametrize(
    ("second", "folded", "flagged", "matched"),
    [
        ([("a", "", "100", "5")], 1, 0, 1),  # unknown there, known here: the same account
        ([("a", "", "150", "5")], 0, 2, 1),  # the same account with other figures
        ([("b", "", "100", "5")], 0, 0, 0),  # another handle: nothing matched
    ],
)
def test_unknown_platform_matches_the_known_one_with_a_warning(
    second: list[Row], folded: int, flagged: int, matched: int
) -> None:
    both = combine([_read([("a", "TikTok", "100", "5")], "one.csv"), _read(second, "two.csv")])
    assert both.across_files.folded == folded
    assert int(both.accounts[ACROSS_COLUMN].sum()) == flagged
    assert both.across_files.platform_matched == matched
    keys = [w.key for w in both.warnings]
    assert ("warnings.across.platform_matched" in keys) is bool(matched)
    assert _holds(both)


def test_unknown_platform_is_not_matched_when_the_handle_has_two_platforms() -> None:
    known = _read([("a", "TikTok", "100", "5"), ("a", "Instagram", "100", "5")], "one.csv")
    both = combine([known, _read([("a", "", "100", "5")], "two.csv")])
    assert both.duplicates == 0
    assert both.across_files.platform_matched == 0
    assert not both.accounts[ACROSS_COLUMN].any()


def test_three_files_fold_chain_and_keep_latest() -> None:
    files = [
        _read([("a", "TikTok", "100", "5")], "m1.csv"),
        _read([("a", "TikTok", "100", "5")], "m2.csv"),
        _read([("a", "TikTok", "200", "5")], "m3.csv"),
    ]
    default = combine(files)
    assert sorted(_kept(default)) == [("m1.csv", "a", 100.0), ("m3.csv", "a", 200.0)]
    assert [f.duplicates for f in default.files] == [0, 1, 0]
    latest = combine(files, keep_latest=True)
    assert _kept(latest) == [("m3.csv", "a", 200.0)]
    assert latest.across_files.folded == 1
    assert latest.across_files.superseded == 1
    assert [f.duplicates for f in latest.files] == [1, 1, 0]
    assert _holds(default)
    assert _holds(latest)


def test_within_file_counts_are_kept_when_files_are_combined() -> None:
    first = _read(
        [("a", "TikTok", "1", "1"), ("a", "TikTok", "1", "1"), ("x", "TikTok", "no", "")], "one.csv"
    )
    second = _read([("a", "TikTok", "1", "1"), ("b", "TikTok", "5", "1")], "two.csv")
    both = combine([first, second])
    assert [(f.accounts, f.rejected, f.duplicates) for f in both.files] == [(1, 1, 1), (1, 0, 1)]
    assert both.duplicates == 2
    assert _holds(both)


def test_many_stacked_rows_are_compared_exactly() -> None:
    n = 200_000
    frame = pd.DataFrame(
        {
            "source": pd.array(np.where(np.arange(n) < n // 2, "one", "two"), dtype="string"),
            "handle": pd.array([f"h{i % (n // 2)}" for i in range(n)], dtype="string"),
            "followers": np.arange(n, dtype="float64") % (n // 2),
        }
    )
    frame.loc[n - 1, "followers"] = -5.0  # one account differs
    from infludash.read.crossfile import across_files

    files = (np.arange(n) >= n // 2).astype(np.int64)
    verdict = across_files(frame, files, ["one", "two"])
    assert int(verdict.drop.sum()) == n // 2 - 1
    assert int(verdict.flag.sum()) == 2
    assert verdict.dropped_per_file.tolist() == [0, n // 2 - 1]


@pytest.mark.parametrize(
    ("header", "platform", "expected", "note"),
    [
        (("handle", "followers"), "tiktok", ["TikTok", "TikTok"], "warnings.platform_given"),
        (("handle", "followers"), "YT", ["YouTube", "YouTube"], "warnings.platform_given"),
        (
            ("handle", "network", "followers"),
            "TikTok",
            ["Instagram", "YouTube"],
            "warnings.platform_kept",
        ),
    ],
)
def test_a_platform_given_per_file(
    header: tuple[str, ...], platform: str, expected: list[str], note: str
) -> None:
    rows = [("a", "ig", "1"), ("b", "yt", "2")] if len(header) == 3 else [("a", "1"), ("b", "2")]
    result = _read(rows, "list.csv", header=header, platform=platform)
    assert result.accounts["platform"].tolist() == expected
    assert result.warnings[-1].key == note  # about the one file: named when combined


def test_two_single_platform_files_are_not_pooled() -> None:
    header = ("handle", "followers")
    tiktok = _read([("same", "100")], "tt.csv", header=header, platform="TikTok")
    insta = _read([("same", "100")], "ig.csv", header=header, platform="Instagram")
    both = combine([tiktok, insta])
    assert both.duplicates == 0
    assert len(both.accounts) == 2
    pooled = combine(
        [_read([("same", "100")], "a.csv", header), _read([("same", "100")], "b.csv", header)]
    )
    assert pooled.duplicates == 1  # without platforms, the same handle is one account
    assert [w.key for w in tiktok.warnings + insta.warnings if "across" in w.key] == []
    assert [w.key for w in both.warnings if "across" in w.key] == []


@pytest.mark.parametrize(
    ("second", "keys"),
    [
        (
            [("beyonce", "4300000")],  # another platform's namesake, with other figures
            ["warnings.across.handle_only", "warnings.across.flagged"],
        ),
        (
            [("beyonce", "272800000")],
            ["warnings.across.handle_only", "warnings.across.folded_later"],
        ),
        ([("other", "7000")], []),
    ],
)
def test_a_match_by_handle_alone_says_that_no_file_gives_a_platform(
    second: list[Row], keys: list[str]
) -> None:
    header = ("handle", "followers")
    first = _read([("beyonce", "272800000"), ("solo", "5000")], "ig.csv", header)
    both = combine([first, _read(second, "tt.csv", header)])
    assert [w.key for w in both.warnings] == keys
    if keys:
        english = get_locale("en").say(both.warnings[0])
        assert english.startswith("2 rows in several files were matched to others by their handle")
        assert "ig.csv, tt.csv give no platform" in english
        assert "--platform" in english
        assert "Plattform" in get_locale("de").say(both.warnings[0])
    given = combine(
        [
            _read([("beyonce", "272800000")], "ig.csv", header, platform="Instagram"),
            _read(second, "tt.csv", header, platform="TikTok"),
        ]
    )
    assert not [w for w in given.warnings if "across" in w.key]


@pytest.mark.parametrize(
    ("items", "files", "expected"),
    [
        (["TikTok"], ["a.csv", "b.csv"], ["TikTok", "TikTok"]),
        (["ig", "b.csv=tt"], ["a.csv", "b.csv"], ["Instagram", "TikTok"]),
        (["data/b.csv=YouTube"], ["a.csv", "data/b.csv"], [None, "YouTube"]),
        (["b.csv=YouTube"], ["a.csv", "data/b.csv"], [None, "YouTube"]),
        ([], ["a.csv"], [None]),
    ],
)
def test_platform_arguments(items: list[str], files: list[str], expected: list[str | None]) -> None:
    assert platform_per_file(items, files) == expected


@pytest.mark.parametrize(
    ("items", "words"),
    [
        (
            ["Tiktokk"],
            "'Tiktokk' is not a platform InfluDash knows; give one of Instagram, TikTok, YouTube",
        ),
        (["c.csv=TikTok"], "'c.csv' is not one of the files given"),
        (["TikTok", "YouTube"], "given twice"),
        (["a.csv=TikTok", "a.csv=YouTube"], "has a platform given twice"),
        (["b.csv=TikTok"], "names more than one file"),
    ],
)
def test_bad_platform_arguments(items: list[str], words: str) -> None:
    with raises_said("^--platform .*" + words.replace("(", r"\(")):
        platform_per_file(items, ["a.csv", "x/b.csv", "y/b.csv"])


def test_canonical_platform_names() -> None:
    assert [canonical_platform(t) for t in ("IG", "tik  tok", "YouTube", "MySpace")] == [
        "Instagram",
        "TikTok",
        "YouTube",
        None,
    ]
