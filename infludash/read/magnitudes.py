"""Number words: the one table of magnitude words (``тыс.``, ``mil``, ``jt``, ``万``, ``lakh``) and
unit words (``followers``, ``подписчиков``, ``seguidores``) that follow a count in an export.

A count is written the way the exporting tool's language writes it: ``12,4 тыс.`` in Russian,
``2,3 mil`` in Spanish and Portuguese, ``4.5 jt`` in Indonesian, ``1.2万`` in Japanese and Chinese,
``2 lakh`` in India. Words are stored compact (case-folded, without spaces or dots), the form
:func:`split_words` sees after the number.

A few words mean different magnitudes in different languages (``mil`` is a thousand in Spanish
and Portuguese but a million in English slang; ``B`` is a billion in English but *bin*, a
thousand, in Turkish; ``M`` is *miliar*, a billion, in Indonesian). Such a word is decided once
for a whole column by :func:`resolve`, from the file's other evidence, never cell by cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

__all__ = [
    "AMBIGUOUS",
    "MAGNITUDES",
    "UNIT_WORDS",
    "Reading",
    "cjk_compound",
    "default_reading",
    "resolve",
    "split_words",
]

_K, _M, _B = Decimal(10) ** 3, Decimal(10) ** 6, Decimal(10) ** 9


def _table(rows: list[tuple[Decimal, str, str]]) -> dict[str, tuple[Decimal, frozenset[str]]]:
    """``(multiplier, languages, words)`` rows as word -> (multiplier, all its languages)."""
    table: dict[str, tuple[Decimal, frozenset[str]]] = {}
    for value, langs, words in rows:
        for word in words.split():
            known = table.get(word, (value, frozenset()))
            if known[0] != value:
                raise ValueError(f"{word!r} has two magnitudes: list it in AMBIGUOUS")
            table[word] = (value, known[1] | frozenset(langs.split()))
    return table


#: Unambiguous magnitude words -> (multiplier, languages that write it).
MAGNITUDES: dict[str, tuple[Decimal, frozenset[str]]] = _table(
    [
        (_K, "en de fr it es pt tr id", "k"),
        (_K, "en", "thousand thousands"),
        (_K, "de", "tsd tausend"),
        (_K, "fr", "mille"),
        (_K, "it", "mila"),
        (_K, "ru", "тыс тысяч тысячи тысяча т"),
        (_K, "uk", "тис"),
        (_K, "pl", "tys"),
        (_K, "tr", "bin"),
        (_K, "id", "rb ribu"),
        (_K, "vi", "n nghìn ngàn"),
        (_K, "ja zh", "千"),
        (_K, "ko", "천"),
        (_K, "hi", "हज़ार हजार"),
        (_K, "ar", "ألف الف"),
        (_K, "th", "พัน"),
        (Decimal(10) ** 4, "ja zh", "万 萬"),
        (Decimal(10) ** 4, "zh", "w"),
        (Decimal(10) ** 4, "ko", "만"),
        (Decimal(10) ** 4, "th", "หมื่น"),
        (Decimal(10) ** 5, "hi en", "lakh lakhs lac lacs"),
        (Decimal(10) ** 5, "hi", "लाख"),
        (Decimal(10) ** 5, "th", "แสน"),
        (_M, "en", "mn mm million millions"),
        (_M, "de", "mio million millionen"),
        (_M, "fr", "millions"),
        (_M, "es", "mill millon millón millones"),
        (_M, "pt", "mi milhão milhao milhões milhoes"),
        (_M, "it", "mln milione milioni"),
        (_M, "pl nl", "mln"),
        (_M, "ru uk", "млн миллион миллиона миллионов мільйон"),
        (_M, "tr", "milyon mn"),
        (_M, "id", "jt juta"),
        (_M, "vi", "tr triệu"),
        (_M, "ar", "مليون"),
        (_M, "th", "ล้าน"),
        (Decimal(10) ** 7, "hi en", "crore crores cr"),
        (Decimal(10) ** 7, "hi", "करोड़ करोड"),
        (Decimal(10) ** 8, "ja zh", "億 亿"),
        (Decimal(10) ** 8, "ko", "억"),
        (_B, "en", "bn billion billions"),
        (_B, "de", "mrd milliarde milliarden md"),
        (_B, "fr", "md mds milliard milliards"),
        (_B, "es", "milm milmillones"),
        (_B, "pt", "bi bilhão bilhao bilhões bilhoes"),
        (_B, "it", "mld miliardo miliardi"),
        (_B, "pl nl", "mld"),
        (_B, "ru uk", "млрд"),
        (_B, "tr", "mr milyar"),
        (_B, "id", "miliar"),
        (_B, "vi", "tỷ tỉ"),
    ]
)

#: Words whose magnitude depends on the language: word -> ((multiplier, languages), ...), the
#: usual reading first (it wins when nothing in the file decides).
AMBIGUOUS: dict[str, tuple[tuple[Decimal, frozenset[str]], ...]] = {
    "mil": ((_K, frozenset({"es", "pt"})), (_M, frozenset({"en"}))),
    "b": ((_B, frozenset({"en"})), (_K, frozenset({"tr"}))),
    "m": ((_M, frozenset({"en", "de", "fr", "it", "es", "pt", "tr"})), (_B, frozenset({"id"}))),
}

#: Words that name what was counted (``3.4M subscribers``): dropped, and taken as evidence of the
#: file's language.
UNIT_WORDS: dict[str, frozenset[str]] = {
    word: langs
    for word, (_, langs) in _table(
        [
            (
                _K,
                "en",
                "followers follower subscribers subscriber subs fans fan likes like views view "
                "comments comment shares saves plays members",
            ),
            (_K, "de", "abonnenten abonnent follower fans aufrufe kommentare"),
            (
                _K,
                "es",
                "seguidores seguidor suscriptores suscriptor vistas visualizaciones comentarios "
                "reproducciones",
            ),
            (
                _K,
                "pt",
                "seguidores seguidor inscritos inscrito visualizações visualizacoes curtidas "
                "comentários",
            ),
            (_K, "fr", "abonnés abonnes abonné vues"),
            (_K, "it", "iscritti follower visualizzazioni"),
            (_K, "ru", "подписчиков подписчика подписчики подписчик просмотров лайков"),
            (_K, "uk", "підписників"),
            (_K, "tr", "takipçi takipci abone görüntülenme"),
            (_K, "id", "pengikut pelanggan penonton"),
            (_K, "ja", "フォロワー 人 回"),
            (_K, "zh", "粉丝 粉絲 人 次"),
            (_K, "ko", "팔로워 명 회"),
            (_K, "hi", "फॉलोअर्स"),
        ]
    ).items()
}

#: Languages that write a decimal comma, and those that write a decimal point (Spanish both:
#: Spain a comma, Mexico a point).
_COMMA_LANGUAGES = frozenset(
    ["de", "fr", "it", "es", "pt", "ru", "uk", "pl", "tr", "id", "vi", "nl"]
)
_POINT_LANGUAGES = frozenset(["en", "ja", "zh", "ko", "hi", "th", "es"])

_MAGNITUDE_WORDS = sorted({*MAGNITUDES, *AMBIGUOUS}, key=len, reverse=True)


@dataclass(frozen=True)
class Reading:
    """How one column reads its words: each magnitude word's multiplier (the ambiguous ones
    decided), and a trailing word that every valued cell carries (``"pts"``), dropped too."""

    multipliers: Mapping[str, Decimal]
    constant_word: str = ""


_CJK_UNITS = {"千": 3, "천": 3, "万": 4, "萬": 4, "만": 4, "億": 8, "亿": 8, "억": 8}
#: Two or more CJK groups, largest first (``1億2000万``, ``128억5130만``, ``3만5천``), maybe
#: ending in plain units; a single group is an ordinary magnitude word.
_CJK_COMPOUND = re.compile(
    r"(?:\d+(?:\.\d+)?[千천万萬만億亿억]){2,}\d*|(?:\d+[千천万萬만億亿억])\d+"
)
_CJK_GROUP = re.compile(r"(\d+(?:\.\d+)?)([千천万萬만億亿억])")


def cjk_compound(compact: str) -> Decimal | None:
    """A number written in CJK groups, largest first, or None for anything else."""
    if not _CJK_COMPOUND.fullmatch(compact):
        return None
    total, last = Decimal(0), None
    for digits, unit in _CJK_GROUP.findall(compact):
        power = _CJK_UNITS[unit]
        if last is not None and power >= last:
            raise ValueError(f"not a number: {compact!r}")  # groups must fall: 5万3億 is not one
        total += Decimal(digits) * Decimal(10) ** power
        last = power
    tail = _CJK_GROUP.sub("", compact)
    return total + (Decimal(tail) if tail else 0)


def default_reading() -> Reading:
    """Every word at its usual reading: for a single cell, where no column decides."""
    return _DEFAULT


def split_words(rest: str, units: Iterable[str] = ()) -> tuple[str, str] | None:
    """``rest`` (what follows the digits, compact) as (magnitude word, unit word), either may be
    empty, or None when it is something else. ``units`` are further words taken as units."""
    if not rest:
        return "", ""
    match = _splitter(tuple(sorted(u for u in units if u))).fullmatch(rest)
    return None if match is None else (match["magnitude"] or "", match["unit"] or "")


@lru_cache(maxsize=32)
def _splitter(extra: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every magnitude and unit word, longest first: a cell is split once, by
    the regex engine's backtracking (``mil`` before ``m``), not by a loop over the tables."""

    def either(words: Iterable[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))

    return re.compile(
        rf"(?P<magnitude>{either(_MAGNITUDE_WORDS)})?(?P<unit>{either([*UNIT_WORDS, *extra])})?"
    )


