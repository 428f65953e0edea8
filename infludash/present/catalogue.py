"""The catalogues: every text of every language, by dotted key, read once per process.

``infludash/present/locales/<lang>.toml`` holds one language; a test checks that every language
has the same keys with the same placeholders, and that every code of the core has its text.
"""

from __future__ import annotations

import string
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "catalogue", "placeholders", "plural_form"]

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
#: Language code -> the language's own name (shown in the picker in every language).
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch"}
DEFAULT_LANGUAGE = "en"


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All texts of ``lang`` by dotted key (``overview.title``), read once per process."""
    path = LOCALES_DIR / f"{lang}.toml"
    with path.open("rb") as handle:
        return _flatten(tomllib.load(handle))


def placeholders(text: str) -> set[str]:
    """Names of the ``{placeholders}`` in a catalogue text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def plural_form(count: int) -> str:
    """``one`` or ``other``: the catalogue suffix for ``count`` (English and German agree)."""
    return "one" if count == 1 else "other"
