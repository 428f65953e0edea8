"""Where accounts live when they are not an upload: an address and a table.

======================================  =====================================================
address                                 source
======================================  =====================================================
``data/*.parquet``, a folder            Parquet files, read by embedded DuckDB
``duckdb:///lake.db``                   a DuckDB database file (relative; four slashes for an
                                        absolute path), opened read-only
``postgresql://role@host:5432/db``      a PostgreSQL database (``postgres://`` too, or a
                                        ``host=… dbname=…`` connection string)
``sc://host:15002``                     a Spark Connect server
``local``, ``local[4]``                 a Spark session in this process
======================================  =====================================================

An address can hold credentials; :meth:`Source.shown` is the only form of it that may appear
on a screen, in a log, a message or a report.
"""

from __future__ import annotations

import glob
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.engine.codes import SourceError

__all__ = ["Source", "open_backend", "parquet_files", "source_of"]

_SPARK_LOCAL = re.compile(r"local(\[(\d+|\*)\])?")
_CONNINFO_SHOWN = ("host", "port", "dbname")


@dataclass(frozen=True)
class Source:
    """``kind`` (parquet, duckdb, postgresql, spark), the ``address`` (secret), the ``table``,
    and for Parquet the ``files``."""

    kind: str
    address: str = field(repr=False)
    table: str
    files: tuple[str, ...] = ()

    def shown(self) -> str:
        """The address without credentials: what a screen, log or message may hold."""
        if self.kind == "parquet":
            first = Path(self.files[0]).name if self.files else ""
            more = f" (+{len(self.files) - 1})" if len(self.files) > 1 else ""
            return f"{first}{more}"
        if self.kind == "postgresql" and "://" not in self.address:
            parts = dict(item.split("=", 1) for item in self.address.split() if "=" in item)
            kept = " ".join(f"{k}={parts[k]}" for k in _CONNINFO_SHOWN if k in parts)
            return f"postgresql ({kept})"
        if "://" in self.address:
            url = urlsplit(self.address)
            host = url.hostname or ""
            port = f":{url.port}" if url.port else ""
            return f"{url.scheme}://{host}{port}{url.path}"
        return self.address


def parquet_files(paths: list[str]) -> tuple[str, ...]:
    """The Parquet files that ``paths`` (files, folders, globs) name, sorted, each once."""
    found: list[str] = []
    for path in paths:
        if Path(path).is_dir():
            found += sorted(str(p) for p in Path(path).rglob("*.parquet"))
        elif any(ch in path for ch in "*?["):
            found += sorted(glob.glob(path, recursive=True))
        else:
            found.append(path)
    return tuple(dict.fromkeys(found))


def source_of(address: str, table: str | None) -> Source:
    """The source at ``address`` (see the module's table); every kind but Parquet needs a
    ``table``."""
    text = address.strip()
    scheme = urlsplit(text).scheme.lower() if "://" in text else ""
    if scheme == "duckdb":
        kind = "duckdb"
    elif scheme in ("postgresql", "postgres") or (not scheme and "dbname=" in text):
        kind = "postgresql"
    elif scheme == "sc" or _SPARK_LOCAL.fullmatch(text):
        kind = "spark"
    elif text.lower().endswith(".parquet") or (
        Path(text).is_dir() and next(Path(text).rglob("*.parquet"), None) is not None
    ):
        return Source("parquet", text, "accounts", parquet_files([text]))
    else:
        raise InputError(Note(SourceError.UNKNOWN_KIND, source=_plain(text)))
    source = Source(kind, text, table or "")
    if not table:
        raise InputError(Note(SourceError.NEEDS_TABLE, source=source.shown()))
    return source


def _plain(text: str) -> str:
    """An address not understood, shown without anything that could be a password."""
    return re.sub(r"//[^/@]*@", "//", text).split("?")[0]


def open_backend(source: Source, shown: str | None = None) -> Any:
    """A backend for ``source``; an address that cannot be opened is said plainly, naming the
    source as ``shown`` (default: its address without credentials)."""
    from infludash.engine.backends import DuckDB, EngineError

    try:
        if source.kind == "parquet":
            return DuckDB(parquet=source.files)
        if source.kind == "duckdb":
            path = source.address.split("://", 1)[1]
            path = path[1:] if path.startswith("/") else path
            if not Path(path).is_file():  # DuckDB would make an empty one, or say IOException
                raise InputError(Note(SourceError.NO_FILE, source=shown or source.shown()))
            return DuckDB.of_file(path)
        if source.kind == "postgresql":
            from infludash.engine.postgres import PostgreSQL

            return PostgreSQL(source.address)
        from infludash.engine.spark import Spark

        return Spark(source.address)
    except InputError:
        raise
    except Exception as err:  # noqa: BLE001 (the driver's text may repeat the address: its kind only)
        reason = str(err) if isinstance(err, EngineError) else type(err).__name__
        raise InputError(
            Note(SourceError.CANNOT_OPEN, source=shown or source.shown(), reason=reason)
        ) from None
