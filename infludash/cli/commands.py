"""The commands: ``summarize``, ``export`` and ``report``, each on one analysis of the files.

Every failure the analyst can fix is an :class:`~infludash.base.errors.InputError` (one
``error: ...`` line, exit status 2, printed by :func:`infludash.cli.main`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from infludash.analysis.analysis import Analysis, Spec
from infludash.analysis.anomalies import HIDDEN, HIGH, LOW, ZERO, flag_anomalies
from infludash.analysis.filters import Filters
from infludash.base.alarms import alarms_of, is_alarm
from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.cli.errors import CliError
from infludash.cli.json_output import summary_json
from infludash.cli.loading import load
from infludash.cli.sources import engine_source, summarize_in_engine
from infludash.present.downloads import About, accounts_csv, accounts_xlsx
from infludash.present.export import account_export, check_excel_rows
from infludash.present.findings_text import finding_text
from infludash.present.i18n import get_locale
from infludash.present.text_table import render_table
from infludash.present.wording import counted
from infludash.read.reader import ReadResult

__all__ = ["EXIT_INPUT", "export", "report", "summarize"]

EXIT_INPUT = 2
_ENGLISH = get_locale("en")  # the command line speaks English


def summarize(args: argparse.Namespace) -> int:
    """``summarize FILE...``: the per-tier table and the findings, or all of it as JSON."""
    source = engine_source(args)
    if source is not None:
        return summarize_in_engine(args, source)
    result, scheme, options = load(args)
    analysis = Analysis(result, Spec(scheme, options))
    # The trends and the anomaly flags do not depend on the summary: fit them on the second
    # core meanwhile (numpy lets go of the interpreter in the heavy parts). They fit the same
    # platforms: the analysis computes each fit once.
    with ThreadPoolExecutor(max_workers=2) as pool:
        trends = pool.submit(lambda: analysis.trends)
        flags = pool.submit(analysis.flags, args.anomaly_z) if args.json else None
        summary = analysis.summary
        trends.result()
        claims = [finding_text(f, summary.scheme, _ENGLISH) for f in analysis.findings]
        flagged = flags.result().code if flags is not None else None
    if flagged is not None:
        data = summary_json(summary)
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
            {"claim": c.claim, "verdict": c.verdict, "sentence": c.sentence, "numbers": f.numbers}
            for c, f in zip(claims, analysis.findings, strict=True)
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


def export(args: argparse.Namespace) -> int:
    """``export FILE... --out accounts.csv|.xlsx``: the tiered, flagged accounts; CSV in the
    dialect of ``--lang``'s spreadsheets, Excel with the tier summary and the settings too."""
    target = Path(args.out)
    if target.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError(Note(CliError.OUT_CSV_XLSX, out=repr(args.out)))
    result, scheme, options = load(args)
    if target.suffix.lower() == ".xlsx":  # before any work: say it now, not after minutes
        check_excel_rows(len(result.accounts))
    loc = get_locale(args.lang)
    analysis = Analysis(result, Spec(loc.scheme(scheme), options))  # tier names in its language
    everyone = analysis.everyone
    flagged = flag_anomalies(everyone.frame, z_limit=args.anomaly_z, memo=analysis.fits)
    frame = account_export(flagged, analysis.scheme, loc=loc, basis=everyone.basis)
    if target.suffix.lower() == ".xlsx":
        about = About(
            sources=tuple(result.sources),
            is_sample=False,
            scheme=analysis.scheme,
            basis=everyone.basis,
            filters=Filters(),
            z_limit=args.anomaly_z,
            day=dt.date.today(),
        )
        data = accounts_xlsx(frame, analysis.summary, about, loc)
    else:
        data = accounts_csv(frame, loc)
    try:
        target.write_bytes(data)
    except OSError as err:
        raise InputError(
            Note(CliError.CANNOT_WRITE, option="--out", target=args.out, reason=str(err.strerror))
        ) from None
    print(f"wrote {counted(len(frame), 'account')} to {target}", file=sys.stderr)
    return _status(result, args)


def report(args: argparse.Namespace) -> int:
    """``report FILE... --out report.html``: the standalone HTML report of the data."""
    target = Path(args.out)
    if target.suffix.lower() not in (".html", ".htm"):
        raise InputError(Note(CliError.OUT_HTML, out=repr(args.out)))
    result, scheme, options = load(args)
    from infludash.present.report import build_report  # plotly is needed here only

    loc = get_locale(args.lang)
    page = build_report(Analysis(result, Spec(loc.scheme(scheme), options)), loc)
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
