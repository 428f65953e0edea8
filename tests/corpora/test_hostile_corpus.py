"""Hostile input: every file of the corpus (``tests/corpora/hostile.py``) read to its outcome.

A case is either read (exact values, rejected rows with their reasons, folded duplicates, the
warnings by catalogue key, and for some the cells of the CSV and .xlsx downloads) or refused with
a clear error (its catalogue key, the file it names, words saying what to do, and a German text
without holes). Row accounting is checked on every reading. Heavy cases run in a subprocess that
reports the seconds and peak memory they took: they must end on their own, with their message,
well inside generous safety bounds.

Hostile upload names are checked apart: never opened as a path, shown without folders or control
characters and at most 80 characters long.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from infludash.base.errors import InputError
from infludash.present.i18n import get_locale
from infludash.read.combine import in_file
from infludash.read.reader import display_name, preview_columns, read_accounts
from tests.corpora.hostile import (
    CASES,
    MAX_PEAK_MB,
    MAX_SECONDS,
    NAMES,
    Case,
    Parsed,
    Refused,
    observe,
)

ROOT = Path(__file__).resolve().parents[2]


def _observed(case: Case, tmp_path: Path) -> dict[str, Any]:
    """What reading the case gave: in this process, or (heavy cases) in a fresh one, bounded."""
    if not case.heavy:
        return observe(case, tmp_path)
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "tests.corpora.hostile", case.id, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,  # a hung case fails here rather than stalling the suite
        check=False,
    )
    assert run.returncode == 0, f"{case.id} died (killed or crashed):\n{run.stderr[-3000:]}"
    observed: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    observed["wall"] = time.perf_counter() - started
    return observed


def _summary(observed: dict[str, Any]) -> str:
    if "refused" in observed:
        return f"refused: {observed['refused']['english'][:500]}"
    if "parsed" in observed:
        parsed = observed["parsed"]
        return (
            f"read: {parsed['kept']} kept, rejected {parsed['reason_counts']}, "
            f"{parsed['duplicates']} duplicates, warnings {parsed['warning_text']}"
        )
    return f"crashed:\n{observed.get('crash', '')}"


def _check_refused(case: Case, expect: Refused, observed: dict[str, Any]) -> None:
    assert "refused" in observed, f"{case.why}: expected {expect.key}, got {_summary(observed)}"
    refused = observed["refused"]
    english, german = refused["english"], refused["german"]
    assert refused["key"] == expect.key, english
    name = case.source if case.source is not None else "huge.csv"
    assert refused["file"] == name, english  # where: the file is named
    assert english.startswith(f"{name}: "), english
    for words in expect.words:  # what, where in the file, what to do
        assert words in english, english
    for value_name, value in expect.values.items():
        assert refused["values"].get(value_name) == value, (value_name, refused["values"])
    if expect.rule is not None:
        assert expect.rule(english), english[:500]
    assert german != english, "the German message is the English one"
    for text in (english, german):
        assert "{" not in text, text  # no unfilled placeholder
        assert "errors." not in text, text  # no catalogue key shown for a missing text


def _check_parsed(case: Case, expect: Parsed, observed: dict[str, Any]) -> None:
    assert "parsed" in observed, f"{case.why}: expected a reading, got {_summary(observed)}"
    parsed = observed["parsed"]
    counts = [parsed["rows_read"], parsed["kept"], parsed["rejected_count"], parsed["duplicates"]]
    assert counts[1] + counts[2] + counts[3] == counts[0], counts  # every row accounted for
    assert parsed["files"] == [counts], parsed["files"]
    for column, values in expect.columns.items():
        assert column in parsed["columns"], f"no column {column!r}"
        assert parsed["columns"][column] == list(values), column
    kept = expect.kept
    if kept is None and expect.columns:
        kept = len(next(iter(expect.columns.values())))
    if kept is not None:
        assert parsed["kept"] == kept, _summary(observed)
    for column, values in expect.tail.items():
        assert parsed["tail"][column] == list(values), column
    if expect.rejected is not None:
        wanted = {str(row): reason.value for row, reason in expect.rejected.items()}
        assert parsed["rejected"] == wanted, _summary(observed)
    if expect.reason_counts:
        assert parsed["reason_counts"] == {r.value: n for r, n in expect.reason_counts.items()}
    for row, words in expect.details.items():
        assert words in parsed["details"][str(row)], parsed["details"]
    assert parsed["duplicates"] == expect.duplicates
    assert parsed["warnings"] == sorted(expect.warnings), parsed["warning_text"]
    said = "\n".join(parsed["warning_text"])
    for words in expect.warning_words:
        assert words in said, said
    if expect.csv:
        assert parsed["csv"]["bom"], "the CSV download has no byte-order mark"
        for column, cells in expect.csv.items():
            assert parsed["csv"]["cells"][column] == list(cells), column
    if expect.xlsx:
        assert parsed["xlsx"]["formulas"] == 0, "a cell of the .xlsx download is a formula"
        for column, values in expect.xlsx.items():
            assert parsed["xlsx"]["cells"][column] == list(values), column
    for column, cells in expect.rejected_csv.items():
        assert parsed["rejected_csv"]["cells"][column] == list(cells), column


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_file(case: Case, tmp_path: Path) -> None:
    observed = _observed(case, tmp_path)
    assert "crash" not in observed, f"{case.why}\n{observed['crash']}"
    if isinstance(case.expect, Refused):
        _check_refused(case, case.expect, observed)
    else:
        _check_parsed(case, case.expect, observed)
    if case.heavy:  # safety bounds, not performance targets
        assert observed["seconds"] < MAX_SECONDS, observed["seconds"]
        assert observed["peak_mb"] < MAX_PEAK_MB, observed["peak_mb"]


@pytest.mark.parametrize(
    "case", [c for c in CASES if not c.heavy], ids=[c.id for c in CASES if not c.heavy]
)
def test_column_preview_of_hostile_file(case: Case, tmp_path: Path) -> None:
    """The mapping step previews every upload (headers, first rows, automatic mapping): a file
    that reads has a preview that finds its followers column; any other gives a well-formed
    preview to map by hand, or the project's clear error."""
    data = case.build(tmp_path)
    assert isinstance(data, bytes)
    if isinstance(case.expect, Parsed):
        preview = preview_columns(data)
        assert "followers" in preview.mapping, preview.mapping
    else:
        try:
            preview = preview_columns(data)
        except InputError:
            return
    assert list(preview.preview.columns) == _shown_headers(preview.headers)
    assert len(preview.preview) <= 5


