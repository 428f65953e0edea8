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

from infludash.errors import InputError
from infludash.i18n import Message

__all__ = [
    "ALIASES",
    "CANONICAL_ORDER",
    "INTERACTION_COLUMNS",
    "NUMERIC_COLUMNS",
    "WHOLE_NUMBER_COLUMNS",
    "ColumnMapping",
    "accepted_names",
    "map_columns",
    "normalise_header",
]

#: Canonical column -> accepted spellings, already in normalised form. Earlier spellings win when
#: a file has several candidates for the same column (``username`` beats ``name``).
ALIASES: dict[str, tuple[str, ...]] = {
    "handle": (
        "handle",
        "username",
        "user name",
        "account handle",
        "account",
        "account name",
        "channel info",
        "channel name",
        "channel",
        "creator",
        "influencer",
        "tiktoker name",
        "youtuber",
        "profile",
        "instagram handle",
        "name",
        "kanal",
        "nutzername",
        "benutzername",
    ),
    "platform": ("platform", "network", "social network", "plattform", "netzwerk", "site"),
    "followers": (
        "followers",
        "follower",
        "followers count",
        "follower count",
        "number of followers",
        "subscribers",
        "subscriber",
        "subscribers count",
        "subscriber count",
        "subs",
        "sub",
        "fans",
        "audience size",
        "abonnenten",
        "abonnenten anzahl",
        "anzahl abonnenten",
        "follower anzahl",
        "anzahl follower",
    ),
    "avg_likes": ("likes", "like", "likes per post", "gefällt mir", "gefaellt mir"),
    "avg_comments": ("comments", "comment", "comments per post", "kommentare"),
    "avg_shares": ("shares", "share", "shares per post", "teilen", "geteilt"),
    "avg_saves": ("saves", "save", "saved", "saves per post", "gespeichert"),
    "avg_views": ("views", "view", "views per post", "video views per post", "plays", "aufrufe"),
    "engagement_rate": (
        "engagement rate",
        "er",
        "eng rate",
        "engagement rate pct",
        "interaktionsrate",
        "engagementrate",
    ),
    "category": ("category", "niche", "topic", "genre", "kategorie", "nische"),
    "country": ("country", "country code", "location", "land", "herkunftsland"),
    "profile_url": ("profile url", "url", "link", "profile link", "profil url"),
}

CANONICAL_ORDER: tuple[str, ...] = tuple(ALIASES)
INTERACTION_COLUMNS: tuple[str, ...] = ("avg_likes", "avg_comments", "avg_shares", "avg_saves")
#: Counts that are whole numbers by nature: an ambiguous ``1.234`` there is a thousands group.
WHOLE_NUMBER_COLUMNS: tuple[str, ...] = ("followers",)
NUMERIC_COLUMNS: tuple[str, ...] = (
    "followers",
    *INTERACTION_COLUMNS,
    "avg_views",
    "engagement_rate",
)

# Qualifiers that say "average per post" (or a unit) and carry no other meaning for the mapping.
_QUALIFIERS = re.compile(
    r"^(?:avg|average|mean|ø|ø|durchschnittliche?|durchschn|typical)\s+"
    r"|\s+(?:avg|average|mean|ø|pct|percent|%)$"
)
_PUNCT = re.compile(r"[^\w%ø]+", re.UNICODE)

_LOOKUP: dict[str, tuple[str, int]] = {
    alias: (canon, rank) for canon, aliases in ALIASES.items() for rank, alias in enumerate(aliases)
}


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
    """Which file header became which canonical column, and what was left unmapped or ambiguous."""

    columns: dict[str, str]  # canonical -> original header
    unmapped: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())


def map_columns(
    headers: Iterable[str], overrides: Mapping[str, str] | None = None
) -> ColumnMapping:
    """Map headers to canonical columns, best alias first; ``overrides`` (canonical -> header) win.

    A header matches at most one canonical column; when several headers fit one column the one with
    the earlier alias wins (then the leftmost), and the loser is reported in ``notes``.
    """
    header_list = list(headers)
    chosen: dict[str, tuple[int, int, str]] = {}
    notes: list[str] = []
    for position, header in enumerate(header_list):
        for candidate in _candidates(normalise_header(header)):
            hit = _LOOKUP.get(candidate)
            if hit is None:
                continue
            canon, rank = hit
            current = chosen.get(canon)
            if current is None or (rank, position) < current[:2]:
                if current is not None:
                    notes.append(
                        Message(
                            "warnings.better_match",
                            loser=repr(current[2]),
                            header=repr(header),
                            canon=Message(f"warnings.column.{canon}"),
                        )
                    )
                chosen[canon] = (rank, position, header)
            elif header != current[2]:  # repeated headers are resolved by the reader
                notes.append(
                    Message(
                        "warnings.already_given",
                        header=repr(header),
                        kept=repr(current[2]),
                        canon=Message(f"warnings.column.{canon}"),
                    )
                )
            break
    columns = {canon: item[2] for canon, item in chosen.items()}
    dropped = [c for c, h in (overrides or {}).items() if not h]  # "" means "not used"
    forced = {c: h for c, h in (overrides or {}).items() if h}
    unknown = [c for c in (*forced, *dropped) if c not in ALIASES]
    if unknown:
        raise InputError(
            Message("errors.unknown_column", column=repr(unknown[0]), columns=tuple(ALIASES))
        )
    taken = list(forced.values())
    repeated = {h for h in taken if taken.count(h) > 1}
    if repeated:
        raise InputError(Message("errors.mapped_twice", header=repr(sorted(repeated)[0])))
    for canon, header in list(columns.items()):
        if header in taken and forced.get(canon) != header:
            del columns[canon]
            notes.append(
                Message(
                    "warnings.mapped_by_hand",
                    header=repr(header),
                    canon=Message(f"warnings.column.{canon}"),
                )
            )
    columns.update(forced)
    for canon in dropped:
        columns.pop(canon, None)
    used = set(columns.values())
    unmapped = tuple(h for h in header_list if h not in used)
    ordered = {c: columns[c] for c in CANONICAL_ORDER if c in columns}
    return ColumnMapping(columns=ordered, unmapped=unmapped, notes=tuple(notes))


def accepted_names(canonical: str) -> str:
    """The spellings accepted for a column, for error messages."""
    return ", ".join(ALIASES[canonical])
