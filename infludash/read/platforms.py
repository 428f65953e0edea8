"""A platform given per file: for exports that have no platform column.

A TikTok export and an Instagram export, neither with a platform column, would otherwise be pooled
as one "unknown" platform: one trend line, one benchmark, and handles matched across platforms.
The analyst knows which platform each file is from; the given platform fills the file's platform
column, spelled the way the reader spells it (``tiktok`` -> ``TikTok``). A file that has its own
platform column keeps it, and a warning says the given platform was not used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.base.schema import HANDLE, PLATFORM
from infludash.read.arrowtext import constant_text
from infludash.read.codes import ReadError
from infludash.read.values import PLATFORM_SPELLINGS
from infludash.read.warning_codes import ReadWarning

if TYPE_CHECKING:
    from infludash.read.result import ReadResult

__all__ = ["KNOWN_PLATFORMS", "canonical_platform", "platform_per_file", "with_platform"]

#: The platforms a file can be given, in their canonical spelling (the reader's).
KNOWN_PLATFORMS: tuple[str, ...] = tuple(dict.fromkeys(PLATFORM_SPELLINGS.values()))


def canonical_platform(text: str) -> str | None:
    """The canonical name of a platform (``ig``, ``Instagram``, ``INSTAGRAM`` -> Instagram); None
    for a name the reader does not know."""
    return PLATFORM_SPELLINGS.get(" ".join(text.split()).casefold())


def with_platform(result: ReadResult, platform: str) -> ReadResult:
    """``result`` (one file) with every account on ``platform``, when the file has no platform
    column; otherwise unchanged but for a warning that the file's own column was kept."""
    name = result.sources[0]
    platform = canonical_platform(platform) or platform.strip()
    if PLATFORM in result.mapping.get(name, {}):
        note = Note(ReadWarning.PLATFORM_KEPT, platform=platform)
        return replace(result, warnings=[*result.warnings, note])
    accounts = result.accounts.copy(deep=False)  # the columns, not their data
    columns = list(accounts.columns)
    at = columns.index(HANDLE) + 1 if HANDLE in columns else len(columns)
    column = constant_text(platform, len(accounts)).set_axis(accounts.index)
    accounts.insert(at, PLATFORM, column)
    note = Note(ReadWarning.PLATFORM_GIVEN, platform=platform)
    return replace(result, accounts=accounts, warnings=[*result.warnings, note])


def _known(item: str, name: str) -> str:
    platform = canonical_platform(name)
    if platform is None:
        raise InputError(
            Note(
                ReadError.PLATFORM_UNKNOWN,
                item=repr(item),
                name=repr(name.strip()),
                platforms=", ".join(KNOWN_PLATFORMS),
            )
        )
    return platform


def platform_per_file(items: Sequence[str], files: Sequence[str]) -> list[str | None]:
    """The platform given for each file, in order, from ``--platform NAME`` (every file) and
    ``--platform FILE=NAME`` (one file, named as on the command line or by its file name; it
    wins over NAME). None: no platform given for that file."""
    every: str | None = None
    one: dict[int, str] = {}
    for item in items:
        target, sep, name = item.rpartition("=")
        if not sep:
            if every is not None:
                raise InputError(Note(ReadError.PLATFORM_TWICE, item=repr(item)))
            every = _known(item, item)
            continue
        platform = _known(item, name)
        hits = [i for i, f in enumerate(files) if target in (f, Path(f).name)]
        if not hits:
            raise InputError(
                Note(ReadError.PLATFORM_NOT_A_FILE, item=repr(item), target=repr(target))
            )
        if len(hits) > 1 and target not in files:
            raise InputError(
                Note(ReadError.PLATFORM_AMBIGUOUS, item=repr(item), target=repr(target))
            )
        for i in hits if target not in files else [files.index(target)]:
            if i in one:
                raise InputError(
                    Note(ReadError.PLATFORM_FILE_TWICE, item=repr(item), file=files[i])
                )
            one[i] = platform
    return [one.get(i, every) for i in range(len(files))]
