"""The commercials' rules (PB901-PB904), each found at its line, and the service credits
computed from the scorecard by the contract's rule: the share of the pool, one credit per
incident, the cap and the earn-back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from generator.config import load_config
from generator.diffing.results import results_summary
from generator.portfolio import Playbook
from generator.selection import select
from generator.validation.pipeline import validate
from generator.views.credits import CreditTerms, credit_terms
from generator.views.progress import standing
from tests.conftest import Invoke, findings, replace_in, where
from tests.sitekit import make_project

TODAY = date(2026, 12, 1)


def _commercials(examples: Path) -> Path:
    return examples / "northwind-support" / "commercials.yaml"


@pytest.mark.parametrize(
    ("old", "new", "needle", "offset", "said"),
    [
        (
            "      - metric: qa-pass\n",
            "      - metric: frt\n",
            "metric: frt",
            8,
            "PB901 `frt` is not a service level the brief's fee at risk is tied to (Customer "
            "satisfaction, First contact resolution, QA pass rate)",
        ),
        (
            "      - metric: qa-pass\n",
            "      - metric: csat\n",
            "metric: csat\n        share: 30",
            8,
            "PB902 `csat` already has a share of the pool",
        ),
        (
            "    percent: 10\n",
            "    percent: 12\n",
            "percent: 12",
            9,
            "PB903 12% of the monthly fee at risk, but the brief agrees 10%",
        ),
        (
            "    - channel: voice\n      phase: training\n      price: 22\n",
            "",
            "- channel: chat",
            0,
            "PB904 the plan staffs voice but no rate prices its training",
        ),
    ],
)
def test_each_commercial_rule_is_found_at_its_line(
    examples: Path, invoke: Invoke, old: str, new: str, needle: str, offset: int, said: str
) -> None:
    path = _commercials(examples)
    replace_in(path, old, new)
    found = [line for line in findings(invoke("validate").output) if " PB9" in line]
    assert found == [f"{where(path, needle, offset=offset)}: {said}"]


def _terms(examples: Path) -> CreditTerms:
    playbook = _playbook()
    terms = credit_terms(playbook, standing(playbook, TODAY))
    assert terms is not None
    return terms


def test_the_day_30_csat_miss_credits_its_share_and_can_be_earned_back(examples: Path) -> None:
    terms = _terms(examples)
    assert terms.at_risk.fee == pytest.approx(152_775)  # 5,100 hours, 3% off above 5,000
    assert terms.at_risk.pool == pytest.approx(15_277.5)
    day_30 = terms.at(30)
    assert day_30 is not None
    (credit,) = day_30.credits
    assert (credit.metric, credit.amount, credit.state) == ("csat", 6111.0, "may-earn-back")
    assert credit.words == "Due; earned back if met at days 60 and 90"
    assert day_30.words == "Credits due for day 30: $6,111."
    assert "capped at $15,277.50" in terms.at_risk.rule


def test_one_incident_earns_one_credit_and_the_cap_holds(examples: Path) -> None:
    path = _commercials(examples)
    replace_in(path, "      - metric: qa-pass\n", "      - metric: error-rate\n")
    replace_in(path, "    cap: 100\n", "    cap: 30\n")
    results = examples / "northwind-support" / "results.yaml"
    for metric in ("error-rate", "csat"):  # both missed at day 30, by one SSO outage
        replace_in(
            results,
            f"        - metric: {metric}\n",
            f"        - metric: {metric}\n          incident: sso-outage\n",
        )
    day_30 = _terms(examples).at(30)
    assert day_30 is not None
    assert [(c.metric, c.state) for c in day_30.credits] == [
        ("error-rate", "same-incident"),  # 30% of the pool: the smaller one is not owed
        ("csat", "may-earn-back"),
    ]
    assert day_30.owed == pytest.approx(6111)
    assert day_30.total == pytest.approx(0.3 * 15_277.5)  # the cap: 30% of the pool
    assert day_30.words == "Credits due for day 30: $4,583.25 (capped; $6,111 before the cap)."


def test_the_credits_show_on_the_results_page(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    done = invoke("site")
    assert done.exit_code == 0, done.output
    pages = project / "build" / "internal" / "pages" / "docs"
    page = (pages / "engagements" / "northwind-support" / "results.md").read_text()
    assert "**Service credits.** Credits due for day 30: $6,111." in page
    assert (
        "| Customer satisfaction | 40% | $6,111 | Due; earned back if met at days 60 and 90 |"
        in page
    )
    overview = (pages / "engagements" / "northwind-support" / "index.md").read_text()
    assert (
        "**Service credits.** Service credits due so far: $6,111 (day 30). "
        "[How they are computed](commercials.md)."
    ) in overview
    dashboard = (pages / "engagements" / "index.md").read_text()
    assert "| Open actions | Credits due | Signed |" in dashboard
    northwind = next(line for line in dashboard.splitlines() if "northwind-support" in line)
    assert "| 4 | $6,111 | 5 of 7 |" in northwind
    summit = next(line for line in dashboard.splitlines() if "summit-outbound" in line)
    assert "|  |  |  | 0 of 6 |" in summit  # a proposal owes nothing yet


def test_the_credits_so_far_add_up_the_reviewed_periods(examples: Path) -> None:
    terms = _terms(examples)
    assert terms.reviewed == (30,)
    assert terms.due == pytest.approx(6111)
    assert terms.so_far == "Service credits due so far: $6,111 (day 30)."
    later = replace(terms, reviewed=(30, 60))
    assert later.so_far == "Service credits due so far: $6,111 (day 30)."  # day 60 owes none
    assert replace(terms, reviewed=()).so_far == (
        "No period is reviewed yet: no service credits are due."
    )
    met = replace(terms, periods=tuple(replace(p, total=0.0) for p in terms.periods))
    assert met.so_far == "No service credits are due for day 30."


def test_the_commercials_page_prices_in_the_currency_and_keeps_the_margin_in_house(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    for audience in ("internal", "client"):
        done = invoke("site", "--audience", audience, "--engagement", "northwind-support")
        assert done.exit_code == 0, done.output
    internal = (
        project / "build" / "internal" / "pages" / "docs" / "engagements" / "northwind-support"
    )
    page = (internal / "commercials.md").read_text()
    assert "| Chat | Production | $31 per productive hour | 3,000 |" in page
    assert "| **Estimated month** | | **$152,775** |" in page
    assert "| First contact resolution | 30% | $4,583.25 |" in page
    assert "- Credits due for day 30: $6,111." in page
    assert "The margin floor: 28% gross margin at the least." in page
    client = next((project / "build" / "client").rglob("commercials.md")).read_text()
    assert "| **Estimated month** | | **$152,775** |" in client
    assert "margin" not in client.lower()


def _playbook() -> Playbook:
    """Northwind as its vendor's team reads it, from the playbooks in the working folder."""
    config = load_config(None)
    selection = select(validate((), config), config, ("northwind-support",), "internal")
    (playbook,) = selection.portfolio.playbooks
    return playbook


