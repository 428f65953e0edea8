"""Cached loading: parse each upload once per content, bounded in entries and time.

The cache key is the file's bytes (never the ``UploadedFile`` object or its name, which an
attacker controls); the display name is attached after the cache, so two analysts uploading the
same bytes under different names share the parse but each sees their own name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from infludash.errors import InputError
from infludash.reader import ReadResult, combine, display_name, read_accounts

SAMPLE_PATH = Path(__file__).resolve().parents[2] / "data" / "sample_accounts.csv"
SAMPLE_NAME = "sample_accounts.csv"


@dataclass(frozen=True)
class Upload:
    """One uploaded file: a name to show and its bytes."""

    name: str
    data: bytes


@st.cache_data(max_entries=32, ttl="1h", show_spinner="Reading the file…", scope="session")
def _read_bytes(data: bytes) -> ReadResult:
    return read_accounts(data, source="upload")


@st.cache_data(max_entries=1, show_spinner=False)
def load_sample() -> ReadResult:
    """The bundled synthetic sample (shared by every session: it is the same for all)."""
    return read_accounts(SAMPLE_PATH, source=SAMPLE_NAME)


def load_uploads(uploads: list[Upload]) -> tuple[ReadResult | None, list[str]]:
    """Read and combine the uploads that can be read; one error message per file that cannot."""
    results: list[ReadResult] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for upload in uploads:
        name = display_name(upload.name)
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name} ({seen[name]})"
        try:
            results.append(_read_bytes(upload.data).renamed(name))
        except InputError as err:
            errors.append(str(err).replace("upload: ", f"{name}: ", 1))
    return (combine(results) if results else None), errors
