"""Column names: the one alias table that maps what exports call a column to our canonical name.

Exports name the same thing a dozen ways (``Followers``, ``follower_count``, ``Subscribers count``,
``Abonnenten``, ``Likes (Avg.)``). Headers are normalised first (Unicode-folded, case-folded,
punctuation and qualifiers like ``avg``/``Ø`` removed) and then looked up here, so each spelling is
written once. Totals (``total_likes``, ``video_views``) are deliberately not aliases of per-post
averages: dividing a lifetime total by followers is not an engagement rate.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.base.schema import (
    AVG_COMMENTS,
    AVG_ENGAGEMENTS,
    AVG_LIKES,
    AVG_SAVES,
    AVG_SHARES,
    AVG_VIEWS,
    FOLLOWERS,
)
from infludash.read.aliases import ALIASES, PER_POST_WORDS
from infludash.read.codes import ColumnWord, ReadError
from infludash.read.header_rules import fuzzy_alias, header_unit, token_rule
from infludash.read.warning_codes import ReadWarning

__all__ = [
    "ALIASES",
    "CANONICAL_ORDER",
    "INTERACTION_COLUMNS",
    "NUMERIC_COLUMNS",
    "RATE_COLUMN",
    "WHOLE_NUMBER_COLUMNS",
    "ColumnMapping",
    "accepted_names",
    "map_columns",
    "normalise_header",
]

#: Columns whose header may state a unit (``(M)``): counts, not rates.
_SCALABLE = frozenset(
    {FOLLOWERS, AVG_LIKES, AVG_COMMENTS, AVG_SHARES, AVG_SAVES, AVG_VIEWS} | {AVG_ENGAGEMENTS}
)
#: Columns where a per-post header (``Views Avg.``) beats a bare one (``Views``), which may hold
#: lifetime totals.
_PER_POST_FIRST = frozenset(
    {AVG_LIKES, AVG_COMMENTS, AVG_SHARES, AVG_SAVES, AVG_VIEWS, AVG_ENGAGEMENTS}
)

CANONICAL_ORDER: tuple[str, ...] = tuple(ALIASES)
#: ``avg_engagements`` is a file's own total per post: used where the parts are not reported.
INTERACTION_COLUMNS: tuple[str, ...] = (
    AVG_LIKES,
    AVG_COMMENTS,
    AVG_SHARES,
    AVG_SAVES,
    AVG_ENGAGEMENTS,
)
#: The mapped name of a reported engagement-rate column (read into ``reported_er_pct``).
RATE_COLUMN = "engagement_rate"
#: Counts that are whole numbers by nature: an ambiguous ``1.234`` there is a thousands group.
WHOLE_NUMBER_COLUMNS: tuple[str, ...] = (FOLLOWERS,)
NUMERIC_COLUMNS: tuple[str, ...] = (
    FOLLOWERS,
    *INTERACTION_COLUMNS,
    AVG_VIEWS,
    RATE_COLUMN,
)

# Qualifiers that say "average per post" (or a unit) and carry no other meaning for the mapping.
_QUALIFIERS = re.compile(
    r"^(?:avg|average|mean|ø|ø|durchschnittliche?|durchschn|typical)\s+"
    r"|\s+(?:avg|average|mean|ø|pct|percent|%)$"
)
#: Not a letter, digit or mark: Indic and Thai vowel signs are marks (not ``\w``) and belong to
#: the word (``फॉलोअर्स``).
_PUNCT = re.compile(r"[^\w%ø\u0300-\u036f\u064b-\u065f\u0900-\u0dff\u0e00-\u0e7f]+", re.UNICODE)


def ascii_folded(text: str) -> str:
    """``etkileşim`` -> ``etkilesim``, ``país`` -> ``pais``: exports often drop accents. Only
    Latin letters are folded (a Devanagari vowel sign is part of its word, not an accent)."""
    folded = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return folded if folded.isascii() else text


_LOOKUP: dict[str, tuple[str, int]] = {}
for _canon, _aliases in ALIASES.items():
    for _rank, _alias in enumerate(_aliases):
        _LOOKUP.setdefault(_alias, (_canon, _rank))
        _LOOKUP.setdefault(ascii_folded(_alias), (_canon, _rank))
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def normalise_header(header: str) -> str:
    """Fold a header to the form the alias table uses: ``"Likes (Avg.)"`` -> ``"likes avg"``."""
    text = unicodedata.normalize("NFKC", str(header)).casefold()
    text = text.replace("\ufeff", "")
    text = _PUNCT.sub(" ", text).replace("_", " ")
    return " ".join(text.split())


def _candidates(normalised: str) -> Iterable[str]:
    yield normalised
    stripped = normalised
    for _ in range(3):
        nxt = _QUALIFIERS.sub("", stripped).strip()
        if nxt == stripped:
            break
        stripped = nxt
        yield stripped


@dataclass(frozen=True)
class ColumnMapping:
    """Which file header became which canonical column, and what was left unmapped or ambiguous.

    ``scales`` holds the unit a header states (``Subscribers (M)``: 10**6) per canonical column.
    """

    columns: dict[str, str]  # canonical -> original header
    unmapped: tuple[str, ...] = ()
    notes: tuple[Note, ...] = field(default=())
    scales: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class _Hit:
    canon: str
    rank: int  # position of the alias in its list
    how: int  # 0 an alias, 1 a rule by words, 2 a guess at a misspelling
    guessed: str = ""  # the alias a misspelling was taken for


def _match(header: str) -> _Hit | None:
    """How one header maps: an alias of its own or stripped of qualifiers, then a word rule,
    then a likely misspelling."""
    plain = normalise_header(header)
    camel = normalise_header(_CAMEL.sub(" ", str(header)))  # followerCount, engagementRate
    candidates = list(_candidates(plain))
    candidates += [c for c in _candidates(camel) if c not in candidates]
    candidates += [f for c in candidates if (f := ascii_folded(c)) not in candidates]
    for candidate in candidates:
        hit = _LOOKUP.get(candidate)
        if hit is not None:
            return _Hit(hit[0], hit[1], 0)
    for candidate in candidates:
        canon = token_rule(candidate)
        if canon is not None:
            return _Hit(canon, len(ALIASES[canon]), 1)
    for candidate in candidates:
        guess = fuzzy_alias(candidate)
        if guess is not None:
            return _Hit(guess[0], ALIASES[guess[0]].index(guess[1]), 2, guess[1])
    return None


def _per_post(header: str) -> bool:
    words = set(normalise_header(header).split())
    return bool(words & PER_POST_WORDS) or {"per", "post"} <= words


def map_columns(
    headers: Iterable[str], overrides: Mapping[str, str] | None = None
) -> ColumnMapping:
    """Map headers to canonical columns, best match first; ``overrides`` (canonical -> header)
    win.

    A header matches at most one canonical column. When several headers fit one column, an
    alias beats a rule by words, which beats a guessed misspelling; for interactions a per-post
    header beats a bare one; then the earlier alias wins, then the leftmost. The losers are
    reported in ``notes``.
    """
    header_list = list(headers)
    chosen: dict[str, tuple[tuple[int, ...], str, _Hit, Decimal | None]] = {}
    notes: list[Note] = []
    for position, header in enumerate(header_list):
        bare, scale = header_unit(header)
        hit = _match(bare) if scale is not None else None
        if hit is None or hit.canon not in _SCALABLE:
            hit, scale = _match(header), None
        if hit is None:
            continue
        canon = hit.canon
        first = canon in _PER_POST_FIRST and not _per_post(header)
        key = (hit.how, int(first), hit.rank, position)
        current = chosen.get(canon)
        if current is None or key < current[0]:
            if current is not None:
                notes.append(
                    Note(
                        ReadWarning.BETTER_MATCH,
                        loser=repr(current[1]),
                        header=repr(header),
                        canon=ColumnWord.of(canon),
                    )
                )
            chosen[canon] = (key, header, hit, scale)
        elif header != current[1]:  # repeated headers are resolved by the reader
            notes.append(
                Note(
                    ReadWarning.ALREADY_GIVEN,
                    header=repr(header),
                    kept=repr(current[1]),
                    canon=ColumnWord.of(canon),
                )
            )
    columns = {canon: item[1] for canon, item in chosen.items()}
    dropped = [c for c, h in (overrides or {}).items() if not h]  # "" means "not used"
    forced = {c: h for c, h in (overrides or {}).items() if h}
    unknown = [c for c in (*forced, *dropped) if c not in ALIASES]
    if unknown:
        raise InputError(
            Note(ReadError.UNKNOWN_COLUMN, column=repr(unknown[0]), columns=tuple(ALIASES))
        )
    taken = list(forced.values())
    repeated = {h for h in taken if taken.count(h) > 1}
    if repeated:
        raise InputError(Note(ReadError.MAPPED_TWICE, header=repr(sorted(repeated)[0])))
    for canon, header in list(columns.items()):
        if header in taken and forced.get(canon) != header:
            del columns[canon]
            notes.append(
                Note(
                    ReadWarning.MAPPED_BY_HAND,
                    header=repr(header),
                    canon=ColumnWord.of(canon),
                )
            )
    columns.update(forced)
    for canon in dropped:
        columns.pop(canon, None)
    used = set(columns.values())
    unmapped = tuple(h for h in header_list if h not in used)
    ordered = {c: columns[c] for c in CANONICAL_ORDER if c in columns}
    scales: dict[str, Decimal] = {}
    for canon, (_, header, hit, scale) in chosen.items():
        if ordered.get(canon) != header:
            continue  # mapped by hand to another header, or not used
        word = ColumnWord.of(canon)
        if hit.guessed:
            notes.append(
                Note(
                    ReadWarning.GUESSED_HEADER,
                    header=repr(header),
                    canon=word,
                    alias=repr(hit.guessed),
                    name=canon,
                )
            )
        if scale is not None:
            scales[canon] = scale
            notes.append(
                Note(ReadWarning.HEADER_UNIT, header=repr(header), canon=word, n=int(scale))
            )
    return ColumnMapping(columns=ordered, unmapped=unmapped, notes=tuple(notes), scales=scales)


def accepted_names(canonical: str) -> str:
    """The spellings accepted for a column, for error messages."""
    return ", ".join(ALIASES[canonical])
