"""Showing user text without letting it act as Markdown, HTML, colour directives or LaTeX.

Streamlit renders Markdown in ``st.error``, ``st.caption``, labels and metrics. Anything that came
from a file (names, handles, headers, file names) goes through :func:`plain` before it is placed in
such an element; tables (``st.dataframe``) and ``st.text`` show text literally and need nothing.
"""

from __future__ import annotations

import re

import pandas as pd

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=&])")

#: Invisible, and no letter or digit: placed inside a pattern, it breaks it without changing how
#: the text reads.
WORD_JOINER = "\u2060"

#: What Streamlit's Markdown turns into links and icons *after* backslash escapes are resolved
#: (it looks at the text, not the source), so escaping alone leaves them active: web addresses
#: (``http://``, ``https://``, ``www.``), e-mail addresses, and emoji and icon short codes
#: (``:smile:``, ``:streamlit:``, ``:material/home:``). A word joiner after the ``:`` of ``://``,
#: after ``www``, after ``@`` and after the opening ``:`` of a short code breaks each of them.
_AUTOMATIC = re.compile(r"(?i):(?=//)|\bwww(?=\.)|@(?=\w)|:(?=[\w+\-/]+:)")

#: Embedding, override and isolate controls: one in a name (U+202E) would turn the rest of the
#: sentence around. They are shown as U+FFFD, the mark the reader uses for undecodable bytes.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def plain(text: object) -> str:
    """``text`` with every Markdown-active character backslash-escaped, newlines folded, links and
    short codes broken up (invisibly) and text-direction controls made visible."""
    flat = _BIDI_CONTROLS.sub("\ufffd", " ".join(str(text).split()))
    flat = _AUTOMATIC.sub(lambda m: m.group(0) + WORD_JOINER, flat)
    return _MARKDOWN_SPECIALS.sub(r"\\\1", flat)


#: A profile link the table may open: a web address, nothing else (no ``javascript:``, ``data:``,
#: ``file:`` or relative link; ``www.`` is opened as ``https://`` by the table).
_WEB_LINK = re.compile(r"(?i)^\s*(?:https?://|www\.)\S")


def web_links(values: pd.Series) -> pd.Series:
    """``values`` where they are web addresses, missing elsewhere: a link column opens what it is
    given, and a file can hold any text in its URL column (the downloads keep it as written)."""
    text = values.astype("string")
    return text.where(text.str.contains(_WEB_LINK).fillna(False).astype(bool))
