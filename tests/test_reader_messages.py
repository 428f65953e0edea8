"""Reader warnings, rejection reasons and details in the analyst's language.

Every warning the reader gives is a :class:`~infludash.present.i18n.Message`: its string value is
the
English text (CLI, logs, JSON), the app says it in German with German numbers. Rejection reasons
and details stay English in the data; ``Locale.reason``/``Locale.detail`` say them in the app.
"""

from __future__ import annotations

import codecs
import pickle

import pytest

from infludash.analysis.summary import summarize
from infludash.present.i18n import REASON_KEYS, Message, get_locale
from infludash.read.reader import ReadResult, combine, read_accounts
from tests.fixtures import workbook_bytes

EN, DE = get_locale("en"), get_locale("de")


def _only(result: ReadResult, words: str) -> Message:
    found = [w for w in result.warnings if words in w]
    assert len(found) == 1, result.warnings
    assert isinstance(found[0], Message)
    return found[0]


def _nul_file() -> bytes:
    """1,234 NUL bytes well after the start (a leading sample full of them reads as binary)."""
    head = b"handle,followers\n" + b"".join(b"account%05d,%d\n" % (i, i) for i in range(1, 6000))
    tail = b"".join(b"late%04d,%d\x00\n" % (i, i) for i in range(1, 1235))
    return head + tail


def test_nul_characters_in_german() -> None:
    warning = _only(read_accounts(_nul_file(), source="nul.csv"), "NUL")
    assert warning == "nul.csv: removed 1,234 NUL characters from the file"
    german = DE.say(warning)
    assert german == "nul.csv: 1.234 NUL-Zeichen aus der Datei entfernt"
    single = _only(read_accounts(b"handle,followers\na,1\x00\n", source="one.csv"), "NUL")
    assert single == "one.csv: removed 1 NUL character from the file"
    assert DE.say(single) == "one.csv: 1 NUL-Zeichen aus der Datei entfernt"


def test_bad_likes_cells_in_german() -> None:
    rows = "".join(
        f"a{i},{1000 + i},{'lots' if i in (1100, 1205) else 10}\n" for i in range(1, 1300)
    )
    result = read_accounts(("handle,followers,likes\n" + rows).encode(), source="likes.csv")
    warning = _only(result, "not a valid number")
    assert warning == (
        "likes.csv: likes: 2 values that are not a valid number treated as missing "
        "(rows 1,100, 1,205); the rows are kept"
    )
    german = DE.say(warning)
    assert german != str(warning)
    assert german == (
        "likes.csv: Likes: 2 Werte, die keine gültigen Zahlen sind, als fehlend behandelt "
        "(Zeilen 1.100, 1.205); die Zeilen bleiben erhalten"
    )


def test_hidden_likes_in_german() -> None:
    rows = "".join(f"a{i},{1000 + i},{-1 if i % 2 else 10}\n" for i in range(1, 2500))
    result = read_accounts(("handle,followers,likes\n" + rows).encode(), source="h.csv")
    warning = _only(result, "hidden")
    assert str(warning) == (
        "h.csv: likes: 1,250 values of -1 (a hidden count, as scrapers write it) treated as "
        "missing (rows 1, 3, 5, 7, 9 and 1,245 more)"
    )
    german = DE.say(warning)
    assert "1.250 Werte von -1" in german
    assert "Zeilen 1, 3, 5, 7, 9 und 1.245 weitere" in german


def test_utf16_without_bom_in_german() -> None:
    data = "handle\tfollowers\na\t10\nb\t20\n".encode("utf-16-le")
    warning = _only(read_accounts(data, source="u.csv"), "byte-order mark")
    assert warning == "u.csv: the file is UTF-16 without a byte-order mark; read as UTF-16-LE"
    assert DE.say(warning) == (
        "u.csv: die Datei ist UTF-16 ohne Byte-Order-Mark; sie wurde als UTF-16-LE gelesen"
    )


def test_windows_1252_lines_in_german() -> None:
    rows = "".join(f"Müller{i},{i}\n" for i in range(1, 1300))
    warning = _only(read_accounts(("handle,followers\n" + rows).encode("cp1252")), "Windows-1252")
    assert "on file lines 2, 3, 4, 5, 6 and 1,294 more, counting the header as line 1" in warning
    german = DE.say(warning)
    assert "Dateizeilen 2, 3, 4, 5, 6 und 1.294 weiteren" in german
    assert "Kodierung" in german


