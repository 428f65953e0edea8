"""The one exception type that means "the input is wrong, and here is what to do".

Everything the analyst can fix (a file we cannot read, a missing column, bad tier edges) raises
``InputError`` carrying a :class:`~infludash.base.notes.Note`: what went wrong as a code and its
values, never a sentence. The CLI says it in English as ``error: ...`` and exits 2, the app says
it in the analyst's language with ``st.error`` (``present`` makes the words). Anything else is a
bug and is allowed to surface as one.
"""

from __future__ import annotations

from infludash.base.notes import Note

__all__ = ["InputError"]


class InputError(ValueError):
    """Input the analyst can fix; ``note`` says what and what to do."""

    def __init__(self, note: Note) -> None:
        if not isinstance(note, Note):  # an English sentence here would reach the German screen
            raise TypeError(f"InputError takes a Note, not {type(note).__name__}")
        super().__init__(note)

    @property
    def note(self) -> Note:
        """What went wrong, as a code and its values."""
        note = self.args[0]
        assert isinstance(note, Note)
        return note

    def __str__(self) -> str:  # tracebacks and logs: the code and values (words are present's)
        return f"{self.note.key} {dict(self.note.values)!r}"
