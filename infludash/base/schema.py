"""The data contract: which columns the accounts table and the annotated table have, of which
type, and which of them a table may lack.

Reading produces the accounts table (one row per account, canonical columns); the analysis adds
the tier and the rates. Both layers import the names from here, so a column is spelled once, and
:func:`check` holds reading to the contract at its edge (``read_accounts`` and ``combine``). The
check looks at the column list and the dtypes only, never at a million values: it costs a few
microseconds, where a row-wise validation library would cost a noticeable share of a summary.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = [
    "ACCOUNTS",
    "ANNOTATED",
    "Column",
    "SchemaError",
    "check",
]

# --- the accounts table, as read -------------------------------------------------------------
SOURCE = "source"  # the file an account was read from
ROW = "row"  # its line in that file
HANDLE = "handle"
PLATFORM = "platform"
FOLLOWERS = "followers"
AVG_LIKES = "avg_likes"
AVG_COMMENTS = "avg_comments"
AVG_SHARES = "avg_shares"
AVG_SAVES = "avg_saves"
AVG_VIEWS = "avg_views"
AVG_ENGAGEMENTS = "avg_engagements"  # a file's own interactions per post
REPORTED_ER_PCT = "reported_er_pct"  # the file's engagement rate, in percent
CATEGORY = "category"
COUNTRY = "country"
PROFILE_URL = "profile_url"
HIDDEN_LIKES = "hidden_likes"  # likes hidden by the platform (-1 in the file)
POSSIBLE_DUPLICATE = "possible_duplicate"
DUPLICATE_ACROSS_FILES = "duplicate_across_files"

# --- what the analysis adds --------------------------------------------------------------------
TIER_INDEX = "tier_index"  # position of the tier in the scheme; -1 without a follower count
TIER = "tier"  # the tier's label, a categorical in scheme order
ENGAGEMENTS = "engagements"  # interactions per post
ER_PCT = "er_pct"  # engagement rate in percent, on the basis the analysis chose
ER_DISAGREES = "er_disagrees"  # the file's rate and the computed one disagree


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, its dtype as pandas names it, and whether every table of
    that kind has it."""

    name: str
    dtype: str
    required: bool = False


_TEXT, _NUMBER, _FLAG = "string", "float64", "bool"

ACCOUNTS: tuple[Column, ...] = (
    Column(SOURCE, _TEXT, required=True),
    Column(ROW, "int64", required=True),
    Column(HANDLE, _TEXT),
    Column(PLATFORM, _TEXT),
    Column(FOLLOWERS, _NUMBER, required=True),
    Column(AVG_LIKES, _NUMBER),
    Column(AVG_COMMENTS, _NUMBER),
    Column(AVG_SHARES, _NUMBER),
    Column(AVG_SAVES, _NUMBER),
    Column(AVG_VIEWS, _NUMBER),
    Column(AVG_ENGAGEMENTS, _NUMBER),
    Column(REPORTED_ER_PCT, _NUMBER),
    Column(CATEGORY, _TEXT),
    Column(COUNTRY, _TEXT),
    Column(PROFILE_URL, _TEXT),
    Column(HIDDEN_LIKES, _FLAG),
    Column(POSSIBLE_DUPLICATE, _FLAG),
    Column(DUPLICATE_ACROSS_FILES, _FLAG),
)

ANNOTATED: tuple[Column, ...] = (
    *ACCOUNTS,
    Column(TIER_INDEX, "int64", required=True),
    Column(TIER, "category", required=True),
    Column(ENGAGEMENTS, _NUMBER, required=True),
    Column(ER_PCT, _NUMBER, required=True),
    Column(ER_DISAGREES, _FLAG),
)


class SchemaError(AssertionError):
    """A table breaks the contract: a bug in the code that made it, never the analyst's file."""


def check(frame: pd.DataFrame, columns: tuple[Column, ...] = ACCOUNTS) -> pd.DataFrame:
    """``frame`` itself when its columns are declared in ``columns``, with the declared dtypes,
    and every required one is present; else :class:`SchemaError` naming each breach."""
    declared = {c.name: c for c in columns}
    problems = [
        f"{name!r} is not a declared column" for name in frame.columns if name not in declared
    ]
    for column in columns:
        if column.name not in frame.columns:
            if column.required:
                problems.append(f"{column.name!r} is missing")
            continue
        dtype = str(frame[column.name].dtype)
        if dtype != column.dtype:
            problems.append(f"{column.name!r} is {dtype}, not {column.dtype}")
    if problems:
        raise SchemaError("; ".join(problems))
    return frame
