"""How each numeric column reads its words, decided once per column before any cell is read.

The words a column uses (``тыс.``, ``mil``, ``followers``) are found among the distinct texts the
bulk pass could not convert, so a column of plain numbers costs nothing here. An ambiguous word
is settled by :func:`infludash.read.magnitudes.resolve` from the column's and the file's other
words; a trailing word that every valued cell of a column carries (``12 pts``) is a unit too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from infludash.base.notes import Note
from infludash.base.schema import FOLLOWERS
from infludash.read.codes import ColumnWord, Interaction
from infludash.read.magnitudes import AMBIGUOUS, MAGNITUDES, Reading, resolve, split_words
from infludash.read.numbers import MISSING_MARKERS, NUMBER, Convention, PreparedColumn, compact_cell
from infludash.read.warning_codes import ReadWarning

__all__ = ["ColumnWords", "column_words", "readings"]

_WORD = re.compile(r"[^\W\d_]+(?:[-_][^\W\d_]+)*")  # letters, maybe joined by - or _
#: A trailing word taken as a unit because every valued cell has it needs this many cells: on a
#: handful of rows a shared word is as likely a mistake as a unit.
MIN_CONSTANT_CELLS = 3
#: Ambiguous words said in a note however they are read: no reading is usual enough.
SAID_ALWAYS = frozenset({"mil"})


@dataclass(frozen=True)
class ColumnWords:
    """The known words a column uses, and the unknown trailing word all its valued cells share."""

    words: frozenset[str]
    constant: str = ""


def _rest(cell: str) -> str | None:
    """What follows the number in a cell, compact as the word tables store it, or None."""
    match = NUMBER.match(compact_cell(cell))
    if match is None:
        return None
    return match["rest"].replace(".", "").removesuffix("%")


def column_words(column: PreparedColumn) -> ColumnWords:
    """The words of one column (see :class:`ColumnWords`)."""
    if column.done or not column.uniques:
        return ColumnWords(frozenset())
    words: set[str] = set()
    tails: set[str] | None = None  # candidate constant words, common to every unknown cell
    unknown_rows = known_rows = 0
    counts = np.bincount(column.codes, minlength=len(column.uniques))
    for cell, count in zip(column.uniques, counts, strict=True):
        if cell.strip().casefold() in MISSING_MARKERS:
            continue
        rest = _rest(cell)
        if rest is None:
            continue
        found = split_words(rest)
        if found is not None:
            words.update(w for w in found if w)
            known_rows += int(found != ("", ""))
            continue
        options = {rest[len(m) :] for m in ["", *MAGNITUDES, *AMBIGUOUS] if rest.startswith(m)}
        options = {t for t in options if _WORD.fullmatch(t)}
        tails = options if tails is None else tails & options
        unknown_rows += int(count)
    if not tails:
        return ColumnWords(frozenset(words))
    plain = int(np.isfinite(column.values).sum())  # cells read in bulk: no word at all
    if plain or known_rows or unknown_rows < MIN_CONSTANT_CELLS:
        return ColumnWords(frozenset(words))
    constant = max(tails, key=len)
    prefix = _magnitudes_before(column, constant)
    return ColumnWords(frozenset(words | prefix), constant)


def _magnitudes_before(column: PreparedColumn, constant: str) -> set[str]:
    """The magnitude words standing before a constant trailing word (``1.2k pts``)."""
    found: set[str] = set()
    for cell in column.uniques:
        rest = _rest(cell)
        if rest and rest.endswith(constant):
            head = rest[: -len(constant)]
            if head in MAGNITUDES or head in AMBIGUOUS:
                found.add(head)
    return found


def _column_label(canon: str) -> Note:
    """The column in words (``likes``), not its id: ids are for ``--map``, not for reading."""
    if canon == FOLLOWERS:
        return ColumnWord.of(canon)
    return Interaction.of(canon)


def readings(
    columns: Mapping[str, PreparedColumn],
    conventions: Mapping[str, Convention],
    scales: Mapping[str, Decimal] | None = None,
) -> tuple[dict[str, Reading], list[Note]]:
    """Each column's :class:`Reading`, and notes saying how an ambiguous or unknown word was
    read (the analyst should know that ``mil`` was taken as a thousand, and why). ``scales``
    are the units headers state: a cell without a word of its own is in that unit."""
    found = {canon: column_words(column) for canon, column in columns.items()}
    result: dict[str, Reading] = {}
    notes: list[Note] = []
    for canon, own in found.items():
        others = {w for c, f in found.items() if c != canon for w in f.words}
        convention = conventions.get(canon)
        comma = None if convention not in (",", ".") else convention == ","
        multipliers = resolve(own.words, others, comma)
        if scales and canon in scales:
            multipliers[""] = scales[canon]
        result[canon] = Reading(multipliers=multipliers, constant_word=own.constant)
        column = _column_label(canon)
        for word in sorted(own.words & set(AMBIGUOUS)):
            if word not in SAID_ALWAYS and multipliers[word] == AMBIGUOUS[word][0][0]:
                continue  # "1.2M" read as a million: usual enough to go without saying
            notes.append(
                Note(
                    ReadWarning.AMBIGUOUS_WORD,
                    column=column,
                    word=repr(word),
                    value=int(multipliers[word]),
                )
            )
        if own.constant:
            notes.append(Note(ReadWarning.UNIT_WORD, column=column, word=repr(own.constant)))
    return result, notes
