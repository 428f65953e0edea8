"""Reading the files a command names and resolving the options every command shares: the column
mapping, the limits, the tier scheme and the engagement options."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from infludash.analysis.presets import get_scheme, resolve_tiers
from infludash.analysis.summary import EngagementOptions
from infludash.analysis.tiers import QUANTILE, TierScheme, scheme_from_text
from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.base.schema import FOLLOWERS
from infludash.cli.errors import CliError, option_error
from infludash.present.rejected import rejected_csv
from infludash.read.combine import in_file
from infludash.read.files import read_path
from infludash.read.limits import Limits
from infludash.read.platforms import platform_per_file
from infludash.read.reader import ReadResult, combine, read_accounts

__all__ = ["load", "parse_mapping", "scheme_of"]


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in items:
        canon, sep, header = item.partition("=")
        if not sep or not canon.strip():
            raise InputError(Note(CliError.MAP_FORMAT, item=repr(item)))
        mapping[canon.strip()] = header
    return mapping


def scheme_of(args: argparse.Namespace, followers: object = None) -> TierScheme:
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
            raise option_error("--tiers", args.tiers, err) from None
    if args.edges is not None and args.scheme is not None:
        raise InputError(Note(CliError.SCHEME_AND_EDGES))
    if args.edges is not None:
        if not args.edges.strip(" ,"):
            raise InputError(Note(CliError.EDGES_EMPTY))
        try:
            return scheme_from_text(args.edges)
        except InputError as err:
            raise option_error("--edges", args.edges, err) from None
    name = args.scheme or "article"
    try:
        return get_scheme(name)
    except InputError as err:
        raise option_error("--scheme", name, err) from None


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


def load(args: argparse.Namespace) -> tuple[ReadResult, TierScheme, EngagementOptions]:
    """Read the files and resolve the scheme and engagement options shared by every command."""
    if (args.tiers or "").strip().casefold() != QUANTILE:
        scheme_of(args)  # fail on bad tier options before reading; quantile tiers need the data
    overrides = parse_mapping(args.map or [])
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
    scheme = scheme_of(args, result.accounts[FOLLOWERS])
    options = EngagementOptions(
        basis=args.er_basis,
        min_followers=args.er_min_followers,
        min_accounts=args.min_accounts,
    )
    return result, scheme, options
