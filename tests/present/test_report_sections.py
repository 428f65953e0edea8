"""The report's campaign plan and flagged accounts: there once the analyst has had them on screen,
with the planner's own numbers, a capped table of flags, every text escaped, in both languages."""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import pytest

from infludash.analysis.analysis import Analysis, Spec
from infludash.analysis.anomalies import DEFAULT_Z
from infludash.analysis.campaign import PlanInputs, campaign_plan
from infludash.analysis.filters import Filters
from infludash.analysis.planner import default_prices, mix_totals, plan, planned_tiers
from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.analysis.price_edits import with_edits
from infludash.analysis.summary import EngagementOptions
from infludash.present.i18n import Locale, get_locale
from infludash.present.report import OnScreen, build_report
from infludash.present.report_flags import REPORT_FLAGGED_ROWS
from infludash.read.reader import ReadResult, read_accounts
from tests.fixtures import SAMPLE

# The planner's hand-checked data (tests/ui/test_app_planner.py): Nano followers 1k..5k with 100
# engagements each, Micro 20k..60k with 500; Nano priced $100–$400, Micro $1,000–$4,000.
ROWS = [(f"n{i}", 1000 * i, 100) for i in range(1, 6)] + [
    (f"m{i}", 10_000 * (i + 1), 500) for i in range(1, 6)
]
DATA = (
    "handle,platform,followers,likes\n"
    + "".join(f"{h},Instagram,{f},{likes}\n" for h, f, likes in ROWS)
).encode()
EDITS = {"nano": (100.0, 400.0), "micro": (1000.0, 4000.0)}
INPUTS = PlanInputs.of(10_000, "reach", EDITS)


def _report(
    result: ReadResult, lang: str = "en", screen: OnScreen | None = None, **spec: object
) -> str:
    loc = get_locale(lang)
    analysis = Analysis(result, Spec(loc.scheme(DEFAULT_SCHEME), **spec))  # type: ignore[arg-type]
    return build_report(analysis, loc, screen=screen)


def _section(page: str, loc: Locale, key: str) -> str:
    """The section titled ``key`` (up to the next section), as text with the tags dropped."""
    start = page.index(f"<h2>{html.escape(loc.t(key))}</h2>")
    end = page.find("<h2>", start + 4)
    text = re.sub(r"<[^>]+>", " ", page[start : end if end > 0 else None])
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(text))


@pytest.fixture(scope="module")
def planned() -> ReadResult:
    return read_accounts(DATA, "plan.csv")


@pytest.fixture(scope="module")
def sample() -> ReadResult:
    return read_accounts(SAMPLE.read_bytes(), SAMPLE.name)


def test_nothing_the_analyst_has_not_seen(planned: ReadResult) -> None:
    en = get_locale("en")
    page = _report(planned)
    assert en.t("report.plan_title") not in page
    assert en.t("report.flags_title") not in page


def test_the_plan_has_the_planners_numbers(planned: ReadResult) -> None:
    en = get_locale("en")
    text = _section(_report(planned, screen=OnScreen(plan=INPUTS)), en, "report.plan_title")
    # The inputs, the prices in force and which of them are the analyst's.
    assert "Budget (USD) $10,000" in text
    assert "Objective Reach" in text
    assert "USD, prices per post" in text
    assert "the analyst's own for Nano, Micro; the published rate card for the other tiers" in text
    assert "Nano $100 $400 the analyst's price" in text
    assert "Influencer Marketing Hub" in text  # the published card is cited
    # All of the budget in one tier, worked by hand: Nano 10,000 / 400, / 200, / 100 posts.
    assert "All of $10,000 in one tier" in text
    assert "Nano 5 25–100 150k (50k–400k) 5k (2.5k–10k) $1.00–$4.00 $25–$200" in text
    assert "★ Micro 5 2–10 200k (60k–500k)" in text  # the best tier for reach, starred
    assert "Micro gives the lowest cost per thousand followers reached: $50.00" in text
    assert "One Micro post (about $2,000) costs as much as 10 Nano posts" in text
    # The default mix: 5,000 each to Nano and Micro; CPE 9,000 / 3,500, CPM 9,000,000 / 155k.
    assert "Nano 50.0% 12–50" in text
    assert "13–55 155k" in text
    assert "$2.57 $58.06" in text


def test_the_plans_numbers_are_the_planner_functions(planned: ReadResult) -> None:
    """The report plans with the functions the page uses, on the report's own analysis."""
    en = get_locale("en")
    analysis = Analysis(planned, Spec(en.scheme(DEFAULT_SCHEME)))
    card = planned_tiers(default_prices(analysis.scheme, ["Instagram"]))
    card[["price_low", "price_high"]] = card[["price_low", "price_high"]].round(0)
    prices = with_edits(card, EDITS)
    yields = planned_tiers(analysis.yields)
    made = campaign_plan(analysis, INPUTS)
    assert made.per_tier is not None
    assert made.mix is not None
    assert made.totals is not None
    pd.testing.assert_frame_equal(made.per_tier, plan(10_000, prices, yields))
    shares = {"nano": 50.0, "micro": 50.0, "macro": 0.0, "mega": 0.0}
    assert made.totals == pytest.approx(
        mix_totals(plan(10_000, prices, yields, shares)), nan_ok=True
    )
    assert made.edited == ["nano", "micro"]
    typed = campaign_plan(analysis, PlanInputs.of(10_000, "reach", EDITS, {**shares, "nano": 80}))
    assert typed.mix is not None
    assert typed.mix["share"].tolist()[:2] == pytest.approx([80 / 130, 50 / 130])


