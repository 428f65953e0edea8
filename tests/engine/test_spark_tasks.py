"""On Spark, every statement of the analysis runs as many tasks as its input has partitions:
counting passes, never one task per tier (a window or ``percentile`` per tier would gather a
tier into one task)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.analysis.summary import EngagementOptions
from infludash.engine.accounts import present_interactions
from infludash.engine.figures import engine_figures
from infludash.engine.relation import Relation, Shape
from infludash.engine.spark import Spark
from tests.support.accounts import accounts_frame

PARTITIONS = 4


def test_every_statement_spreads_over_the_partitions(spark_session: Any, tmp_path: Path) -> None:
    path = tmp_path / "tasks.parquet"
    accounts_frame(40_000, seed=2).to_parquet(path)
    spark_session.read.parquet(str(path)).repartition(PARTITIONS).createOrReplaceTempView("tasks")
    backend = Spark(session=spark_session)
    relation = present_interactions(backend, Relation.of("tasks", backend.columns("tasks")))
    engine_figures(backend, relation, Shape(DEFAULT_SCHEME), EngagementOptions())
    tracker = spark_session.sparkContext.statusTracker()
    widest: list[int] = []
    for group in backend.recent_groups:
        stages = [
            tracker.getStageInfo(stage)
            for job in tracker.getJobIdsForGroup(group)
            for stage in (tracker.getJobInfo(job).stageIds if tracker.getJobInfo(job) else [])
        ]
        tasks = [s.numTasks for s in stages if s is not None]
        if tasks:
            widest.append(max(tasks))
    assert len(widest) >= 5  # the statements were seen
    assert min(widest) >= PARTITIONS  # each read its input with one task per partition
