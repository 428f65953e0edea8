"""Command-line outputs recorded before the redesign, so it can prove that it changed none.

Each case is one command-line run (``summarize --json``, ``export`` to CSV and ``.xlsx``,
``report``) on one input: every non-heavy file of the hostile corpus, the sample, seeded clean and
messy files, and the real exports in ``../shared/realworld``. A case's output is its exit code,
its standard output and error and the file it wrote, normalised only where a run may differ by
itself (the report's timestamp, the day on an Excel file's settings sheet, plotly's random element
ids, temporary paths, the xlsx package's zip metadata, which is compared as the cells and number
formats it holds).

The real exports' outputs are kept as SHA-256 digests only (their licences are unclear), and so
are outputs longer than ``LONGEST_KEPT`` characters (to see how one differs, record on both
checkouts and compare the two files).

    python -m tests.recorded.outputs record   # rewrite tests/recorded/outputs.json.gz
    python -m tests.recorded.outputs compare  # print each case that differs
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import hashlib
import io
import json
import re
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[2]
RECORD = Path(__file__).with_name("outputs.json.gz")
REALWORLD = ROOT.parent / "shared" / "realworld"
GENERATED_ROWS = 5_000
#: Longer outputs are kept as digests (a diff of them comes from recording on both checkouts).
LONGEST_KEPT = 100_000

#: Every tier scheme and basis the tests use; the full matrix runs on the files made for it.
SCHEMES = (
    (),
    ("--tiers", "five_tier"),
    ("--tiers", "hypeauditor"),
    ("--tiers", "later"),
    ("--tiers", "quantile"),
    ("--edges", "1000,10000,50000,500000,1000000"),
)
BASES = ("auto", "followers", "views", "column", "benchmark")
#: A few settings on every hostile file (the full matrix there would only repeat the reading).
LIGHT = (
    (),
    ("--tiers", "hypeauditor", "--er-basis", "benchmark"),
    ("--er-min-followers", "1000", "--min-accounts", "3", "--anomaly-z", "2"),
)


@dataclass(frozen=True)
class Input:
    """One input file: a name for the case ids, and how to put it in a folder."""

    name: str
    make: Callable[[Path], Path]
    private: bool = False  # a real export: outputs kept as digests only


def _copy(path: Path) -> Callable[[Path], Path]:
    return lambda _folder: path


def _generated(kind: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        from bench.datasets import write_clean, write_messy

        path = folder / f"{kind}.csv"
        (write_clean if kind == "clean" else write_messy)(path, GENERATED_ROWS)
        return path

    return make


def _hostile(case_id: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        from tests.corpora.hostile import by_id

        case = by_id(case_id)
        own = folder / re.sub(r"\W", "_", case_id)
        own.mkdir()
        built = case.build(own)
        if isinstance(built, Path):
            return built
        name = case.source or "hostile.csv"
        path = own / (re.sub(r"[^\w.\-]", "_", name).lstrip(".") or "hostile.csv")
        path.write_bytes(built)
        return path

    return make


def inputs() -> list[Input]:
    """Every input, in a fixed order."""
    from tests.corpora.hostile import CASES

    found = [
        Input("sample", _copy(ROOT / "data" / "sample_accounts.csv")),
        Input("clean", _generated("clean")),
        Input("messy", _generated("messy")),
    ]
    found += [Input(f"hostile/{c.id}", _hostile(c.id)) for c in CASES if not c.heavy]
    if REALWORLD.is_dir():
        found += [
            Input(f"realworld/{p.name}", _copy(p), private=True)
            for p in sorted(REALWORLD.iterdir())
            if p.suffix.lower() in {".csv", ".xlsx", ".tsv", ".txt"}
        ]
    return found


def _argvs(item: Input) -> Iterator[tuple[str, list[str]]]:
    """(label, arguments after the file) of every run on ``item``; "{out}" is the output file."""
    if item.name.startswith("hostile/"):
        for i, extra in enumerate(LIGHT):
            yield f"summarize/{i}", ["summarize", "--json", "--rejected", "{rej}", *extra]
        yield "export.csv", ["export", "--out", "{out}.csv"]
        return
    for scheme in SCHEMES:
        for basis in BASES:
            label = f"summarize/{'-'.join(scheme) or 'default'}/{basis}"
            yield label, ["summarize", "--json", *scheme, "--er-basis", basis]
    yield "summarize/rejected", ["summarize", "--rejected", "{rej}"]  # the text table too
    for lang in ("en", "de"):
        yield f"export.csv/{lang}", ["export", "--lang", lang, "--out", "{out}.csv"]
        yield f"export.xlsx/{lang}", ["export", "--lang", lang, "--out", "{out}.xlsx"]
        yield f"report/{lang}", ["report", "--lang", lang, "--out", "{out}.html"]


_STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_PLOTLY_JS = re.compile(r"<script>/\*\*\n\* plotly\.js.*?</script>", re.S)


def _xlsx_text(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    sheets = []
    for sheet in book.worksheets:
        rows = [[[cell.value, cell.number_format] for cell in row] for row in sheet.iter_rows()]
        sheets.append({"title": sheet.title, "freeze": sheet.freeze_panes, "rows": rows})
    return json.dumps(sheets, default=str, ensure_ascii=False)


def _written(path: Path) -> str | None:
    if not path.exists():
        return None
    if path.suffix == ".xlsx":  # the settings sheet names the day it was written
        return _xlsx_text(path).replace(json.dumps(dt.date.today().isoformat()), '"DAY"')
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        text = _STAMP.sub("WHEN", text)
        text = _PLOTLY_JS.sub("<script>PLOTLY</script>", _UUID.sub("UUID", text))
    return text


def run(argv: list[str], folder: Path) -> str:
    """One command-line run in this process, as normalised text."""
    from infludash.cli import main

    out, rej = folder / "out", folder / "rejected.csv"
    argv = [a.replace("{out}", str(out)).replace("{rej}", str(rej)) for a in argv]
    stdout, stderr = io.StringIO(), io.StringIO()
    # Python's warnings print once per process, so whether one shows depends on the cases before.
    with (
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        code = main(argv)
    files = {}
    for written in sorted(folder.iterdir()):
        if written.name.startswith(("out", "rejected")):
            files[written.name] = _written(written)
            written.unlink()
    text = json.dumps(
        {"exit": code, "stdout": stdout.getvalue(), "stderr": stderr.getvalue(), "files": files},
        ensure_ascii=False,
        indent=0,
    )
    return text.replace(str(folder), "TMP")


def observe() -> dict[str, str]:
    """Case id -> normalised output (a digest for a real export), for every case."""
    seen: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="recorded_") as tmp:
        folder = Path(tmp)
        for item in inputs():
            path = item.make(folder)
            work = folder / "run"
            work.mkdir(exist_ok=True)
            data = path.read_bytes()
            if not data.startswith((b"PK", b"\x1f\x8b")) and not path.name.endswith(".tar"):
                seen[f"{item.name}::input"] = hashlib.sha256(data).hexdigest()  # zips hold times
            for label, argv in _argvs(item):
                text = run([argv[0], str(path), *argv[1:]], work)
                text = text.replace(str(path.parent), "IN")
                if item.private or len(text) > LONGEST_KEPT:
                    text = "sha256:" + hashlib.sha256(text.encode()).hexdigest()
                seen[f"{item.name}::{label}"] = text
    return seen


def load() -> dict[str, str]:
    with gzip.open(RECORD, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def differences(recorded: dict[str, str], seen: dict[str, str]) -> list[str]:
    """A line per case whose output differs, is new or is gone."""
    lines = []
    for key in sorted(recorded.keys() | seen.keys()):
        old, new = recorded.get(key), seen.get(key)
        if old == new:
            continue
        if old is None or new is None:
            lines.append(f"{key}: {'new' if old is None else 'gone'}")
            continue
        pairs = enumerate(zip(old, new, strict=False))
        at = next((i for i, (a, b) in pairs if a != b), min(len(old), len(new)))
        near = slice(max(0, at - 60), at + 60)
        lines.append(f"{key}: differs at {at}: {old[near]!r} -> {new[near]!r}")
    return lines


def main(argv: list[str]) -> int:
    if argv[:1] == ["record"]:
        seen = observe()
        with gzip.open(RECORD, "wt", encoding="utf-8", compresslevel=9) as fh:
            json.dump(seen, fh, ensure_ascii=False, sort_keys=True)
        print(f"recorded {len(seen)} cases in {RECORD.name}")
        return 0
    lines = differences(load(), observe())
    print("\n".join(lines) or "identical")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
