"""Reader warnings, rejection reasons and details, as codes, said in the analyst's language.

Every warning the reader gives is a :class:`~infludash.base.notes.Note` (a code and its values);
the caller that knows the file names it (``combine``). ``present/`` says it: in English for the
CLI, in German with German numbers in the app. Rejection reasons and details are codes in the
rejected table, said by :mod:`infludash.present.rejected`.
"""

from __future__ import annotations

import codecs
import pickle

import pandas as pd
import pytest

from infludash.analysis.summary import summarize
from infludash.base.alarms import Alarm
from infludash.base.notes import Code, Note
from infludash.present.i18n import get_locale
from infludash.present.rejected import detail_words, reason_words, rejected_table
from infludash.read.codes import Delimiter
from infludash.read.reader import ReadResult, combine, read_accounts
from infludash.read.rejections import Detail, Reason
from infludash.read.warning_codes import RateNote, ReadWarning
from tests.fixtures import workbook_bytes

EN, DE = get_locale("en"), get_locale("de")


def _read(data: bytes, source: str = "upload", **options: object) -> ReadResult:
    """A file read and named as the CLI and the app name it."""
    return combine([read_accounts(data, source=source, **options)])  # type: ignore[arg-type]


def _only(result: ReadResult, code: Code) -> Note:
    """The one warning of ``code`` (inside the note that names its file)."""
    found = [w for w in result.warnings if w.values.get("note", w).code is code]  # type: ignore[union-attr]
    assert len(found) == 1, [EN.say(w) for w in result.warnings]
    return found[0]


def _nul_file() -> bytes:
    """1,234 NUL bytes well after the start (a leading sample full of them reads as binary)."""
    head = b"handle,followers\n" + b"".join(b"account%05d,%d\n" % (i, i) for i in range(1, 6000))
    tail = b"".join(b"late%04d,%d\x00\n" % (i, i) for i in range(1, 1235))
    return head + tail


def test_nul_characters_in_german() -> None:
    warning = _only(_read(_nul_file(), source="nul.csv"), ReadWarning.NUL)
    assert EN.say(warning) == "nul.csv: removed 1,234 NUL characters from the file"
    german = DE.say(warning)
    assert german == "nul.csv: 1.234 NUL-Zeichen aus der Datei entfernt"
    single = _only(_read(b"handle,followers\na,1\x00\n", source="one.csv"), ReadWarning.NUL)
    assert EN.say(single) == "one.csv: removed 1 NUL character from the file"
    assert DE.say(single) == "one.csv: 1 NUL-Zeichen aus der Datei entfernt"


def test_bad_likes_cells_in_german() -> None:
    rows = "".join(
        f"a{i},{1000 + i},{'lots' if i in (1100, 1205) else 10}\n" for i in range(1, 1300)
    )
    result = _read(("handle,followers,likes\n" + rows).encode(), source="likes.csv")
    warning = _only(result, ReadWarning.INVALID_VALUES)
    assert EN.say(warning) == (
        "likes.csv: likes: 2 values that are not a valid number treated as missing "
        "(rows 1,100, 1,205); the rows are kept"
    )
    german = DE.say(warning)
    assert german == (
        "likes.csv: Likes: 2 Werte, die keine gültigen Zahlen sind, als fehlend behandelt "
        "(Zeilen 1.100, 1.205); die Zeilen bleiben erhalten"
    )


def test_hidden_likes_in_german() -> None:
    rows = "".join(f"a{i},{1000 + i},{-1 if i % 2 else 10}\n" for i in range(1, 2500))
    result = _read(("handle,followers,likes\n" + rows).encode(), source="h.csv")
    warning = _only(result, ReadWarning.HIDDEN_VALUES)
    assert EN.say(warning) == (
        "h.csv: likes: 1,250 values of -1 (a hidden count, as scrapers write it) treated as "
        "missing (rows 1, 3, 5, 7, 9 and 1,245 more)"
    )
    german = DE.say(warning)
    assert "1.250 Werte von -1" in german
    assert "Zeilen 1, 3, 5, 7, 9 und 1.245 weitere" in german


