"""Showing user text without letting it act as Markdown, HTML, colour directives or LaTeX.

Streamlit renders Markdown in ``st.error``, ``st.caption``, labels and metrics. Anything that came
from a file (names, handles, headers, file names) goes through :func:`plain` before it is placed in
such an element; tables (``st.dataframe``) and ``st.text`` show text literally and need nothing.
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=&])")


def plain(text: object) -> str:
    """``text`` with every Markdown-active character backslash-escaped and newlines folded."""
    flat = " ".join(str(text).split())
    return _MARKDOWN_SPECIALS.sub(r"\\\1", flat)
