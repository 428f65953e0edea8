"""The one exception type that means "the input is wrong, and here is what to do".

Everything the analyst can fix (a file we cannot read, a missing column, bad tier edges) raises
``InputError`` with a message written for a person; the CLI prints it as ``error: ...`` and exits 2,
the app shows it with ``st.error``. Anything else is a bug and is allowed to surface as one.
"""

from __future__ import annotations


class InputError(ValueError):
    """Input the analyst can fix; ``str(err)`` is the whole message, ready to show."""
