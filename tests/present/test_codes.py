"""Codes, not words: every code of the core has a text in every catalogue with exactly the
placeholders its notes fill, every text of the core's sections belongs to a code, and each code
is said in English and German, nothing left unfilled, nothing shown as a key."""

from __future__ import annotations

from enum import Enum

import pytest

from infludash.analysis.codes import (
    AnalysisError,
    EngagementNote,
    PlannerError,
    Statistic,
    Table,
    TierError,
    Wording,
)
from infludash.base.access import AccessError, Refusal
from infludash.base.alarms import Alarm
from infludash.base.errors import InputError
from infludash.base.notes import Code, Fixed, Note
from infludash.cli.errors import CliError
from infludash.engine.codes import SourceError
from infludash.present.catalogue import LANGUAGES, catalogue, placeholders
from infludash.present.export import ExportError
from infludash.present.i18n import get_locale
from infludash.read.codes import ColumnWord, Delimiter, Interaction, LooksLike, ReadError
from infludash.read.rejections import Advice, Detail, Reason
from infludash.read.warning_codes import RateNote, ReadWarning

FAMILIES: tuple[type[Code], ...] = (
    Alarm,
    Reason,
    Detail,
    Delimiter,
    Advice,
    ColumnWord,
    Interaction,
    LooksLike,
    ReadError,
    ReadWarning,
    RateNote,
    EngagementNote,
    Statistic,
    Wording,
    TierError,
    Table,
    AnalysisError,
    PlannerError,
    ExportError,
    CliError,
    SourceError,
    AccessError,
    Refusal,
)
CODES: list[Code] = [code for family in FAMILIES for code in family]
#: The catalogue sections that hold what the core says (and nothing else).
SECTIONS = (
    "reasons.",
    "details.",
    "warnings.",
    "errors.",
    "notes.",
    "advice.",
    "access.refusal.",
)


def _all_families(cls: type[Code]) -> set[type[Code]]:
    found: set[type[Code]] = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_all_families(sub)}
    return found


def test_the_list_of_families_is_complete() -> None:
    assert _all_families(Code) == set(FAMILIES)


def _texts(code: Code, lang: str) -> list[str]:
    """The code's text, or the texts of its plural family."""
    texts = catalogue(lang)
    if code.value in texts:
        return [texts[code.value]]
    return [
        texts[f"{code.value}.{form}"]
        for form in ("one", "other")
        if f"{code.value}.{form}" in texts
    ]


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("code", CODES, ids=[f"{type(c).__name__}.{c.name}" for c in CODES])
def test_every_code_has_a_text_with_exactly_its_values(code: Code, lang: str) -> None:
    texts = _texts(code, lang)
    assert texts, f"no text for {code.value} in {lang}"
    used = set().union(*(placeholders(text) for text in texts))
    if code.value not in catalogue(lang):  # a plural family: n picks the form
        assert len(texts) == 2, code.value
        assert "n" in code.params, f"{code.value}: a plural family needs n"
        used.add("n")
    assert used == set(code.params), (code.value, sorted(used), sorted(code.params))


def test_no_text_of_the_core_without_a_code() -> None:
    keys = {code.value for code in CODES}
    orphans = [
        key
        for key in catalogue("en")
        if key.startswith(SECTIONS)
        and key not in keys
        and key.rpartition(".")[0] not in keys  # a plural form of a code's family
    ]
    assert orphans == []


def test_a_note_must_fill_exactly_its_values() -> None:
    with pytest.raises(TypeError):
        Note(ReadWarning.NUL)  # n missing
    with pytest.raises(TypeError):
        Note(ReadWarning.NUL, n=1, extra=2)
    with pytest.raises(TypeError):
        Note(ReadWarning.NUL, n="1")  # a count is a number, not a text


def test_an_input_error_carries_a_note_not_a_sentence() -> None:
    with pytest.raises(TypeError):
        InputError("the file is empty")  # type: ignore[arg-type]
    assert InputError(Note(ReadError.EMPTY_FILE)).note == Note(ReadError.EMPTY_FILE)


def _sample(kind: object, name: str) -> object:
    """A value of the declared type, for saying a code."""
    if kind is int:
        return 2
    if kind is float:
        return 1.5
    if kind is Fixed:
        return Fixed(1234.5, 1)
    if kind is tuple:
        return ("'a'", "'b'")
    if kind is str:
        return f"'{name}'"
    return Note(Reason.FOLLOWERS_MISSING)  # a Note, or "Note | str"


def _note(code: Code) -> Note:
    return Note(code, **{name: _sample(kind, name) for name, kind in code.params.items()})  # type: ignore[arg-type]


