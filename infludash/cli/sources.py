"""``summarize`` on data that stays where it is: Parquet files (read by embedded DuckDB) or a
table of a database (``--source`` and ``--table``). The numbers are computed in the engine and
equal those of the same accounts uploaded; only aggregates come back."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from infludash.analysis.findings import nano_micro
from infludash.analysis.summary import EngagementOptions
from infludash.analysis.tiers import QUANTILE, TierScheme
from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.cli.json_output import summary_json
from infludash.cli.loading import parse_mapping, scheme_of
from infludash.engine.codes import SourceError
from infludash.engine.sources import Source, parquet_files, source_of
from infludash.present.findings_text import finding_text
from infludash.present.i18n import get_locale
from infludash.present.text_table import render_table

__all__ = ["engine_source", "summarize_in_engine"]

_ENGLISH = get_locale("en")


def _is_parquet(path: str) -> bool:
    """A Parquet file, or a folder that holds some (any other folder is the reader's to
    refuse)."""
    folder = Path(path)
    return path.lower().endswith(".parquet") or (
        folder.is_dir() and next(folder.rglob("*.parquet"), None) is not None
    )


def engine_source(args: argparse.Namespace) -> Source | None:
    """The engine source the arguments name, or None for account lists to upload."""
    files: list[str] = list(args.files or [])
    if args.source:
        if files:
            raise InputError(Note(SourceError.MIXED))
        return source_of(args.source, args.table)
    if not files:
        raise InputError(Note(SourceError.NOTHING))
    parquet = [f for f in files if _is_parquet(f)]
    if not parquet:
        return None
    if len(parquet) != len(files):
        raise InputError(Note(SourceError.MIXED))
    found = parquet_files(parquet)
    return Source("parquet", " ".join(parquet), "accounts", found)


def summarize_in_engine(args: argparse.Namespace, source: Source) -> int:
    """The tier table (or ``--json``) of ``source``, computed in its engine."""
    # Imported here: the engine's compiler costs a file's summary 80 ms of start-up otherwise.
    from infludash.engine.analysis import summarize_source

    options = EngagementOptions(
        basis=args.er_basis, min_followers=args.er_min_followers, min_accounts=args.min_accounts
    )
    quantile = (args.tiers or "").strip().casefold() == QUANTILE
    scheme: TierScheme | None = None if quantile else scheme_of(args)
    summary = summarize_source(
        source, scheme, options, overrides=parse_mapping(args.map or []) or None
    )
    claim = finding_text(nano_micro(summary.tiers, summary.er_basis), summary.scheme, _ENGLISH)
    if args.json:
        data = summary_json(summary)
        data["source"] = source.shown()
        data["findings"] = [
            {"claim": claim.claim, "verdict": claim.verdict, "sentence": claim.sentence}
        ]
        print(json.dumps(data, ensure_ascii=False, default=float))
        return 0
    print(render_table(summary))
    print()
    print(f"finding: {claim.claim}: {claim.verdict}. {claim.sentence}")
    print(f"source: {source.shown()} (computed in the engine)", file=sys.stderr)
    return 0
