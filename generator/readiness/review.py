"""Score one engagement against the red flags, from what validation's rules find in it.

The rules of each flag run on this engagement alone and whatever the settings select
or ignore: a project may silence a warning in CI, but its readiness review still shows
it. A document whose file has errors cannot show that a flag holds; its errors are
listed instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.config import Config
from generator.diagnostics import Diagnostic, Location, Severity
from generator.models.brief import AcceptedRisk, EngagementBrief
from generator.models.fields import dotted
from generator.portfolio import Loaded, Playbook
from generator.readiness.checks import FLAGS, MISSING, RedFlag
from generator.rules import RULES, Finding
from generator.rules.accepted import acceptable, accepted_risks
from generator.validation import Result, rule_findings
from generator.views.text import person_name


@dataclass(frozen=True)
class FlagResult:
    """One red flag: whether the engagement passes it, why, and where."""

    flag: RedFlag
    passed: bool
    reason: str
    location: Location
    """Where the playbook shows it holds, or where the first problem is."""
    findings: tuple[Diagnostic, ...] = ()
    """Every problem found for this flag, located like `playbook validate` reports them."""
    accepted: AcceptedRisk | None = None
    """The brief's acceptance of this flag, when both sides accepted the risk."""

    @property
    def state(self) -> str:
        """`passed`, `accepted` or `failed`."""
        return "passed" if self.passed else "accepted" if self.accepted else "failed"


@dataclass(frozen=True)
class Readiness:
    """The readiness review of one engagement."""

    engagement: str
    title: str
    results: tuple[FlagResult, ...]

    @property
    def failed(self) -> tuple[FlagResult, ...]:
        """The flags that fly and nobody accepted."""
        return tuple(r for r in self.results if r.state == "failed")

    @property
    def accepted(self) -> tuple[FlagResult, ...]:
        """The flags that fly, accepted in the brief with a reason."""
        return tuple(r for r in self.results if r.state == "accepted")

    @property
    def passed(self) -> int:
        """How many flags hold."""
        return sum(r.passed for r in self.results)

    @property
    def ready(self) -> bool:
        return not self.failed


def review(result: Result, engagement: str, config: Config | None = None) -> Readiness:
    """Score ``engagement`` of a validation ``result`` against every red flag."""
    playbook = result.portfolio.get(engagement)
    if playbook is None:
        raise KeyError(engagement)
    codes = {code for flag in FLAGS for code in flag.codes} | set(MISSING.values())
    found = rule_findings(result, engagement, codes, config or Config())
    return Readiness(
        playbook.id,
        playbook.title,
        tuple(_score(flag, playbook, found, result) for flag in FLAGS),
    )


def _score(
    flag: RedFlag, playbook: Playbook, found: dict[str, list[Finding]], result: Result
) -> FlagResult:
    problems: list[Diagnostic] = []
    for kind in flag.needs:
        if kind in playbook.broken:
            problems.extend(_errors_of(kind, playbook, result, flag))
        elif playbook.lacks(kind):
            code = MISSING[kind]
            problems.extend(_diagnostic(code, f) for f in found[code] if f.path == ("kind",))
    for code in flag.codes:
        problems.extend(_diagnostic(code, f) for f in found[code] if flag.keep(code, f))
    unique = tuple(dict.fromkeys(problems))
    if unique:
        first = unique[0]
        risk = accepted_risks(playbook).get(first.code)
        if risk is not None and all(d.code == risk.rule for d in unique):
            return _accepted(flag, playbook, risk, unique)
        return FlagResult(flag, False, first.message, first.location, unique)
    reason, where = flag.evidence(playbook)
    return FlagResult(flag, True, reason, where)


def _accepted(
    flag: RedFlag, playbook: Playbook, risk: AcceptedRisk, found: tuple[Diagnostic, ...]
) -> FlagResult:
    brief = playbook.brief
    assert brief is not None  # the risk is the brief's
    index = brief.model.spec.accepted_risks.index(risk)
    names = " and ".join(person_name(p, playbook.people) for p in risk.accepted_by)
    reason = f"{found[0].message}; accepted by {names}: {risk.reason}"
    where = brief.at(("spec", "accepted_risks", index))
    return FlagResult(flag, False, reason, where, found, risk)


def _diagnostic(code: str, finding: Finding) -> Diagnostic:
    rule = RULES[code]
    return Diagnostic(
        code,
        rule.severity,
        finding.message,
        finding.document.at(finding.path, key=finding.key),
        field=dotted(finding.path),
        hint=finding.hint,
    )


def _errors_of(kind: str, playbook: Playbook, result: Result, flag: RedFlag) -> list[Diagnostic]:
    """The errors of the engagement's file of ``kind``, which kept it from being read."""
    folder = playbook.folder.absolute()
    files = {
        shown
        for shown, source in result.sources.items()
        if source.kind == kind and source.path.absolute().is_relative_to(folder)
    }
    errors = [
        d for d in result.diagnostics if d.location.path in files and d.severity is Severity.ERROR
    ]
    # The timeline flag lists the timeline's own errors when there are any.
    prefix = "spec.timeline" if "PB201" in flag.codes else ""
    focused = [d for d in errors if prefix and d.field.startswith(prefix)]
    return focused or errors


@dataclass(frozen=True)
class AcceptedFlag:
    """A red flag the brief accepts, as a page or PDF lists it."""

    code: str
    title: str
    """What the flag is, e.g. "A support transition compresses onboarding below four weeks"."""
    reason: str
    accepted_by: str
    """Who accepted it, in words: "Dana Whitfield and Sofia Marsh"."""


def accepted_flags(playbook: Playbook, brief: Loaded[EngagementBrief]) -> list[AcceptedFlag]:
    """The red flags ``brief`` accepts, with their reasons, in the brief's order."""
    return [
        AcceptedFlag(
            risk.rule,
            RULES[risk.rule].summary.rstrip("."),
            risk.reason,
            " and ".join(person_name(p, playbook.people) for p in risk.accepted_by),
        )
        for risk in brief.model.spec.accepted_risks
        if acceptable(risk.rule)
    ]
