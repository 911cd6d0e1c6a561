"""The price as every output shows it: the rates, the estimated monthly invoice, the volume
bands, what the service levels put at risk and the credit of each, and the terms; from
the commercials as the reader may see them."""

from __future__ import annotations

from typing import Any

from generator.models.commercials import Commercials
from generator.portfolio import Playbook
from generator.views.credits import AtRisk, at_risk, estimate, money, rate_label, unit_name
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
    risk = at_risk(spec)
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
        "risk": _risk(view, risk) if risk else None,
        "margin": f"{number(spec.margin.floor)}%" if spec.margin else "",
        "terms": list(spec.terms),
    }


def _risk(view: Playbook, found: AtRisk) -> JSON:
    return {
        "lead": found.rule,
        "rows": [
            {
                "metric": metric_name(a.metric, view.metrics),
                "share": f"{number(a.share)}%",
                "credit": money(found.credit(a.share), found.currency),
            }
            for a in found.risk.allocations
        ],
    }
