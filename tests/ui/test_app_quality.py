"""The Data quality page and the column-mapping step, driven with AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from infludash.ui.navigation import QUALITY
from tests.support.pages import app_test, open_page

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
    return open_page(QUALITY)


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
    assert len(at.main.get("download_button")) == 1


def test_mapping_step_fixes_a_file_without_a_known_followers_column() -> None:
    at = _page()
    data = b"creator,audience_total,likes\nalpha,1500,30\nbeta,25000,400\n"
    at.file_uploader[0].set_value(("odd.csv", data, "text/csv")).run()
    assert any("no followers column" in e.value for e in at.error)
    followers = next(s for s in at.selectbox if s.label == "Followers")
    assert followers.value is None
    assert followers.options[0] == "(not used)"
    followers.set_value("audience_total").run()
    assert not at.exception
    assert not at.error
    assert _metric(at, "Accounts kept") == "2"
    assert _metric(at, "Rows read") == "2"
    # the reset button brings back the automatic mapping (and so the error)
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("reset_"))).click()
    at.run()
    assert any("no followers column" in e.value for e in at.error)


def test_a_header_that_reads_like_the_not_used_choice_can_still_be_mapped() -> None:
    at = _page()
    data = b"creator,(not used)\nalpha,1500\nbeta,25000\n"
    at.file_uploader[0].set_value(("odd.csv", data, "text/csv")).run()
    followers = next(s for s in at.selectbox if s.label == "Followers")
    assert followers.value is None
    followers.set_value("(not used)").run()
    assert not at.exception
    assert _metric(at, "Accounts kept") == "2"


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
    at = app_test().run()
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


JAN = b"handle,followers,likes\na,1000,50\n@B,2000,80\nc,3000,90\n"
FEB = b"handle,followers,likes\nA,1000,50\nb,2500,80\nd,4000,100\n"


def _two_months(**params: str) -> AppTest:
    at = open_page(QUALITY, **params)
    at.file_uploader[0].set_value(
        [("jan.csv", JAN, "text/csv"), ("feb.csv", FEB, "text/csv")]
    ).run()
    assert not at.exception
    return at


def _counts(at: AppTest) -> tuple[str, str, str, str]:
    return (
        _metric(at, "Rows read"),
        _metric(at, "Accounts kept"),
        _metric(at, "Exact duplicates"),
        _metric(at, "Possible duplicates"),
    )


def test_two_files_with_the_same_accounts_and_the_keep_latest_switch() -> None:
    at = _two_months()
    assert _counts(at) == ("6", "5", "1", "2")
    warnings = [w.value for w in at.warning]
    assert any("in feb\\.csv, was folded as a duplicate" in w for w in warnings), warnings
    assert any(w.startswith("2 rows appear in more than one file") for w in warnings), warnings
    files = next(df.value for df in at.dataframe if "Of them: account in another file" in df.value)
    assert files["Of them: account in another file"].tolist() == ["0", "1"]
    switch = at.toggle(key="keep_latest")
    assert switch.value is False
    switch.set_value(True).run()
    assert not at.exception
    assert _counts(at) == ("6", "4", "2", "0")
    files = next(df.value for df in at.dataframe if "Of them: account in another file" in df.value)
    assert files["Of them: account in another file"].tolist() == ["2", "0"]
    dropped = "1 row of an earlier file \\(jan\\.csv\\) was dropped"  # Markdown-escaped (plain)
    assert any(dropped in w.value for w in at.warning)
    at.toggle(key="keep_latest").set_value(False).run()
    assert _counts(at) == ("6", "5", "1", "2")


def test_a_link_with_keep_latest_opens_with_the_switch_on() -> None:
    at = _two_months(keep_latest="true")  # a setting of the link, like the filters
    assert at.toggle(key="keep_latest").value is True
    assert _counts(at) == ("6", "4", "2", "0")


def test_a_platform_per_file_keeps_two_exports_apart() -> None:
    at = _two_months()
    pickers = [s for s in at.selectbox if s.label == "Platform of this file"]
    assert [p.value for p in pickers] == ["(none)", "(none)"]
    pickers[0].set_value("TikTok").run()
    next(
        s for s in at.selectbox if s.label == "Platform of this file" and s.value == "(none)"
    ).set_value("Instagram").run()
    assert not at.exception
    assert _counts(at) == ("6", "6", "0", "0")
    warnings = [w.value for w in at.warning]
    assert any("every account is counted as TikTok" in w for w in warnings), warnings
    assert not any("more than one file" in w for w in warnings)


def test_one_file_has_no_keep_latest_switch() -> None:
    at = _page()
    at.file_uploader[0].set_value(("jan.csv", JAN, "text/csv")).run()
    assert not at.exception
    assert not [t for t in at.toggle if t.key == "keep_latest"]


def test_a_file_with_unreadable_bytes_says_so_in_german() -> None:
    at = _page()
    at.selectbox(key="lang").set_value("de").run()
    data = (
        "handle,platform,followers,likes\nzoë,TikTok,5000,100\n".encode() + b"b\xff,TikTok,900,9\n"
    )
    at.file_uploader[0].set_value(("mixed.csv", data, "text/csv")).run()
    assert not at.exception
    files = next(df.value for df in at.dataframe if "Kodierung" in df.value.columns)
    assert files["Kodierung"].tolist() == ["UTF-8 (unlesbare Bytes ersetzt)"]