def test_utf16_without_bom_in_german() -> None:
    data = "handle\tfollowers\na\t10\nb\t20\n".encode("utf-16-le")
    warning = _only(_read(data, source="u.csv"), ReadWarning.UTF16_WITHOUT_BOM)
    assert (
        EN.say(warning) == "u.csv: the file is UTF-16 without a byte-order mark; read as UTF-16-LE"
    )
    assert DE.say(warning) == (
        "u.csv: die Datei ist UTF-16 ohne Byte-Order-Mark; sie wurde als UTF-16-LE gelesen"
    )


def test_windows_1252_lines_in_german() -> None:
    rows = "".join(f"Müller{i},{i}\n" for i in range(1, 1300))
    warning = _only(_read(("handle,followers\n" + rows).encode("cp1252")), ReadWarning.WINDOWS_1252)
    english = EN.say(warning)
    assert "on file lines 2, 3, 4, 5, 6 and 1,294 more, counting the header as line 1" in english
    german = DE.say(warning)
    assert "Dateizeilen 2, 3, 4, 5, 6 und 1.294 weiteren" in german
    assert "Kodierung" in german


def test_mixed_encodings_in_german() -> None:
    data = "handle,followers\nJosé,10\n".encode() + b"".join(
        b"Jos\xe9%d,20\n" % i for i in range(1500)
    )
    warning = _only(_read(data), ReadWarning.MIXED_ENCODINGS)
    assert "1,500 rows had unreadable characters" in EN.say(warning)
    german = DE.say(warning)
    assert "1.500 Zeilen enthielten unlesbare Zeichen" in german
    assert "1.495 weiteren" in german


def test_duplicate_header_and_mapping_notes_in_german() -> None:
    data = b"name,username,followers,followers,likes\na,b,10,,1\nc,d,20,,2\n"
    result = _read(data, source="d.csv")
    repeated = _only(result, ReadWarning.DUPLICATE_HEADER)
    assert EN.say(repeated) == (
        "d.csv: the header 'followers' appears 2 times; used column 3 for followers, the copy "
        "with the most valid values (column 3: 2 valid, column 4: 0 valid)"
    )
    assert DE.say(repeated) == (
        "d.csv: die Überschrift 'followers' kommt 2-mal vor; für „Follower“ wurde Spalte 3 "
        "verwendet, die Kopie mit den meisten gültigen Werten (Spalte 3: 2 gültig, "
        "Spalte 4: 0 gültig)"
    )
    better = _only(result, ReadWarning.BETTER_MATCH)
    assert (
        EN.say(better) == "d.csv: column 'name' not used: 'username' is a better match for handle"
    )
    assert DE.say(better).endswith("passt besser zu „Handle“")


def test_excel_notes_in_german_and_plural_english() -> None:
    book = workbook_bytes(
        {"Notes": [["hi"]], "Data": [["Title"], ["handle", "followers"], ["a", 1, "stray"]]}
    )
    result = _read(book, source="b.xlsx")
    assert EN.say(_only(result, ReadWarning.OTHER_SHEET)) == (
        "b.xlsx: read the sheet 'Data', the first with a followers column (the first sheet, "
        "'Notes', has none); pick another sheet if needed"
    )
    above = _only(result, ReadWarning.ROWS_ABOVE_HEADER)
    assert EN.say(above) == "b.xlsx: skipped 1 row above the header row of sheet 'Data'"
    assert (
        DE.say(above) == "b.xlsx: 1 Zeile über der Kopfzeile des Tabellenblatts 'Data' übersprungen"
    )
    outside = _only(result, ReadWarning.CELLS_OUTSIDE)
    assert EN.say(outside).startswith(
        "b.xlsx: 1 cell to the right of the last named column was ignored"
    )
    assert "1 Zelle rechts" in DE.say(outside)


