"""Counts in sentences: "1 account", "2 accounts", "1,234 rows" (one rule for every message)."""

from __future__ import annotations

__all__ = ["counted"]


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` with thousands separators and the noun in the right number."""
    word = noun if n == 1 else (plural or f"{noun}s")
    return f"{n:,} {word}"
