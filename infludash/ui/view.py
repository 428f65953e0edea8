"""What every page shows, computed once per run: the data, the scheme, the filters, the summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from infludash.filters import Filters, narrow
from infludash.i18n import Locale, get_locale
from infludash.reader import ReadResult
from infludash.summary import EngagementOptions, Summary, annotate, summarize
from infludash.tiers import DEFAULT_SCHEME, TierScheme
from infludash.ui.loaders import Upload

#: Widgets bound to the URL: the widget key is the query parameter (a link reopens the view).
URL: Literal["query-params"] = "query-params"


@dataclass
class View:
    """The data on screen and how it is cut. ``annotated`` holds the accounts that pass the
    filters (with tier and engagement rate); ``total`` is how many there are before filtering."""

    result: ReadResult
    scheme: TierScheme = DEFAULT_SCHEME
    is_sample: bool = True
    errors: list[str] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)
    options: EngagementOptions = field(default_factory=EngagementOptions)
    loc: Locale = field(default_factory=get_locale)
    filters: Filters = field(default_factory=Filters)
    annotated: pd.DataFrame = field(default_factory=pd.DataFrame)
    summary: Summary | None = None
    total: int = 0

    @property
    def accounts(self) -> pd.DataFrame:
        """The filtered accounts without the analysis columns (for re-tiering elsewhere)."""
        return self.result.accounts.loc[self.annotated.index]

    def summarized(self) -> Summary:
        """The summary of the filtered accounts (computed on first use)."""
        if self.summary is None:
            self.summary = summarize(
                self.result, self.scheme, annotated=self.annotated, options=self.options
            )
        return self.summary


def narrowed(view: View) -> View:
    """``view`` with the accounts tiered, rated and filtered; the summary follows the filters."""
    everyone = annotate(view.result.accounts, view.scheme, view.options)
    view.annotated = narrow(everyone, view.filters)
    view.total = len(everyone)
    view.summary = None
    return view
