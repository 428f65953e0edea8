"""Words and number formats per language: one catalogue per language, one lookup for everything.

Every label, message, chart title, axis, hover text and finding is a key in
``infludash/present/locales/<lang>.toml``; code asks a :class:`Locale` for the text and passes
numbers
already formatted for the language (``12,345.6`` in English, ``12.345,6`` in German). A test checks
that both catalogues hold the same keys with the same placeholders, and that every key the code
asks for exists.
"""

from __future__ import annotations

import math
import re
import string
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from infludash.analysis.tiers import TierScheme, compact_number

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "REASON_KEYS",
    "Fixed",
    "Locale",
    "Message",
    "catalogue",
    "get_locale",
    "rounds_to_zero",
]

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
#: Language code -> the language's own name (shown in the picker in every language).
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch"}
DEFAULT_LANGUAGE = "en"


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All texts of ``lang`` by dotted key (``overview.title``), read once per process."""
    path = LOCALES_DIR / f"{lang}.toml"
    with path.open("rb") as handle:
        return _flatten(tomllib.load(handle))


def placeholders(text: str) -> set[str]:
    """Names of the ``{placeholders}`` in a catalogue text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


#: Why a row was rejected, as the data write it (English, the CLI's and the exports' vocabulary),
#: and the catalogue key that says it in the analyst's language.
REASON_KEYS: dict[str, str] = {
    "followers not a number": "reasons.followers_not_a_number",
    "followers missing": "reasons.followers_missing",
    "followers written as a percentage": "reasons.followers_percentage",
    "followers negative": "reasons.followers_negative",
    "followers not a whole number": "reasons.followers_not_whole",
    "blank record": "reasons.blank_record",
    "totals row": "reasons.totals_row",
    "wrong number of fields": "reasons.wrong_number_of_fields",
}

# The details of rejected rows, as values.follower_detail and table._with_rows write them.
_DETAIL_MARKER = re.compile(
    r"the followers cell reads '(?P<value>.*)', a missing-value marker", re.S
)
_DETAIL_READS = re.compile(r"the followers cell reads '(?P<value>.*)'", re.S)
_DETAIL_EMPTY = "the followers cell is empty"
_DETAIL_FIELDS = re.compile(
    r"(?P<found>\d[\d,]*) fields?, the header has (?P<expected>\d[\d,]*) "
    r"\(a (?P<delimiter>.+) inside an unquoted value\?\)",
    re.S,
)
_DELIMITER_NAMES = ("comma", "semicolon", "tab", "pipe")


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

    def say(self, message: object) -> str:
        """A core message in this language (:class:`Message`); other text is shown as it is."""
        if isinstance(message, Message):
            return self.t(message.key, **message.formatted(self))
        return str(message)

    def reason(self, text: str) -> str:
        """A rejection reason (English in the data) in this language; unknown text unchanged."""
        key = REASON_KEYS.get(text)
        return text if key is None else self.t(key)

    def detail(self, text: str) -> str:
        """A rejected row's detail (English in the data) in this language; unknown text
        unchanged."""
        if match := _DETAIL_MARKER.fullmatch(text):
            return self.t("details.followers_marker", value=match["value"])
        if match := _DETAIL_READS.fullmatch(text):
            return self.t("details.followers_reads", value=match["value"])
        if text == _DETAIL_EMPTY:
            return self.t("details.followers_empty")
        if match := _DETAIL_FIELDS.fullmatch(text):
            delimiter = match["delimiter"]
            if delimiter in _DELIMITER_NAMES:
                delimiter = self.t(f"details.delimiter.{delimiter}")
            return self.n(
                "details.fields",
                int(match["found"].replace(",", "")),
                expected=self.num(int(match["expected"].replace(",", ""))),
                delimiter=delimiter,
            )
        return text

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
        """Short follower counts: ``2.5k``, ``1.2M``, ``3B`` / ``2,5k``, ``1,2 Mio.``, ``3 Mrd.``
        (German readers take "B" for nothing and "M" for thousand; "k" is common in both)."""
        if value is None or not math.isfinite(float(value)):
            return "–"
        text = compact_number(value, edge=edge)
        if self.lang != "de":
            return text
        text = text.replace(".", ",")
        for short, word in (("M", "\u00a0Mio."), ("B", "\u00a0Mrd.")):
            if text.endswith(short):
                return text[:-1] + word
        return text

    def money(self, value: float | None, decimals: int = 0) -> str:
        """US dollars, the rate cards' currency: ``$1,200`` / ``1.200 $``."""
        if value is None or not math.isfinite(float(value)):
            return "–"
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


def plural_form(count: int) -> str:
    """``one`` or ``other``: the catalogue suffix for ``count`` (English and German agree)."""
    return "one" if count == 1 else "other"


@dataclass(frozen=True)
class Fixed:
    """A message value shown with exactly ``places`` decimals in the reader's number format
    (``Fixed(1234.5, 1)``: ``1,234.5`` / ``1.234,5``), where the default (up to two decimals, no
    trailing zeros) would not do."""

    value: float
    places: int


class Message(str):
    """A message from the core that reads as English text (the CLI, logs, tests) and carries its
    catalogue key and raw values, so the UI can say it in the analyst's language.

    Numbers stay numbers until shown: integers get thousands separators, other floats two
    decimals (a :class:`Fixed` exactly its own), in the language of whoever shows them. A value
    that is itself a :class:`Message` is said in the same language
    (``Message("warnings.in_file", file=name, text=note)``), and a tuple is shown as its items,
    each shown that way, separated by commas.
    """

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, **values: object) -> Message:
        english = get_locale(DEFAULT_LANGUAGE)
        text = english.t(key, **_formatted(values, english))
        made = super().__new__(cls, text)
        made.key = key
        made.values = values
        return made

    def formatted(self, loc: Locale) -> dict[str, object]:
        return _formatted(self.values, loc)

    def __reduce__(self) -> tuple[Any, ...]:  # cached results are pickled
        return (_message, (self.key, self.values))


def _message(key: str, values: dict[str, object]) -> Message:
    return Message(key, **values)


def _formatted(values: dict[str, object], loc: Locale) -> dict[str, object]:
    return {name: _shown(value, loc) for name, value in values.items()}


def _shown(value: object, loc: Locale) -> object:
    if isinstance(value, Message):  # before str: a nested message is said in the same language
        return loc.say(value)
    if isinstance(value, Fixed):
        return loc.num(value.value, value.places)
    if isinstance(value, tuple):
        return ", ".join(str(_shown(item, loc)) for item in value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if isinstance(value, int) or float(value).is_integer():
        return loc.num(value)
    # up to two decimals, trailing zeros dropped: 1.5 -> "1.5", 0.125 -> "0.13"
    return loc.num(value, 2).rstrip("0").rstrip(loc.decimal)


@cache
def get_locale(lang: str | None = None) -> Locale:
    """The locale for ``lang``; unknown or missing codes fall back to English."""
    code = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return Locale(code, catalogue(code))
