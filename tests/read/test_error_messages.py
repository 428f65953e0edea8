"""Errors about a file that cannot be used at all, in the analyst's language.

Every :class:`~infludash.base.errors.InputError` the reader raises carries a
:class:`~infludash.base.notes.Note` without the file's name; the caller that knows the name adds
it (:func:`~infludash.read.combine.in_file`). ``Locale.say`` says it in English (the CLI's
unchanged text) and in German, file name and all.
"""

from __future__ import annotations

import io
import pickle
import zipfile

import pytest

from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.present.i18n import LANGUAGES, catalogue, get_locale
from infludash.read.codes import LooksLike, ReadError
from infludash.read.combine import in_file
from infludash.read.filetype import _SIGNATURES
from infludash.read.limits import Limits
from infludash.read.reader import read_accounts
from infludash.ui.uploads import error_key
from tests.fixtures import workbook_bytes

EN, DE = get_locale("en"), get_locale("de")

ROWS = b"handle,followers\n" + b"".join(b"a%d,%d\n" % (i, i) for i in range(20))


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


def _error(data: bytes, **kwargs: object) -> InputError:
    """The error reading ``data`` gives, named as the CLI and the app name it."""
    with pytest.raises(InputError) as caught:
        read_accounts(data, source="bad.csv", **kwargs)
    assert "file" not in caught.value.note.values  # the reader does not name the file
    return in_file("bad.csv", caught.value)


