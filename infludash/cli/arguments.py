"""The command line's arguments: one parser per command, with the options they share."""

from __future__ import annotations

import argparse
from typing import NoReturn

from infludash.analysis import presets
from infludash.analysis.anomalies import DEFAULT_Z
from infludash.analysis.engagement import ER_BASES
from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.cli import commands as run_command
from infludash.cli.errors import CliError
from infludash.present.i18n import LANGUAGES
from infludash.read.platforms import KNOWN_PLATFORMS

__all__ = ["build_parser"]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage mistakes as one ``error:`` line, like every other failure."""

    def error(self, message: str) -> NoReturn:
        command = " ".join(["python -m infludash", *self.prog.split()[1:], "--help"])
        raise InputError(Note(CliError.USAGE, message=message, command=command))


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


_FILES_HELP = "CSV/TSV/.xlsx account lists (combined)"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="infludash", description="Influencer account lists by follower tier.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    common = _Parser(add_help=False)
    common.add_argument(
        "--scheme",
        default=None,
        metavar="NAME",
        help=f"named tier scheme: {presets.listed()}; {presets.DEFAULT_SCHEME.name} (also "
        "'standard') is the default",
    )
    common.add_argument("--edges", help="custom ascending tier edges, e.g. 1000,10000,100000")
    common.add_argument(
        "--tiers",
        metavar="NAME|EDGES",
        help=f"tier scheme by name ({', '.join(presets.SCHEMES)}, quantile) or edges "
        "(1k,10k,50k,500k,1M); replaces --scheme/--edges",
    )
    common.add_argument(
        "--map",
        action="append",
        metavar='COLUMN="Header"',
        help='use a file column for a canonical one, e.g. followers="Fans total"',
    )
    common.add_argument(
        "--platform",
        action="append",
        metavar="[FILE=]NAME",
        help=f"platform of every file without a platform column ({', '.join(KNOWN_PLATFORMS)}), "
        "or FILE=NAME for one file",
    )
    common.add_argument(
        "--keep-latest",
        action="store_true",
        help="an account in several files (same handle and platform) keeps only the row of the "
        "file given last; earlier rows count as duplicates",
    )
    common.add_argument(
        "--er-basis",
        default="auto",
        choices=ER_BASES,
        help="engagement rate: auto (default: interactions/followers, else the file's ER column, "
        "else benchmark estimates), followers, views, column, benchmark",
    )
    common.add_argument(
        "--min-accounts",
        type=_positive_int,
        default=10,
        help="tiers with fewer accounts with a rate are marked too few (default 10)",
    )
    common.add_argument(
        "--er-min-followers",
        type=float,
        default=0.0,
        metavar="N",
        help="leave accounts under N followers out of engagement statistics (default: none)",
    )
    common.add_argument(
        "--anomaly-z",
        type=float,
        default=DEFAULT_Z,
        metavar="Z",
        help=f"flag accounts more than Z robust SDs off their platform's fit (default {DEFAULT_Z})",
    )
    common.add_argument("--sheet", help="Excel sheet by name or number (default: the first)")
    common.add_argument(
        "--accept-alarms",
        action="store_true",
        help="exit 0 after an alarm (most rows rejected, totals read as per-post figures, …)",
    )
    common.add_argument(
        "--rejected",
        metavar="OUT.csv",
        help="write the rejected rows (row, reason, raw text) to this CSV file",
    )
    limits = common.add_argument_group("limits (per file)")
    limits.add_argument("--max-mb", type=float, help="largest file in MB (default 200)")
    limits.add_argument("--max-rows", type=_positive_int, help="most rows (default 5,000,000)")
    limits.add_argument("--max-columns", type=_positive_int, help="most columns (default 500)")
    limits.add_argument(
        "--max-field-chars",
        type=_positive_int,
        help="longest value in characters (default 100,000)",
    )
    summ = commands.add_parser(
        "summarize", parents=[common], help="per-tier counts, medians and reach"
    )
    summ.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="CSV/TSV/.xlsx account lists (combined), or Parquet files and folders (read in "
        "DuckDB, where the numbers are computed)",
    )
    summ.add_argument(
        "--source",
        metavar="ADDRESS",
        help="a database to summarise where it lives: duckdb:///lake.db, "
        "postgresql://role@host/db, sc://host:15002 or local[2] (Spark); with --table",
    )
    summ.add_argument("--table", metavar="NAME", help="the table of --source to read")
    summ.add_argument("--json", action="store_true", help="machine-readable output")
    summ.set_defaults(run=run_command.summarize)
    export = commands.add_parser(
        "export", parents=[common], help="the tiered accounts with flags, as CSV or .xlsx"
    )
    export.add_argument("files", nargs="+", metavar="FILE", help=_FILES_HELP)
    export.add_argument(
        "--out",
        required=True,
        metavar="accounts.csv|.xlsx",
        help="where to write; text that a spreadsheet would run is neutralised",
    )
    export.add_argument(
        "--lang", choices=list(LANGUAGES), default="en", help="language of tier names and flags"
    )
    export.set_defaults(run=run_command.export)
    report = commands.add_parser(
        "report",
        parents=[common],
        help="a standalone HTML report (charts, tiers, findings, data quality) that opens offline",
    )
    report.add_argument("files", nargs="+", metavar="FILE", help=_FILES_HELP)
    report.add_argument("--out", required=True, metavar="report.html", help="where to write")
    report.add_argument(
        "--lang", choices=list(LANGUAGES), default="en", help="language of the report (en, de)"
    )
    report.set_defaults(run=run_command.report)
    return parser
