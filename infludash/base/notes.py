"""What the core says, as codes with values: a reason, a warning, an error, a verdict.

The core never writes a sentence. It returns a :class:`Note`: a code (a member of one of the
layers' ``Enum`` classes, whose value is the catalogue key, ``"reasons.followers_missing"``) and
the values the sentence needs, as data (numbers stay numbers, a file name stays a name). Words are
made in ``present/`` from the catalogues, in the reader's language; nothing is parsed back out of
text. A test checks that every code has a text in every catalogue with exactly the placeholders
its notes fill.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Union

__all__ = ["Fixed", "Note", "Value"]


@dataclass(frozen=True)
class Fixed:
    """A number shown with exactly ``places`` decimals (``Fixed(1234.5, 1)``: ``1,234.5`` /
    ``1.234,5``), where the default (up to two decimals, no trailing zeros) would not do."""

    value: float
    places: int


#: A note's value: a number, a text taken from the data (shown as it is, never as markup), a
#: fixed-decimal number, another note (said in the same language), or a tuple of these (a list).
Value = Union[int, float, str, Fixed, "Note", tuple["Value", ...]]


@dataclass(frozen=True)
class Note:
    """A code and its values: ``Note(Reason.FOLLOWERS_MISSING)``,
    ``Note(ReadWarning.LINES_ABOVE_HEADER, line=3)``."""

    code: Enum
    values: Mapping[str, Value] = field(default_factory=dict)

    def __init__(self, code: Enum, **values: Value) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "values", values)

    @property
    def key(self) -> str:
        """The catalogue key of the code (its value)."""
        return str(self.code.value)

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted(self.values.items(), key=lambda kv: kv[0]))))
