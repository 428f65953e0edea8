"""The command line on files with the quirks of unseen real exports: the reader's rules reach
the CLI, and a file whose numbers cannot be trusted is not a success."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import cli

RUSSIAN = (
    "Отчёт по блогерам\n"
    "\n"
    "Канал;Подписчики;Просмотры\n"
    "alpha;12,4 тыс.;1,2 тыс.\n"
    "beta;3,2 млн;250 тыс.\n"
    "gamma;7,5 тыс. подписчиков;900\n"
)


def test_a_russian_export_below_a_title_is_read_exactly(tmp_path: Path) -> None:
    path = tmp_path / "блогеры.csv"
    path.write_text(RUSSIAN, encoding="utf-8")
    run = cli("summarize", path, "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["accounts"] == 3
    assert data["rejected"] == 0
    tiers = {t["tier"]: t["accounts"] for t in data["tiers"]}
    assert tiers == {"below_nano": 0, "nano": 1, "micro": 1, "macro": 0, "mega": 1}
    assert data["total_reach"] == 12_400 + 3_200_000 + 7_500
    assert any("line 3" in w for w in data["warnings"])


def test_a_file_that_yields_no_accounts_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "words.csv"
    path.write_text("handle,followers\na,lots\nb,many\n", encoding="utf-8")
    run = cli("summarize", path)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.startswith("error: words.csv: none of the 2 rows gave an account")
    assert "'lots'" in run.stderr


def test_most_rows_rejected_is_an_error_line_and_exit_2_unless_accepted(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    rows = "".join(f"h{i},{i}.25\n" for i in range(1, 9)) + "x,1200\ny,5000\n"
    path.write_text("handle,followers\n" + rows, encoding="utf-8")
    run = cli("summarize", path, "--json")
    assert run.returncode == 2
    assert json.loads(run.stdout)["accounts"] == 2  # the output is still written
    assert "error: rates.csv: 8 of 10 rows were rejected" in run.stderr
    accepted = cli("summarize", path, "--json", "--accept-alarms")
    assert accepted.returncode == 0
    assert "warning: rates.csv: 8 of 10 rows were rejected" in accepted.stderr
    out = tmp_path / "out.csv"
    export = cli("export", path, "--out", out)
    assert export.returncode == 2
    assert out.exists()


def test_a_header_unit_and_a_misspelling_reach_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "yt.csv"
    path.write_text("channel_title,Subscibers (M)\na,2.35\nb,0.012\n", encoding="utf-8")
    run = cli("summarize", path, "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["total_reach"] == 2_362_000
    assert any("misspelling" in w for w in data["warnings"])
    assert any("states its unit" in w for w in data["warnings"])
