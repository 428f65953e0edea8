"""The ``--json`` output of a summary: the documented shape, its notes and reasons in English
(the analysis keeps codes). One place for files and engine sources alike."""

from __future__ import annotations

from infludash.analysis.summary import Summary
from infludash.present.i18n import get_locale
from infludash.present.summary_json import to_json

__all__ = ["summary_json"]

_ENGLISH = get_locale("en")  # the command line speaks English


def summary_json(summary: Summary) -> dict[str, object]:
    data = to_json(summary)
    data["er_notes"] = [_ENGLISH.say(note) for note in summary.er_notes]
    data["rejected_reasons"] = {_ENGLISH.t(str(r)): n for r, n in summary.rejected_reasons}
    data["warnings"] = [_ENGLISH.say(warning) for warning in summary.warnings]
    return data