def _shown_headers(headers: tuple[str, ...]) -> list[str]:
    """Headers as the preview names its columns (a repeated one gets its position)."""
    seen: dict[str, int] = {}
    shown = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        shown.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return shown


def test_the_corpus_is_broad() -> None:
    """At least 40 cases, ids unique, every one with a reason, both kinds of outcome."""
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)
    assert all(case.why for case in CASES)
    assert {type(case.expect) for case in CASES} == {Parsed, Refused}


@pytest.mark.parametrize(("name", "shown"), NAMES, ids=[repr(n)[:40] for n, _ in NAMES])
def test_hostile_upload_names(
    name: str, shown: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name is a label: reading never opens it as a path, and it is shown bounded and clean."""
    here = tmp_path / "a" / "b"
    here.mkdir(parents=True)
    (tmp_path / "x.csv").write_bytes(b"handle,followers\ndecoy,1\n")  # what ../../x.csv reaches
    monkeypatch.chdir(here)
    before = sorted(tmp_path.rglob("*"))
    result = read_accounts(b"handle,followers\nreal,5\n", source=name)
    assert result.accounts["handle"].tolist() == ["real"]  # the bytes, never a file by that name
    assert sorted(tmp_path.rglob("*")) == before  # and nothing written
    assert result.sources == [name or "upload"]

    shown_name = display_name(name)
    assert shown_name == shown
    assert len(shown_name) <= 80
    assert shown_name.isprintable()
    assert "/" not in shown_name
    assert "\\" not in shown_name
    assert shown_name not in {".", ".."}
    assert set(result.renamed(shown_name).accounts["source"]) == {shown_name}
    with pytest.raises(InputError) as caught:
        read_accounts(b"", source=shown_name)
    said = get_locale("en").error(in_file(shown_name, caught.value))
    assert said.startswith(f"{shown_name}: the file is empty")
