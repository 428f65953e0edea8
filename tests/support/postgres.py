"""A private PostgreSQL server for the tests: Debian's binaries, a cluster in a temporary folder,
listening only on a Unix socket there (no TCP port), stopped when the tests end.

``initdb`` refuses to run as root; on a root CI machine the cluster is made and run by the
``postgres`` user that Debian's package creates. Missing binaries skip the tests with the reason,
unless ``INFLUDASH_REQUIRE_ENGINES=1`` (``.ci/run``), where they fail.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REQUIRED = os.environ.get("INFLUDASH_REQUIRE_ENGINES") == "1"


def missing(reason: str) -> None:
    """Skip, or fail where the engines are required."""
    if REQUIRED:
        pytest.fail(f"engine tests are required here but {reason}")
    pytest.skip(reason)


def _binaries() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(versions[-1]).parent if versions else None


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server; yield its connection string (socket folder, database ``postgres``)."""
    bin_dir = _binaries()
    if bin_dir is None:
        missing("PostgreSQL's server (Debian package 'postgresql') is not installed")
    run_as: list[str] = []
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            missing("running as root, and there is no 'postgres' user to run the server")
        run_as = ["runuser", "-u", "postgres", "--"]
    folder = Path(tempfile.mkdtemp(prefix="infludash-pg-"))
    data, socket = folder / "data", folder / "socket"
    socket.mkdir()
    if run_as:
        shutil.chown(folder, "postgres")
        shutil.chown(socket, "postgres")
    log = folder / "server.log"
    try:
        subprocess.run(
            [*run_as, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        subprocess.run(
            [
                *run_as,
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-w",
                "-o",
                f"-k {socket} -c listen_addresses='' -c fsync=off",
                "start",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        yield f"host={socket} dbname=postgres user=postgres"
    except subprocess.CalledProcessError as err:
        text = log.read_text() if log.exists() else ""
        pytest.fail(f"PostgreSQL did not start: {err.stderr!r} {text[-2000:]}")
    finally:
        subprocess.run(
            [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)