def test_mixed_encodings_in_german() -> None:
    data = "handle,followers\nJosé,10\n".encode() + b"".join(
        b"Jos\xe9%d,20\n" % i for i in range(1500)
    )
    warning = _only(read_accounts(data), "mixes text encodings")
    assert "1,500 rows had unreadable characters" in warning
    german = DE.say(warning)
    assert "1.500 Zeilen enthielten unlesbare Zeichen" in german
    assert "1.495 weiteren" in german


def test_duplicate_header_and_mapping_notes_in_german() -> None:
    data = b"name,username,followers,followers,likes\na,b,10,,1\nc,d,20,,2\n"
    result = read_accounts(data, source="d.csv")
    repeated = _only(result, "appears 2 times")
    assert repeated == (
        "d.csv: the header 'followers' appears 2 times; used column 3 for followers, the copy "
        "with the most valid values (column 3: 2 valid, column 4: 0 valid)"
    )
    assert DE.say(repeated) == (
        "d.csv: die Überschrift 'followers' kommt 2-mal vor; für „Follower“ wurde Spalte 3 "
        "verwendet, die Kopie mit den meisten gültigen Werten (Spalte 3: 2 gültig, "
        "Spalte 4: 0 gültig)"
    )
    better = _only(result, "better match")
    assert better == "d.csv: column 'name' not used: 'username' is a better match for handle"
    assert DE.say(better).endswith("passt besser zu „Handle“")


def test_excel_notes_in_german_and_plural_english() -> None:
    book = workbook_bytes(
        {"Notes": [["hi"]], "Data": [["Title"], ["handle", "followers"], ["a", 1, "stray"]]}
    )
    result = read_accounts(book, source="b.xlsx")
    assert _only(result, "read the sheet") == (
        "b.xlsx: read the sheet 'Data', the first with a followers column (the first sheet, "
        "'Notes', has none); pick another sheet if needed"
    )
    above = _only(result, "above the header")
    assert above == "b.xlsx: skipped 1 row above the header row of sheet 'Data'"
    assert (
        DE.say(above) == "b.xlsx: 1 Zeile über der Kopfzeile des Tabellenblatts 'Data' übersprungen"
    )
    outside = _only(result, "to the right")
    assert outside.startswith("b.xlsx: 1 cell to the right of the last named column was ignored")
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
def test_every_reader_warning_is_a_message_and_german_differs(name: str) -> None:
    result = read_accounts(MESSY[name], source=f"{name}.csv")
    assert result.warnings
    for warning in result.warnings:
        assert isinstance(warning, Message), warning
        assert warning.key == "warnings.in_file"
        assert EN.say(warning) == str(warning)
        assert DE.say(warning).startswith(f"{name}.csv: ")
        assert DE.say(warning) != str(warning)
        assert "warnings." not in DE.say(warning)  # no key shown in place of a text


def test_non_strict_overrides_note_is_a_message() -> None:
    result = read_accounts(
        b"handle,followers\na,1\n",
        source="s.csv",
        overrides={"avg_likes": "Likes"},
        strict_overrides=False,
    )
    (warning,) = result.warnings
    assert warning == "s.csv: mapping avg_likes='Likes' skipped: this file has no such column"
    assert DE.say(warning) == (
        "s.csv: Zuordnung „Likes pro Post“ = 'Likes' übersprungen: Diese Datei hat keine solche "
        "Spalte"
    )


def test_unit_notes_of_the_reported_rate_are_messages() -> None:
    # computed rates 1% ... 5%; the file says 100 ... 500: percent numbers, 100× too big
    rows = "".join(f"a{i},1000,{10 * i},{100 * i}\n" for i in range(1, 6))
    summary = summarize(read_accounts(("handle,followers,likes,er\n" + rows).encode()))
    notes = [n for n in summary.er_notes if "reported engagement rates" in n]
    (note,) = notes
    assert isinstance(note, Message)
    assert note.startswith("the reported engagement rates were 100× the computed ones")
    assert "(0,63 = 0,63 %)" in DE.say(note)


def test_renamed_and_pickled_warnings_keep_their_language() -> None:
    data = "handle,followers\nMüller,1\nx,bad\n".encode("cp1252")
    result = read_accounts(data, source="upload")
    renamed = result.renamed("mine.csv")
    warning = renamed.warnings[0]
    assert isinstance(warning, Message)
    assert warning.startswith("mine.csv: the file is not UTF-8")
    assert warning.removeprefix("mine.csv: ") == result.warnings[0].removeprefix("upload: ")
    assert DE.say(warning).startswith("mine.csv: die Datei ist nicht UTF-8")
    again = renamed.renamed("other.csv").warnings[0]
    assert DE.say(again).startswith("other.csv: die Datei ist nicht UTF-8")
    copy = pickle.loads(pickle.dumps(renamed))  # the app caches results pickled
    assert copy.warnings == renamed.warnings
    assert DE.say(copy.warnings[0]) == DE.say(warning)
    both = combine([renamed, read_accounts(b"handle,followers\na,1\x00\n", source="b.csv")])
    assert [DE.say(w).split(":")[0] for w in both.warnings] == ["mine.csv", "b.csv"]


