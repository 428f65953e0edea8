"""What an engine source refuses, as codes: the words are in the catalogues."""

from __future__ import annotations

from infludash.base.notes import Code, Note

__all__ = ["SourceError"]


class SourceError(Code):
    """A source the analysis cannot use, and why. ``source`` is always the address as shown
    (:meth:`~infludash.engine.sources.Source.shown`: without credentials)."""

    UNKNOWN_KIND = "errors.source.unknown_kind", {"source": str}
    NEEDS_TABLE = "errors.source.needs_table", {"source": str}
    NOT_OFFERED = "errors.source.not_offered", {"source": str}
    NO_TABLE = "errors.source.no_table", {"table": str, "source": str, "tables": str}
    NO_FOLLOWERS = "errors.source.no_followers", {"table": str, "columns": str}
    NOT_NUMBERS = (
        "errors.source.not_numbers",
        {"table": str, "column": str, "kind": str, "canonical": Note},
    )
    NO_FILE = "errors.source.no_file", {"source": str}
    CANNOT_OPEN = "errors.source.cannot_open", {"source": str, "reason": str}
    QUERY_FAILED = "errors.source.query_failed", {"source": str, "reason": str}
    TOO_MANY_ROWS = "errors.source.too_many_rows", {"source": str, "n": int}
    MIXED = "errors.source.mixed"
    NOTHING = "errors.source.nothing"
    NO_ACCOUNTS = "errors.source.no_accounts", {"table": str, "n": int}
