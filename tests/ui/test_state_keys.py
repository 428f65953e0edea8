"""Every session-state and URL key is spelt once, in ``infludash/ui/state.py``.

A key written as a string elsewhere is how two modules come to share a key by accident, or a
renamed query parameter silently breaks the links analysts keep. The check reads the ui modules'
syntax trees: a string (or f-string) used as a key of ``st.session_state`` or ``st.query_params``,
or as the ``key`` of a widget bound to the URL, is reported with its file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from infludash.ui import state

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "infludash" / "ui"
OWNER = UI / "state.py"
STORES = {"session_state", "query_params"}
LOOKUPS = {"get", "setdefault", "pop", "__getitem__", "__setitem__", "__delitem__", "__contains__"}


def _is_store(node: ast.AST) -> bool:
    """``st.session_state``, ``st.query_params`` or a bare ``session_state`` name."""
    if isinstance(node, ast.Attribute):
        return node.attr in STORES
    return isinstance(node, ast.Name) and node.id in STORES


def _is_text(node: ast.AST | None) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def literal_keys(source: str) -> list[int]:
    """Lines of ``source`` where a key of the session or the URL is written as a string."""
    found: list[int] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Subscript) and _is_store(node.value) and _is_text(node.slice):
            found.append(node.lineno)
        elif isinstance(node, ast.Compare) and _is_text(node.left):
            if any(_is_store(c) for c in node.comparators):
                found.append(node.lineno)  # "key" in st.session_state
        elif isinstance(node, ast.Call):
            func = node.func
            lookup = isinstance(func, ast.Attribute) and func.attr in LOOKUPS
            if lookup and _is_store(func.value) and node.args and _is_text(node.args[0]):
                found.append(node.lineno)
            keywords = {k.arg: k.value for k in node.keywords}
            if "bind" in keywords and ("key" not in keywords or _is_text(keywords["key"])):
                found.append(node.lineno)  # a URL widget's key is its query parameter
    return found


def _ui_files() -> list[Path]:
    return [*sorted(p for p in UI.rglob("*.py") if p != OWNER), ROOT / "app.py"]


@pytest.mark.parametrize("path", _ui_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_ui_module_spells_a_key_itself(path: Path) -> None:
    lines = literal_keys(path.read_text(encoding="utf-8"))
    assert lines == [], f"{path.relative_to(ROOT)}: keys written as strings on lines {lines}"


@pytest.mark.parametrize(
    "snippet",
    [
        'st.session_state["basis"] = "auto"',
        'x = st.session_state.get("tier")',
        'st.session_state.setdefault(f"map_{d}", {})',
        'del st.session_state["q"]',
        'ok = "scheme" in st.session_state',
        'st.query_params["lang"] = "de"',
        'st.toggle("Overlay", key="benchmarks", bind=URL)',
        'st.toggle("Overlay", bind=URL)',
    ],
)
def test_the_check_finds_a_key_written_as_a_string(snippet: str) -> None:
    assert literal_keys(snippet) == [1]


@pytest.mark.parametrize(
    "snippet",
    [
        "st.session_state[state.BASIS] = 'auto'",
        "x = st.session_state.get(key)",
        "st.toggle('Overlay', key=state.BENCHMARKS, bind=URL)",
        "st.button('Reset', key='reset_filters')",  # not in the URL, never read back
    ],
)
def test_the_check_accepts_keys_from_state(snippet: str) -> None:
    assert literal_keys(snippet) == []


def test_url_keys_are_distinct_and_stored_keys_are_not_in_the_url() -> None:
    assert len(set(state.URL_KEYS)) == len(state.URL_KEYS)
    stored = {
        state.VIEW,
        state.UPLOAD_ROUND,
        state.UPLOADS_SEEN,
        state.DIGESTS_READ,
        state.SHOWN_LANGUAGE,
        state.OVERRIDES,
        state.SHEETS,
        state.FILE_PLATFORMS,
    }
    assert len(stored) == 8
    assert not stored & set(state.URL_KEYS)
    assert set(state.LABELLED) <= set(state.URL_KEYS)


def test_the_url_parameters_are_the_ones_links_already_use() -> None:
    """A copied link names these parameters; renaming one would break every such link."""
    assert set(state.URL_KEYS) == {
        "lang",
        "db",
        "keep_latest",
        "scheme",
        "edges",
        "basis",
        "min_n",
        "er_floor",
        "platform",
        "category",
        "country",
        "source",
        "followers",
        "er",
        "q",
        "benchmarks",
        "tier",
        "anomaly_z",
        "budget",
        "objective",
    }