@pytest.mark.parametrize("code", CODES, ids=[f"{type(c).__name__}.{c.name}" for c in CODES])
def test_every_code_is_said_in_english_and_german(code: Code) -> None:
    english, german = get_locale("en").say(_note(code)), get_locale("de").say(_note(code))
    for text in (english, german):
        assert text.strip()
        assert "{" not in text, text  # every placeholder filled
        assert "}" not in text, text
        assert not any(section in text for section in SECTIONS), text  # no key shown
    if _texts(code, "de") != _texts(code, "en"):  # a few are the same in both (ids, "{file}: …")
        assert german != english


@pytest.mark.parametrize(
    ("note", "english", "german"),
    [
        (Note(Reason.FOLLOWERS_MISSING), "followers missing", None),
        (Note(ReadWarning.NUL, n=1), "removed 1 NUL character from the file", None),
        (Note(ReadWarning.NUL, n=1200), "removed 1,200 NUL characters from the file", "1.200"),
        (
            Note(ReadError.TOO_BIG, size=Fixed(209.7, 1), limit=Fixed(200, 0)),
            "the file is 209.7 MB, over the limit of 200 MB; split it, or drop columns you do not "
            "need",
            "209,7",
        ),
        (
            Note(ReadError.IN_FILE, file="list.csv", note=Note(ReadError.EMPTY_FILE)),
            "list.csv: the file is empty: export the account list again with a header row",
            "list.csv: die Datei ist leer",
        ),
        (
            Note(TierError.NOT_A_COUNT, part="'abc'"),
            "'abc' is not a follower count; write edges like 1k,10k",
            "'abc' ist keine Followerzahl",
        ),
        (
            Note(Detail.FIELDS, n=3, expected=2, delimiter=Delimiter.word(";")),
            "3 fields, the header has 2 (a semicolon inside an unquoted value?)",
            "Semikolon",
        ),
        (
            Note(ReadWarning.ROWS, n=2, rows=(1200, 3)),
            "rows 1,200, 3",
            "1.200, 3",
        ),
        (Note(EngagementNote.DISAGREE, n=1, factor=1.5), None, "1,5"),
        (
            Note(PlannerError.SHARES_UNKNOWN, tiers="zzz"),
            "budget shares name unknown tiers: zzz",
            "unbekannte Stufen: zzz",
        ),
        (
            Note(AnalysisError.TABLE_EMPTY, table=Note(Table.RATE_CARDS)),
            "the rate-card table has no rows",
            "die Preistabelle hat keine Zeilen",
        ),
        (
            Note(CliError.OPTION, option="--edges", value="'x'", note=Note(TierError.NO_EDGES)),
            "--edges 'x': custom tier edges: give at least one follower count, e.g. 1000,10000",
            "--edges 'x': eigene Stufengrenzen",
        ),
        (
            Note(ExportError.TOO_MANY_FOR_EXCEL, n=2_000_000, limit=1_048_575),
            "2,000,000 accounts do not fit one Excel sheet (at most 1,048,575 rows below the "
            "header): download CSV, or narrow the filters first",
            "2.000.000",
        ),
        (
            Note(ReadError.LOOKS_LIKE, what=Note(LooksLike.PDF)),
            "this looks like a PDF document, not an account list; save the account list as CSV "
            "(UTF-8) or .xlsx and upload that",
            "PDF-Dokument",
        ),
        (
            Advice.of(Reason.FOLLOWERS_NOT_WHOLE, "'Avg'"),
            "Follower counts are whole numbers: is 'Avg' an average or a rate? Map the column that "
            'holds the counts as followers (--map followers="…", the Data quality page)',
            "'Avg'",
        ),
    ],
)
def test_notes_are_said_in_each_language(
    note: Note, english: str | None, german: str | None
) -> None:
    said_en, said_de = get_locale("en").say(note), get_locale("de").say(note)
    if english is not None:
        assert said_en == english
    if german is not None:
        assert german in said_de, said_de
    assert said_de != said_en


def test_a_nested_note_is_said_in_the_same_language() -> None:
    note = Note(
        ReadWarning.IN_FILE, file="a.csv", note=Note(ReadWarning.PLATFORM_GIVEN, platform="TikTok")
    )
    german = get_locale("de").say(note)
    assert german.startswith("a.csv: ")
    assert "TikTok" in german
    assert "platform column" not in german  # not the English inner text


def test_enum_values_are_the_keys() -> None:
    for code in CODES:
        assert isinstance(code, Enum)
        assert str(code) == code.value


def test_a_benchmark_source_is_said_in_german_words() -> None:
    import numpy as np
    import pandas as pd

    from infludash.analysis.benchmarks import estimate_er
    from infludash.analysis.presets import DEFAULT_SCHEME

    _, notes = estimate_er(pd.Series(["Instagram"]), np.array([1]), DEFAULT_SCHEME)
    (source,) = [n for n in notes if n.code is EngagementNote.ESTIMATED_FROM]
    assert "mean of engagement ÷ followers" in get_locale("en").say(source)
    assert "Mittelwert der Interaktionen ÷ Follower" in get_locale("de").say(source)
