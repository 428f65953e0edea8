"""Words and number formats per language: one lookup for every label, message and number.

Every label, message, chart title, axis, hover text and finding is a key in the catalogues
(:mod:`infludash.present.catalogue`); code asks a :class:`Locale` for the text and passes numbers
already formatted for the language (``12,345.6`` in English, ``12.345,6`` in German). What the
core says comes as a :class:`~infludash.base.notes.Note` (a code and its values) and is said here,
by :meth:`Locale.say`: the only place where the core's codes become words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cache

from infludash.analysis.tiers import TierScheme, compact_number
from infludash.base.errors import InputError
from infludash.base.notes import Fixed, Note
from infludash.present.catalogue import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    catalogue,
    placeholders,
    plural_form,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Fixed",
    "Locale",
    "catalogue",
    "get_locale",
    "placeholders",
    "plural_form",
    "rounds_to_zero",
]


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))]
    return sep.join(parts)


@dataclass(frozen=True)
class Locale:
    """Texts and number formats of one language."""

    lang: str = DEFAULT_LANGUAGE
    texts: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def decimal(self) -> str:
        return "," if self.lang == "de" else "."

    @property
    def thousands(self) -> str:
        return "." if self.lang == "de" else ","

    @property
    def percent_sign(self) -> str:
        """What follows a percentage: ``%`` / narrow space and ``%``."""
        return "\u202f%" if self.lang == "de" else "%"

    def say(self, note: object) -> str:
        """A note from the core (:class:`Note`) in this language; text taken from the data (a
        file name, a header) is shown as it is.

        Numbers stay numbers until here: whole numbers get thousands separators, other floats
        up to two decimals (a :class:`Fixed` exactly its own); a value that is itself a note is
        said in the same language, and a tuple is its items, each shown that way, separated by
        commas. A code whose text is a plural family is said in the form its ``n`` asks for.
        """
        if not isinstance(note, Note):
            return str(note)
        key = note.key
        count = note.values.get("n")
        if key not in self.texts and isinstance(count, int):
            key = f"{key}.{plural_form(count)}"
        return self.t(key, **{name: self._shown(v) for name, v in note.values.items()})

    def error(self, err: InputError) -> str:
        """What an :class:`InputError` says, in this language."""
        return self.say(err.note)

    def word(self, code: Enum) -> str:
        """A code without values (a rejection reason, a column's name) in this language."""
        return self.t(str(code.value))

    def _shown(self, value: object) -> object:
        if isinstance(value, Note):
            return self.say(value)
        if isinstance(value, Fixed):
            return self.num(value.value, value.places)
        if isinstance(value, tuple):
            return ", ".join(str(self._shown(item)) for item in value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return value
        if isinstance(value, int) or float(value).is_integer():
            return self.num(value)
        # up to two decimals, trailing zeros dropped: 1.5 -> "1.5", 0.125 -> "0.13"
        return self.num(value, 2).rstrip("0").rstrip(self.decimal)

    def t(self, key: str, **values: object) -> str:
        """The text for ``key`` with ``{placeholders}`` filled in (values are used as given:
        format numbers with :meth:`num` first)."""
        text = self.texts.get(key)
        if text is None:  # a missing key is a bug (the catalogue test catches it): show the key
            return key
        return text.format_map(values) if values else text

    def n(self, key: str, count: int, **values: object) -> str:
        """Plural-aware text: ``key.one`` for 1, else ``key.other``; ``{n}`` is the count."""
        return self.t(f"{key}.{plural_form(count)}", n=self.num(count), **values)

    def num(self, value: float | None, decimals: int = 0) -> str:
        """``12,345.6`` / ``12.345,6``; an en dash for a missing value."""
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return "–"
        text = f"{abs(float(value)):.{decimals}f}"
        whole, _, frac = text.partition(".")
        out = _group(whole, self.thousands) + (self.decimal + frac if frac else "")
        return ("-" if float(value) < 0 and float(text) != 0 else "") + out

    def pct(self, value: float | None, decimals: int = 2) -> str:
        """A percentage already in percent units: ``3.45%`` / ``3,45 %`` (German sets a space);
        a rate too small to show at ``decimals`` is ``<0.01%`` / ``< 0,01 %``, never ``0%``."""
        if value is None or not math.isfinite(float(value)):
            return "–"
        return self.pct_number(value, decimals) + self.percent_sign

    def pct_number(self, value: float, decimals: int = 2) -> str:
        """A percentage's number without the sign (the low end of ``1.2–3.4%``): ``3.45``, and
        ``<0.01`` / ``< 0,01`` where a value that is not zero would round to zero. A YouTube
        rate per subscriber of 0.003% is small, not zero; an exact 0 stays ``0.00``."""
        number = float(value)
        if number == 0 or not rounds_to_zero(number, decimals):
            return self.num(number, decimals)
        smallest = self.num(10.0**-decimals, decimals)
        space = "\u202f" if self.lang == "de" else ""
        return f"<{space}{smallest}" if number > 0 else f">{space}-{smallest}"

    def share(self, fraction: float | None, decimals: int = 1) -> str:
        """A fraction as a percentage: 0.125 -> ``12.5%``."""
        return "–" if fraction is None else self.pct(float(fraction) * 100, decimals)

    def compact(self, value: float | None, *, edge: bool = False) -> str:
        """Short follower counts: ``2.5k``, ``1.2M``, ``3B``, ``2T`` / ``2,5k``, ``1,2 Mio.``,
        ``3 Mrd.``, ``2 Bio.``
        (German readers take "B" for nothing and "M" for thousand; "k" is common in both)."""
        if value is None or not math.isfinite(float(value)):
            return "–"
        text = compact_number(value, edge=edge)
        if self.lang != "de":
            return text
        text = text.replace(".", ",")
        for short, word in (("M", "\u00a0Mio."), ("B", "\u00a0Mrd."), ("T", "\u00a0Bio.")):
            if text.endswith(short):
                return text[:-1] + word
        return text

    def money(self, value: float | None, decimals: int = 0) -> str:
        """US dollars, the rate cards' currency: ``$1,200`` / ``1.200 $``. An amount that would
        round to nothing (a cost per engagement of a fraction of a cent) keeps two significant
        digits, ``$0.0042``: a price is never shown as ``$0.00``."""
        if value is None or not math.isfinite(float(value)):
            return "–"
        size = abs(float(value))
        if 0 < size < 0.5 * 10.0**-decimals:
            decimals = min(8, 1 - math.floor(math.log10(size)))
        amount = self.num(value, decimals)
        return f"{amount}\u00a0$" if self.lang == "de" else f"${amount}"

    def tier_range(self, scheme: TierScheme, index: int) -> str:
        """``10k–100k`` / ``1M+`` in this language's number format."""
        bounds = scheme.lower_bounds
        low = self.compact(bounds[index], edge=True)
        if index + 1 >= len(bounds):
            return f"{low}+"
        return f"{low}–{self.compact(bounds[index + 1], edge=True)}"

    def scheme(self, scheme: TierScheme) -> TierScheme:
        """``scheme`` with labels, title and source in this language (keys and edges unchanged,
        so colours, URLs and exports' scheme names stay the same in every language)."""
        edges = " · ".join(self.compact(e, edge=True) for e in scheme.edges)
        labels: list[str] = []
        for i, key in enumerate(scheme.keys):
            if key.startswith("q") and key[1:].isdigit():
                labels.append(
                    self.t("tiers.quantile_label", q=key[1:], range=self.tier_range(scheme, i))
                )
            elif key == "below":
                labels.append(self.t("tiers.below", edge=self.compact(scheme.edges[0], edge=True)))
            elif key.startswith("tier_"):
                labels.append(self.tier_range(scheme, i))
            else:
                labels.append(self.t(f"tiers.name.{key}"))
        known = f"schemes.{scheme.name}"
        title = self.t(f"{known}.title", edges=edges)
        return replace(
            scheme,
            labels=tuple(labels),
            title=title,
            short=self.t(f"{known}.short"),
            source=self.t(f"{known}.source"),
        )


def rounds_to_zero(value: float, decimals: int) -> bool:
    """Whether ``value`` is shown as zero with ``decimals`` places (``0.004`` with two)."""
    return float(f"{abs(float(value)):.{decimals}f}") == 0


@cache
def get_locale(lang: str | None = None) -> Locale:
    """The locale for ``lang``; unknown or missing codes fall back to English."""
    code = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return Locale(code, catalogue(code))
