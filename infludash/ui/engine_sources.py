"""Tables in a database or a lake, configured by the deployer, picked by name by the analyst.

A deployer lists each source in ``.streamlit/secrets.toml`` as an ``st.connection`` section::

    [connections.creators]
    url = "duckdb:///lake/creators.db"   # or Parquet files, postgresql://…, sc://…, local[2]
    table = "accounts"                    # not needed for Parquet
    label = "Creators (lake)"            # the name the analyst sees (default: the section's)
    columns = { followers = "fans" }      # canonical column = the table's, where aliases miss

A section with a ``url`` is a source. The analyst sees the names only: no path or address is
typed in the app or shown by it (:meth:`~infludash.engine.sources.Source.shown` drops
credentials wherever a source must be named). Each source's table is opened once per process
(:func:`st.connection` keeps it) and shared by every session; analyses of it hold aggregates
only, so they are kept for every session too: a second visit to the same view is a look-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.connections import BaseConnection

from infludash.analysis.analysis import Spec
from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.engine.analysis import EngineAnalysis
from infludash.engine.codes import SourceError
from infludash.engine.sources import source_of
from infludash.engine.table import EngineTable
from infludash.ui.access_gate import admitted, current_visitor

__all__ = [
    "ANALYSES_KEPT",
    "Configured",
    "EngineConnection",
    "analysis_of",
    "configured",
    "table_of",
]

#: Analyses kept for all sessions (aggregates only: a few kB each).
ANALYSES_KEPT = 64


@dataclass(frozen=True)
class Configured:
    """One configured source: its section ``name`` and the ``label`` shown."""

    name: str
    label: str


def _sections() -> Mapping[str, Any]:
    try:
        return st.secrets.get("connections", {})
    except FileNotFoundError:  # no secrets file: no source configured
        return {}


def configured() -> dict[str, Configured]:
    """The sources in the secrets that this session's visitor may use (a section's ``allow``
    list: see :func:`~infludash.ui.access_gate.admitted`), by section name, in the file's
    order. A source not allowed is not listed, so no link can pick it either."""
    visitor = current_visitor()
    found = {}
    for name, section in _sections().items():
        if not isinstance(section, Mapping) or "url" not in section:
            continue
        if admitted(visitor, section.get("allow"), f"connections.{name}"):
            found[str(name)] = Configured(str(name), str(section.get("label", name)))
    return found


class EngineConnection(BaseConnection[EngineTable]):
    """An ``st.connection`` to one configured source's table (see the module's docstring)."""

    def _connect(self, **kwargs: Any) -> EngineTable:
        section = {**self._secrets.to_dict(), **kwargs}
        source = source_of(str(section["url"]), section.get("table"))
        columns = section.get("columns") or {}
        overrides = {str(k): str(v) for k, v in dict(columns).items()}
        label = str(section.get("label", self._connection_name))
        return EngineTable(source, overrides, name=label)  # messages name it, not its address

    @property
    def table(self) -> EngineTable:
        return self._instance


def table_of(name: str) -> EngineTable:
    """The shared table of source ``name`` (opened on first use; an error is an
    :class:`~infludash.base.errors.InputError`)."""
    if name not in configured():  # not configured, or not for this visitor
        raise InputError(Note(SourceError.NOT_OFFERED, source=name))
    section = dict(_sections().get(name, {}))
    settings = {k: section[k] for k in ("url", "table", "columns", "label") if k in section}
    return st.connection(name, type=EngineConnection, **settings).table


@st.cache_resource(max_entries=ANALYSES_KEPT, ttl="1h", show_spinner=False)
def _shared_analysis(name: str, spec: Spec) -> EngineAnalysis:
    return EngineAnalysis(table_of(name), spec)


def analysis_of(name: str, spec: Spec) -> EngineAnalysis:
    """The analysis of source ``name`` under ``spec``, shared by every session that may use
    the source (checked on every call: the kept analysis is no way around the list)."""
    if name not in configured():
        raise InputError(Note(SourceError.NOT_OFFERED, source=name))
    return _shared_analysis(name, spec)
