"""``python -m infludash`` on two exports of the same accounts: folded and flagged by default,
``--keep-latest`` keeps the later file's rows, ``--platform`` gives files without a platform
column their platform; summarize, JSON and export agree, and bad ``--platform`` values are one
``error:`` line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.test_cli import cli
from tests.fixtures import csv_bytes

HEADER = ("handle", "followers", "likes")
#: January and February exports of one TikTok list without a platform column: "a" repeats
#: exactly, "b" grew, "c" and "d" are in one month only.
JAN = [("a", "1000", "50"), ("@B", "2000", "80"), ("c", "3000", "90")]
FEB = [("A", "1000", "50"), ("b", "2500", "80"), ("d", "4000", "100")]


@pytest.fixture
def months(tmp_path: Path) -> tuple[Path, Path]:
    jan, feb = tmp_path / "jan.csv", tmp_path / "feb.csv"
    jan.write_bytes(csv_bytes(HEADER, JAN))
    feb.write_bytes(csv_bytes(HEADER, FEB))
    return jan, feb


def _summary(*args: str | Path) -> dict:
    run = cli("summarize", *args, "--json")
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.mark.parametrize(
    ("options", "accounts", "duplicates", "possible", "across"),
    [
        ([], 5, 1, 2, {"folded": 1, "possible_duplicates": 2, "dropped_for_latest": 0}),
        (
            ["--keep-latest"],
            4,
            2,
            0,
            {"folded": 1, "possible_duplicates": 0, "dropped_for_latest": 1},
        ),
    ],
)
def test_two_months_of_one_list(
    months: tuple[Path, Path],
    *,
    options: list[str],
    accounts: int,
    duplicates: int,
    possible: int,
    across: dict[str, int],
) -> None:
    data = _summary(*months, *options)
    assert data["rows_read"] == 6
    assert (data["accounts"], data["rejected"], data["duplicates"]) == (accounts, 0, duplicates)
    assert data["accounts"] + data["rejected"] + data["duplicates"] == data["rows_read"]
    assert data["possible_duplicates"] == possible
    assert {k: data["across_files"][k] for k in across} == across
    assert data["across_files"]["keep_latest"] is bool(options)
    assert sum(t["accounts"] for t in data["tiers"]) == accounts


def test_keep_latest_exports_the_later_rows_and_summarize_says_so(
    months: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "accounts.csv"
    run = cli("export", *months, "--keep-latest", "--platform", "TikTok", "--out", out)
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    kept = sorted((r["source"], r["handle"], r["followers"], r["platform"]) for r in rows)
    assert kept == [
        ("feb.csv", "A", "1000", "TikTok"),
        ("feb.csv", "b", "2500", "TikTok"),
        ("feb.csv", "d", "4000", "TikTok"),
        ("jan.csv", "c", "3000", "TikTok"),
    ]
    text = cli("summarize", *months, "--keep-latest")
    assert text.returncode == 0
    assert text.stdout.startswith("6 rows read: 4 accounts, 0 rejected, 2 duplicates.")
    assert (
        "1 row of an earlier file (jan.csv) was dropped and counted as a duplicate" in text.stderr
    )


def test_platform_per_file_keeps_two_platforms_apart(months: tuple[Path, Path]) -> None:
    jan, feb = months
    pooled = _summary(jan, feb)
    apart = _summary(jan, feb, "--platform", "jan.csv=Instagram", "--platform", f"{feb}=tiktok")
    assert pooled["duplicates"] == 1
    assert (apart["accounts"], apart["duplicates"], apart["possible_duplicates"]) == (6, 0, 0)
    given = [w for w in apart["warnings"] if "every account is counted as" in w]
    assert given == [
        "jan.csv: the file has no platform column: every account is counted as Instagram, as given",
        "feb.csv: the file has no platform column: every account is counted as TikTok, as given",
    ]


def test_a_file_with_its_own_platform_column_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "ig.csv"
    path.write_bytes(csv_bytes(("handle", "platform", "followers"), [("a", "ig", "10")]))
    run = cli("export", path, "--platform", "ig.csv=YouTube", "--out", tmp_path / "o.csv")
    assert run.returncode == 0, run.stderr
    assert "Instagram" in (tmp_path / "o.csv").read_text(encoding="utf-8-sig")
    data = _summary(path, "--platform", "YouTube")
    assert data["warnings"] == [
        "ig.csv: the file has a platform column and keeps it; the platform YouTube given for it "
        "was not used"
    ]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (
            "Tiktokk",
            "'Tiktokk' is not a platform InfluDash knows; give one of Instagram, TikTok, YouTube",
        ),
        ("march.csv=TikTok", "'march.csv' is not one of the files given"),
        ("jan.csv=Myspace", "'Myspace' is not a platform InfluDash knows"),
    ],
)
def test_bad_platform_values_are_one_error_line(
    months: tuple[Path, Path], value: str, words: str
) -> None:
    run = cli("summarize", *months, "--platform", value)
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(f"error: --platform {value!r}: {words}")
