"""What the reader says about a file, as codes: why a file cannot be read, and the words its notes
name (a column, a delimiter, a kind of file).

Each member's value is its catalogue key; its parameters are the values every note of it fills
(see :class:`~infludash.base.notes.Code`). The warnings are in :mod:`infludash.read.warning_codes`;
why a row is rejected, with the rule that decides it, in :mod:`infludash.read.rejections`.
"""

from __future__ import annotations

from infludash.base.notes import Code, Fixed, Note

__all__ = [
    "ColumnWord",
    "Delimiter",
    "Interaction",
    "LooksLike",
    "ReadError",
]


class Delimiter(Code):
    """A delimiter's name in messages (other delimiters are shown as they are)."""

    COMMA = "details.delimiter.comma"
    SEMICOLON = "details.delimiter.semicolon"
    TAB = "details.delimiter.tab"
    PIPE = "details.delimiter.pipe"

    @classmethod
    def word(cls, delimiter: str) -> Note | str:
        """``;`` -> the note for ``semicolon``; an unnamed delimiter as its ``repr``."""
        code = _DELIMITERS.get(delimiter)
        return repr(delimiter) if code is None else Note(code)


_DELIMITERS = {
    ",": Delimiter.COMMA,
    ";": Delimiter.SEMICOLON,
    "\t": Delimiter.TAB,
    "|": Delimiter.PIPE,
}


class ColumnWord(Code):
    """A canonical column's name in messages (English keeps the names ``--map`` uses)."""

    HANDLE = "warnings.column.handle"
    PLATFORM = "warnings.column.platform"
    FOLLOWERS = "warnings.column.followers"
    AVG_LIKES = "warnings.column.avg_likes"
    AVG_COMMENTS = "warnings.column.avg_comments"
    AVG_SHARES = "warnings.column.avg_shares"
    AVG_SAVES = "warnings.column.avg_saves"
    AVG_VIEWS = "warnings.column.avg_views"
    AVG_ENGAGEMENTS = "warnings.column.avg_engagements"
    ENGAGEMENT_RATE = "warnings.column.engagement_rate"
    CATEGORY = "warnings.column.category"
    COUNTRY = "warnings.column.country"
    PROFILE_URL = "warnings.column.profile_url"

    @classmethod
    def of(cls, canon: str) -> Note:
        """The note naming canonical column ``canon`` (``followers``; ``Follower`` in German)."""
        return Note(cls(f"warnings.column.{canon}"))


class Interaction(Code):
    """An interaction column as a word in sentences (``likes``; ``engagement rate``)."""

    LIKES = "warnings.interaction.likes"
    COMMENTS = "warnings.interaction.comments"
    SHARES = "warnings.interaction.shares"
    SAVES = "warnings.interaction.saves"
    VIEWS = "warnings.interaction.views"
    ENGAGEMENTS = "warnings.interaction.engagements"
    ENGAGEMENT_RATE = "warnings.interaction.engagement_rate"

    @classmethod
    def of(cls, canon: str) -> Note:
        """The word for canonical column ``canon`` (``avg_likes`` -> ``likes``)."""
        return Note(cls(f"warnings.interaction.{canon.removeprefix('avg_')}"))


class LooksLike(Code):
    """What a file that is not a table looks like (``what`` in :attr:`ReadError.LOOKS_LIKE`)."""

    PNG = "errors.kind.png"
    JPEG = "errors.kind.jpeg"
    GIF = "errors.kind.gif"
    PDF = "errors.kind.pdf"
    GZIP = "errors.kind.gzip"
    BZIP2 = "errors.kind.bzip2"
    XZ = "errors.kind.xz"
    SEVEN_ZIP = "errors.kind.7z"
    RAR = "errors.kind.rar"
    ELF = "errors.kind.elf"
    XLS = "errors.kind.xls"
    SQLITE = "errors.kind.sqlite"
    RTF = "errors.kind.rtf"
    DOCX = "errors.kind.docx"
    PPTX = "errors.kind.pptx"
    ODS = "errors.kind.ods"
    ZIP = "errors.kind.zip"
    TAR = "errors.kind.tar"
    HTML = "errors.kind.html"
    XML = "errors.kind.xml"
    JSON = "errors.kind.json"


