"""``python -m infludash``: the command line (:mod:`infludash.cli`)."""

import sys

from infludash.cli import main

if __name__ == "__main__":
    sys.exit(main())
