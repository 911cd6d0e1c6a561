"""The packet's pricing and acceptance: the price table and estimated monthly invoice from
the commercials, what the service levels put at risk, and the places where the prospect
accepts."""

from __future__ import annotations

from typing import Any

from generator.models.commercials import Commercials
from generator.pdf.manifest import signing_people
from generator.portfolio import Playbook
from generator.views.credits import estimate, money, monthly_fee, rate_label, unit_name
from generator.views.text import label, metric_name, number

JSON = dict[str, Any]


def pricing(view: Playbook) -> JSON | None:
    """The price as the reader of ``view`` may see it; None without commercials."""
    loaded = view.document(Commercials)
    if loaded is None:
        return None
    spec = loaded.model.spec
    cur = spec.currency
    unit = unit_name(spec)
    found = estimate(spec)
    risk = spec.fee_at_risk
    return {
        "model": f"Priced per {unit}, in {cur}.",
        "rates": [
            {
                "what": rate_label(r),
                "phase": label(r.phase),
                "price": f"{money(r.price, cur)} per {unit}",
                "units": f"{r.monthly_units:,.0f}" if r.monthly_units else "",
            }
            for r in spec.rates
        ],
        "estimate": [
            {
                "what": rate_label(line.rate),
                "units": f"{line.units:,.0f}",
                "amount": money(line.amount, cur),
            }
            for line in found.lines
        ],
        "bands": [
            f"{number(b.discount)}% off every {unit} of a month above {b.above:,}"
            for b in spec.volume_bands
        ],
        "discount": f"{number(found.discount)}%" if found.discount else "",
        "total": money(found.total, cur) if found.lines else "",
        "minimum": money(spec.monthly_minimum, cur) if spec.monthly_minimum else "",
        "at_minimum": found.at_minimum,
        "risk": _risk(view, spec.fee_at_risk, monthly_fee(spec), cur) if risk else None,
        "margin": f"{number(spec.margin.floor)}%" if spec.margin else "",
        "terms": list(spec.terms),
    }


def _risk(view: Playbook, risk: Any, fee: float, currency: str) -> JSON:
    pool = fee * risk.percent / 100
    return {
        "lead": (
            f"{number(risk.percent)}% of the monthly fee is at risk against the service levels: "
            f"a pool of {money(pool, currency)} a month at the estimated fee. A missed level "
            "credits its share of the pool"
            + (", one credit per incident" if risk.one_credit_per_incident else "")
            + f"; a month's credits are capped at {number(risk.cap)}% of the pool"
            + (
                "; a credit is earned back when the level is met "
                + (
                    "the next period."
                    if risk.earn_back == 1
                    else f"the next {risk.earn_back} periods in a row."
                )
                if risk.earn_back
                else "."
            )
        ),
        "rows": [
            {
                "metric": metric_name(a.metric, view.metrics),
                "share": f"{number(a.share)}%",
                "credit": money(pool * a.share / 100, currency),
            }
            for a in risk.allocations
        ],
    }


def acceptance(view: Playbook, version: str) -> JSON:
    """The acceptance page: what signing accepts, and a place for each signatory of the
    client (the prospect) and of the vendor."""
    spec = view.engagement.model.spec
    organisations = {"client": spec.client, "vendor": spec.vendor}
    client = spec.client.legal_name or spec.client.name
    vendor = spec.vendor.legal_name or spec.vendor.name
    return {
        "text": (
            f"By signing below, {client} accepts this proposal ({version}) from {vendor}: the "
            "scope, plan and service levels it sets out"
            + (" and the prices above" if view.document(Commercials) else "")
            + ". The contract follows from it; each signature covers this exact file."
        ),
        "blocks": [
            {
                "id": person.id,
                "party": person.party.capitalize(),
                "organisation": organisations[person.party].legal_name
                or organisations[person.party].name,
                "name": person.name,
                "role": person.role,
                "date": "",
                "current": False,
                "stale": False,
            }
            for person in signing_people(view)
        ],
    }