class ReadError(Code):
    """Why a file cannot be used at all (carried by :class:`~infludash.base.errors.InputError`)."""

    #: A note about one file, named by the caller that knows the name.
    IN_FILE = "errors.in_file", {"file": str, "note": Note}
    NO_SUCH_FILE = "errors.no_such_file", {"path": str}
    IS_A_FOLDER = "errors.is_a_folder", {"path": str}
    UNREADABLE_PATH = "errors.unreadable_path", {"path": str, "reason": str}
    NO_FILES = "errors.no_files"
    EMPTY_FILE = "errors.empty_file"
    NO_ACCOUNTS_READ = (
        "errors.no_accounts_read",
        {"n": int, "reasons": tuple, "header": str, "samples": tuple, "advice": Note},
    )
    REASON_COUNT = "errors.reason_count", {"reason": Note, "n": int}
    NO_FOLLOWERS_COLUMN = "errors.no_followers_column", {"headers": str, "names": str}
    NO_COLUMN_NAMED = "errors.no_column_named", {"header": str}
    NO_ACCOUNTS = "errors.no_accounts"
    LOOKS_LIKE = "errors.looks_like", {"what": Note}
    DAMAGED_ZIP = "errors.damaged_zip"
    BINARY = "errors.binary"
    UTF32 = "errors.utf32"
    TOO_BIG = "errors.too_big", {"size": Fixed, "limit": Fixed}
    TOO_MANY_ROWS = "errors.too_many_rows", {"n": int, "limit": int}
    TOO_MANY_COLUMNS = "errors.too_many_columns", {"n": int, "limit": int}
    VALUE_TOO_LONG = (
        "errors.value_too_long",
        {"column": str, "row": int, "n": int, "limit": int},
    )
    NO_HEADER = "errors.no_header"
    NOT_A_TABLE = "errors.not_a_table", {"detail": str}
    HEADER_UNREADABLE = "errors.header_unreadable"
    MOSTLY_WRONG_WIDTH = "errors.mostly_wrong_width", {"n": int, "delimiter": Note | str}
    #: ``detail``: the library's own words, or where the workbook broke.
    XLSX_UNOPENABLE = "errors.xlsx_unopenable", {"detail": str | Note}
    XLSX_ROW_IN_SHEET = "errors.xlsx_row_in_sheet", {"row": int, "sheet": str}
    XLSX_UNPACKS_TOO_BIG = "errors.xlsx_unpacks_too_big", {"size": Fixed, "limit": Fixed}
    NO_SHEET = "errors.no_sheet", {"sheet": str, "sheets": tuple}
    EMPTY_SHEET = "errors.empty_sheet", {"sheet": str}
    EMPTY_SHEET_OF = "errors.empty_sheet_of", {"sheet": str, "sheets": tuple}
    UNKNOWN_COLUMN = "errors.unknown_column", {"column": str, "columns": tuple}
    MAPPED_TWICE = "errors.mapped_twice", {"header": str}
    NOT_A_WHOLE_NUMBER = "errors.not_a_whole_number", {"var": str, "raw": str}
    # --platform on the command line (infludash.read.platforms)
    PLATFORM_UNKNOWN = "errors.platform_unknown", {"item": str, "name": str, "platforms": str}
    PLATFORM_TWICE = "errors.platform_twice", {"item": str}
    PLATFORM_NOT_A_FILE = "errors.platform_not_a_file", {"item": str, "target": str}
    PLATFORM_AMBIGUOUS = "errors.platform_ambiguous", {"item": str, "target": str}
    PLATFORM_FILE_TWICE = "errors.platform_file_twice", {"item": str, "file": str}
    NEEDS_OPENPYXL = "errors.needs_openpyxl"
