"""The one exception type that means "the input is wrong, and here is what to do".

Everything the analyst can fix (a file we cannot read, a missing column, bad tier edges) raises
``InputError`` with a message written for a person; the CLI prints it as ``error: ...`` and exits 2,
the app shows it with ``st.error``. Anything else is a bug and is allowed to surface as one.

Errors about a file carry an :class:`infludash.present.i18n.Message` as their one argument:
``str(err)`` is
the English text (the CLI), and the app says ``message_of(err)`` in the analyst's language.
"""

from __future__ import annotations

__all__ = ["InputError", "message_of"]


class InputError(ValueError):
    """Input the analyst can fix; ``str(err)`` is the whole message, ready to show."""


def message_of(err: InputError) -> str:
    """The error's message as raised: a ``Message`` (a ``str`` that knows its catalogue key) when
    it is one, else the plain text."""
    if len(err.args) == 1 and isinstance(err.args[0], str):
        return err.args[0]
    return str(err)
