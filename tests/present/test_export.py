"""Spreadsheet exports: text stays text, numbers stay numbers, and the Excel row limit is said."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from infludash.base.errors import InputError
from infludash.present import export
from infludash.present.export import check_excel_rows, to_xlsx_bytes
from infludash.present.i18n import get_locale


def test_streamed_workbook_keeps_text_as_text_and_numbers_as_numbers() -> None:
    frame = pd.DataFrame(
        {
            "handle": pd.array(["=1+1", "@x", "plain", None], dtype="string"),
            "followers": [1.0, 2.5, np.nan, 4.0],
            "flag": [True, False, True, False],
        }
    )
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(frame))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("handle", "followers", "flag")
    assert rows[1] == ("'=1+1", 1, True)
    assert rows[2] == ("'@x", 2.5, False)
    assert rows[3] == ("plain", None, True)
    assert rows[4] == (None, 4, False)
    assert all(cell.data_type == "s" for cell in sheet[2][:1])


def test_more_rows_than_one_excel_sheet_holds_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    check_excel_rows(export.EXCEL_MAX_ROWS)  # exactly full: fine
    with pytest.raises(InputError) as caught:
        check_excel_rows(export.EXCEL_MAX_ROWS + 1)
    assert "Excel" in get_locale("en").error(caught.value)
    assert "CSV" in get_locale("en").error(caught.value)
    assert "Excel" in get_locale("de").error(caught.value)
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 2)
    with pytest.raises(InputError):
        to_xlsx_bytes(pd.DataFrame({"followers": [1, 2, 3]}))
