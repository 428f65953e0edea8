"""The texts that mean "no value" in a numeric column: one list for the parser, the reader's
follower details and the word scan."""

from __future__ import annotations

__all__ = ["MISSING_MARKERS"]

#: Cell texts that mean "no value" in a numeric column (compared case-folded, trimmed).
MISSING_MARKERS: frozenset[str] = frozenset(
    {
        "",
        "nan",
        "na",
        "n/a",
        "n/a'",
        "n.a.",
        "none",
        "null",
        "-",
        "--",
        "—",
        "–",
        "?",
        "#n/a",
        "#na",
        "#valor!",
        "#value!",
        "#div/0!",
        "#ref!",
        "#num!",
        "#name?",
        "#null!",
        "#nv",
        "k.a.",
        "k. a.",
        "n.v.",
        "n/v",
        "keine angabe",
    }
)
