"""The price and the service credits, computed from the commercials and the scorecard.

Each checkpoint closes a period. In a period, a service level the commercials allocate
a share of the pool to is **missed** when the checkpoint judged its target missed. Then:

* its credit is its share of the pool, and the pool is the fee at risk's share of the
  monthly fee (the commercials' `monthly_fee`, or else the estimated monthly invoice);
* with one credit per incident, misses recorded with the same `incident` earn only the
  largest of their credits;
* the credits of one period never pass the cap (a share of the pool);
* with an earn-back of ``n`` periods, a credit is returned when the level is met at the
  next ``n`` checkpoints in a row, and can still be returned while they are to come.

The estimated monthly invoice is each production rate's price times its monthly units,
less the volume band the month's units reach, and never under the monthly minimum.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from generator.models.commercials import UNITS, Commercials, CommercialsSpec, FeeAtRisk, Rate
from generator.portfolio import Playbook
from generator.views.progress import Standing, TargetStatus
from generator.views.text import label, metric_name, number

CreditState = Literal["due", "may-earn-back", "earned-back", "same-incident"]
_SYMBOLS: Final = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


def money(amount: float, currency: str) -> str:
    """``$4,800``, ``€1,250.50``, ``4,800 CHF``: whole amounts without cents."""
    whole = round(amount, 2) == round(amount)
    shown = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{shown}" if symbol else f"{shown} {currency}"


@dataclass(frozen=True)
class InvoiceLine:
    """One rate in the estimated monthly invoice."""

    rate: Rate
    units: float
    amount: float


@dataclass(frozen=True)
class Estimate:
    """The estimated monthly invoice in production."""

    lines: tuple[InvoiceLine, ...]
    #: The volume band's discount reached, in percent (0 when none).
    discount: float
    #: Before the minimum: the lines less the discount.
    subtotal: float
    total: float
    #: Whether the monthly minimum raised the total.
    at_minimum: bool


def unit_name(spec: CommercialsSpec, plural: bool = False) -> str:
    """``productive hour``: what one unit of the pricing model is."""
    return UNITS[spec.model][1 if plural else 0]


def rate_label(rate: Rate) -> str:
    """``Chat, Tier 1, Spanish``: what a rate prices, its phase aside."""
    return ", ".join([label(rate.channel), *(w for w in (rate.tier, rate.language) if w)])


def estimate(spec: CommercialsSpec) -> Estimate:
    """The production month's invoice from the rates' monthly units."""
    lines = tuple(
        InvoiceLine(r, r.monthly_units, r.price * r.monthly_units)
        for r in spec.rates
        if r.phase == "production" and r.monthly_units
    )
    units = sum(line.units for line in lines)
    discount = max((b.discount for b in spec.volume_bands if units > b.above), default=0.0)
    subtotal = sum(line.amount for line in lines) * (1 - discount / 100)
    minimum = spec.monthly_minimum or 0.0
    return Estimate(lines, discount, subtotal, max(subtotal, minimum), minimum > subtotal)


@dataclass(frozen=True)
class Credit:
    """One missed level's credit in one period."""

    metric: str
    #: Its share of the pool, in percent.
    share: float
    amount: float
    state: CreditState
    #: The target missed, as judged at the checkpoint.
    missed: TargetStatus
    #: The incident recorded with the miss, if any.
    incident: str | None
    #: The checkpoint days that earned it back, or that still can.
    earn_back: tuple[int, ...] = ()

    @property
    def counts(self) -> bool:
        """Whether it is owed now (due, or returnable later but owed until then)."""
        return self.state in ("due", "may-earn-back")

    @property
    def words(self) -> str:
        """``Due; earned back if met at days 60 and 90``."""
        days = _days(self.earn_back)
        return {
            "due": "Due",
            "may-earn-back": f"Due; earned back if met at {days}",
            "earned-back": f"Earned back: met at {days}",
            "same-incident": f"Not due: one credit per incident ({self.incident})",
        }[self.state]


@dataclass(frozen=True)
class PeriodCredits:
    """The credits of one checkpoint's period."""

    day: int
    credits: tuple[Credit, ...]
    #: What the credits owed add up to, before the cap.
    owed: float
    #: What is due after the cap.
    total: float
    cap: float
    currency: str

    @property
    def capped(self) -> bool:
        return self.owed > self.total

    @property
    def words(self) -> str:
        """``Credits due for day 30: $6,111`` or why there are none."""
        if not self.credits:
            return (
                f"No service credits for day {self.day}: no level with a share of the pool missed."
            )
        if not self.total:
            return f"No service credits due for day {self.day}."
        words = f"Credits due for day {self.day}: {money(self.total, self.currency)}"
        if self.capped:
            words += f" (capped; {money(self.owed, self.currency)} before the cap)"
        return words + "."


@dataclass(frozen=True)
class AtRisk:
    """The fee at risk of the commercials, in money, and its rule."""

    risk: FeeAtRisk
    currency: str
    #: The monthly fee the pool is a share of.
    fee: float
    #: Whether that fee is the estimated invoice (no `monthly_fee` is agreed).
    estimated: bool

    @property
    def pool(self) -> float:
        return self.fee * self.risk.percent / 100

    @property
    def cap(self) -> float:
        return self.pool * self.risk.cap / 100

    def credit(self, share: float) -> float:
        """What a miss of a level with ``share`` percent of the pool credits."""
        return self.pool * share / 100

    @property
    def rule(self) -> str:
        """The rule in a sentence."""
        risk, cur = self.risk, self.currency
        fee = "estimated monthly fee" if self.estimated else "monthly fee"
        words = (
            f"The fee at risk is {number(risk.percent)}% of the {fee} of "
            f"{money(self.fee, cur)}: a pool of {money(self.pool, cur)}. "
            "A missed service level credits its share of the pool"
        )
        if risk.one_credit_per_incident:
            words += ", one credit per incident (the largest)"
        words += f"; a period's credits are capped at {money(self.cap, cur)}"
        if risk.earn_back:
            periods = "period" if risk.earn_back == 1 else f"{risk.earn_back} periods in a row"
            words += f", and a credit is earned back when the level is met the next {periods}"
        return words + "."