# (bytes, read_accounts options, English phrase (as before), German phrase, key inside the wrapper)
CASES = {
    "empty": (
        b"",
        {},
        "bad.csv: the file is empty: export the account list again with a header row",
        "die Datei ist leer",
        "errors.empty_file",
    ),
    "png": (
        b"\x89PNG\r\n\x1a\n" + bytes(64),
        {},
        "bad.csv: this looks like a PNG image, not an account list; save the account list as "
        "CSV (UTF-8) or .xlsx and upload that",
        "ein PNG-Bild und keine Kontoliste",
        "errors.looks_like",
    ),
    "pdf": (
        b"%PDF-1.7\n" + bytes(64),
        {},
        "this looks like a PDF document, not an account list",
        "ein PDF-Dokument",
        "errors.looks_like",
    ),
    "old_xls": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64),
        {},
        "this looks like an old Excel .xls (Office 97–2003) file, not an account list",
        "eine alte Excel-Datei im .xls-Format",
        "errors.looks_like",
    ),
    "no_followers_column": (
        b"name,likes\nfoo,12\n",
        {},
        "bad.csv: no followers column found among 'name', 'likes'. Name one of the columns "
        "followers, follower,",
        "keine Follower-Spalte unter den Spalten 'name', 'likes' gefunden",
        "errors.no_followers_column",
    ),
    "header_only": (
        b"handle,followers\n",
        {},
        "bad.csv: the file has a header row but no accounts below it; export the list again",
        "aber keine Konten darunter",
        "errors.no_accounts",
    ),
    "too_many_rows": (
        ROWS,
        {"limits": Limits(max_rows=10)},
        "bad.csv: the file has 20 rows, over the limit of 10; split it into smaller files",
        "die Datei hat 20 Zeilen und überschreitet die Grenze von 10",
        "errors.too_many_rows",
    ),
    "damaged_zip": (
        b"PK\x03\x04" + bytes(64),
        {},
        "this looks like a damaged ZIP archive, not a table",
        "ein beschädigtes ZIP-Archiv",
        "errors.damaged_zip",
    ),
    "word": (
        _zip("word/document.xml"),
        {},
        "this looks like a Word document (.docx), not an account list",
        "ein Word-Dokument (.docx) und keine Kontoliste",
        "errors.looks_like",
    ),
    "binary": (
        bytes(range(256)) * 40,
        {},
        "this looks like a binary file (it is full of control bytes), not text",
        "eine Binärdatei",
        "errors.binary",
    ),
    "too_big": (
        b"x" * 3_000_000,
        {"limits": Limits(max_bytes=1_234_567)},
        "bad.csv: the file is 3.0 MB, over the limit of 1 MB; split it",
        "die Datei ist 3,0 MB groß",
        "errors.too_big",
    ),
    "too_many_columns": (
        (",".join(["followers"] + [f"c{i}" for i in range(1500)]) + "\n1" + "," * 1500).encode(),
        {"limits": Limits(max_columns=1000)},
        "the file has 1,501 columns, over the limit of 1,000; keep the account columns",
        "die Datei hat 1.501 Spalten und überschreitet die Grenze von 1.000",
        "errors.too_many_columns",
    ),
    "value_too_long": (
        b"handle,followers\n" + b"x" * 5000 + b",1\n",
        {"limits": Limits(max_field_chars=100)},
        "a value in column 'handle' (row 1) is 5,000 characters long, over the limit of 100",
        "ein Wert in Spalte 'handle' (Zeile 1) ist 5.000 Zeichen lang",
        "errors.value_too_long",
    ),
    "no_header": (
        b",,\n1,2,3\n",
        {},
        "the file has no header row: the first line must name the columns",
        "die Datei hat keine Kopfzeile",
        "errors.no_header",
    ),
    "no_column_named": (
        b"handle,followers\na,1\n",
        {"overrides": {"followers": "Fans total"}},
        "bad.csv: no column named 'Fans total' in the file",
        "keine Spalte namens 'Fans total' in der Datei",
        "errors.no_column_named",
    ),
    "mapped_twice": (
        b"handle,followers\na,1\n",
        {"overrides": {"followers": "handle", "handle": "handle"}},
        "the file column 'handle' is mapped twice; map it once",
        "ist zweimal zugeordnet",
        "errors.mapped_twice",
    ),
    "no_sheet": (
        workbook_bytes({"Notes": [["notes"]], "Accounts": [["handle", "followers"], ["a", 1]]}),
        {"sheet": "Nope"},
        "bad.csv: no sheet 'Nope' in the workbook; its sheets are Notes, Accounts",
        "kein Tabellenblatt 'Nope' in der Arbeitsmappe; ihre Blätter sind Notes, Accounts",
        "errors.no_sheet",
    ),
    "empty_sheet": (
        workbook_bytes({"Empty": [], "Other": []}),
        {},
        "the sheet 'Empty' is empty: it needs a header row naming the columns; the workbook's "
        "sheets are Empty, Other",
        "das Tabellenblatt 'Empty' ist leer",
        "errors.empty_sheet_of",
    ),
    "unopenable_workbook": (
        _zip("xl/workbook.xml"),
        {},
        "the Excel file cannot be opened (",
        "die Excel-Datei lässt sich nicht öffnen",
        "errors.xlsx_unopenable",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_file_errs_in_english_and_is_said_in_german(case: str) -> None:
    data, options, english, german_phrase, key = CASES[case]
    err = _error(data, **options)
    said = EN.error(err)
    assert english in said
    assert said.startswith("bad.csv: ")
    message = err.note
    assert message.code is ReadError.IN_FILE
    assert message.values["file"] == "bad.csv"
    assert error_key(message) == key
    german = DE.error(err)
    assert german != said
    assert german.startswith("bad.csv: ")
    assert german_phrase in german


def test_error_messages_survive_pickling() -> None:
    err = _error(ROWS, limits=Limits(max_bytes=100))
    copy = pickle.loads(pickle.dumps(err))
    assert copy.note == err.note
    assert DE.error(copy) == DE.error(err)
    assert "0,1 MB" in DE.error(copy)


def test_plurals_that_read_wrong_before() -> None:
    one_row = _error(b"handle,followers\na,1\n", limits=Limits(max_rows=0))
    assert "the file has 1 row, over the limit of 0;" in EN.error(one_row)
    assert "die Datei hat 1 Zeile und" in DE.error(one_row)
    one_char = _error(b"handle,followers\nx,1\n", limits=Limits(max_field_chars=0))
    assert "is 1 character long, over the limit of 0;" in EN.error(one_char)


def test_every_kind_of_file_has_its_own_words() -> None:
    kinds = {kind for _, kind in _SIGNATURES} | {"docx", "pptx", "ods", "zip"}
    for lang in LANGUAGES:
        texts = catalogue(lang)
        assert sorted(k for k in kinds if f"errors.kind.{k}" not in texts) == [], lang
    said = {
        DE.say(Note(ReadError.LOOKS_LIKE, what=Note(LooksLike(f"errors.kind.{k}")))) for k in kinds
    }
    assert len(said) == len(kinds)  # no two kinds read the same


def test_the_app_names_the_upload_with_the_note_inside() -> None:
    with pytest.raises(InputError) as caught:  # the app's cache reads every file as "upload"
        read_accounts(b"name,likes\nfoo,12\n", source="upload")
    error = in_file("mine.csv", caught.value).note
    assert error.values["note"] == caught.value.note  # wrapped, not rewritten
    assert EN.say(error).startswith("mine.csv: no followers column found among 'name', 'likes'")
    assert error_key(error) == "errors.no_followers_column"
    assert DE.say(error).startswith("mine.csv: keine Follower-Spalte")
    assert "upload" not in EN.say(error)


def test_error_key_of_an_unnamed_note_is_its_own() -> None:
    assert error_key(Note(ReadError.EMPTY_FILE)) == "errors.empty_file"


@pytest.mark.parametrize(
    ("path", "english", "german"),
    [
        (
            "/nonexistent/list.csv",
            "/nonexistent/list.csv: no such file; check the path",
            "keine solche Datei",
        ),
        ("/", "/: is a folder, not a file; name a CSV or .xlsx file", "ist ein Ordner"),
    ],
)
def test_a_path_that_cannot_be_read_names_the_path(path: str, english: str, german: str) -> None:
    with pytest.raises(InputError) as caught:
        read_accounts(path)
    assert EN.error(caught.value) == english
    assert german in DE.error(caught.value)