def test_renamed_plain_text_warnings_become_messages() -> None:
    result = ReadResult(
        accounts=read_accounts(b"handle,followers\na,1\n").accounts,
        rejected=read_accounts(b"handle,followers\na,1\n").rejected,
        rows_read=1,
        duplicates=0,
        sources=["old.csv"],
        warnings=["old.csv: something plain"],
    )
    (warning,) = result.renamed("new.csv").warnings
    assert isinstance(warning, Message)
    assert warning == "new.csv: something plain"
    assert DE.say(warning) == "new.csv: something plain"


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
    assert set(rejected["reason"]) == set(REASON_KEYS)  # the table covers every reason
    for reason, detail in zip(rejected["reason"], rejected["detail"], strict=True):
        assert EN.reason(reason) == reason
        assert DE.reason(reason) != reason
        assert EN.detail(detail) == detail
        if detail:
            assert DE.detail(detail) != detail, detail


@pytest.mark.parametrize(
    ("reason", "german"),
    [
        ("followers not a number", "Follower keine Zahl"),
        ("followers missing", "Follower fehlen"),
        ("followers written as a percentage", "Follower als Prozentwert angegeben"),
        ("followers negative", "Follower negativ"),
        ("followers not a whole number", "Follower keine ganze Zahl"),
        ("blank record", "leere Zeile"),
        ("wrong number of fields", "falsche Anzahl an Feldern"),
        ("totals row", "Summenzeile"),
        ("some future reason", "some future reason"),
        ("", ""),
    ],
)
def test_reason_in_both_languages(reason: str, german: str) -> None:
    assert EN.reason(reason) == reason
    assert DE.reason(reason) == german


@pytest.mark.parametrize(
    ("detail", "german"),
    [
        ("the followers cell reads 'lots'", "die Follower-Zelle enthält „lots“"),
        ("the followers cell reads 'it's'", "die Follower-Zelle enthält „it's“"),
        (
            "the followers cell reads 'N/A', a missing-value marker",
            "die Follower-Zelle enthält „N/A“, eine Markierung für fehlende Werte",
        ),
        ("the followers cell is empty", "die Follower-Zelle ist leer"),
        (
            "3 fields, the header has 2 (a comma inside an unquoted value?)",
            "3 Felder, die Kopfzeile hat 2 (ein Komma in einem Wert ohne Anführungszeichen?)",
        ),
        (
            "1 field, the header has 2 (a semicolon inside an unquoted value?)",
            "1 Feld, die Kopfzeile hat 2 (ein Semikolon in einem Wert ohne Anführungszeichen?)",
        ),
        (
            "1,200 fields, the header has 1,100 (a tab inside an unquoted value?)",
            "1.200 Felder, die Kopfzeile hat 1.100 (ein Tabulator in einem Wert ohne "
            "Anführungszeichen?)",
        ),
        (
            "4 fields, the header has 2 (a ':' inside an unquoted value?)",
            "4 Felder, die Kopfzeile hat 2 (ein ':' in einem Wert ohne Anführungszeichen?)",
        ),
        ("something else entirely", "something else entirely"),
        ("", ""),
    ],
)
def test_detail_in_both_languages(detail: str, german: str) -> None:
    assert EN.detail(detail) == detail
    assert DE.detail(detail) == german


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
    (detail,) = read_accounts(data).rejected["detail"]
    assert detail.startswith(words)
    assert EN.detail(detail) == detail
    assert DE.detail(detail).startswith(german + ", die Kopfzeile hat 2 (ein ")


def test_the_report_gives_reasons_and_warnings_in_german() -> None:
    from infludash.analysis.analysis import Analysis, Spec
    from infludash.analysis.tiers import SCHEMES
    from infludash.present.report import build_report

    data = REJECTING + b"z,1000\ny,2000\n" + b"x,3000\x00\n"
    result = read_accounts(data, source="r.csv")
    german = build_report(Analysis(result, Spec(DE.scheme(SCHEMES["article"]))), DE)
    assert "Follower keine Zahl" in german
    assert "falsche Anzahl an Feldern" in german
    assert "NUL-Zeichen aus der Datei entfernt" in german
    english = build_report(Analysis(result, Spec(EN.scheme(SCHEMES["article"]))), EN)
    assert "followers not a number" in english
    assert "removed 1 NUL character from the file" in english
