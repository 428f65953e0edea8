"""The platform of an upload that has no platform column, picked in its column-mapping step.

Two single-platform exports without a platform column (a TikTok list and an Instagram list) would
otherwise be pooled as one unknown platform. The choice is kept per file content in the session,
like the column mapping; it is applied after the cached read (a column of one text, not a new
parse), and the upload's data key includes it, so every cached view follows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from infludash.present.i18n import Locale
from infludash.read.platforms import KNOWN_PLATFORMS
from infludash.ui import state

if TYPE_CHECKING:
    from infludash.ui.uploads import Upload

NO_PLATFORM = "(none)"


def platform_for(digest: str) -> str | None:
    """The platform given for this file content (None: the file's own column, or unknown)."""
    return st.session_state.get(state.FILE_PLATFORMS, {}).get(digest)


def _remember(digest: str, key: str) -> None:
    choice = st.session_state[key]
    store = st.session_state.setdefault(state.FILE_PLATFORMS, {})
    if choice == NO_PLATFORM:
        store.pop(digest, None)
    else:
        store[digest] = choice


def picker(upload: Upload, number: int, loc: Locale) -> None:
    """The platform picker of one upload; ``number`` keeps widget keys apart when the same
    content is uploaded twice (its platform is shared, since it is the same file)."""
    key = state.platform_key(upload.digest, number)
    options = [NO_PLATFORM, *KNOWN_PLATFORMS]
    current = platform_for(upload.digest)
    st.selectbox(
        loc.t("quality.platform_label"),
        options,
        index=options.index(current) if current in options else 0,
        format_func=lambda p: loc.t("quality.platform_none") if p == NO_PLATFORM else p,
        key=key,
        on_change=_remember,
        args=(upload.digest, key),
        help=loc.t("quality.platform_help"),
    )
