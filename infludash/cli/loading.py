"""Reading the files a command names and resolving the options every command shares: the column
mapping, the limits, the tier scheme and the engagement options."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from infludash.analysis.summary import EngagementOptions
from infludash.analysis.tiers import (
    QUANTILE,
    TierScheme,
    get_scheme,
    resolve_tiers,
    scheme_from_text,
)
from infludash.base.errors import InputError
from infludash.base.schema import FOLLOWERS
from infludash.present.export import to_csv_bytes
from infludash.read.limits import Limits
from infludash.read.platforms import platform_per_file
from infludash.read.reader import ReadResult, combine, read_accounts

__all__ = ["load"]


def _parse_mapping(items: Sequence[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in items:
        canon, sep, header = item.partition("=")
        if not sep or not canon.strip():
            raise InputError(
                f'--map {item!r}: write it as column="Header in the file" '
                '(or column="" to ignore a column)'
            )
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
        raise InputError(f"give only one of {' and '.join(given)}")
    if args.tiers is not None:
        try:
            return resolve_tiers(args.tiers, followers)  # type: ignore[arg-type]
        except InputError as err:
            raise InputError(f"--tiers {args.tiers!r}: {err}") from None
    if args.edges is not None and args.scheme is not None:
        raise InputError("give either --scheme or --edges, not both")
    if args.edges is not None:
        if not args.edges.strip(" ,"):
            raise InputError("--edges is empty; give follower counts like 1k,10k,100k")
        try:
            return scheme_from_text(args.edges)
        except InputError as err:
            raise InputError(f"--edges {args.edges!r}: {err}") from None
    name = args.scheme or "article"
    try:
        return get_scheme(name)
    except InputError as err:
        raise InputError(f"--scheme {name!r}: {err}") from None


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
        path.write_bytes(to_csv_bytes(result.rejected))
    except OSError as err:
        raise InputError(f"--rejected {target}: cannot write the file ({err.strerror})") from None


def load(args: argparse.Namespace) -> tuple[ReadResult, TierScheme, EngagementOptions]:
    """Read the files and resolve the scheme and engagement options shared by every command."""
    if (args.tiers or "").strip().casefold() != QUANTILE:
        _scheme(args)  # fail on bad tier options before reading; quantile tiers need the data
    overrides = _parse_mapping(args.map or [])
    limits = _limits(args)
    several = len(args.files) > 1
    platforms = platform_per_file(args.platform or [], args.files)
    result = combine(
        (
            read_accounts(
                path,
                overrides=overrides,
                sheet=args.sheet,
                limits=limits,
                strict_overrides=not several,
                platform=platform,
            )
            for path, platform in zip(args.files, platforms, strict=True)
        ),
        keep_latest=args.keep_latest,
    )
    used = {header for columns in result.mapping.values() for header in columns.values()}
    unused = [f"{c}={h!r}" for c, h in overrides.items() if h and h not in used]
    if unused:
        raise InputError(f"--map {unused[0]}: no file has that column")
    if args.rejected:
        _write_rejected(result, args.rejected)
    scheme = _scheme(args, result.accounts[FOLLOWERS])
    options = EngagementOptions(
        basis=args.er_basis,
        min_followers=args.er_min_followers,
        min_accounts=args.min_accounts,
    )
    return result, scheme, options
