"""What the reader warns about a file it could read, as codes (see :mod:`infludash.read.codes`).

The warnings that make a file's figures untrustworthy are alarms, with their own codes in
:mod:`infludash.base.alarms`. ``n`` of a plural family picks its form (``.one``/``.other``).
"""

from __future__ import annotations

from infludash.base.notes import Code, Fixed, Note

__all__ = ["RateNote", "ReadWarning"]


class ReadWarning(Code):
    """A finding about a file the analyst may want to act on."""

    #: A note about one file, named by the caller that knows the name.
    IN_FILE = "warnings.in_file", {"file": str, "note": Note}
    # Decoding (infludash.read.decoding)
    NUL = "warnings.nul", {"n": int}
    UTF16_UNREADABLE = "warnings.utf16_unreadable"
    UTF16_WITHOUT_BOM = "warnings.utf16_without_bom", {"encoding": str}
    WINDOWS_1252 = "warnings.windows_1252", {"lines": Note}
    MIXED_ENCODINGS = "warnings.mixed_encodings", {"n": int, "lines": Note}
    LINES = "warnings.lines", {"n": int, "lines": tuple}
    LINES_MORE = "warnings.lines_more", {"lines": tuple, "more": int}
    LINES_ABOVE_HEADER = "warnings.lines_above_header", {"n": int, "line": int}
    # Values (infludash.read.values)
    ROWS = "warnings.rows", {"n": int, "rows": tuple}
    ROWS_MORE = "warnings.rows_more", {"rows": tuple, "more": int}
    HIDDEN_VALUES = "warnings.hidden_values", {"column": Note, "n": int, "rows": Note}
    INVALID_VALUES = "warnings.invalid_values", {"column": Note, "n": int, "rows": Note}
    DUPLICATE_HEADER = (
        "warnings.duplicate_header",
        {"header": str, "n": int, "column": int, "canon": Note, "counts": tuple},
    )
    VALID_IN_COLUMN = "warnings.valid_in_column", {"column": int, "n": int}
    ENGAGEMENT_IS_RATE = "warnings.engagement_is_rate"
    ER_UNIT_PERCENT = "warnings.er_unit_percent"
    ER_UNIT_FRACTION = "warnings.er_unit_fraction"
    AMBIGUOUS_WORD = "warnings.ambiguous_word", {"column": Note, "word": str, "value": int}
    UNIT_WORD = "warnings.unit_word", {"column": Note, "word": str}
    # Columns (infludash.read.columns)
    BETTER_MATCH = "warnings.better_match", {"loser": str, "header": str, "canon": Note}
    ALREADY_GIVEN = "warnings.already_given", {"header": str, "kept": str, "canon": Note}
    MAPPED_BY_HAND = "warnings.mapped_by_hand", {"header": str, "canon": Note}
    MAPPING_SKIPPED = "warnings.mapping_skipped", {"canon": Note | str, "header": str}
    GUESSED_HEADER = (
        "warnings.guessed_header",
        {"header": str, "canon": Note, "alias": str, "name": str},
    )
    HEADER_UNIT = "warnings.header_unit", {"header": str, "canon": Note, "n": int}
    # The file as a whole (infludash.read.reader, .outcome, .duplicates, .platforms)
    POSSIBLE_DUPLICATES = "warnings.possible_duplicates", {"n": int}
    NO_HANDLE_COLUMN = "warnings.no_handle_column"
    CSV_IN_ONE_COLUMN = "warnings.csv_in_one_column"
    PLATFORM_GIVEN = "warnings.platform_given", {"platform": str}
    PLATFORM_KEPT = "warnings.platform_kept", {"platform": str}
    # Workbooks (infludash.read.xlsx)
    OTHER_SHEET = "warnings.other_sheet", {"sheet": str, "first": str}
    ROWS_ABOVE_HEADER = "warnings.rows_above_header", {"n": int, "sheet": str}
    CELLS_OUTSIDE = "warnings.cells_outside", {"n": int}
    # Several files (infludash.read.crossfile)
    FOLDED_LATER = "warnings.across.folded_later", {"n": int, "files": tuple}
    FOLDED_EARLIER = "warnings.across.folded_earlier", {"n": int, "files": tuple}
    FLAGGED = "warnings.across.flagged", {"n": int, "accounts": int, "files": tuple}
    KEPT_LATEST = "warnings.across.kept_latest", {"n": int, "accounts": int, "files": tuple}
    PLATFORM_MATCHED = "warnings.across.platform_matched", {"n": int, "files": tuple}
    #: Rows in several files that no file gives a platform for: one account, or namesakes?
    HANDLE_ONLY = "warnings.across.handle_only", {"n": int, "files": tuple}
    # Totals posing as per-post figures (infludash.read.plausibility; the alarms are Alarm)
    TOTALS_ROW = "warnings.totals_row", {"row": int, "followers": int}
    TOTALS_SIBLING = (
        "warnings.totals_sibling",
        {"header": str, "evidence": Note, "sibling": str, "canon": Note},
    )
    TOTALS_SUSPECTED_VIEWS = (
        "warnings.totals_suspected_views",
        {"header": str, "evidence": Note, "id": str},
    )
    EVIDENCE_ABOVE = (
        "warnings.evidence.above",
        {"column": Note, "n": int, "total": int, "ratio": Fixed},
    )
    EVIDENCE_VIEWS = (
        "warnings.evidence.views",
        {"limit": int, "n": int, "total": int, "ratio": Fixed},
    )
    EVIDENCE_ER = "warnings.evidence.er", {"n": int, "total": int, "median": Fixed}
    EVIDENCE_REPORTED = "warnings.evidence.reported", {"n": int, "total": int, "median": Fixed}


class RateNote(Code):
    """How a reported engagement-rate column was read (shown with the engagement notes)."""

    ER_MIXED_PERCENT = "notes.er_mixed_percent", {"n": int}
    ER_FRACTIONS_AMBIGUOUS = "notes.er_fractions_ambiguous", {"median": Fixed, "n": int}