def resolve(
    words: Iterable[str], file_words: Iterable[str] = (), comma_decimal: bool | None = None
) -> dict[str, Decimal]:
    """Multipliers for a column whose cells use ``words`` (magnitude and unit words found in
    it); ``file_words`` are those of the file's other numeric columns.

    An ambiguous word is settled by, in order: another word of the column for one of its
    magnitudes (a column that writes thousands as ``k`` means a million by ``mil``); the
    languages of the column's other words; those of the file's words; the decimal mark (a
    decimal comma is not English); and else its usual reading.
    """
    own = set(words)
    others = set(file_words) - own
    decided = dict(_DEFAULT.multipliers)
    for word in own & set(AMBIGUOUS):
        readings = AMBIGUOUS[word]
        decided[word] = _pick(word, readings, own, others, comma_decimal)
    return decided


def _pick(
    word: str,
    readings: tuple[tuple[Decimal, frozenset[str]], ...],
    own: set[str],
    others: set[str],
    comma_decimal: bool | None,
) -> Decimal:
    values = [value for value, _ in readings]
    taken = {MAGNITUDES[w][0] for w in own if w in MAGNITUDES}
    free = [v for v in values if v not in taken]
    if len(free) == 1 and len(taken & set(values)) >= 1:
        return free[0]
    for pool in (own - {word}, others):
        votes = [sum(len(langs & _languages(w)) > 0 for w in pool) for _, langs in readings]
        if max(votes) > 0 and votes.count(max(votes)) == 1:
            return values[votes.index(max(votes))]
    if comma_decimal is not None:  # the readings whose languages write decimals this way
        marks = _COMMA_LANGUAGES if comma_decimal else _POINT_LANGUAGES
        fitting = [value for value, langs in readings if langs & marks]
        if len(fitting) == 1:
            return fitting[0]
    return values[0]


def _languages(word: str) -> frozenset[str]:
    """The languages a word is evidence for (``k`` is written everywhere: evidence of none)."""
    if word in UNIT_WORDS:
        return UNIT_WORDS[word]
    langs = MAGNITUDES.get(word, (None, frozenset()))[1]
    return frozenset() if len(langs) > 4 else langs


_DEFAULT = Reading(
    multipliers={
        "": Decimal(1),
        **{w: v for w, (v, _) in MAGNITUDES.items()},
        **{w: r[0][0] for w, r in AMBIGUOUS.items()},
    }
)