MESSY: dict[str, bytes] = {
    "nul": b"handle,followers\na,1\x00\n",
    "utf16": "handle\tfollowers\na\t10\n".encode("utf-16-le"),
    "utf16_bad": codecs.BOM_UTF16_LE + "handle,followers\na,1\n".encode("utf-16-le") + b"\x00\xd8",
    "cp1252": "handle,followers\nMüller,1\n".encode("cp1252"),
    "mixed": "handle,followers\nJosé,10\n".encode() + b"Jos\xe9,20\n",
    "values": b"handle,platform,followers,likes,comments,views,likes\n"
    b"a,ig,10,-1,x,1,\nb,ig,10,-1,1,y,\na,ig,20,3,4,5,\n",
    "aliases": b"name,username,followers,subs\na,b,10,11\n",
    "er": b"handle,followers,likes,er\na,1000,10,1%\nb,1000,20,0.02\nc,1000,30,3%\n",
    "sheet": workbook_bytes({"N": [["x"]], "S": [["t"], ["handle", "followers"], ["a", 1, 2, 3]]}),
}


@pytest.mark.parametrize("name", list(MESSY))
def test_every_reader_warning_is_a_note_and_german_differs(name: str) -> None:
    unnamed = read_accounts(MESSY[name], source=f"{name}.csv")
    assert unnamed.warnings
    assert all(isinstance(w, Note) and "file" not in w.values for w in unnamed.warnings)
    result = combine([unnamed])
    for warning in result.warnings:
        assert warning.code is ReadWarning.IN_FILE
        assert warning.values["file"] == f"{name}.csv"
        assert EN.say(warning).startswith(f"{name}.csv: ")
        assert DE.say(warning).startswith(f"{name}.csv: ")
        assert DE.say(warning) != EN.say(warning)
        assert "warnings." not in DE.say(warning)  # no key shown in place of a text


def test_non_strict_overrides_note_is_a_note() -> None:
    result = _read(
        b"handle,followers\na,1\n",
        source="s.csv",
        overrides={"avg_likes": "Likes"},
        strict_overrides=False,
    )
    (warning,) = result.warnings
    assert (
        EN.say(warning) == "s.csv: mapping avg_likes='Likes' skipped: this file has no such column"
    )
    assert DE.say(warning) == (
        "s.csv: Zuordnung „Likes pro Post“ = 'Likes' übersprungen: Diese Datei hat keine solche "
        "Spalte"
    )


def test_unit_notes_of_the_reported_rate_are_notes() -> None:
    # computed rates 1% ... 5%; the file says 100 ... 500: percent numbers, 100× too big
    rows = "".join(f"a{i},1000,{10 * i},{100 * i}\n" for i in range(1, 6))
    summary = summarize(read_accounts(("handle,followers,likes,er\n" + rows).encode()))
    (note,) = [n for n in summary.er_notes if n.code is ReadWarning.ER_UNIT_PERCENT]
    assert EN.say(note).startswith("the reported engagement rates were 100× the computed ones")
    assert "(0,63 = 0,63 %)" in DE.say(note)


def test_renamed_and_pickled_warnings_keep_their_language() -> None:
    data = "handle,followers\nMüller,1\nx,bad\n".encode("cp1252")
    result = read_accounts(data, source="upload")  # as the app's cache reads it
    renamed = result.renamed("mine.csv")
    assert renamed.warnings == result.warnings  # notes without names: nothing to rewrite
    named = combine([renamed])
    warning = named.warnings[0]
    assert EN.say(warning).startswith("mine.csv: the file is not UTF-8")
    assert DE.say(warning).startswith("mine.csv: die Datei ist nicht UTF-8")
    again = combine([renamed.renamed("other.csv")]).warnings[0]
    assert DE.say(again).startswith("other.csv: die Datei ist nicht UTF-8")
    copy = pickle.loads(pickle.dumps(named))  # the app caches results pickled
    assert copy.warnings == named.warnings
    assert DE.say(copy.warnings[0]) == DE.say(warning)
    both = combine([renamed, read_accounts(b"handle,followers\na,1\x00\n", source="b.csv")])
    assert [DE.say(w).split(":")[0] for w in both.warnings] == ["mine.csv", "b.csv"]
    assert combine([named]).warnings == named.warnings  # named once, however often combined


