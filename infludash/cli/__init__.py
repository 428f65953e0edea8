"""Command line: ``python -m infludash summarize|export|report FILE [FILE ...] [options]``.

Imports only the pandas/numpy core (no streamlit; plotly only for ``report``) so it starts fast in
scripts. Every failure the analyst can fix prints one ``error: ...`` line on stderr and exits
with status 2. The arguments are in :mod:`~infludash.cli.arguments`, the reading of the files in
:mod:`~infludash.cli.loading`, the commands in :mod:`~infludash.cli.commands`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from infludash.base.errors import InputError
from infludash.base.memory import use_system_allocator
from infludash.cli.arguments import build_parser
from infludash.cli.commands import EXIT_INPUT
from infludash.present.i18n import get_locale

__all__ = ["build_parser", "main"]

_ENGLISH = get_locale("en")  # the command line speaks English


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
