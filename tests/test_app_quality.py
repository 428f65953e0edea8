"""The Data quality page and the column-mapping step, driven with AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "tests" / "apps" / "quality_page.py")
APP = str(ROOT / "app.py")

MESSY = (
    b"handle,platform,followers,likes\n"
    b"a,Instagram,1000,10\n"
    b"b,Instagram,lots,10\n"
    b"a,Instagram,1000,10\n"
    b",,,\n"
    b"e,TikTok,3000,1,extra\n"
    b'=HYPERLINK("http://x"),TikTok,2000,5\n'
)


def _metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def _page() -> AppTest:
    return AppTest.from_file(PAGE, default_timeout=60).run()


def test_accounting_reasons_and_download() -> None:
    at = _page()
    at.file_uploader[0].set_value(("messy.csv", MESSY, "text/csv")).run()
    assert not at.exception
    assert _metric(at, "Rows read") == "6"
    assert _metric(at, "Accounts kept") == "2"
    assert _metric(at, "Rejected") == "3"
    assert _metric(at, "Exact duplicates") == "1"
    frames = [df.value for df in at.dataframe]
    reasons = next(f for f in frames if "Reason" in f.columns and "Rows" in f.columns)
    assert dict(zip(reasons["Reason"], reasons["Rows"], strict=True)) == {
        "followers not a number": "1",
        "blank record": "1",
        "wrong number of fields": "1",
    }
    rejected = next(f for f in frames if "raw" in f.columns)
    assert rejected["row"].tolist() == [2, 4, 5]
    assert rejected["raw"].tolist()[2] == "e,TikTok,3000,1,extra"
    assert len(at.get("download_button")) == 1


def test_mapping_step_fixes_a_file_without_a_known_followers_column() -> None:
    at = _page()
    data = b"creator,audience_total,likes\nalpha,1500,30\nbeta,25000,400\n"
    at.file_uploader[0].set_value(("odd.csv", data, "text/csv")).run()
    assert any("no followers column" in e.value for e in at.error)
    followers = next(s for s in at.selectbox if s.label == "Followers")
    assert followers.value == "(not used)"
    followers.set_value("audience_total").run()
    assert not at.exception
    assert not at.error
    assert _metric(at, "Accounts kept") == "2"
    assert _metric(at, "Rows read") == "2"
    # the reset button brings back the automatic mapping (and so the error)
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("reset_"))).click()
    at.run()
    assert any("no followers column" in e.value for e in at.error)


def test_sheet_picker_for_workbooks() -> None:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Readme"
    book.active.append(["notes only"])
    sheet = book.create_sheet("Data")
    sheet.append(["handle", "followers", "likes"])
    sheet.append(["a", 1000, 10])
    sheet.append(["b", 20000, 300])
    buffer = io.BytesIO()
    book.save(buffer)
    at = _page()
    at.file_uploader[0].set_value(("book.xlsx", buffer.getvalue(), "application/octet-stream"))
    at.run()
    assert not at.error  # the sheet with a followers column is found on its own
    assert _metric(at, "Accounts kept") == "2"
    picker = next(s for s in at.selectbox if s.label.startswith("Sheet of workbook"))
    picker.set_value("Readme").run()
    assert any("no followers column" in e.value for e in at.error)
    picker = next(s for s in at.selectbox if s.label.startswith("Sheet of workbook"))
    picker.set_value("Data").run()
    assert not at.error
    assert _metric(at, "Accounts kept") == "2"


def test_reasons_details_and_warnings_in_german() -> None:
    at = _page()
    at.selectbox(key="lang").set_value("de").run()
    data = MESSY.replace(b"b,Instagram,lots,10\n", b"b,Instagram,lots,10\x00\n")
    at.file_uploader[0].set_value(("messy.csv", data, "text/csv")).run()
    assert not at.exception
    frames = [df.value for df in at.dataframe]
    reasons = next(f for f in frames if "Grund" in f.columns and "Zeilen" in f.columns)
    assert set(reasons["Grund"]) == {
        "Follower keine Zahl",
        "leere Zeile",
        "falsche Anzahl an Feldern",
    }
    rejected = next(f for f in frames if "raw" in f.columns)
    assert rejected["reason"].tolist() == [
        "Follower keine Zahl",
        "leere Zeile",
        "falsche Anzahl an Feldern",
    ]
    assert rejected["detail"].tolist()[0] == "die Follower-Zelle enthält „lots“"
    assert rejected["detail"].tolist()[2].startswith("5 Felder, die Kopfzeile hat 4 (ein Komma")
    assert rejected["raw"].tolist()[2] == "e,TikTok,3000,1,extra"  # the file's own text
    # warnings are Markdown-escaped (plain): "messy\.csv: 1 NUL\-Zeichen …"
    assert any("NUL\\-Zeichen aus der Datei entfernt" in w.value for w in at.warning)


NO_FOLLOWERS = b"creator,audience_total,likes\nalpha,1500,30\nbeta,25000,400\n"


def test_a_file_error_in_german_with_the_link_to_the_mapping_step() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.selectbox(key="lang").set_value("de").run()
    at.file_uploader[0].set_value(("odd.csv", NO_FOLLOWERS, "text/csv")).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    # Markdown-escaped (plain): "odd\.csv\: keine Follower\-Spalte unter den Spalten …"
    assert any(
        e.startswith("odd\\.csv\\: keine Follower\\-Spalte unter den Spalten") for e in errors
    )
    assert not any("no followers column" in e for e in errors)
    links = [link.proto.label for link in at.get("page_link")]
    assert "Spaltenzuordnung auf der Seite „Datenqualität“ korrigieren" in links


def test_a_file_error_in_german_on_the_quality_page() -> None:
    at = _page()
    at.selectbox(key="lang").set_value("de").run()
    at.file_uploader[0].set_value(("odd.csv", NO_FOLLOWERS, "text/csv")).run()
    assert not at.exception
    assert any("keine Follower\\-Spalte" in e.value for e in at.error)
    followers = next(s for s in at.selectbox if s.label == "Follower")
    followers.set_value("audience_total").run()
    assert not at.error


def test_the_same_content_uploaded_twice_keeps_both_files_and_mappings() -> None:
    at = _page()
    data = b"handle,followers,likes\na,1500,30\nb,25000,400\n"
    at.file_uploader[0].set_value(
        [("export.csv", data, "text/csv"), ("copy_of_export.csv", data, "text/csv")]
    ).run()
    assert not at.exception
    assert _metric(at, "Rows read") == "4"
    expanders = [e.label for e in at.expander]
    assert any("copy\\_of\\_export" in label or "copy_of_export" in label for label in expanders)
    assert sum("export" in label for label in expanders) >= 2


def test_an_alarm_is_shown_at_error_level_and_a_file_without_accounts_is_an_error() -> None:
    at = _page()
    rows = "".join(f"h{i},{i}.25\n" for i in range(1, 9)) + "x,1200\ny,5000\n"
    mostly = ("handle,followers\n" + rows).encode()
    at.file_uploader[0].set_value(("rates.csv", mostly, "text/csv")).run()
    assert not at.exception
    assert any("8 of 10 rows were rejected" in e.value for e in at.error)
    assert not any("8 of 10 rows were rejected" in w.value for w in at.warning)
    at.file_uploader[0].set_value(("words.csv", b"handle,followers\na,lots\n", "text/csv")).run()
    assert any("none of the 1 rows gave an account" in e.value for e in at.error)


def test_german_screen_says_the_new_warnings_in_german() -> None:
    at = _page()
    at.selectbox(key="lang").set_value("de").run()
    data = 'Top-Liste\n,,\nname,Folowers\na,"12,4 тыс."\nb,"3 Mio."\n'.encode()
    at.file_uploader[0].set_value(("liste.csv", data, "text/csv")).run()
    assert not at.exception
    texts = [w.value for w in at.warning]
    assert any("Zeilen über der Kopfzeile" in t or "Zeile über der Kopfzeile" in t for t in texts)
    assert any("Tippfehler" in t for t in texts)
