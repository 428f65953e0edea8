"""``python -m infludash``: one ``error:`` line and exit 2 for every fixable mistake, a readable
table otherwise, and no streamlit or plotly on the import path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from infludash.analysis.presets import DEFAULT_SCHEME, SCHEMES
from infludash.cli import main
from infludash.present.workbook import PERCENT
from tests.fixtures import ROOT, SAMPLE, csv_bytes

SAMPLE_ARG = str(SAMPLE.relative_to(ROOT))


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "infludash", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _zip_bytes() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("accounts.csv", "handle,followers\na,1\n")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli")
    made = {
        "empty": b"",
        "header_only": b"handle,followers\n",
        "no_followers": b"handle,likes,comments\na,1,2\n",
        "image": b"\x89PNG\r\n\x1a\n" + bytes(32),
        "archive": _zip_bytes(),
        "messy": b"handle,followers\na,10\nb,lots\n,\nc,5,6\na,10\n",
        "fans": csv_bytes(
            ("Name", "Fans total", "Likes"),
            [("a", "50", "5"), ("b", "20K", "100"), ("c", "3M", "30K")],
        ),
    }
    paths = {}
    for name, data in made.items():
        paths[name] = folder / f"{name}.csv"
        paths[name].write_bytes(data)
    paths["folder"] = folder
    paths["missing"] = folder / "missing.csv"
    return paths


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["summarize", "{missing}"], ["no such file"]),
        (["summarize", "{folder}"], ["folder"]),
        (["summarize", "{empty}"], ["empty"]),
        (["summarize", "{header_only}"], ["no accounts"]),
        (["summarize", "{no_followers}"], ["no followers column", "subscribers"]),
        (["summarize", "{image}"], ["PNG image"]),
        (["summarize", "{archive}"], ["ZIP archive"]),
        (["summarize", SAMPLE_ARG, "--edges", "10000,1000"], ["ascending"]),
        (["summarize", SAMPLE_ARG, "--edges", "a,b"], ["--edges"]),
        (["summarize", SAMPLE_ARG, "--edges", ","], ["empty"]),
        (["summarize", SAMPLE_ARG, "--edges", "1k", "--scheme", "five_tier"], ["only one of"]),
        (["summarize", SAMPLE_ARG, "--edges=-5,10"], ["at least 2"]),
        (["summarize", SAMPLE_ARG, "--edges", "nan"], ["not a follower count"]),
        (["summarize", SAMPLE_ARG, "--scheme", "nope"], ["--scheme", "article", "five_tier"]),
        (["summarize", SAMPLE_ARG, "--map", "followers"], ["--map"]),
        (["summarize", SAMPLE_ARG, "--map", "followers=Nope"], ["no column named 'Nope'"]),
        (["summarize", SAMPLE_ARG, "--bogus"], ["--bogus"]),
        (["summarize"], ["FILE"]),
        (["frobnicate"], ["frobnicate"]),
        ([], ["command"]),
    ],
)
def test_errors_are_one_line_and_exit_2(
    files: dict[str, Path], args: list[str], words: list[str]
) -> None:
    run = cli(*(a.format(**files) for a in args))
    assert run.returncode == 2, run.stderr
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in run.stderr
    for word in words:
        assert word in lines[0]


def test_usage_hint_names_a_real_command() -> None:
    run = cli()
    assert "python -m infludash --help" in run.stderr
    run = cli("summarize")
    assert "python -m infludash summarize --help" in run.stderr


def test_readable_table_prints_tier_labels() -> None:
    run = cli("summarize", SAMPLE_ARG)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert "rows read" in lines[0]
    assert DEFAULT_SCHEME.title in lines[0]
    body = lines[2 : 3 + len(DEFAULT_SCHEME.labels)]
    assert body[0].split()[0] == "tier"
    labels = [
        line[: len(label)] for line, label in zip(body[1:], DEFAULT_SCHEME.labels, strict=True)
    ]
    assert labels == list(DEFAULT_SCHEME.labels)
    assert "1M+" in body[-1]
    findings = [line for line in lines if line.startswith("finding: ")]
    assert len(findings) == 2
    assert findings[0].startswith("finding: Engagement rate falls as followers rise: holds.")
    assert run.stderr == ""


def test_five_tier_table() -> None:
    run = cli("summarize", SAMPLE_ARG, "--scheme", "five_tier")
    assert run.returncode == 0, run.stderr
    for label in SCHEMES["five_tier"].labels:
        assert f"\n{label} " in run.stdout


def test_map_option_selects_the_followers_column(files: dict[str, Path]) -> None:
    run = cli("summarize", files["fans"], "--map", "followers=Fans total", "--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["accounts"] == 3
    assert [t["accounts"] for t in out["tiers"]] == [1, 0, 1, 0, 1]
    unmapped = cli("summarize", files["fans"])
    assert unmapped.returncode == 2
    assert "no followers column" in unmapped.stderr


def test_several_files_are_combined(tmp_path: Path) -> None:
    extra = tmp_path / "extra.csv"
    extra.write_bytes(csv_bytes(("handle", "followers"), [("a", "50"), ("a", "50"), ("b", "x")]))
    out = json.loads(cli("summarize", SAMPLE_ARG, extra, "--json").stdout)
    single = json.loads(cli("summarize", SAMPLE_ARG, "--json").stdout)
    assert out["rows_read"] == single["rows_read"] + 3
    assert out["accounts"] == single["accounts"] + 1
    assert out["duplicates"] == single["duplicates"] + 1
    assert out["rejected"] == single["rejected"] + 1
    assert out["tiers"][0]["accounts"] == single["tiers"][0]["accounts"] + 1


def test_warnings_go_to_stderr(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes("handle,followers\nMüller,150\n".encode("cp1252"))
    run = cli("summarize", path)
    assert run.returncode == 0
    assert "Windows-1252" in run.stderr
    assert run.stderr.startswith("warning: legacy.csv: ")
    as_json = cli("summarize", path, "--json")
    assert json.loads(as_json.stdout)["accounts"] == 1


def test_main_in_process_returns_2(files: dict[str, Path], capsys: pytest.CaptureFixture) -> None:
    assert main(["summarize", str(files["empty"])]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ")
    assert main(["summarize", str(SAMPLE), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["accounts"] > 0


def test_cli_does_not_import_streamlit_or_plotly() -> None:
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['infludash', 'summarize', {SAMPLE_ARG!r}, '--json']\n"
        "try:\n"
        "    runpy.run_module('infludash', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "print('streamlit' in sys.modules, 'plotly' in sys.modules, file=sys.stderr)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["accounts"] > 0  # the command really ran
    assert run.stderr.strip().splitlines()[-1] == "False False"


def test_rejected_rows_file_and_warnings_in_json(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "rejected.csv"
    run = cli("summarize", str(files["messy"]), "--json", "--rejected", str(out))
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["rows_read"] == 5
    assert data["accounts"] + data["rejected"] + data["duplicates"] == 5
    assert data["rejected_reasons"] == {
        "followers not a number": 1,
        "blank record": 1,
        "wrong number of fields": 1,
    }
    assert isinstance(data["warnings"], list)
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "source,row,reason,detail,raw"
    assert len(text.splitlines()) == 4


def test_xlsx_with_sheet_option(tmp_path: Path) -> None:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["notes"])
    data = book.create_sheet("Data")
    data.append(["handle", "followers"])
    data.append(["a", 150])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "book.xlsx"
    path.write_bytes(buffer.getvalue())
    run = cli("summarize", str(path), "--json", "--sheet", "Data")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["accounts"] == 1
    missing = cli("summarize", str(path), "--sheet", "Nope")
    assert missing.returncode == 2
    assert missing.stderr.startswith("error: ")
    assert "no sheet 'Nope'" in missing.stderr


def test_one_mapping_for_several_files(tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_text("handle,followers\na,10\n", encoding="utf-8")
    odd = tmp_path / "odd.csv"
    odd.write_text("creator,audience_total\nb,5000\n", encoding="utf-8")
    run = cli("summarize", plain, odd, "--json", "--map", "followers=audience_total")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["accounts"] == 2
    assert any("skipped: this file has no such column" in w for w in data["warnings"])
    # a single file with that mapping but without the column is still an error
    alone = cli("summarize", plain, "--map", "followers=audience_total")
    assert alone.returncode == 2
    assert "no column named 'audience_total'" in alone.stderr


def test_export_csv_and_xlsx_with_tiers_flags_and_neutralised_formulas(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    source = tmp_path / "in.csv"
    source.write_text(
        'handle,platform,followers,likes\n"=HYPERLINK(""http://x"")",TikTok,5000,100\n'
        "@SUM(A1),TikTok,50000,900\nplain,TikTok,-,1\n",
        encoding="utf-8",
    )
    out_csv, out_xlsx = tmp_path / "a.csv", tmp_path / "a.xlsx"
    assert cli("export", source, "--out", out_csv).returncode == 0
    run = cli("export", source, "--out", out_xlsx, "--tiers", "later")
    assert run.returncode == 0, run.stderr
    text = out_csv.read_text(encoding="utf-8-sig")
    header = text.splitlines()[0].split(",")
    assert {"tier", "er_pct", "anomaly", "anomaly_z"} <= set(header)
    assert "'=HYPERLINK" in text
    assert "'@SUM(A1)" in text
    sheet = load_workbook(out_xlsx).active
    rows = list(sheet.iter_rows(values_only=True))
    col = {name: i for i, name in enumerate(rows[0])}  # headings in words (English here)
    assert rows[1][col["Handle"]] == '\'=HYPERLINK("http://x")'
    assert sheet.cell(row=2, column=col["Handle"] + 1).data_type == "s"
    assert isinstance(rows[1][col["Followers"]], (int, float))  # numbers stay numbers
    assert rows[1][col["Tier"]] == "Nano"
    assert len(rows) == 3  # the row without followers is rejected, not exported


def test_export_in_german_names_tiers_and_flags_in_german(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "handle,platform,followers,likes\na,TikTok,50,0\nb,TikTok,50000,900\n", encoding="utf-8"
    )
    out = tmp_path / "konten.csv"
    run = cli("export", source, "--out", out, "--lang", "de")
    assert run.returncode == 0, run.stderr
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert "unter Nano" in lines[1]
    assert ";Mikro;" in lines[2]
    assert ";50000;" in lines[2]  # a whole number, not 50000.0


def test_german_csv_export_is_columns_in_german_excel(tmp_path: Path) -> None:
    import csv

    source = tmp_path / "in.csv"
    source.write_text(
        "handle,platform,followers,likes,comments\n=cmd,TikTok,5000,100,25\n", encoding="utf-8"
    )
    out = tmp_path / "konten.csv"
    run = cli("export", source, "--out", out, "--lang", "de")
    assert run.returncode == 0, run.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    cell = dict(zip(rows[0], rows[1], strict=True))
    assert cell["Handle"] == "'=cmd"  # still neutralised
    assert cell["Follower"] == "5000"
    assert cell["Engagement-Rate (%)"] == "2,5"  # (100 + 25) / 5000
    english = tmp_path / "accounts.csv"
    assert cli("export", source, "--out", english).returncode == 0
    header, first = english.read_text(encoding="utf-8-sig").splitlines()[:2]
    assert header.split(",")[:3] == ["source", "row", "handle"]
    assert ",2.5," in first


def test_excel_export_has_summary_and_settings_sheets(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "konten.xlsx"
    run = cli("export", SAMPLE_ARG, "--out", out, "--lang", "de", "--tiers", "later")
    assert run.returncode == 0, run.stderr
    book = load_workbook(out)
    assert book.sheetnames == ["Konten", "Stufenübersicht", "Einstellungen"]
    sheet = book["Konten"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    headings = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=headings.index("Follower") + 1).number_format == "#,##0"
    rate_format = sheet.cell(row=2, column=headings.index("Engagement-Rate") + 1).number_format
    assert rate_format == PERCENT
    assert rate_format.endswith(";0.00%")
    settings = {r[0]: r[1] for r in book["Einstellungen"].iter_rows(min_row=2, values_only=True)}
    assert settings["Quelldateien"] == "sample_accounts.csv"
    assert settings["Stufenschema"].startswith("Later")
    assert settings["Filter"] == "Kein Filter: Alle gelesenen Konten sind enthalten."


def test_report_command_writes_a_german_page(tmp_path: Path) -> None:
    out = tmp_path / "bericht.html"
    run = cli("report", SAMPLE_ARG, "--out", out, "--lang", "de")
    assert run.returncode == 0, run.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert '<html lang="de">' in page
    assert "Follower-Verteilung" in page
    assert cli("report", SAMPLE_ARG, "--out", tmp_path / "r.txt").returncode == 2
