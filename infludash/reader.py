"""Read an account list (CSV bytes or a path) into canonical columns, accounting for every row.

Every data record ends up in exactly one place: an account, a rejected row (with a reason the
analyst can act on), or an exact duplicate of an earlier record.
``rows_read == accounts + rejected + duplicates`` always holds, so nothing disappears silently.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from infludash.columns import NUMERIC_COLUMNS, accepted_names, map_columns
from infludash.errors import InputError
from infludash.numbers import parse_numeric

__all__ = [
    "ReadResult",
    "combine",
    "decode",
    "display_name",
    "read_accounts",
    "sniff_delimiter",
]

_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_BYTES = 64 * 1024
_PLATFORMS = {
    "instagram": "Instagram",
    "ig": "Instagram",
    "insta": "Instagram",
    "tiktok": "TikTok",
    "tik tok": "TikTok",
    "tt": "TikTok",
    "youtube": "YouTube",
    "yt": "YouTube",
    "you tube": "YouTube",
}
TEXT_COLUMNS = ("handle", "platform", "category", "country", "profile_url")


@dataclass
class ReadResult:
    """Accounts in canonical columns plus the bookkeeping that proves no row was lost."""

    accounts: pd.DataFrame
    rejected: pd.DataFrame
    rows_read: int
    duplicates: int
    sources: list[str] = field(default_factory=list)
    mapping: dict[str, dict[str, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def renamed(self, name: str) -> ReadResult:
        """The same result under another source name (the app caches by content, not by name)."""
        old = self.sources[0] if len(self.sources) == 1 else None
        if old is None or old == name:
            return self
        accounts = self.accounts.assign(source=name)
        rejected = self.rejected.assign(source=name)
        prefix = f"{old}: "
        return ReadResult(
            accounts=accounts,
            rejected=rejected,
            rows_read=self.rows_read,
            duplicates=self.duplicates,
            sources=[name],
            mapping={name: self.mapping.get(old, {})},
            warnings=[name + ": " + w.removeprefix(prefix) for w in self.warnings],
        )


def display_name(name: str, limit: int = 80) -> str:
    """A file name fit to show: no folders, no control characters, at most ``limit`` characters."""
    base = re.split(r"[\\/]", str(name))[-1]
    base = "".join(ch if ch.isprintable() else " " for ch in base).strip() or "upload"
    return base if len(base) <= limit else base[: limit - 1] + "…"


def decode(data: bytes) -> tuple[str, str | None]:
    """Text of the whole file and a warning when it was not UTF-8."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputError("the file is empty: export the account list again with a header row")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        try:
            return data.decode("cp1252"), (
                f"the file is not UTF-8 (first bad byte at position {err.start}); it was read as "
                "Windows-1252. Check umlauts and emoji in names, or save the file as UTF-8"
            )
        except UnicodeDecodeError:
            return data.decode("utf-8", errors="replace"), (
                "the file mixes text encodings; unreadable characters were replaced with �"
            )


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most, consistent columns."""
    sample = text[:_SNIFF_BYTES]
    lines = sample.splitlines()[:50]
    if len(sample) == _SNIFF_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line of a cut sample may be partial
    best, best_score = ",", (-1.0, 0)
    for delim in _DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delim) if row]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        consistency = sum(c == counts[0] for c in counts) / len(counts)
        score = (consistency, counts[0])
        if score > best_score:
            best, best_score = delim, score
    return best


_FIELDS_ERROR = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _read_csv(text: str, delimiter: str, **options: Any) -> pd.DataFrame:
    return pd.read_csv(
        io.StringIO(text),
        sep=delimiter,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=True,
        engine="c",
        **options,
    )


def _parse_table(text: str, delimiter: str) -> pd.DataFrame:
    """All cells as text. ``index_col=False`` stops pandas from silently turning the first column
    into an index when the first data row has more fields than the header; extra fields are
    accepted only when they are empty (a trailing delimiter), otherwise the row is an error."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            frame = _read_csv(text, delimiter, index_col=False)
        if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
            _check_extra_fields(text, delimiter, len(frame.columns))
    except pd.errors.EmptyDataError:
        raise InputError(
            "the file has no header row: the first line must name the columns"
        ) from None
    except pd.errors.ParserError as err:
        found = _FIELDS_ERROR.search(str(err))
        if found:
            expected, line, saw = found.groups()
            raise _fields_error(int(line), int(saw), int(expected), delimiter) from None
        raise InputError(
            f"the file is not a readable CSV table ({err}); re-export it as CSV"
        ) from None
    return frame.fillna("")


def _fields_error(line: int, saw: int, expected: int, delimiter: str) -> InputError:
    return InputError(
        f"line {line} has {saw} fields but the header has {expected}: a value probably "
        f"contains the delimiter {delimiter!r} without quotes; quote it or re-export the file"
    )


