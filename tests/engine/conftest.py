"""One local Spark session for the engine tests (starting one takes seconds): ``local[2]``, with
Debian's JDK. Without pyspark or Java the Spark tests skip with the reason, unless the engines
are required (``INFLUDASH_REQUIRE_ENGINES=1``, set by ``.ci/run``)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.postgres import missing, postgres_server


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        missing("the Python package 'pyspark' is not installed")
    if shutil.which("java") is None:
        missing("no Java runtime (Debian package 'default-jre-headless') for Spark")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("InfluDash tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="session")
def postgres_connection() -> Iterator[str]:
    """One private PostgreSQL server for the engine tests (tests/support/postgres.py)."""
    with postgres_server() as connection:
        yield connection
