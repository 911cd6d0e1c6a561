"""Red flags both sides accepted in the brief, with a reason.

A red flag is a warning: sometimes the risk is known and offset (a compressed
onboarding with the client's own team staying primary, say). The brief's
`accepted_risks` records the rule, the reason and who accepted it; validation then
stops warning about that flag for the engagement, and the readiness review shows it as
accepted with the reason. Only red flags (PB701-PB709) can be accepted: errors always
block.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from generator.diagnostics import Severity
from generator.models.brief import AcceptedRisk
from generator.portfolio import Playbook, Portfolio
from generator.rules import red_flags
from generator.rules.registry import RULES, Context, Finding, rule


def acceptable(code: str) -> bool:
    """Whether a brief may accept rule ``code``: one of the red flags (a warning of
    :mod:`generator.rules.red_flags`)."""
    entry = RULES.get(code)
    return (
        entry is not None
        and entry.severity is Severity.WARNING
        and entry.check is not None
        and entry.check.__module__ == red_flags.__name__
    )


def accepted_risks(playbook: Playbook) -> dict[str, AcceptedRisk]:
    """The red flags ``playbook``'s brief accepts, by rule code (acceptable codes only)."""
    brief = playbook.brief
    if brief is None:
        return {}
    return {r.rule: r for r in brief.model.spec.accepted_risks if acceptable(r.rule)}


def waived(portfolio: Portfolio) -> Mapping[int, frozenset[str]]:
    """The accepted codes of every document's engagement, by the document's ``id()``."""
    out: dict[int, frozenset[str]] = {}
    for playbook in portfolio.playbooks:
        codes = frozenset(accepted_risks(playbook))
        if codes:
            for doc in playbook.documents():
                out[id(doc)] = codes
    return out


@rule("PB710", "accepted-risk")
def accepted_risk(ctx: Context) -> Iterator[Finding]:
    """A risk the brief accepts is not a red flag, or nobody from the client accepted it.

    `accepted_risks` holds red flags only (the warnings PB701-PB709, `playbook rules`
    lists them); an error cannot be accepted, it is fixed. The client carries the risk of
    a red flag, so someone from the client is among `accepted_by`.
    """
    for playbook in ctx.portfolio.playbooks:
        brief = playbook.brief
        if brief is None:
            continue
        for index, risk in enumerate(brief.model.spec.accepted_risks):
            path = ("spec", "accepted_risks", index)
            if not acceptable(risk.rule):
                known = RULES.get(risk.rule)
                what = f"`{risk.rule}` ({known.name})" if known else f"`{risk.rule}`"
                yield Finding(
                    brief,
                    (*path, "rule"),
                    f"{what} is not a red flag that can be accepted",
                    "only the red-flag warnings PB701-PB709 can be accepted; "
                    "`playbook rules` lists them",
                )
                continue
            parties = {playbook.people[p].party for p in risk.accepted_by if p in playbook.people}
            if len(parties) == len(set(risk.accepted_by)) and "client" not in parties:
                yield Finding(
                    brief,
                    (*path, "accepted_by"),
                    f"`{risk.rule}` is accepted by nobody from the client",
                    "the client carries the risk: add its accountable person to `accepted_by`",
                )


@rule("PB711", "accepted-risk-not-raised", Severity.WARNING)
def accepted_risk_not_raised(ctx: Context) -> Iterator[Finding]:
    """The brief accepts a red flag the engagement no longer raises.

    Once the plan is fixed (a later go-live, say), the acceptance would hide the flag if
    it came back unnoticed; remove it from `accepted_risks`.
    """
    for playbook in ctx.portfolio.playbooks:
        brief = playbook.brief
        risks = accepted_risks(playbook)
        if brief is None or not risks:
            continue
        alone = Context(
            replace(ctx.portfolio, playbooks=(playbook,)),
            ctx.config,
            ctx.today,
        )
        for index, risk in enumerate(brief.model.spec.accepted_risks):
            check = RULES[risk.rule].check
            if risks.get(risk.rule) is risk and check is not None and not any(check(alone)):
                yield Finding(
                    brief,
                    ("spec", "accepted_risks", index, "rule"),
                    f"`{risk.rule}` ({RULES[risk.rule].name}) is accepted but no longer raised",
                    "remove it from `accepted_risks`, so the flag shows if it comes back",
                )
