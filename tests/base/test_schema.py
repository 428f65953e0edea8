"""The data contract: reading returns what the schema declares, annotation adds what it declares,
and a table that breaks the contract is stopped at the edge of reading, never downstream."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from infludash.analysis.summary import EngagementOptions, annotate
from infludash.base.schema import ACCOUNTS, ANNOTATED, FOLLOWERS, SchemaError, check
from infludash.read import reader
from infludash.read.reader import ReadResult, combine, read_accounts
from tests.fixtures import ROOT, SAMPLE, csv_bytes

TIKTOK = csv_bytes(
    ("handle", "platform", "followers", "likes", "comments", "views", "ER", "country"),
    [("a", "TikTok", "1000", "50", "10", "2000", "6%", "DE")],
)


def test_what_reading_returns_is_declared() -> None:
    for result in (read_accounts(SAMPLE), read_accounts(TIKTOK, "t.csv")):
        assert check(result.accounts, ACCOUNTS) is result.accounts
    both = combine([read_accounts(SAMPLE), read_accounts(TIKTOK, "t.csv")])
    check(both.accounts, ACCOUNTS)


@pytest.mark.parametrize("basis", ["auto", "views", "column", "benchmark"])
def test_what_annotation_adds_is_declared(basis: str) -> None:
    annotated = annotate(read_accounts(TIKTOK).accounts, options=EngagementOptions(basis=basis))
    check(annotated.frame, ANNOTATED)
    assert {"tier", "tier_index", "er_pct", "engagements"} <= set(annotated.frame.columns)


def test_every_breach_is_named() -> None:
    accounts = read_accounts(SAMPLE).accounts
    bad = accounts.drop(columns=["row"]).assign(followers=accounts[FOLLOWERS].astype(str))
    bad["nickname"] = "x"
    with pytest.raises(SchemaError) as raised:
        check(bad)
    message = str(raised.value)
    assert "'nickname' is not a declared column" in message
    assert "'row' is missing" in message
    assert "'followers' is" in message
    assert "not float64" in message
    # A column that may be missing is not required.
    check(accounts.drop(columns=["handle"]))


def test_reading_holds_every_result_to_the_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader bug that returned a wrong table would be stopped where it leaves reading."""
    original = reader._read

    def broken(*args: object, **kwargs: object) -> ReadResult:
        result = original(*args, **kwargs)  # type: ignore[arg-type]
        result.accounts = result.accounts.assign(followers=result.accounts[FOLLOWERS].astype(str))
        return result

    monkeypatch.setattr(reader, "_read", broken)
    with pytest.raises(SchemaError, match="followers"):
        read_accounts(SAMPLE)


def test_the_names_are_spelled_once() -> None:
    """Every declared column is a constant of the schema module, and the core has no
    ``.attrs`` side channel left."""
    names = [c.name for c in ANNOTATED]
    assert len(names) == len(set(names))
    source = (ROOT / "infludash" / "base" / "schema.py").read_text(encoding="utf-8")
    for name in names:
        assert re.search(rf'^[A-Z_]+ = "{name}"', source, re.MULTILINE), name
    for path in Path(ROOT / "infludash").rglob("*.py"):
        assert ".attrs" not in path.read_text(encoding="utf-8"), path


def test_a_frame_without_a_declared_dtype_is_refused() -> None:
    frame = pd.DataFrame({"source": ["a"], "row": [1], "followers": [1]})  # int, not float
    with pytest.raises(SchemaError, match="'followers' is int64, not float64"):
        check(frame)
