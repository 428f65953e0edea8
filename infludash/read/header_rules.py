"""Headers a person reads at once but no alias spells: rules by word, misspellings, and a unit
written in the header.

- ``tiktok username``, ``creator name``: a name word beside a platform or creator word is a
  handle; ``instagram followers count``: a count word with only filler words is that count.
- ``Folowers``, ``Subscibers``: within a small edit distance of a known alias (a guess, said in
  a warning with how to override it).
- ``Subscriber count (M)``, ``Followers in K``, ``Abonnenten Mio.``: the values are in that unit;
  the column is scaled, with a warning.
"""

from __future__ import annotations

import re
from decimal import Decimal

from infludash.base.schema import (
    AVG_COMMENTS,
    AVG_LIKES,
    AVG_SAVES,
    AVG_SHARES,
    AVG_VIEWS,
    FOLLOWERS,
    HANDLE,
)
from infludash.read.aliases import ALIASES, HANDLE_TOKENS, PLATFORM_TOKENS, TOTAL_TOKENS

__all__ = ["fuzzy_alias", "header_unit", "token_rule"]

#: Words that may stand beside a count word and say nothing more (``number of followers``).
_FILLER = frozenset(
    [
        "count",
        "number",
        "num",
        "nr",
        "no",
        "of",
        "total",
        "amount",
        "current",
        "the",
        "in",
        "de",
        "on",
    ]
)
#: Canonical columns a word rule may give, by the word that names them.
_COUNT_WORDS: dict[str, str] = {
    word: canon
    for canon in (FOLLOWERS, AVG_LIKES, AVG_COMMENTS, AVG_SHARES, AVG_SAVES, AVG_VIEWS)
    for word in ALIASES[canon]
    if " " not in word and len(word) > 3
}
#: Words that name the account itself: beside platform words only, the header is a handle.
_CREATOR = frozenset(
    ["channel", "account", "profile", "creator", "influencer", "youtuber", "tiktoker"]
) | {"instagrammer"}
#: Per-post words that may stand beside an interaction word (``likes per video``).
_PER_POST = frozenset(["avg", "average", "mean", "per", "typical"])
#: What a figure is counted on: per-post only beside a per-post word (``video views`` is
#: YouTube's lifetime total, ``views per video`` an average).
_MEDIA = frozenset(["post", "posts", "video", "videos", "reel", "reels"])

_UNITS: dict[str, Decimal] = {
    **dict.fromkeys(
        ["k", "thousand", "thousands", "tsd", "tausend", "000", "000s"], Decimal(10**3)
    ),
    **dict.fromkeys(["m", "mn", "mio", "million", "millions", "millionen", "mill"], Decimal(10**6)),
    **dict.fromkeys(["mm", "mln", "млн", "jt", "juta"], Decimal(10**6)),
    **dict.fromkeys(["b", "bn", "billion", "billions", "mrd", "milliarden"], Decimal(10**9)),
    **dict.fromkeys(["lakh", "lakhs"], Decimal(10**5)),
    **dict.fromkeys(["crore", "crores"], Decimal(10**7)),
    **dict.fromkeys(["万"], Decimal(10**4)),
}
_UNIT = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
#: A unit in brackets (``(M)``, ``[in K]``), after "in" (``in Mio.``), or a word unit closing
#: the header (``Mio.``, ``millions``): single letters only in brackets or after "in".
_HEADER_UNIT = re.compile(
    rf"\s*[(\[]\s*(?:in\s+)?'?(?P<a>{_UNIT})\.?\s*[)\]]\s*$"
    rf"|\s+(?:in|en|em)\s+'?(?P<b>{_UNIT})\.?\s*$"
    r"|\s+(?P<c>mio|mn|millions|million|thousands|tsd|mrd|lakhs|crores|'000)\.?\s*$",
    re.IGNORECASE,
)


def header_unit(header: str) -> tuple[str, Decimal | None]:
    """The header without a unit it states, and that unit's multiplier (None: no unit)."""
    match = _HEADER_UNIT.search(str(header))
    if match is None:
        return str(header), None
    unit = (match["a"] or match["b"] or match["c"]).casefold().lstrip("'")
    rest = str(header)[: match.start()].strip()
    return (rest, _UNITS[unit]) if rest else (str(header), None)


def token_rule(normalised: str) -> str | None:
    """The canonical column a header's words give (see the module docstring), or None."""
    tokens = normalised.split()
    if not tokens or TOTAL_TOKENS & set(tokens):
        return None
    words = set(tokens)
    if words & HANDLE_TOKENS and words & PLATFORM_TOKENS and len(tokens) <= 4:
        return HANDLE
    if words <= PLATFORM_TOKENS and words & _CREATOR and len(tokens) <= 3:
        return HANDLE  # "Youtube Channel", "TikTok account"
    counts = {_COUNT_WORDS[t] for t in tokens if t in _COUNT_WORDS}
    if len(counts) != 1:
        return None
    canon = counts.pop()
    others = words - set(_COUNT_WORDS) - PLATFORM_TOKENS - _FILLER
    if canon != FOLLOWERS:
        if not words & _PER_POST and words & _MEDIA:
            return None
        others -= _PER_POST | _MEDIA
        if words & {"count", "number", "num", "total", "amount"}:
            return None  # "likes count" may be a lifetime total
    return canon if not others else None


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance with transpositions (optimal string alignment), stopped past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


#: Real words one or two letters from an alias that mean something else.
_NOT_MISSPELLINGS = frozenset(
    [
        "following",
        "follows",
        "followed",
        "followings",
        "follow",
        "subscribed",
        "subscription",
        "likers",
        "liked",
        "viewers",
        "viewed",
        "viewer",
        "shared",
        "saved",
        "commenters",
    ]
)


def fuzzy_alias(normalised: str) -> tuple[str, str] | None:
    """The one alias a header is a likely misspelling of, as (canonical, alias), or None.

    One edit is allowed for an alias of five to nine letters, two for longer ones; shorter
    aliases (``er``, ``sub``) are too short to guess at, and a tie between two columns is no
    guess at all.
    """
    if len(normalised) < 5 or normalised in _NOT_MISSPELLINGS:
        return None
    best: dict[str, tuple[int, str]] = {}
    for canon, aliases in ALIASES.items():
        for alias in aliases:
            if len(alias) < 5 or not alias.isascii():
                continue
            limit = 1 if len(alias) <= 9 else 2
            found = _distance(normalised, alias, limit)
            if found <= limit and (canon not in best or found < best[canon][0]):
                best[canon] = (found, alias)
    if not best:
        return None
    ranked = sorted(best.items(), key=lambda item: item[1][0])
    if len(ranked) > 1 and ranked[0][1][0] == ranked[1][1][0]:
        return None
    canon, (_, alias) = ranked[0]
    return canon, alias
