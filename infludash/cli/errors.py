"""What the command line refuses, as codes: its words are in the catalogues like every other."""

from __future__ import annotations

from infludash.base.errors import InputError
from infludash.base.notes import Code, Note

__all__ = ["CliError", "option_error"]


class CliError(Code):
    """Options the command line cannot use."""

    USAGE = "errors.cli.usage", {"message": str, "command": str}
    MAP_FORMAT = "errors.cli.map_format", {"item": str}
    MAP_UNUSED = "errors.cli.map_unused", {"item": str}
    ONLY_ONE = "errors.cli.only_one", {"flags": str}
    SCHEME_AND_EDGES = "errors.cli.scheme_and_edges"
    EDGES_EMPTY = "errors.cli.edges_empty"
    #: An option's value that the analysis refused (``note`` says why).
    OPTION = "errors.cli.option", {"option": str, "value": str, "note": Note}
    CANNOT_WRITE = "errors.cli.cannot_write", {"option": str, "target": str, "reason": str}
    OUT_CSV_XLSX = "errors.cli.out_csv_xlsx", {"out": str}
    OUT_HTML = "errors.cli.out_html", {"out": str}


def option_error(option: str, value: str, err: InputError) -> InputError:
    """The analysis' refusal of an option's value, naming the option."""
    return InputError(Note(CliError.OPTION, option=option, value=repr(value), note=err.note))
