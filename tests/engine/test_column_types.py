"""A table whose number columns hold text is refused when it is opened, naming the column and
its type, on every engine; the engines' own names of number types are recognised."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from infludash.base.errors import InputError
from infludash.engine import sql
from infludash.engine.codes import SourceError
from infludash.engine.sources import Source
from infludash.engine.table import EngineTable
from infludash.present.i18n import get_locale
from tests.engine.loading import ENGINES, loaded


@pytest.mark.parametrize(
    ("kind", "numbers"),
    [
        ("BIGINT", True),
        ("DECIMAL(18,3)", True),
        ("double precision", True),
        ("numeric", True),
        ("real", True),
        ("HUGEINT", True),
        ("UBIGINT", True),
        ("decimal(10,2)", True),
        ("int", True),
        ('"NULL"', True),
        ("void", True),
        ("VARCHAR", False),
        ("text", False),
        ("character varying", False),
        ("string", False),
        ("BOOLEAN", False),
        ("TIMESTAMP", False),
        ("money", False),
    ],
)
def test_number_types_are_known_by_every_engines_name(kind: str, numbers: bool) -> None:
    assert sql.is_number_type(kind) is numbers


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "handle": ["a", "b", "c"],
            "followers": [1_200, 45_000, 3_100_000],
            "likes": ["12", "n/a", "3,4K"],  # text: the reader parses it, an engine cannot
        }
    )


@pytest.mark.parametrize("kind", ENGINES)
def test_a_text_column_is_refused_by_name(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    with loaded(kind, _frame(), tmp_path, request, "typed") as backend:
        with pytest.raises(InputError) as raised:
            EngineTable(Source(kind, "test", "typed"), backend=backend)
        note = raised.value.note
        assert note.code is SourceError.NOT_NUMBERS
        said = get_locale("en").say(note)
        assert "'likes'" in said
        assert "not numbers" in said
        assert get_locale("de").say(note) != said


@pytest.mark.parametrize("kind", ENGINES)
def test_text_the_analysis_does_not_read_is_no_reason_to_refuse(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    frame = _frame().assign(likes=[12, 30, 4_100], bio=["x", "y", "z"])
    with loaded(kind, frame, tmp_path, request, "typed_ok") as backend:
        table = EngineTable(Source(kind, "test", "typed_ok"), backend=backend)
        assert "bio" in table.relation.columns
