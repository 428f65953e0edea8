"""The settings whose options are shown as words go in the URL by stable ids: ``?lang=de``,
``scheme=hypeauditor``, ``tier=macro``, ``objective=engagements``, ``followers=10000``.

Streamlit's own binding (``bind="query-params"``) writes what a selectbox, a segmented control or
a slider shows, its label: a German link would carry ``tier=Makro``, an English one
``tier=Macro``, and both would break the day a label is reworded. These widgets are therefore not
bound. :func:`seed` puts the URL's value into the session before they are drawn, and
:func:`write` puts each one's id back after the run (nothing when it is the default, so a plain
view has a plain link). A value is read as its id or as its label in any language, whatever the
case, so links copied before the ids (``?lang=Deutsch&tier=Nano``) keep working. The widgets
with numbers or free text as values stay bound: their URL value is already what they hold.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from infludash.analysis.engagement import ER_BASES
from infludash.analysis.filters import ER_STEPS, FOLLOWER_STEPS, MISSING
from infludash.analysis.planner import OBJECTIVES
from infludash.analysis.presets import DEFAULT_SCHEME, SCHEME_ALIASES, SCHEMES
from infludash.analysis.tiers import QUANTILE
from infludash.present.catalogue import DEFAULT_LANGUAGE, LANGUAGES
from infludash.present.i18n import Locale, get_locale
from infludash.ui import state
from infludash.ui.engine_sources import configured

__all__ = ["CUSTOM", "SCHEME_CHOICES", "seed", "write"]

#: The scheme of the analyst's own edges.
CUSTOM = "custom"
#: The sidebar's schemes, in its order.
SCHEME_CHOICES: tuple[str, ...] = (*SCHEMES, QUANTILE, CUSTOM)

Value = object


@dataclass(frozen=True)
class _Param:
    """How one setting is written to the URL and read back from it."""

    key: str
    default: Value
    #: The value for the URL's texts (never empty), or None when they mean nothing here.
    read: Callable[[list[str]], Value | None]
    #: The URL's texts for a value other than the default.
    ids: Callable[[Value], list[str]]


def _locales() -> list[Locale]:
    return [get_locale(lang) for lang in LANGUAGES]


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _pick(
    table: Callable[[], dict[str, str]], unknown: Callable[[str], str | None] = lambda _: None
) -> Callable[[list[str]], Value | None]:
    """Read the last text as an id or a label found in ``table`` (folded text -> id); a text not
    found there goes to ``unknown``."""

    def read(texts: list[str]) -> Value | None:
        text = _fold(texts[-1])
        found = table().get(text)
        return found if found is not None or not text else unknown(text)

    return read


def _tier_key(text: str) -> str:
    """A tier the presets do not name (``q2``, ``tier_3``) by its key, or by an old label's first
    word (``Q2 (1.2k–5k)``); the tier picker checks it against the scheme on screen."""
    return text.split(" ", maxsplit=1)[0]


def _words(ids: Sequence[str], catalogue_key: Callable[[str], str]) -> dict[str, str]:
    """Each id and its label in every language, folded, mapped to the id."""
    table = {_fold(i): i for i in ids}
    for loc in _locales():
        for i in ids:
            table.setdefault(_fold(loc.t(catalogue_key(i))), i)
    return table


@functools.cache
def _languages() -> dict[str, str]:
    table = {_fold(code): code for code in LANGUAGES}
    table.update({_fold(name): code for code, name in LANGUAGES.items()})
    return table


@functools.cache
def _schemes() -> dict[str, str]:
    table = _words(SCHEME_CHOICES, lambda name: f"schemes.{name}.short")
    for alias, name in SCHEME_ALIASES.items():
        table.setdefault(_fold(alias), name)
    for loc in _locales():  # the catalogue's long titles and the schemes' own short names
        for name, scheme in SCHEMES.items():
            table.setdefault(_fold(loc.scheme(scheme).short), name)
    return table


@functools.cache
def _bases() -> dict[str, str]:
    return _words(ER_BASES, lambda basis: f"basis.{basis}")


@functools.cache
def _objectives() -> dict[str, str]:
    return _words(OBJECTIVES, lambda goal: f"planner.objective_{goal}")


@functools.cache
def _tiers() -> dict[str, str]:
    named = sorted({key for scheme in SCHEMES.values() for key in scheme.keys} - {"below"})
    return _words(named, lambda key: f"tiers.name.{key}")


@functools.cache
def _missing_words() -> frozenset[str]:
    return frozenset({_fold(MISSING), *(_fold(loc.t("filters.missing")) for loc in _locales())})


def _choices(texts: list[str]) -> Value | None:
    """A categorical filter's values as the file writes them; its missing option by its id or
    its word in any language (the filter itself matches them to its options)."""
    picked = [MISSING if _fold(t) in _missing_words() else t for t in texts if t.strip()]
    return list(dict.fromkeys(picked)) or None


def _number_id(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _steps_table(
    steps: tuple[float, ...], shown: Callable[[Locale, float], str]
) -> dict[str, float]:
    table: dict[str, float] = {}
    for step in steps:
        table[_number_id(step)] = step
        for loc in _locales():
            table.setdefault(_fold(shown(loc, step)), step)
            if step == steps[-1]:
                table.setdefault(_fold(loc.t("filters.no_limit")), step)
    return table


@functools.cache
def _follower_steps() -> dict[str, float]:
    return _steps_table(FOLLOWER_STEPS, lambda loc, v: loc.compact(v, edge=True))


@functools.cache
def _er_steps() -> dict[str, float]:
    return _steps_table(ER_STEPS, lambda loc, v: loc.pct(v, 1))


def _range(
    steps: tuple[float, ...], table: Callable[[], dict[str, float]]
) -> Callable[[list[str]], Value | None]:
    """A range on fixed stops, as two texts (``followers=10000&followers=100000``); a number is
    taken if it is a stop, a label in either language too (``10k``, ``10 Tsd.``, ``no limit``)."""

    def read(texts: list[str]) -> Value | None:
        found: list[float] = []
        for text in texts[-2:]:
            step = table().get(_fold(text))
            if step is None:
                try:
                    step = float(text)
                except ValueError:
                    return None
            if step not in steps:
                return None
            found.append(step)
        if len(found) != 2 or found[0] > found[1]:
            return None
        return (found[0], found[1])

    return read


def _single(value: Value) -> list[str]:
    return [str(value)]


def _many(value: Value) -> list[str]:
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else []


def _numbers(value: Value) -> list[str]:
    return [_number_id(float(v)) for v in value] if isinstance(value, (list, tuple)) else []


def _source(texts: list[str]) -> Value | None:
    """A configured source by its section name (the deployer's; never an address)."""
    return texts[-1] if texts[-1] in configured() else None


PARAMS: tuple[_Param, ...] = (
    _Param(state.LANG, DEFAULT_LANGUAGE, _pick(_languages), _single),
    _Param(state.DATABASE, "", _source, _single),
    _Param(state.SCHEME, DEFAULT_SCHEME.name, _pick(_schemes), _single),
    _Param(state.BASIS, "auto", _pick(_bases), _single),
    _Param(state.TIER, None, _pick(_tiers, _tier_key), _single),
    _Param(state.OBJECTIVE, OBJECTIVES[0], _pick(_objectives), _single),
    *(_Param(column, [], _choices, _many) for column in state.CHOICE_FILTERS),
    _Param(
        state.FOLLOWERS_RANGE,
        (FOLLOWER_STEPS[0], FOLLOWER_STEPS[-1]),
        _range(FOLLOWER_STEPS, _follower_steps),
        _numbers,
    ),
    _Param(state.ER_RANGE, (ER_STEPS[0], ER_STEPS[-1]), _range(ER_STEPS, _er_steps), _numbers),
)


def _is_default(param: _Param, value: Value) -> bool:
    if value is None:
        return True
    if isinstance(param.default, (list, tuple)) and isinstance(value, (list, tuple)):
        return list(value) == list(param.default)
    return value == param.default


def seed() -> None:
    """Before any widget: take the URL's settings into the session, on the session's first run
    and whenever the URL no longer says what :func:`write` wrote (the browser's back button, an
    edited address). A setting missing from the URL is left as it is: a page switch may drop
    the query string, and :func:`write` puts it back."""
    written: dict[str, list[str]] | None = st.session_state.get(state.URL_WRITTEN)
    for param in PARAMS:
        texts = st.query_params.get_all(param.key)
        if not texts or (written is not None and texts == written.get(param.key)):
            continue
        value = param.read(texts)
        if value is not None:
            st.session_state[param.key] = value


def write() -> None:
    """After the run: each setting's ids in the URL, none for a default."""
    written: dict[str, list[str]] = {}
    for param in PARAMS:
        value = st.session_state.get(param.key)
        ids = [] if _is_default(param, value) else param.ids(value)
        if st.query_params.get_all(param.key) != ids:
            if ids:
                st.query_params[param.key] = ids
            elif param.key in st.query_params:
                del st.query_params[param.key]
        written[param.key] = ids
    st.session_state[state.URL_WRITTEN] = written