REJECTING = (
    b"handle,followers\n"
    b"a,lots\n"  # 1 not a number
    b"b,\n"  # 2 missing: empty
    b"c,N/A\n"  # 3 missing: a marker
    b"d,5%\n"  # 4 percentage
    b"e,-3\n"  # 5 negative
    b"f,1.5\n"  # 6 not whole
    b",\n"  # 7 blank record
    b"g,1,2\n"  # 8 wrong number of fields
    b"h\n"  # 9 wrong number of fields (one field)
    b"i,10\nj,20\n"  # 10, 11 kept
    b"Total,30\n"  # 12 a totals row
)


def test_every_rejection_reason_and_detail_is_said_in_german() -> None:
    rejected = read_accounts(REJECTING).rejected
    assert set(rejected["reason"]) == set(Reason)  # the table covers every reason
    english, german = rejected_table(rejected, EN), rejected_table(rejected, DE)
    assert list(english.columns) == ["source", "row", "reason", "detail", "raw"]
    for column in ("reason", "detail"):
        for en, de in zip(english[column], german[column], strict=True):
            if en:
                assert de != en, (en, de)
    assert english["detail"].tolist() == [
        "the followers cell reads 'lots'",
        "the followers cell is empty",
        "the followers cell reads 'N/A', a missing-value marker",
        "the followers cell reads '5%'",
        "the followers cell reads '-3'",
        "the followers cell reads '1.5'",
        "",
        "3 fields, the header has 2 (a comma inside an unquoted value?)",
        "1 field, the header has 2 (a comma inside an unquoted value?)",
        "",
    ]


@pytest.mark.parametrize(
    ("reason", "english", "german"),
    [
        (Reason.FOLLOWERS_NOT_A_NUMBER, "followers not a number", "Follower keine Zahl"),
        (Reason.FOLLOWERS_MISSING, "followers missing", "Follower fehlen"),
        (
            Reason.FOLLOWERS_PERCENTAGE,
            "followers written as a percentage",
            "Follower als Prozentwert angegeben",
        ),
        (Reason.FOLLOWERS_NEGATIVE, "followers negative", "Follower negativ"),
        (Reason.FOLLOWERS_NOT_WHOLE, "followers not a whole number", "Follower keine ganze Zahl"),
        (Reason.BLANK_RECORD, "blank record", "leere Zeile"),
        (Reason.WRONG_NUMBER_OF_FIELDS, "wrong number of fields", "falsche Anzahl an Feldern"),
        (Reason.TOTALS_ROW, "totals row", "Summenzeile"),
    ],
)
def test_reason_in_both_languages(reason: Reason, english: str, german: str) -> None:
    reasons = pd.Series([reason, reason], dtype=object)
    assert reason_words(reasons, EN).tolist() == [english, english]
    assert reason_words(reasons, DE).tolist() == [german, german]


def _details(detail: object, value: object = None) -> pd.DataFrame:
    return pd.DataFrame({"detail": [detail], "value": [value]})


@pytest.mark.parametrize(
    ("detail", "value", "english", "german"),
    [
        (
            Detail.FOLLOWERS_READS,
            "lots",
            "the followers cell reads 'lots'",
            "die Follower-Zelle enthält „lots“",
        ),
        (
            Detail.FOLLOWERS_READS,
            "it's",
            "the followers cell reads 'it's'",
            "die Follower-Zelle enthält „it's“",
        ),
        (
            Detail.FOLLOWERS_MARKER,
            "N/A",
            "the followers cell reads 'N/A', a missing-value marker",
            "die Follower-Zelle enthält „N/A“, eine Markierung für fehlende Werte",
        ),
        (
            Detail.FOLLOWERS_EMPTY,
            None,
            "the followers cell is empty",
            "die Follower-Zelle ist leer",
        ),
        (
            Note(Detail.FIELDS, n=3, expected=2, delimiter=Note(Delimiter.COMMA)),
            None,
            "3 fields, the header has 2 (a comma inside an unquoted value?)",
            "3 Felder, die Kopfzeile hat 2 (ein Komma in einem Wert ohne Anführungszeichen?)",
        ),
        (
            Note(Detail.FIELDS, n=1, expected=2, delimiter=Delimiter.word(";")),
            None,
            "1 field, the header has 2 (a semicolon inside an unquoted value?)",
            "1 Feld, die Kopfzeile hat 2 (ein Semikolon in einem Wert ohne Anführungszeichen?)",
        ),
        (
            Note(Detail.FIELDS, n=1200, expected=1100, delimiter=Delimiter.word("\t")),
            None,
            "1,200 fields, the header has 1,100 (a tab inside an unquoted value?)",
            "1.200 Felder, die Kopfzeile hat 1.100 (ein Tabulator in einem Wert ohne "
            "Anführungszeichen?)",
        ),
        (
            Note(Detail.FIELDS, n=4, expected=2, delimiter=Delimiter.word(":")),
            None,
            "4 fields, the header has 2 (a ':' inside an unquoted value?)",
            "4 Felder, die Kopfzeile hat 2 (ein ':' in einem Wert ohne Anführungszeichen?)",
        ),
        (None, None, "", ""),
    ],
)
def test_detail_in_both_languages(detail: object, value: object, english: str, german: str) -> None:
    assert detail_words(_details(detail, value), EN).tolist() == [english]
    assert detail_words(_details(detail, value), DE).tolist() == [german]