def test_the_plan_follows_the_reports_filters(planned: ReadResult) -> None:
    en = get_locale("en")
    narrowed = Filters(followers_min=10_000.0)  # Micro only
    page = _report(planned, screen=OnScreen(plan=INPUTS), filters=narrowed)
    text = _section(page, en, "report.plan_title")
    assert "Nano 0 25–100 – (–) – (–)" in text  # no Nano account is in the report now


def test_prices_that_cannot_be_used_are_said(planned: ReadResult) -> None:
    en = get_locale("en")
    bad = PlanInputs.of(10_000, "reach", {"nano": (400.0, 100.0)})
    text = _section(_report(planned, screen=OnScreen(plan=bad)), en, "report.plan_title")
    assert "The prices cannot be used" in text
    assert "All of $10,000 in one tier" not in text


def test_the_plan_in_german(planned: ReadResult) -> None:
    de = get_locale("de")
    inputs = PlanInputs.of(10_000, "engagements", EDITS)
    page = _report(planned, "de", OnScreen(plan=inputs, flags_z=DEFAULT_Z))
    text = _section(page, de, "report.plan_title")
    assert "Kampagnenplan" in text
    assert "Budget (USD) 10.000\u00a0$" in text
    assert "Ziel Interaktionen" in text
    assert "eigene Preise für Nano, Mikro" in text
    assert "Das gesamte Budget von 10.000\u00a0$ in einer Stufe" in text
    assert "1,00\u00a0$–4,00\u00a0$" in text
    assert "Nano die niedrigsten Kosten pro Interaktion: 2,00\u00a0$" in text
    flags = _section(page, de, "report.flags_title")
    assert "Markierte Konten" in flags
    assert "mehr als 3,5 robuste Standardabweichungen" in flags


def test_flagged_accounts_are_capped_furthest_first(sample: ReadResult) -> None:
    en = get_locale("en")
    z = 1.0  # the lowest limit the Findings page offers: hundreds of flags
    loc = get_locale("en")
    analysis = Analysis(sample, Spec(loc.scheme(DEFAULT_SCHEME)))
    flags = analysis.flags(z)
    total = int((flags.code != "").sum())
    assert total > REPORT_FLAGGED_ROWS
    page = build_report(analysis, loc, screen=OnScreen(flags_z=z))
    text = _section(page, en, "report.flags_title")
    assert f"{en.num(total)} of 5,000 accounts flagged" in text
    assert f"The first {REPORT_FLAGGED_ROWS} of {en.num(total)} flagged accounts" in text
    start = page.index(f"<h2>{en.t('report.flags_title')}</h2>")
    headings, rows = _first_table(page[start:])
    assert len(rows) == REPORT_FLAGGED_ROWS
    far = np.abs(flags.z[flags.code != ""])
    furthest = np.sort(far[np.isfinite(far)])[::-1][:REPORT_FLAGGED_ROWS]
    column = headings.index(en.t("column.anomaly_z"))
    shown = np.abs([float(row[column]) for row in rows])
    np.testing.assert_allclose(shown, furthest, atol=0.05)  # one decimal on the page
    assert en.t("column.source") not in headings  # one file: the report's Data line names it


def _first_table(text: str) -> tuple[list[str], list[list[str]]]:
    """The headings and the body rows of the first table in ``text``, as text."""
    table = text[text.index("<table") : text.index("</table>")]
    headings = [html.unescape(h) for h in re.findall(r"<th>(.*?)</th>", table)]
    body = table[table.index("<tbody>") :]
    rows = [
        [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]
    return headings, rows


def test_no_flags_no_table(planned: ReadResult) -> None:
    en = get_locale("en")
    text = _section(_report(planned, screen=OnScreen(flags_z=10.0)), en, "report.flags_title")
    assert "0 of 10 accounts flagged" in text
    assert "<table" not in text


def test_estimated_rates_flag_nothing() -> None:
    result = read_accounts(b"handle,followers\na,1000\nb,20000\n", "plain.csv")
    page = _report(
        result, screen=OnScreen(flags_z=DEFAULT_Z), options=EngagementOptions(basis="benchmark")
    )
    assert get_locale("en").t("report.flags_title") not in page


SCRIPT = "<script>alert('handle')</script>"
ONERROR = '<img src=x onerror="alert(1)">'


def test_hostile_handles_and_names_are_escaped() -> None:
    rows = [(f"acc{i}", 1000 * (i + 1), 10 * (i + 1)) for i in range(30)]
    lines = [f"{h},Instagram,{f},{likes}" for h, f, likes in rows]
    lines += [
        f'"{SCRIPT}",Instagram,5000,0',
        f'"{ONERROR.replace(chr(34), chr(34) * 2)}",TikTok,900,0',
    ]
    data = ("handle,platform,followers,likes\n" + "\n".join(lines) + "\n").encode()
    result = read_accounts(data, "<b>bold</b>.csv")
    inputs = PlanInputs.of(10_000, "reach", {})
    page = _report(result, screen=OnScreen(plan=inputs, flags_z=DEFAULT_Z))
    for raw in (SCRIPT, ONERROR, "<b>bold</b>"):
        assert raw not in page
    assert html.escape(SCRIPT) in page  # flagged (no engagement), shown as text
    assert "&lt;img src=x onerror=" in page
    text = _section(page, get_locale("en"), "report.flags_title")
    assert SCRIPT in text  # what a reader sees is what the file holds
    assert ONERROR in text