def test_the_diff_says_what_a_new_miss_costs(examples: Path) -> None:
    results = examples / "northwind-support" / "results.yaml"
    before_text = results.read_text(encoding="utf-8")
    replace_in(
        results,
        "        - metric: csat\n          value: 84\n",
        "        - metric: csat\n          value: 86\n",
    )
    before = _playbook()
    results.write_text(before_text, encoding="utf-8")
    after = _playbook()
    lines = results_summary(before, after, TODAY)
    assert (
        "Customer satisfaction on day 30: 84% against at least 85%, missed by 1 point, which "
        "costs $6,111 in service credits (40% of the pool) unless earned back"
    ) in " ".join(lines)


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            "  currency: USD\n",
            "  currency: usd\n",
            "`currency`: expected a three-letter currency code in capitals, such as `USD` or "
            "`EUR`, found 'usd'",
        ),
        (
            "  model: per-productive-hour\n",
            "  model: per-hour\n",
            "`model`: expected one of `per-productive-hour`, `per-agent-month`, "
            "`per-handled-contact`, `per-resolved-ticket`, `per-outcome`, found 'per-hour'",
        ),
        ("        share: 40\n", "        share: 140\n", "`share`: expected at most 100, found"),
        ("      price: 31\n", "      price: -31\n", "`price`: expected at least 0"),
        ("    earn_back: 2\n", "    earn_back: 0\n", "`earn_back`: expected at least 1"),
    ],
)
def test_commercials_that_do_not_read_are_refused_at_their_field(
    examples: Path, invoke: Invoke, old: str, new: str, said: str
) -> None:
    replace_in(_commercials(examples), old, new)
    done = invoke("validate")
    assert done.exit_code == 1
    assert said in done.output
