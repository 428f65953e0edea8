"""Command line: ``python -m infludash summarize|export|report FILE [FILE ...] [options]``.

Imports only the pandas/numpy core (no streamlit; plotly only for ``report``) so it starts fast in
scripts. Every failure the analyst can fix prints one ``error: ...`` line on stderr and exits
with status 2.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NoReturn

from infludash.analysis.anomalies import DEFAULT_Z, HIDDEN, HIGH, LOW, ZERO, flag_anomalies
from infludash.analysis.engagement import ER_BASES
from infludash.analysis.findings import findings, fit_trends, platform_groups
from infludash.analysis.summary import EngagementOptions, Summary, annotate, summarize, to_json
from infludash.analysis.tiers import (
    QUANTILE,
    TierScheme,
    compact_number,
    get_scheme,
    resolve_tiers,
    scheme_from_text,
)
from infludash.base.alarms import alarms_of, is_alarm
from infludash.base.errors import InputError
from infludash.base.memory import use_system_allocator
from infludash.base.notes import Code, Note
from infludash.present.export import account_export, check_excel_rows, to_csv_bytes, to_xlsx_bytes
from infludash.present.i18n import LANGUAGES, get_locale
from infludash.present.rejected import rejected_csv
from infludash.present.wording import counted
from infludash.read.combine import in_file
from infludash.read.files import read_path
from infludash.read.limits import Limits
from infludash.read.platforms import KNOWN_PLATFORMS, platform_per_file
from infludash.read.reader import ReadResult, combine, read_accounts

EXIT_INPUT = 2
_ENGLISH = get_locale("en")  # the command line speaks English


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


def _option(option: str, value: str, err: InputError) -> InputError:
    return InputError(Note(CliError.OPTION, option=option, value=repr(value), note=err.note))


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage mistakes as one ``error:`` line, like every other failure."""

    def error(self, message: str) -> NoReturn:
        command = " ".join(["python -m infludash", *self.prog.split()[1:], "--help"])
        raise InputError(Note(CliError.USAGE, message=message, command=command))