@pytest.mark.parametrize(
    ("data", "words", "german"),
    [
        (b"handle,followers\na,1\nb,2\nc,3,4\n", "3 fields, the header has 2 (a comma", "3 Felder"),
        (
            b"handle;followers\na;1\nb;2;x;y\n",
            "4 fields, the header has 2 (a semicolon",
            "4 Felder",
        ),
        (b"handle|followers\na|1\nb|2|x\n", "3 fields, the header has 2 (a pipe", "3 Felder"),
        (b"handle\tfollowers\na\t1\nb\t2\tx\n", "3 fields, the header has 2 (a tab", "3 Felder"),
    ],
)
def test_details_the_reader_writes_are_the_ones_translated(
    data: bytes, words: str, german: str
) -> None:
    rejected = read_accounts(data).rejected
    (detail,) = rejected["detail"]
    assert isinstance(detail, Note)
    assert detail.code is Detail.FIELDS
    (english,) = detail_words(rejected, EN)
    assert english.startswith(words)
    (said,) = detail_words(rejected, DE)
    assert said.startswith(german + ", die Kopfzeile hat 2 (ein ")


def test_a_million_rejected_rows_are_said_column_wise() -> None:
    n = 1_000_000
    rejected = pd.DataFrame(
        {
            "reason": pd.Series([Reason.FOLLOWERS_NOT_A_NUMBER] * n, dtype=object),
            "detail": pd.Series([Detail.FOLLOWERS_READS] * n, dtype=object),
            "value": pd.Series([f"x{i}" for i in range(n)], dtype=object),
        }
    )
    words = detail_words(rejected, DE)
    assert words.iloc[-1] == f"die Follower-Zelle enthält „x{n - 1}“"
    assert reason_words(rejected["reason"], DE).iloc[0] == "Follower keine Zahl"


def test_alarms_are_their_own_codes() -> None:
    rows = "".join(f"a{i},lots\n" for i in range(8)) + "b,10\nc,20\n"
    result = _read(("handle,followers\n" + rows).encode())
    alarm = _only(result, Alarm.MOSTLY_REJECTED)
    assert EN.say(alarm).startswith("upload: 8 of 10 rows were rejected (followers not a number)")
    assert "8 von 10 Zeilen" in DE.say(alarm)
    assert RateNote.ER_MIXED_PERCENT.params == {"n": int}


def test_the_report_gives_reasons_and_warnings_in_german() -> None:
    from infludash.analysis.analysis import Analysis, Spec
    from infludash.analysis.presets import SCHEMES
    from infludash.present.report import build_report

    data = REJECTING + b"z,1000\ny,2000\n" + b"x,3000\x00\n"
    result = _read(data, source="r.csv")
    german = build_report(Analysis(result, Spec(DE.scheme(SCHEMES["article"]))), DE)
    assert "Follower keine Zahl" in german
    assert "falsche Anzahl an Feldern" in german
    assert "NUL-Zeichen aus der Datei entfernt" in german
    english = build_report(Analysis(result, Spec(EN.scheme(SCHEMES["article"]))), EN)
    assert "followers not a number" in english
    assert "removed 1 NUL character from the file" in english
