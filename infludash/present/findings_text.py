"""The findings in words: the claim, the verdict and the sentence with the numbers behind it, and
the scheme-sensitivity table with the sentence that says whether the story changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from infludash.analysis.findings import FallsEvidence, Finding, NanoMicro, SchemeStory, Step
from infludash.analysis.tiers import TierScheme
from infludash.analysis.verdicts import Claim, Untestable, Verdict
from infludash.present.i18n import Locale

__all__ = ["FindingText", "claim_text", "finding_text", "sensitivity_text", "verdict_text"]


@dataclass(frozen=True)
class FindingText:
    """One finding as a reader sees it; ``code`` is the verdict's code (the page colours it)."""

    claim: str
    verdict: str
    code: str
    sentence: str


def claim_text(claim: Claim, loc: Locale) -> str:
    return loc.t(f"findings.claim.{claim.value}")


def verdict_text(verdict: Verdict, loc: Locale) -> str:
    return loc.t(f"findings.verdict.{verdict.value}")


def _step(step: Step, scheme: TierScheme, loc: Locale) -> str:
    return loc.t(
        f"findings.step.{step.direction}",
        a=scheme.labels[step.a],
        b=scheme.labels[step.b],
        a_er=loc.pct(step.a_er),
        b_er=loc.pct(step.b_er),
    )


def _falls(evidence: FallsEvidence, scheme: TierScheme, loc: Locale) -> str:
    overall = evidence.overall
    sample = loc.t("findings.fitted_on", n=loc.num(overall.n)) if overall.n < overall.total else ""
    parts = [
        loc.t(
            "findings.slope_lower" if overall.slope < 0 else "findings.slope_higher",
            total=loc.num(overall.total),
            sample=sample,
            change=loc.pct(abs(overall.per_tenfold()), 0),
            slope=loc.num(overall.slope, 2),
            low=loc.num(overall.slope_low, 2),
            high=loc.num(overall.slope_high, 2),
        )
    ]
    if evidence.platforms:
        parts.append(
            loc.t(
                "findings.by_platform",
                list="; ".join(
                    loc.t(
                        "findings.platform_slope",
                        platform=t.group,
                        slope=loc.num(t.slope, 2),
                        low=loc.num(t.slope_low, 2),
                        high=loc.num(t.slope_high, 2),
                        direction=loc.t(f"findings.direction.{t.direction}"),
                    )
                    for t in evidence.platforms
                ),
            )
        )
    if evidence.rho is not None:
        parts.append(loc.t("findings.rank_correlation", rho=loc.num(evidence.rho, 2)))
    if evidence.steps:
        steps = "; ".join(_step(step, scheme, loc) for step in evidence.steps)
        parts.append(loc.t("findings.tier_by_tier", steps=steps))
    return " ".join(parts)


def _nano_micro(evidence: NanoMicro, loc: Locale) -> str:
    return loc.t(
        "findings.nano_micro_sentence",
        nano_er=loc.pct(evidence.nano_er),
        per=loc.t(f"findings.per.{evidence.per}"),
        micro_er=loc.pct(evidence.micro_er),
        overlap="" if evidence.engage else loc.t("findings.overlap"),
        micro_eng=loc.num(evidence.micro_eng),
        nano_eng=loc.num(evidence.nano_eng),
        nano=loc.t("tiers.name.nano"),
        micro=loc.t("tiers.name.micro"),
    )


def finding_text(finding: Finding, scheme: TierScheme, loc: Locale) -> FindingText:
    """``finding`` in ``loc``'s language; ``scheme`` (the one the summary used, in that
    language) names the tiers."""
    evidence = finding.evidence
    if isinstance(evidence, Untestable):
        sentence = loc.t(evidence.value)
    elif isinstance(evidence, FallsEvidence):
        sentence = _falls(evidence, scheme, loc)
    else:
        sentence = _nano_micro(evidence, loc)
    return FindingText(
        claim=claim_text(finding.claim, loc),
        verdict=verdict_text(finding.verdict, loc),
        code=finding.verdict.value,
        sentence=sentence,
    )


def _sentence(table: pd.DataFrame, nano: set[Verdict], loc: Locale) -> str:
    falls = set(table["falls"]) - {None}
    if not falls:
        sentence = loc.t("findings.sensitivity.none_testable")
    elif falls == {True}:
        sentence = loc.t("findings.sensitivity.all_fall")
    elif falls == {False}:
        sentence = loc.t("findings.sensitivity.none_fall")
    else:
        changes = ", ".join(table.loc[table["falls"].eq(False), "scheme"])
        sentence = loc.t("findings.sensitivity.depends", schemes=changes)
    claim = claim_text(Claim.NANO_MICRO, loc)
    if len(nano) == 1:
        verdict = verdict_text(next(iter(nano)), loc)
        sentence += " " + loc.t("findings.sensitivity.nano_same", claim=claim, verdict=verdict)
    elif nano:
        sentence += " " + loc.t("findings.sensitivity.nano_changes", claim=claim)
    return sentence


def sensitivity_text(stories: Sequence[SchemeStory], loc: Locale) -> tuple[pd.DataFrame, str]:
    """The sensitivity table (scheme, edges, tiers with a median, rank correlation, whether the
    medians fall, the nano-against-micro verdict) in words, and whether the schemes agree."""
    rows = []
    for story in stories:
        scheme = loc.scheme(story.scheme)
        rows.append(
            {
                "scheme": scheme.short or scheme.title,
                "edges": " · ".join(loc.compact(e, edge=True) for e in scheme.edges),
                "tiers_with_median": story.tiers_with_median,
                "rank_correlation": story.rank_correlation,
                "falls": story.falls,
                "nano_micro": story.nano_micro,
            }
        )
    table = pd.DataFrame(rows)
    nano = {story.nano_micro for story in stories} - {Verdict.NOT_TESTABLE}
    sentence = _sentence(table, nano, loc)
    table["falls"] = [
        verdict_text(Verdict.NOT_TESTABLE, loc)
        if v is None
        else loc.t("words.yes")
        if v
        else loc.t("words.no")
        for v in table["falls"]
    ]
    table["nano_micro"] = [verdict_text(v, loc) for v in table["nano_micro"]]
    return table, sentence
