"""The language catalogues: same keys and placeholders in every language, every key the code asks
for exists, no UI text outside the catalogue, numbers written the language's way."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

from infludash.analysis.anomalies import CODES
from infludash.analysis.codes import EngagementNote
from infludash.analysis.engagement import ER_BASES
from infludash.analysis.filters import CHOICE_COLUMNS
from infludash.analysis.presets import SCHEMES
from infludash.analysis.tiers import QUANTILE, custom_scheme, quantile_scheme
from infludash.base.notes import Note
from infludash.present.i18n import LANGUAGES, catalogue, get_locale, placeholders
from infludash.read.columns import ALIASES
from infludash.read.rejections import Reason
from infludash.read.warning_codes import ReadWarning

ROOT = Path(__file__).resolve().parents[2]
CODE = [*(ROOT / "infludash").rglob("*.py"), ROOT / "app.py"]
UI_CODE = [*(ROOT / "infludash" / "ui").glob("*.py"), ROOT / "app.py"]


def _keys(lang: str) -> set[str]:
    return set(catalogue(lang))


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_language_has_exactly_the_english_keys(lang: str) -> None:
    missing = sorted(_keys("en") - _keys(lang))
    extra = sorted(_keys(lang) - _keys("en"))
    assert missing == [], f"{lang} lacks {missing}"
    assert extra == [], f"{lang} has keys English lacks: {extra}"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_placeholders_match_between_languages(lang: str) -> None:
    english, other = catalogue("en"), catalogue(lang)
    wrong = [
        key
        for key in english
        if key in other and placeholders(english[key]) != placeholders(other[key])
    ]
    assert wrong == []


def test_no_empty_texts() -> None:
    for lang in LANGUAGES:
        assert [k for k, v in catalogue(lang).items() if not v.strip()] == []


def _literal_keys() -> tuple[set[str], set[str]]:
    """Keys passed as literals to ``.t()`` and ``.n()`` (plural families), and the
    constant prefixes of keys built with f-strings."""
    literal: set[str] = set()
    prefixes: set[str] = set()
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in ("t", "n"):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                if name == "n":
                    literal.update({f"{first.value}.one", f"{first.value}.other"})
                else:
                    literal.add(first.value)
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                prefixes.add(str(first.values[0].value))
            elif isinstance(first, ast.IfExp):
                for branch in (first.body, first.orelse):
                    if isinstance(branch, ast.Constant):
                        literal.add(str(branch.value))
    return literal, prefixes


def test_every_key_the_code_asks_for_exists() -> None:
    literal, prefixes = _literal_keys()
    assert len(literal) > 200  # the scan found the calls
    for lang in LANGUAGES:
        keys = _keys(lang)
        assert sorted(literal - keys) == [], lang
        assert [p for p in prefixes if not any(k.startswith(p) for k in keys)] == [], lang


def test_keys_built_at_run_time_exist() -> None:
    wanted = {
        f"schemes.{n}.{part}"
        for n in [*SCHEMES, QUANTILE, "custom"]
        for part in ("title", "short", "source")
    }
    wanted |= {f"tiers.name.{k}" for s in SCHEMES.values() for k in s.keys}
    wanted |= {f"basis.{b}" for b in ("auto", *ER_BASES)}
    wanted |= {f"anomaly.{c}" for c in CODES}
    wanted |= {f"filters.{c}" for c in CHOICE_COLUMNS}
    wanted |= {f"column.{c}" for c in ALIASES}
    wanted |= {
        f"help.{page}" for page in ("overview", "accounts", "findings", "planner", "quality")
    }
    wanted |= {
        f"findings.verdict.{v}"
        for v in (
            "holds",
            "partly_holds",
            "not_supported",
            "reversed",
            "does_not_hold",
            "not_testable",
        )
    }
    wanted |= {f"charts.engagement.y.{b}" for b in ("followers", "views", "column", "benchmark")}
    wanted |= {f"words.per.{b}" for b in ("followers", "views")}
    wanted |= {f"words.statistic.{s}" for s in ("median", "mean")}
    for lang in LANGUAGES:
        assert sorted(wanted - _keys(lang)) == [], lang


#: Streamlit calls whose first argument or label/help/placeholder is shown to the analyst.
_SHOWN = {
    "title",
    "header",
    "subheader",
    "caption",
    "markdown",
    "text",
    "info",
    "warning",
    "error",
    "success",
    "button",
    "download_button",
    "selectbox",
    "multiselect",
    "text_input",
    "number_input",
    "toggle",
    "metric",
    "segmented_control",
    "select_slider",
    "expander",
    "page_link",
    "status",
    "TextColumn",
    "NumberColumn",
    "ProgressColumn",
    "LinkColumn",
    "CheckboxColumn",
    "badge",
    "Page",
    "file_uploader",
    "data_editor",
}


def test_ui_code_has_no_text_literals() -> None:
    offenders = []
    for path in UI_CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in _SHOWN:
                continue
            shown = list(node.args[:1]) + [
                kw.value
                for kw in node.keywords
                if kw.arg in ("label", "help", "placeholder", "title", "body")
            ]
            for arg in shown:
                text = arg.value if isinstance(arg, ast.Constant) else None
                if isinstance(text, str) and any(ch.isalpha() for ch in text):
                    offenders.append(f"{path.name}:{node.lineno}: {text[:40]!r}")
    assert offenders == []


@pytest.mark.parametrize(
    ("lang", "call", "expected"),
    [
        ("en", ("num", 12345.6, 1), "12,345.6"),
        ("de", ("num", 12345.6, 1), "12.345,6"),
        ("en", ("num", 1234567, 0), "1,234,567"),
        ("de", ("num", 1234567, 0), "1.234.567"),
        ("de", ("num", -1234.5, 2), "-1.234,50"),
        ("en", ("num", -0.001, 2), "0.00"),
        ("en", ("num", 999.5, 0), "1,000"),
        ("en", ("pct", 3.456, 2), "3.46%"),
        ("de", ("pct", 3.456, 2), "3,46\u202f%"),
        ("en", ("compact", 2500.0), "2.5k"),
        ("de", ("compact", 2500.0), "2,5k"),
        ("de", ("compact", 1_200_000.0), "1,2\u00a0Mio."),
        ("de", ("compact", 3e9), "3\u00a0Mrd."),
        ("de", ("compact", 1.96e13), "19,6\u00a0Bio."),
        ("en", ("compact", 1.96e13), "19.6T"),
        ("en", ("money", 1200.0), "$1,200"),
        ("de", ("money", 1200.0), "1.200\u00a0$"),
        ("en", ("share", 0.125), "12.5%"),
        ("en", ("num", float("nan"), 0), "–"),
        ("de", ("pct", None), "–"),
    ],
)
def test_numbers_are_written_the_languages_way(lang: str, call: tuple, expected: str) -> None:
    method, *args = call
    assert getattr(get_locale(lang), method)(*args) == expected


def test_plural_forms() -> None:
    en, de = get_locale("en"), get_locale("de")
    assert en.n("overview.rows_read", 1) == "1 row read"
    assert en.n("overview.rows_read", 1234) == "1,234 rows read"
    assert de.n("overview.rows_read", 1234).startswith("1.234 ")
    assert de.n("overview.rows_read", 1) != de.n("overview.rows_read", 2).replace("2", "1")


def test_a_note_is_said_in_each_language_and_pickles() -> None:
    note = Note(EngagementNote.FLOOR, n=1234, floor=2000)
    english = get_locale("en").say(note)
    assert english == "engagement statistics leave out the 1,234 accounts under 2,000 followers"
    german = get_locale("de").say(note)
    assert "1.234" in german
    assert "2.000" in german
    assert german != english
    copy = pickle.loads(pickle.dumps(note))
    assert copy == note
    assert copy.code is EngagementNote.FLOOR
    assert copy.values == note.values
    assert get_locale("de").say("plain text stays") == "plain text stays"


def test_unknown_language_falls_back_to_english() -> None:
    assert get_locale("xx").lang == "en"
    assert get_locale(None).t("nav.overview") == "Overview"


@pytest.mark.parametrize("name", list(SCHEMES))
def test_a_presets_own_english_is_the_english_catalogues(name: str) -> None:
    preset = SCHEMES[name]
    assert get_locale("en").scheme(preset) == preset


def test_schemes_in_german_keep_keys_and_edges() -> None:
    de = get_locale("de")
    standard = de.scheme(SCHEMES["article"])
    assert standard.keys == SCHEMES["article"].keys
    assert standard.edges == SCHEMES["article"].edges
    assert standard.labels[2] == "Mikro"
    assert "10k" in standard.title
    custom = de.scheme(custom_scheme([1500, 25000]))
    assert custom.labels == ("unter 1,5k", "1,5k–25k", "25k+")
    quantiles = de.scheme(quantile_scheme(list(range(1, 101))))
    assert all(label.startswith("Q") for label in quantiles.labels)


def test_a_nested_note_is_said_in_the_same_language() -> None:
    inner = Note(EngagementNote.FLOOR, n=1234, floor=2000)
    outer = Note(ReadWarning.IN_FILE, file="list.csv", note=inner)
    assert (
        get_locale("en").say(outer)
        == "list.csv: engagement statistics leave out the 1,234 accounts under 2,000 followers"
    )
    german = get_locale("de").say(outer)
    assert german == "list.csv: " + get_locale("de").say(inner)
    assert "1.234" in german
    assert "2.000" in german
    copy = pickle.loads(pickle.dumps(outer))
    assert copy == outer
    assert isinstance(copy.values["note"], Note)
    assert get_locale("de").say(copy) == german


def test_a_tuple_value_is_a_list_said_item_by_item() -> None:
    rows = Note(ReadWarning.ROWS, n=2, rows=(1234, 5678))
    assert get_locale("en").say(rows) == "rows 1,234, 5,678"
    assert get_locale("de").say(rows) == "Zeilen 1.234, 5.678"
    counts = Note(ReadWarning.VALID_IN_COLUMN, column=2, n=1500)
    assert get_locale("de").say(counts) == "Spalte 2: 1.500 gültig"


def test_every_reason_is_said_as_the_downloads_always_wrote_it() -> None:
    english = get_locale("en")
    written = {
        Reason.FOLLOWERS_NOT_A_NUMBER: "followers not a number",
        Reason.FOLLOWERS_MISSING: "followers missing",
        Reason.FOLLOWERS_PERCENTAGE: "followers written as a percentage",
        Reason.FOLLOWERS_NEGATIVE: "followers negative",
        Reason.FOLLOWERS_NOT_WHOLE: "followers not a whole number",
        Reason.BLANK_RECORD: "blank record",
        Reason.TOTALS_ROW: "totals row",
        Reason.WRONG_NUMBER_OF_FIELDS: "wrong number of fields",
    }
    assert {r: english.word(r) for r in written} == written
    assert len({english.word(r) for r in Reason}) == len(Reason)
    german = get_locale("de")
    assert all(german.word(r) != english.word(r) for r in Reason)


@pytest.mark.parametrize(
    ("lang", "value", "decimals", "shown"),
    [
        ("en", 0.0042, 2, "$0.0042"),
        ("en", 0.00009, 2, "$0.000090"),
        ("en", 0.5, 2, "$0.50"),
        ("en", 0.0, 2, "$0.00"),
        ("en", 1200, 0, "$1,200"),
        ("en", 0.3, 0, "$0.30"),
        ("de", 0.0042, 2, "0,0042\u00a0$"),
        ("de", 1200, 0, "1.200\u00a0$"),
    ],
)
def test_a_price_is_never_shown_as_nothing(
    lang: str, value: float, decimals: int, shown: str
) -> None:
    assert get_locale(lang).money(value, decimals) == shown