def at_risk(spec: CommercialsSpec) -> AtRisk | None:
    """The fee ``spec`` puts at risk; None when it puts none."""
    if spec.fee_at_risk is None:
        return None
    fee = spec.monthly_fee if spec.monthly_fee is not None else estimate(spec).total
    return AtRisk(spec.fee_at_risk, spec.currency, fee, spec.monthly_fee is None)


@dataclass(frozen=True)
class CreditTerms:
    """The engagement's credit rule and each period's credits."""

    at_risk: AtRisk
    periods: tuple[PeriodCredits, ...]
    #: The checkpoint days whose results both sides have reviewed.
    reviewed: tuple[int, ...] = ()

    def at(self, day: int) -> PeriodCredits | None:
        return next((p for p in self.periods if p.day == day), None)

    @property
    def closed(self) -> tuple[PeriodCredits, ...]:
        """The periods whose checkpoint has been reviewed."""
        return tuple(p for p in self.periods if p.day in self.reviewed)

    @property
    def due(self) -> float:
        """The credits due over the reviewed periods."""
        return sum(p.total for p in self.closed)

    @property
    def so_far(self) -> str:
        """``Service credits due so far: $6,111 (day 30).``, as the overview says it."""
        periods = self.closed
        if not periods:
            return "No period is reviewed yet: no service credits are due."
        if not self.due:
            return f"No service credits are due for {_days(p.day for p in periods)}."
        owing = [p for p in periods if p.total]
        if len(owing) == 1:
            each = f"day {owing[0].day}"
        else:
            each = "; ".join(f"day {p.day}: {money(p.total, self.at_risk.currency)}" for p in owing)
        return f"Service credits due so far: {money(self.due, self.at_risk.currency)} ({each})."


def credit_terms(playbook: Playbook, state: Standing) -> CreditTerms | None:
    """The credits of ``playbook`` where it stands (``state``, its standing on a day);
    None without commercials that put a fee at risk."""
    loaded = playbook.document(Commercials)
    found = at_risk(loaded.model.spec) if loaded is not None else None
    if found is None:
        return None
    risk = found.risk
    shares = {a.metric: a.share for a in risk.allocations}
    judged = state.targets
    days = sorted({t.checkpoint.day for t in judged})
    periods = []
    for day in days:
        credits = [
            _credit(status, shares[status.target.metric], found, judged, days)
            for status in judged
            if status.checkpoint.day == day
            and status.state == "missed"
            and status.target.metric in shares
        ]
        if risk.one_credit_per_incident:
            credits = _one_per_incident(credits)
        owed = sum(c.amount for c in credits if c.counts)
        periods.append(
            PeriodCredits(
                day, tuple(credits), owed, min(owed, found.cap), found.cap, found.currency
            )
        )
    return CreditTerms(found, tuple(periods), state.reviewed)


def _days(days: Iterable[int]) -> str:
    """``day 30``, ``days 30 and 60``, ``days 30, 60 and 90``."""
    listed = [str(d) for d in days]
    if not listed:
        return "no day"
    if len(listed) == 1:
        return f"day {listed[0]}"
    return f"days {', '.join(listed[:-1])} and {listed[-1]}"


def _credit(
    status: TargetStatus,
    share: float,
    found: AtRisk,
    judged: tuple[TargetStatus, ...],
    days: list[int],
) -> Credit:
    incident = status.measured.incident if status.measured is not None else None
    amount = found.credit(share)
    earn_back = found.risk.earn_back
    metric = status.target.metric
    if not earn_back:
        return Credit(metric, share, amount, "due", status, incident)
    later = [d for d in days if d > status.checkpoint.day][:earn_back]
    states = [
        next((t.state for t in judged if t.target.metric == metric and t.checkpoint.day == d), None)
        for d in later
    ]
    if len(later) < earn_back or any(s in ("missed", "no-data", None) for s in states):
        return Credit(metric, share, amount, "due", status, incident)
    state: CreditState = "earned-back" if all(s == "met" for s in states) else "may-earn-back"
    return Credit(metric, share, amount, state, status, incident, tuple(later))


def _one_per_incident(credits: list[Credit]) -> list[Credit]:
    """The credits with only the largest of each incident's kept; the others waived."""
    largest: dict[str, Credit] = {}
    for credit in credits:
        if credit.incident is not None:
            kept = largest.get(credit.incident)
            if kept is None or credit.amount > kept.amount:
                largest[credit.incident] = credit
    return [
        c
        if c.incident is None or largest[c.incident] is c
        else Credit(c.metric, c.share, c.amount, "same-incident", c.missed, c.incident)
        for c in credits
    ]


def credits_data(
    playbook: Playbook, terms: CreditTerms | None, day: int
) -> dict[str, object] | None:
    """The credits of the checkpoint on ``day`` as the report and the results page show
    them: a summary, a line per level missed, and the rule; None without a fee at risk in
    the commercials (``terms`` None)."""
    period = terms.at(day) if terms is not None else None
    if terms is None or period is None:
        return None
    return {
        "summary": period.words,
        "rule": terms.at_risk.rule,
        "lines": [
            {
                "metric": metric_name(c.metric, playbook.metrics),
                "share": f"{number(c.share)}%",
                "amount": money(c.amount, terms.at_risk.currency),
                "status": c.words,
            }
            for c in period.credits
        ],
    }
