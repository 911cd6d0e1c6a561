"""A metric's method in words, with its parameters: what the catalog page, the checkpoint
report and the packet print, so that a reader can recompute the number."""

from __future__ import annotations

from typing import Final

from generator.models.methods import (
    AbandonmentMethod,
    AnyMethod,
    CountMethod,
    HandleTimeMethod,
    PromoterMethod,
    QualityMethod,
    ResolutionMethod,
    SatisfactionMethod,
    ServiceLevelMethod,
    SpeedOfAnswerMethod,
)
from generator.views.text import number

_SERVICE_LEVEL: Final = {
    "offered": "contacts answered within {t} s / contacts offered",
    "answered": "contacts answered within {t} s / contacts answered (abandons not counted)",
    "abandoned-after-threshold": (
        "contacts answered within {t} s / contacts answered and those abandoned after {t} s"
    ),
    "abandons-within-met": ("contacts answered or abandoned within {t} s / contacts offered"),
    "all-offered": "contacts answered within {t} s / all contacts offered",
}
_COUNTS: Final = {
    "backlog": "open contacts at the end of the period",
    "reopen-rate": "tickets reopened within {w} days of solving / tickets solved",
    "speed-to-lead": "average minutes from a lead's arrival to the first call",
    "contact-rate": "leads reached / leads called",
    "qualification-rate": "leads qualified / leads reached",
    "transfer-rate": "calls transferred to the client / calls answered",
    "show-rate": "meetings held / meetings booked",
}
_PARTS: Final = {"talk": "talk", "hold": "hold", "after-contact-work": "after-contact work"}


def method_words(method: AnyMethod) -> str:
    """``Contacts answered within 20 s / contacts offered; abandons within 5 s left
    out``: the method and every parameter, in a sentence."""
    match method:
        case ServiceLevelMethod():
            words = _SERVICE_LEVEL[method.variant].format(t=method.threshold)
            if method.short_abandon and method.variant != "all-offered":
                words += f"; abandons within {method.short_abandon} s left out"
        case AbandonmentMethod():
            words = "contacts abandoned before an answer / contacts offered"
            if method.short_abandon:
                words += f"; abandons within {method.short_abandon} s left out of both"
        case SpeedOfAnswerMethod():
            wait = "in the queue" if method.scope == "queue" else "in the queue and ringing"
            words = f"average seconds answered contacts waited {wait}"
        case HandleTimeMethod():
            parts = " + ".join(_PARTS[part] for part in method.includes)
            words = f"average of {parts}, over answered contacts"
        case ResolutionMethod():
            words = (
                f"contacts with no other contact from the same customer within "
                f"{method.window_days} days / contacts resolved"
                if method.by == "repeat-contact"
                else "surveys saying the issue was solved / surveys answered"
            )
        case SatisfactionMethod():
            lowest = method.scale - method.top + 1
            scores = f"{lowest} to {method.scale}" if lowest < method.scale else str(lowest)
            words = f"surveys scoring {scores} / surveys answered"
        case PromoterMethod():
            words = "share of scores 9-10 less share of scores 0-6, in points"
        case QualityMethod():
            words = (
                f"scored contacts at or above {number(method.pass_mark)} / scored contacts"
                if method.name == "qa-pass" and method.pass_mark is not None
                else "average score of scored contacts"
            )
        case CountMethod():
            words = _COUNTS[method.name].format(w=method.window_days or 14)
    return words[:1].upper() + words[1:]
