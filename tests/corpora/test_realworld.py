"""The real exports in ../shared/realworld, read by path (never copied: their licences are unclear).

Required when the variable CI is set; elsewhere they skip if the folder is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from infludash.analysis.summary import summarize
from infludash.read.reader import read_accounts
from infludash.read.rejections import Reason
from tests.fixtures import said

pytestmark = pytest.mark.realworld

REALWORLD = Path(__file__).resolve().parents[3] / "shared" / "realworld"


def _path(name: str) -> Path:
    path = REALWORLD / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is required in CI")
        pytest.skip(f"{path} not available")
    return path


def _tier_counts(name: str) -> dict[str, int]:
    summary = summarize(read_accounts(_path(name)))
    return dict(zip(summary.tiers["tier"], summary.tiers["accounts"].astype(int), strict=True))


@pytest.mark.parametrize(
    "name",
    [
        "01_instagram_top200_utf8bom_kmb_suffixes.csv",
        "03_tiktok_top1000_nov2022_multiline_header_blank_row.csv",
        "04_tiktok_sample50_scientific_notation_emoji.csv",
        "05_youtube_top1000_jun2022_dup_columns_excel_errors.csv",
        "07_youtube_global_stats_broken_encoding.csv",
    ],
)
def test_every_row_is_accounted_for(name: str) -> None:
    result = read_accounts(_path(name))
    assert len(result.accounts) + len(result.rejected) + result.duplicates == result.rows_read
    assert result.rows_read > 0
    assert (result.rejected["reason"] != "").all()


def test_tiktok_top1000_tiers() -> None:
    counts = _tier_counts("03_tiktok_top1000_nov2022_multiline_header_blank_row.csv")
    assert counts == {"below_nano": 0, "nano": 0, "micro": 7, "macro": 97, "mega": 896}


def test_tiktok_sample_scientific_notation_tiers() -> None:
    counts = _tier_counts("04_tiktok_sample50_scientific_notation_emoji.csv")
    assert counts == {"below_nano": 0, "nano": 0, "micro": 1, "macro": 3, "mega": 46}
    accounts = read_accounts(_path("04_tiktok_sample50_scientific_notation_emoji.csv")).accounts
    assert 5_000_000.0 in set(accounts["followers"])  # "5e+06", exactly


def test_instagram_suffixes_are_exact() -> None:
    accounts = read_accounts(_path("01_instagram_top200_utf8bom_kmb_suffixes.csv")).accounts
    followers = accounts["followers"].to_numpy()
    assert np.all(followers == np.round(followers))  # 32.8m is 32,800,000, not 32,799,999.99…
    assert 32_800_000.0 in set(followers)
    assert _tier_counts("01_instagram_top200_utf8bom_kmb_suffixes.csv")["mega"] == 200


def test_broken_encoding_is_read_with_a_warning() -> None:
    result = read_accounts(_path("07_youtube_global_stats_broken_encoding.csv"))
    assert result.warnings
    assert "UTF-8" in said(result.warnings)[0]
    assert len(result.accounts) == 995


def test_tiktok_blank_record_is_rejected_and_multiline_header_mapped() -> None:
    result = read_accounts(_path("03_tiktok_top1000_nov2022_multiline_header_blank_row.csv"))
    assert result.rows_read == 1_001
    assert len(result.accounts) == 1_000
    assert result.rejected["reason"].tolist() == [Reason.BLANK_RECORD]
    assert result.rejected["row"].tolist() == [1]
    mapping = next(iter(result.mapping.values()))
    assert mapping["followers"] == "\nFollowers"
    assert mapping["avg_likes"] == "Likes (Avg.)"


def test_instagram_exact_suffix_values() -> None:
    accounts = read_accounts(_path("01_instagram_top200_utf8bom_kmb_suffixes.csv")).accounts
    assert len(accounts) == 200
    first = accounts.iloc[0]
    assert first["handle"] == "cristiano"
    assert first["followers"] == 475_800_000
    assert first["avg_likes"] == 8_700_000


def test_youtube_duplicate_columns_resolved_and_error_values_missing() -> None:
    result = read_accounts(_path("05_youtube_top1000_jun2022_dup_columns_excel_errors.csv"))
    assert len(result.accounts) + len(result.rejected) + result.duplicates == result.rows_read
    assert result.rows_read == 1_021
    assert len(result.accounts) == 1_000
    repeated = [w for w in said(result.warnings) if "appears 2 times" in w]
    assert {w.split("'")[1] for w in repeated} >= {"Subscribers count", "Likes avg"}
    accounts = result.accounts
    assert accounts["followers"].iloc[0] == 30_500_000
    # "N/A'" and "#VALOR!" are missing values, never numbers and never rejections
    assert np.isnan(accounts["avg_likes"].iloc[0])
    assert np.isnan(accounts["avg_comments"].iloc[0])
    assert accounts["avg_likes"].iloc[1] == 3


def test_youtube_broken_encoding_never_leaves_raw_bytes() -> None:
    result = read_accounts(_path("07_youtube_global_stats_broken_encoding.csv"))
    warning = next(w for w in said(result.warnings) if "encoding" in w)
    assert "rows had unreadable characters" in warning
    assert "line" in warning
    handles = result.accounts["handle"].astype(str)
    assert not handles.str.contains(r"[\x80-\x9f]", regex=True).any()
    assert handles.map(lambda h: isinstance(h, str)).all()
