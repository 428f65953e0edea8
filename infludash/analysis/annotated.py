"""The annotated accounts as one typed value: the table, the scheme that tiered it, the basis its
rates were computed on, and what the analyst must be told about that basis.

A pandas frame loses anything kept beside its columns when it is sliced; keeping the basis and
the notes in this object instead means a slice cannot drop them, and every slice is made here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.analysis.tiers import TierScheme
from infludash.base.notes import Note
from infludash.base.schema import PLATFORM

__all__ = ["BENCHMARK", "Annotated", "analysis_columns"]

#: The basis whose rates are benchmark estimates, not measurements.
BENCHMARK = "benchmark"


def analysis_columns(frame: pd.DataFrame) -> list[str]:
    """Every column but free text (handles, file names, links, categories): numbers, flags, the
    tier, and the platform (flags and findings group by it)."""
    return [
        str(c)
        for c, dtype in frame.dtypes.items()
        if c == PLATFORM
        or isinstance(dtype, pd.CategoricalDtype)
        or not pd.api.types.is_string_dtype(dtype)
    ]


@dataclass(frozen=True, eq=False)
class Annotated:
    """Accounts with tier and engagement rate (``frame``, columns of
    :data:`~infludash.base.schema.ANNOTATED`), tiered under ``scheme``; ``basis`` names how the
    rates were computed (see :data:`~infludash.analysis.engagement.ER_BASES`) and ``notes`` what
    the analyst must be told about it (estimates, exclusions, disagreements). ``frame`` may hold
    a subset of the columns (:meth:`numbers`). Do not modify it in place: slices and caches
    share it."""

    frame: pd.DataFrame
    scheme: TierScheme
    basis: str
    notes: tuple[Note, ...] = ()

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def estimated(self) -> bool:
        """True when the rates are benchmark estimates, not measurements."""
        return self.basis == BENCHMARK

    def _with(self, frame: pd.DataFrame) -> Annotated:
        return replace(self, frame=frame)

    def take(self, positions: npt.NDArray[np.intp] | None) -> Annotated:
        """The accounts at ``positions`` (all of them when None)."""
        return self if positions is None else self._with(self.frame.take(positions))

    def where(self, keep: npt.NDArray[np.bool_]) -> Annotated:
        """The accounts where ``keep`` is true (the same object when every one is)."""
        return self if keep.all() else self._with(self.frame[keep])

    def numbers(self) -> Annotated:
        """The same accounts with their analysis columns only (:func:`analysis_columns`)."""
        return self._with(self.frame[analysis_columns(self.frame)])

    def columns(self, names: Sequence[str]) -> pd.DataFrame:
        """The columns of ``names`` that the table has, in that order."""
        return self.frame[[c for c in names if c in self.frame]]
