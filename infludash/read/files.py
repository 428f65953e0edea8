"""Files as bytes: a path opened within the size limit, and a file name fit to show."""

from __future__ import annotations

import os
import re
from pathlib import Path

from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.read.codes import ReadError
from infludash.read.limits import Limits

__all__ = ["display_name", "read_path"]


def display_name(name: str, limit: int = 80) -> str:
    """A file name fit to show: no folders, no control characters, at most ``limit`` characters."""
    base = re.split(r"[\\/]", str(name))[-1]
    base = "".join(ch if ch.isprintable() else " " for ch in base).strip()
    if base in {"", ".", ".."}:  # a folder reference is no name to show
        base = "upload"
    return base if len(base) <= limit else base[: limit - 1] + "…"


def read_path(path: str | Path, limits: Limits, name: str | None = None) -> bytes:
    """The bytes of the file at ``path``. A path that cannot be read is an error naming the path;
    a file over the size limit is refused before it is read into memory, naming the file as
    ``name`` (default: the path's file name)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            try:
                limits.check_bytes(os.fstat(handle.fileno()).st_size)
            except InputError as err:
                raise InputError(
                    Note(ReadError.IN_FILE, file=name or path.name, note=err.note)
                ) from None
            # a pipe or a device reports no size: read one byte past the limit at most
            return handle.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise InputError(Note(ReadError.NO_SUCH_FILE, path=str(path))) from None
    except IsADirectoryError:
        raise InputError(Note(ReadError.IS_A_FOLDER, path=str(path))) from None
    except OSError as err:
        raise InputError(
            Note(ReadError.UNREADABLE_PATH, path=str(path), reason=str(err.strerror))
        ) from None
