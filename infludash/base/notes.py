"""What the core says, as codes with values: a reason, a warning, an error, a verdict.

The core never writes a sentence. It returns a :class:`Note`: a code (a member of one of the
layers' :class:`Code` enums, whose value is the catalogue key, ``"reasons.followers_missing"``)
and the values the sentence needs, as data (numbers stay numbers, a file name stays a name).
Words are made in ``present/`` from the catalogues, in the reader's language; nothing is parsed
back out of text. A test checks that every code has a text in every catalogue with exactly the
placeholders its notes fill.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Union

__all__ = ["Code", "Fixed", "Note", "Value"]


@dataclass(frozen=True)
class Fixed:
    """A number shown with exactly ``places`` decimals (``Fixed(1234.5, 1)``: ``1,234.5`` /
    ``1.234,5``), where the default (up to two decimals, no trailing zeros) would not do."""

    value: float
    places: int


#: A note's value: a number, a text taken from the data (shown as it is, never as markup), a
#: fixed-decimal number, another note (said in the same language), or a tuple of these (a list).
Value = Union[int, float, str, Fixed, "Note", tuple["Value", ...]]


class Code(Enum):
    """A code: its value is the catalogue key, ``params`` the values every note of it fills and
    their types. A key whose catalogue entry is a plural family (``key.one``, ``key.other``) is
    said in the form its ``n`` asks for, so ``n`` is then one of the parameters.

    Members are written ``NAME = "section.key", {"n": int}``; the declared parameters are what
    the catalogue test holds the texts to, and every :class:`Note` is checked against them (a
    note that fills other values is a bug, and fails where it is made, not on screen).
    """

    params: Mapping[str, Any]

    def __new__(cls, key: str, params: Mapping[str, Any] | None = None) -> Code:
        member = object.__new__(cls)
        member._value_ = key
        member.params = dict(params or {})
        return member

    def __str__(self) -> str:
        return str(self.value)


# Accepted for each declared type: an int parameter takes a Python int but not a bool (numpy
# counts are turned into ints where the note is made, so notes compare and pickle plainly), a
# float one an int or a float.
def _accepts(kind: Any, value: object) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, kind)


@dataclass(frozen=True)
class Note:
    """A code and its values: ``Note(Reason.FOLLOWERS_MISSING)``,
    ``Note(ReadWarning.LINES_ABOVE_HEADER, n=2, line=3)``."""

    code: Enum
    values: Mapping[str, Value] = field(default_factory=dict)

    def __init__(self, code: Enum, **values: Value) -> None:
        if isinstance(code, Code):
            params = code.params
            if values.keys() != params.keys():
                raise TypeError(
                    f"{code!r} takes {sorted(params)}, not {sorted(values)}"  # a bug, not input
                )
            wrong = [name for name, v in values.items() if not _accepts(params[name], v)]
            if wrong:
                raise TypeError(
                    f"{code!r}: {wrong[0]}={values[wrong[0]]!r} is not a {params[wrong[0]]}"
                )
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "values", values)

    @property
    def key(self) -> str:
        """The catalogue key of the code (its value)."""
        return str(self.code.value)

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted(self.values.items(), key=lambda kv: kv[0]))))

    def __reduce__(self) -> tuple[Any, ...]:  # cached results are pickled; __init__ takes **values
        return (_note, (self.code, dict(self.values)))


def _note(code: Enum, values: dict[str, Value]) -> Note:
    return Note(code, **values)