def _check_extra_fields(text: str, delimiter: str, expected: int) -> None:
    """Raise unless every field beyond the header's width is empty (only then nothing is lost)."""
    wide = _read_csv(text, delimiter, header=None, skiprows=1)
    extra = wide.iloc[:, expected:].fillna("")
    filled = (extra != "").any(axis=1).to_numpy()
    if filled.any():
        first = int(filled.argmax())
        saw = int(wide.iloc[first].notna().sum())
        raise _fields_error(first + 2, saw, expected, delimiter)


def _canonical_frame(
    raw: pd.DataFrame, columns: Mapping[str, str]
) -> tuple[pd.DataFrame, pd.Series]:
    """Canonical columns and a per-row rejection reason ('' for rows that are kept)."""
    out = pd.DataFrame(index=raw.index)
    reasons = pd.Series("", index=raw.index, dtype=object)
    for canon, header in columns.items():
        cells = raw[header]
        if canon in NUMERIC_COLUMNS:
            parsed = parse_numeric(cells)
            out[canon] = parsed.values
            if canon == "followers":
                reasons = reasons.mask(np.isnan(parsed.values), "followers missing")
                reasons = reasons.mask(parsed.invalid, f"followers not a number ({header!r})")
                reasons = reasons.mask(parsed.values < 0, "followers negative")
                if parsed.percent.any():
                    reasons = reasons.mask(parsed.percent, "followers written as a percentage")
            else:
                out.loc[parsed.values < 0, canon] = np.nan
        else:
            text = cells.astype("string").str.strip()
            if canon == "platform":
                text = text.str.casefold().map(_PLATFORMS).fillna(text)
            out[canon] = text.mask(text == "").astype("string")
    return out, reasons


def read_accounts(
    data: bytes | str | Path,
    source: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> ReadResult:
    """Read one CSV (bytes, or a path) into a :class:`ReadResult`.

    ``source`` names the file in the ``source`` column and in messages; a path defaults to its name.
    """
    if isinstance(data, (str, Path)):
        path = Path(data)
        try:
            raw_bytes = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{path}: no such file; check the path") from None
        except IsADirectoryError:
            raise InputError(f"{path}: is a folder, not a file; name a CSV file") from None
        except OSError as err:
            raise InputError(f"{path}: cannot be read ({err.strerror})") from None
        source = source or path.name
    else:
        raw_bytes = data
    name = source or "upload"
    try:
        text, warning = decode(raw_bytes)
        raw = _parse_table(text, sniff_delimiter(text))
    except InputError as err:
        raise InputError(f"{name}: {err}") from None
    mapping = map_columns([str(c) for c in raw.columns], overrides)
    if "followers" not in mapping.columns:
        raise InputError(
            f"{name}: no followers column found among {', '.join(map(repr, raw.columns))}. "
            f"Name one of the columns {accepted_names('followers')}"
        )
    missing_override = [h for h in mapping.columns.values() if h not in raw.columns]
    if missing_override:
        raise InputError(f"{name}: no column named {missing_override[0]!r} in the file")
    if raw.empty:
        raise InputError(
            f"{name}: the file has a header row but no accounts below it; export the list again"
        )

    duplicated = raw.duplicated(keep="first").to_numpy()
    accounts, reasons = _canonical_frame(raw, mapping.columns)
    accounts.insert(0, "source", name)
    accounts.insert(1, "row", np.arange(1, len(raw) + 1))
    rejected_mask = (reasons != "").to_numpy() & ~duplicated
    kept_mask = ~duplicated & ~rejected_mask
    rejected = raw[rejected_mask].copy()
    rejected.insert(0, "reason", reasons[rejected_mask].to_numpy())
    rejected.insert(0, "row", np.flatnonzero(rejected_mask) + 1)
    rejected.insert(0, "source", name)
    kept = accounts[kept_mask].reset_index(drop=True)
    warnings = [f"{name}: {warning}"] if warning else []
    warnings += [f"{name}: {note}" for note in mapping.notes]
    return ReadResult(
        accounts=kept,
        rejected=rejected.reset_index(drop=True),
        rows_read=len(raw),
        duplicates=int(duplicated.sum()),
        sources=[name],
        mapping={name: dict(mapping.columns)},
        warnings=warnings,
    )


def combine(results: Iterable[ReadResult]) -> ReadResult:
    """One result for several files: accounts stacked (``source`` says which file), counts added."""
    items = list(results)
    if not items:
        raise InputError("no files to read")
    if len(items) == 1:
        return items[0]
    frames = [r.accounts for r in items]
    accounts = pd.concat(frames, ignore_index=True, sort=False)
    rejected = pd.concat([r.rejected for r in items], ignore_index=True, sort=False)
    return ReadResult(
        accounts=accounts,
        rejected=rejected,
        rows_read=sum(r.rows_read for r in items),
        duplicates=sum(r.duplicates for r in items),
        sources=[s for r in items for s in r.sources],
        mapping={k: v for r in items for k, v in r.mapping.items()},
        warnings=[w for r in items for w in r.warnings],
    )