def _parse_mapping(items: Sequence[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in items:
        canon, sep, header = item.partition("=")
        if not sep or not canon.strip():
            raise InputError(Note(CliError.MAP_FORMAT, item=repr(item)))
        mapping[canon.strip()] = header
    return mapping


def _scheme(args: argparse.Namespace, followers: object = None) -> TierScheme:
    given = [
        flag
        for flag, value in (
            ("--tiers", args.tiers),
            ("--scheme", args.scheme),
            ("--edges", args.edges),
        )
        if value is not None
    ]
    if len(given) > 1:
        raise InputError(Note(CliError.ONLY_ONE, flags=" and ".join(given)))
    if args.tiers is not None:
        try:
            return resolve_tiers(args.tiers, followers)  # type: ignore[arg-type]
        except InputError as err:
            raise _option("--tiers", args.tiers, err) from None
    if args.edges is not None and args.scheme is not None:
        raise InputError(Note(CliError.SCHEME_AND_EDGES))
    if args.edges is not None:
        if not args.edges.strip(" ,"):
            raise InputError(Note(CliError.EDGES_EMPTY))
        try:
            return scheme_from_text(args.edges)
        except InputError as err:
            raise _option("--edges", args.edges, err) from None
    name = args.scheme or "article"
    try:
        return get_scheme(name)
    except InputError as err:
        raise _option("--scheme", name, err) from None


def _fmt(value: float | None, kind: str) -> str:
    """A table cell; percentages as the app writes them (``<0.01%`` for a rate too small to
    show, never ``0.00%``), without thousands separators as before."""
    if value is None or math.isnan(value):
        return "–"
    if kind == "pct":
        return _ENGLISH.pct(float(value)).replace(",", "")
    if kind == "share":
        return _ENGLISH.share(float(value))
    return compact_number(float(value), edge=False)


def render_table(summary: Summary) -> str:
    """The readable per-tier table printed without ``--json``."""
    head = [
        "tier",
        "range",
        "accounts",
        "share",
        "median followers",
        "median ER (estimated)" if summary.estimated else "median ER",
        "95% CI",
        "median eng./post",
        "reach",
    ]
    lines = [head]
    for i, row in enumerate(summary.tiers.to_dict("records")):
        ci = (
            f"{_ENGLISH.pct_number(row['er_ci95_low']).replace(',', '')}–"
            f"{_fmt(row['er_ci95_high'], 'pct')}"
            if row["er_ci95_low"] is not None and not math.isnan(row["er_ci95_low"])
            else "–"
        )
        lines.append(
            [
                row["label"],
                summary.scheme.describe(i),
                f"{int(row['accounts']):,}",
                _fmt(row["share"], "share"),
                _fmt(row["median_followers"], "num"),
                "too few" if row["too_few"] and row["er_n"] else _fmt(row["median_er_pct"], "pct"),
                ci,
                _fmt(row["median_engagements"], "num"),
                _fmt(row["total_reach"], "num"),
            ]
        )
    widths = [max(len(r[c]) for r in lines) for c in range(len(head))]
    body = [
        "  ".join(
            cell.ljust(w) if c < 2 else cell.rjust(w)
            for c, (cell, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()
        for r in lines
    ]
    header = (
        f"{counted(summary.rows_read, 'row')} read: {counted(summary.accounts, 'account')}, "
        f"{summary.rejected:,} rejected, {counted(summary.duplicates, 'duplicate')}. "
        f"Scheme: {summary.scheme.title}. Engagement basis: {summary.er_basis}."
    )
    notes = [f"note: {_ENGLISH.say(note)}" for note in summary.er_notes]
    if any(summary.tiers["too_few"] & (summary.tiers["er_n"] > 0)):
        notes.append(
            f"note: 'too few' marks tiers with fewer than {summary.min_accounts} accounts with an "
            "engagement rate (--min-accounts)"
        )
    return "\n".join([header, "", *body, *(["", *notes] if notes else [])])


def _limits(args: argparse.Namespace) -> Limits:
    defaults = Limits()
    return Limits(
        max_bytes=int(args.max_mb * 1024 * 1024) if args.max_mb else defaults.max_bytes,
        max_rows=args.max_rows or defaults.max_rows,
        max_columns=args.max_columns or defaults.max_columns,
        max_field_chars=args.max_field_chars or defaults.max_field_chars,
    )


def _write_rejected(result: ReadResult, target: str) -> None:
    path = Path(target)
    try:
        path.write_bytes(rejected_csv(result.rejected))
    except OSError as err:
        raise InputError(
            Note(
                CliError.CANNOT_WRITE, option="--rejected", target=target, reason=str(err.strerror)
            )
        ) from None


def _read_file(path: str, limits: Limits, platform: str | None, **options: object) -> ReadResult:
    """One file read, its errors naming it as the command line does (by its file name)."""
    name = Path(path).name
    data = read_path(path, limits, name)  # a path that cannot be read names the path
    try:
        return read_accounts(data, name, limits=limits, platform=platform, **options)  # type: ignore[arg-type]
    except InputError as err:
        raise in_file(name, err) from None


def _load_for(args: argparse.Namespace) -> tuple[ReadResult, TierScheme, EngagementOptions]:
    """Read the files and resolve the scheme and engagement options shared by every command."""
    if (args.tiers or "").strip().casefold() != QUANTILE:
        _scheme(args)  # fail on bad tier options before reading; quantile tiers need the data
    overrides = _parse_mapping(args.map or [])
    limits = _limits(args)
    several = len(args.files) > 1
    platforms = platform_per_file(args.platform or [], args.files)
    result = combine(
        (
            _read_file(
                path,
                limits,
                platform,
                overrides=overrides,
                sheet=args.sheet,
                strict_overrides=not several,
            )
            for path, platform in zip(args.files, platforms, strict=True)
        ),
        keep_latest=args.keep_latest,
    )
    used = {header for columns in result.mapping.values() for header in columns.values()}
    unused = [f"{c}={h!r}" for c, h in overrides.items() if h and h not in used]
    if unused:
        raise InputError(Note(CliError.MAP_UNUSED, item=unused[0]))
    if args.rejected:
        _write_rejected(result, args.rejected)
    scheme = _scheme(args, result.accounts["followers"])
    options = EngagementOptions(
        basis=args.er_basis,
        min_followers=args.er_min_followers,
        min_accounts=args.min_accounts,
    )
    return result, scheme, options


def _json(summary: Summary) -> dict[str, object]:
    """The ``--json`` shape, its notes and reasons in English (the analysis keeps codes)."""
    data = to_json(summary)
    data["er_notes"] = [_ENGLISH.say(note) for note in summary.er_notes]
    data["rejected_reasons"] = {_ENGLISH.t(str(r)): n for r, n in summary.rejected_reasons}
    data["warnings"] = [_ENGLISH.say(warning) for warning in summary.warnings]
    return data


def _summarize(args: argparse.Namespace) -> int:
    result, scheme, options = _load_for(args)
    annotated = annotate(result.accounts, scheme, options)
    # The trends and the anomaly flags do not depend on the summary: fit them on the second
    # core meanwhile (numpy lets go of the interpreter in the heavy parts). They fit the same
    # platforms: each fit is computed once (see findings.theil_sen).
    groups = platform_groups(annotated)
    with ThreadPoolExecutor(max_workers=2) as pool:
        trends = pool.submit(fit_trends, annotated, groups)
        flags = (
            pool.submit(flag_anomalies, annotated, args.anomaly_z, groups) if args.json else None
        )
        summary = summarize(result, scheme, annotated=annotated, options=options)
        claims, _ = findings(annotated, summary, trends=trends.result())
        flagged = flags.result()["anomaly"] if flags is not None else None
    if flagged is not None:
        data = _json(summary)
        data["across_files"] = result.across_files.as_json()
        data["anomalies"] = (
            None
            if summary.estimated
            else {  # estimates cannot be anomalous
                "z_limit": args.anomaly_z,
                "low": int((flagged == LOW).sum()),
                "high": int((flagged == HIGH).sum()),
                "zero_engagement": int((flagged == ZERO).sum()),
                "hidden_likes": int((flagged == HIDDEN).sum()),
            }
        )
        data["findings"] = [
            {"claim": f.claim, "verdict": f.verdict, "sentence": f.sentence, "numbers": f.numbers}
            for f in claims
        ]
        print(json.dumps(data, ensure_ascii=False, default=float))
    else:
        print(render_table(summary))
        print()
        for claim in claims:
            print(f"finding: {claim.claim}: {claim.verdict}. {claim.sentence}")
        for warning in result.warnings:
            if not is_alarm(warning):
                print(f"warning: {_ENGLISH.say(warning)}", file=sys.stderr)
    return _status(result, args)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _export(args: argparse.Namespace) -> int:
    """``export FILE... --out accounts.csv|.xlsx``: the tiered, flagged accounts."""
    target = Path(args.out)
    if target.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError(Note(CliError.OUT_CSV_XLSX, out=repr(args.out)))
    result, scheme, options = _load_for(args)
    if target.suffix.lower() == ".xlsx":  # before any work: say it now, not after minutes
        check_excel_rows(len(result.accounts))
    loc = get_locale(args.lang)
    scheme = loc.scheme(scheme)  # tier names in the export's language
    annotated = annotate(result.accounts, scheme, options)
    flagged = flag_anomalies(annotated, z_limit=args.anomaly_z)
    frame = account_export(flagged, scheme.name, loc=loc)
    data = to_xlsx_bytes(frame) if target.suffix.lower() == ".xlsx" else to_csv_bytes(frame)
    try:
        target.write_bytes(data)
    except OSError as err:
        raise InputError(
            Note(CliError.CANNOT_WRITE, option="--out", target=args.out, reason=str(err.strerror))
        ) from None
    print(f"wrote {counted(len(frame), 'account')} to {target}", file=sys.stderr)
    return _status(result, args)


def _report(args: argparse.Namespace) -> int:
    """``report FILE... --out report.html``: the standalone HTML report of the data."""
    target = Path(args.out)
    if target.suffix.lower() not in (".html", ".htm"):
        raise InputError(Note(CliError.OUT_HTML, out=repr(args.out)))
    result, scheme, options = _load_for(args)
    from infludash.present.report import build_report  # plotly is needed here only

    page = build_report(result, scheme, options, get_locale(args.lang))
    try:
        target.write_text(page, encoding="utf-8")
    except OSError as err:
        raise InputError(
            Note(CliError.CANNOT_WRITE, option="--out", target=args.out, reason=str(err.strerror))
        ) from None
    print(
        f"wrote the report on {counted(len(result.accounts), 'account')} to {target}",
        file=sys.stderr,
    )
    return _status(result, args)


def _status(result: ReadResult, args: argparse.Namespace) -> int:
    """Exit status after the output is written: an alarm (numbers probably wrong until the
    analyst acts) is an ``error:`` line and status 2, unless ``--accept-alarms`` says the
    analyst has seen it."""
    alarms = alarms_of(result.warnings)
    for alarm in alarms:
        said = _ENGLISH.say(alarm)
        print(f"{'warning' if args.accept_alarms else 'error'}: {said}", file=sys.stderr)
    return EXIT_INPUT if alarms and not args.accept_alarms else 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="infludash", description="Influencer account lists by follower tier.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    common = _Parser(add_help=False)
    common.add_argument(
        "files", nargs="+", metavar="FILE", help="CSV/TSV/.xlsx account lists (combined)"
    )
    common.add_argument(
        "--scheme",
        default=None,
        metavar="NAME",
        help="named tier scheme: article (also 'standard': 100/10k/100k/1M, the default), "
        "five_tier (Mediakix: 1k/10k/50k/500k/1M), hypeauditor (1k/5k/20k/100k/1M), "
        "later (10k/100k/500k/1M)",
    )
    common.add_argument("--edges", help="custom ascending tier edges, e.g. 1000,10000,100000")
    common.add_argument(
        "--tiers",
        metavar="NAME|EDGES",
        help="tier scheme by name (article, five_tier, hypeauditor, later, quantile) or edges "
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
    summ.add_argument("--json", action="store_true", help="machine-readable output")
    summ.set_defaults(run=_summarize)
    export = commands.add_parser(
        "export", parents=[common], help="the tiered accounts with flags, as CSV or .xlsx"
    )
    export.add_argument(
        "--out",
        required=True,
        metavar="accounts.csv|.xlsx",
        help="where to write; text that a spreadsheet would run is neutralised",
    )
    export.add_argument(
        "--lang", choices=list(LANGUAGES), default="en", help="language of tier names and flags"
    )
    export.set_defaults(run=_export)
    report = commands.add_parser(
        "report",
        parents=[common],
        help="a standalone HTML report (charts, tiers, findings, data quality) that opens offline",
    )
    report.add_argument("--out", required=True, metavar="report.html", help="where to write")
    report.add_argument(
        "--lang", choices=list(LANGUAGES), default="en", help="language of the report (en, de)"
    )
    report.set_defaults(run=_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    use_system_allocator()  # messy files read faster on it (infludash/base/memory.py)
    try:
        args = build_parser().parse_args(argv)
        return int(args.run(args))
    except InputError as err:
        print(f"error: {_ENGLISH.error(err)}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # noqa: BLE001 - a bug must still not print a traceback to analysts
        print(
            f"error: unexpected failure ({type(err).__name__}: {err}); please report it",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
