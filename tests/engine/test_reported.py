"""A table's own engagement-rate column in every engine, read as an upload reads it: the unit
decided by the reader's rules (and corrected by the computed rates where there are
interactions), the rate basis, the notes, the accounts whose rates disagree (near the factor
too, where a logarithm decides), and a page's rows."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from infludash.analysis import engagement
from infludash.analysis.analysis import Analysis, Spec
from infludash.analysis.engagement import DISAGREEMENT_FACTOR, resolved_basis
from infludash.analysis.presets import SCHEMES
from infludash.analysis.summary import EngagementOptions
from infludash.base.errors import InputError
from infludash.base.schema import ER_DISAGREES, FOLLOWERS, HANDLE, REPORTED_ER_PCT
from infludash.engine.accounts import present_interactions
from infludash.engine.relation import Relation, Shape
from infludash.engine.reported import ReportedUnit, reported_unit
from infludash.engine.rows import page_rows
from infludash.engine.summary import engine_summary
from infludash.read.reader import read_accounts
from infludash.read.result import ReadResult
from infludash.read.warning_codes import RateNote
from tests.engine.loading import ENGINES, loaded

N = 1_200
SCHEME = SCHEMES["article"]


def _base(rng: np.random.Generator, rate: tuple[float, float]) -> pd.DataFrame:
    followers = np.floor(10 ** rng.uniform(2, 6.5, N)).astype(np.int64)
    likes = np.floor(followers * rng.uniform(*rate, N) / 100).astype(np.int64)
    return pd.DataFrame(
        {"handle": [f"c{i}" for i in range(N)], "followers": followers, "avg_likes": likes}
    )


def _computed(frame: pd.DataFrame) -> np.ndarray:
    return (frame["avg_likes"] / frame["followers"] * 100.0).to_numpy(dtype="float64")


def _spoiled(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    values = values.copy()
    values[rng.random(len(values)) < 0.05] = np.nan
    values[rng.random(len(values)) < 0.01] = -1.0
    return values


def percent(rng: np.random.Generator) -> pd.DataFrame:
    frame = _base(rng, (1.0, 9.0))
    return frame.assign(engagement_rate=_spoiled(_computed(frame) * 1.05, rng))


def fractions(rng: np.random.Generator) -> pd.DataFrame:
    frame = _base(rng, (1.0, 9.0))
    return frame.assign(engagement_rate=_spoiled(_computed(frame) / 100, rng))


def ambiguous(rng: np.random.Generator) -> pd.DataFrame:
    """Fractions with a few percent numbers among them: read as fractions, with a warning."""
    frame = _base(rng, (1.0, 9.0)).drop(columns="avg_likes")
    rates = rng.uniform(0.01, 0.09, N)
    rates[rng.random(N) < 0.04] = rng.uniform(1.5, 6.0)
    return frame.assign(engagement_rate=_spoiled(rates, rng))


def middle_pair(rng: np.random.Generator) -> pd.DataFrame:
    """The lower middle value under 0.2, the median (0.205) not: percent numbers."""
    frame = _base(rng, (1.0, 9.0)).drop(columns="avg_likes")
    rates = np.array([0.1] * (N // 2) + [0.31] * (N // 2 - 20) + [2.0] * 20)
    return frame.assign(engagement_rate=rng.permutation(rates))


def percent_under_one(rng: np.random.Generator) -> pd.DataFrame:
    """Percent numbers all under 1: the reader takes fractions, the computed rates say 100
    times too much."""
    frame = _base(rng, (0.1, 0.9))
    return frame.assign(engagement_rate=_spoiled(_computed(frame), rng))


def fractions_over_one(rng: np.random.Generator) -> pd.DataFrame:
    """Fractions of very engaged accounts (0.5 to 2): read as percent numbers, the computed
    rates say 100 times too little."""
    frame = _base(rng, (50.0, 200.0))
    return frame.assign(engagement_rate=_spoiled(_computed(frame) / 100, rng))


def no_rate(rng: np.random.Generator) -> pd.DataFrame:
    frame = _base(rng, (1.0, 9.0))
    rates = np.where(rng.random(N) < 0.5, -1.0, np.nan)
    return frame.assign(engagement_rate=rates)


CASES: list[tuple[Callable[[np.random.Generator], pd.DataFrame], object, object]] = [
    (percent, (), None),
    (fractions, (("*", 100.0),), None),
    (ambiguous, (("*", 100.0),), RateNote.ER_FRACTIONS_AMBIGUOUS),
    (middle_pair, (), None),
    (percent_under_one, (("*", 100.0), ("/", 100.0)), "warnings.er_unit_percent"),
    (fractions_over_one, (("*", 100.0),), "warnings.er_unit_fraction"),
    (no_rate, None, None),
]


@contextlib.contextmanager
def _both(
    kind: str, frame: pd.DataFrame, tmp_path: Path, request: pytest.FixtureRequest, name: str
) -> Iterator[tuple[ReadResult, ReportedUnit, object]]:
    """The list read as an upload, and loaded into ``kind`` with its rate's unit decided."""
    csv = tmp_path / f"{name}.csv"
    frame.to_csv(csv, index=False)
    result = read_accounts(csv)
    with loaded(kind, frame, tmp_path, request, name) as backend:
        relation = present_interactions(backend, Relation.of(name, backend.columns(name)))
        yield result, reported_unit(backend, relation), backend


@pytest.mark.parametrize("kind", ENGINES)
@pytest.mark.parametrize(("make", "steps", "code"), CASES, ids=[c[0].__name__ for c in CASES])
def test_the_unit_and_the_rate_basis_are_the_uploads(  # noqa: PLR0917 (parameters)
    kind: str,
    make: Callable[[np.random.Generator], pd.DataFrame],
    steps: object,
    code: object,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    frame = make(np.random.default_rng(11))
    with _both(kind, frame, tmp_path, request, make.__name__) as (result, unit, backend):
        _compare(frame, result, unit, backend, steps=steps, code=code)


def _compare(
    frame: pd.DataFrame,
    result: ReadResult,
    unit: ReportedUnit,
    backend: object,
    *,
    steps: object,
    code: object,
) -> None:
    assert unit.relation.reported == steps  # the case reaches the rule it is about
    read = [n for n in result.warnings if isinstance(n.code, RateNote)]
    assert list(unit.read_notes) == read
    assert (None if unit.unit_note is None else str(unit.unit_note.code)) == (
        None if code is None or isinstance(code, RateNote) else code
    )
    if isinstance(code, RateNote):
        assert [n.code for n in read] == [code]
    bases = Analysis(result, Spec(SCHEME)).everyone.frame
    if steps is None:
        assert REPORTED_ER_PCT not in bases or bases[REPORTED_ER_PCT].isna().all()
        with pytest.raises(InputError):
            resolved_basis("column", ["followers", "benchmark"])
        return
    for basis, floor in (("column", 0.0), ("column", 3_000.0), ("auto", 0.0), ("followers", 0.0)):
        if basis == "followers" and "avg_likes" not in frame:
            continue
        options = EngagementOptions(basis=basis, min_followers=floor)
        memory = Analysis(result, Spec(SCHEME, options)).summary
        chosen = "followers" if basis == "auto" and "avg_likes" in frame else basis
        shape = Shape(SCHEME, "column" if chosen == "auto" else chosen, floor)
        engine = engine_summary(backend, unit.relation, shape, options, reported=unit)
        pd.testing.assert_frame_equal(engine.tiers, memory.tiers, check_exact=True)
        assert engine.er_notes == memory.er_notes
        assert (engine.median_er_pct, engine.er_ci95_pct) == (
            memory.median_er_pct,
            memory.er_ci95_pct,
        )


def _at_the_factor(rng: np.random.Generator) -> pd.DataFrame:
    """Reported rates whose ratio to the computed one lies within a few ulps of the factor
    and of its inverse, and some far from it."""
    frame = _base(rng, (1.0, 9.0))
    computed = _computed(frame)
    factor = float(DISAGREEMENT_FACTOR)
    targets = []
    for edge in (factor, 1 / factor):
        near = [edge]
        for _ in range(6):
            near += [np.nextafter(near[-1], np.inf)]
        low = [edge]
        for _ in range(6):
            low += [np.nextafter(low[-1], -np.inf)]
        targets += near + low[1:]
    picks = np.asarray([*targets, 1.0, 3.0, 0.2])[rng.integers(0, len(targets) + 3, N)]
    return frame.assign(engagement_rate=computed / picks)


def _log_a_little_off(computed: np.ndarray, reported: np.ndarray) -> np.ndarray:
    """:func:`disagreements` with a logarithm a few ulps off near the factor (as a vectorised
    logarithm of another machine may be): ratios up to 1e-15 below it disagree too."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.abs(np.log(computed / reported))
    return np.isfinite(ratio) & (ratio > np.log(float(DISAGREEMENT_FACTOR)) - 1e-15)


@pytest.mark.parametrize("off", [False, True], ids=["numpy", "log-a-little-off"])
@pytest.mark.parametrize("kind", ENGINES)
def test_disagreeing_rates_are_counted_as_numpy_counts_them_at_the_factor(
    kind: str, off: bool, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if off:  # the engine must leave the ratios at the factor to numpy, whatever it says
        monkeypatch = request.getfixturevalue("monkeypatch")
        for module in ("analysis.summary", "engine.reported", "engine.rows"):
            monkeypatch.setattr(f"infludash.{module}.disagreements", _log_a_little_off)
    frame = _at_the_factor(np.random.default_rng(3))
    with _both(kind, frame, tmp_path, request, "factor") as (result, unit, backend):
        _check_factor(frame, result, unit, backend, _log_a_little_off if off else None)


def _check_factor(
    frame: pd.DataFrame,
    result: ReadResult,
    unit: ReportedUnit,
    backend: object,
    decide: Callable[[np.ndarray, np.ndarray], np.ndarray] | None,
) -> None:
    assert unit.relation.reported == ()
    memory = Analysis(result, Spec(SCHEME)).everyone.frame
    ratio = _computed(frame) / frame["engagement_rate"].to_numpy()
    near = np.abs(ratio / float(DISAGREEMENT_FACTOR) - 1) < 1e-14
    flagged = (decide or engagement.disagreements)(
        _computed(frame), frame["engagement_rate"].to_numpy()
    )
    assert flagged[near].any()  # the logarithm splits them
    assert not flagged[near].all()
    if decide is not None:  # and not where the ratio does: only numpy can say
        assert (flagged[near] != (ratio[near] > float(DISAGREEMENT_FACTOR))).any()
    for basis in ("followers", "column"):
        options = EngagementOptions(basis=basis)
        expected = Analysis(result, Spec(SCHEME, options)).summary.er_notes
        shape = Shape(SCHEME, basis)
        assert engine_summary(backend, unit.relation, shape, options).er_notes == expected
    # A page marks its accounts as the upload does, and shows the rate in percent.
    shape = Shape(SCHEME, "column")
    page = page_rows(
        backend,
        unit.relation,
        shape,
        tier=None,
        sort=FOLLOWERS,
        descending=True,
        number=1,
        size=200,
        total=N,
    ).frame
    shown = memory.set_index(HANDLE).loc[page[HANDLE]]
    assert page[ER_DISAGREES].tolist() == shown[ER_DISAGREES].tolist()
    assert page[ER_DISAGREES].any()
    assert page[REPORTED_ER_PCT].tolist() == shown[REPORTED_ER_PCT].tolist()
