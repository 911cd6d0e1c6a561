"""Each method as one SQL query over the contacts of a checkpoint's period, so that the
number can be recomputed by anyone with the export and the query.

The queries read a view ``contacts`` with one row per contact offered, in the fields the
profiles name: ``outcome`` is ``answered`` or ``abandoned``, times are in seconds. Each
query returns the value (a share in percent, seconds, or a score in the metric's own
unit) and the number of contacts it counted.

A sales campaign's lead export reads the same way: a lead is a contact, its arrival the
time offered, the seconds to the first call its wait, and a lead reached live is
answered; the qualified, transferred, booked and held columns say the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

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

ANSWERED = "outcome = 'answered'"
ABANDONED = "outcome = 'abandoned'"
_PARTS = {"talk": "talk_seconds", "hold": "hold_seconds", "after-contact-work": "acw_seconds"}
#: The sales rates: what is counted, of which records, reading which fields.
_RATES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "contact-rate": (ANSWERED, "true", ("outcome",)),
    "qualification-rate": ("qualified", f"{ANSWERED} and qualified is not null", ("qualified",)),
    "transfer-rate": (
        "transferred",
        f"{ANSWERED} and transferred is not null",
        ("transferred",),
    ),
    "show-rate": (
        "meeting_held",
        "meeting_booked and meeting_held is not null",
        ("meeting_booked", "meeting_held"),
    ),
}


class NotComputable(ValueError):
    """The method is not computed from contact records, or the export lacks a field."""


@dataclass(frozen=True)
class Query:
    """A method's SQL, the fields it reads, and the unit of what it returns."""

    sql: str
    fields: tuple[str, ...]
    #: ``percent``, ``seconds``, or ``score`` (in the metric's own unit).
    unit: str


def computable(method: AnyMethod) -> bool:
    """Whether ``method`` is computed from contact records."""
    try:
        query(method)
    except NotComputable:
        return False
    return True


def query(method: AnyMethod) -> Query:
    """The SQL that computes ``method`` over ``contacts``."""
    match method:
        case ServiceLevelMethod():
            return _service_level(method)
        case AbandonmentMethod():
            short = f"{ABANDONED} and wait_seconds <= {method.short_abandon}"
            kept = f"not ({short})" if method.short_abandon else "true"
            return _share(f"{ABANDONED}", kept, ("outcome", "wait_seconds"))
        case SpeedOfAnswerMethod():
            wait = (
                "wait_seconds"
                if method.scope == "queue"
                else "wait_seconds + coalesce(ring_seconds, 0)"
            )
            fields: tuple[str, ...] = ("wait_seconds",)
            if method.scope != "queue":
                fields += ("ring_seconds",)
            return _average(wait, fields)
        case HandleTimeMethod():
            parts = tuple(_PARTS[part] for part in method.includes)
            return _average(" + ".join(f"coalesce({part}, 0)" for part in parts), parts)
        case ResolutionMethod() if method.by == "repeat-contact":
            return Query(
                "select 100.0 * count(*) filter (where next_at is null or next_at > offered_at + "
                f"interval {method.window_days} day) / count(*), count(*) from ("
                "select offered_at, lead(offered_at) over (partition by customer_id order by "
                f"offered_at, contact_id) as next_at from contacts where {ANSWERED} and "
                "customer_id is not null)",
                ("customer_id",),
                "percent",
            )
        case ResolutionMethod():
            return _share("survey_resolved", "survey_resolved is not null", ("survey_resolved",))
        case SatisfactionMethod():
            lowest = method.scale - method.top + 1
            return _share(
                f"survey_score >= {lowest}", "survey_score is not null", ("survey_score",)
            )
        case PromoterMethod() | QualityMethod():
            return _scored(method)
        case CountMethod(name="speed-to-lead"):
            return Query(
                "select avg(wait_seconds), count(*) from contacts", ("wait_seconds",), "seconds"
            )
        case CountMethod(name=name) if name in _RATES:
            numerator, counted, fields = _RATES[name]
            return _share(numerator, counted, fields)
        case _:
            raise NotComputable(f"`{method.name}` is not computed from contact records")


def _scored(method: PromoterMethod | QualityMethod) -> Query:
    """NPS from the 0-10 "would you recommend" answers, or QA from the contacts scored."""
    match method:
        case PromoterMethod():
            return Query(
                "select 100.0 * (count(*) filter (where recommend_score >= 9) - count(*) "
                "filter (where recommend_score <= 6)) / nullif(count(*), 0), count(*) from "
                "contacts where recommend_score between 0 and 10",
                ("recommend_score",),
                "score",
            )
        case QualityMethod(name="qa-pass", pass_mark=None):
            raise NotComputable("`qa-pass` needs its `pass_mark` to be computed")
        case QualityMethod(name="qa-pass"):
            return _share(f"qa_score >= {method.pass_mark}", "qa_score is not null", ("qa_score",))
    return Query(
        "select avg(qa_score), count(*) from contacts where qa_score is not null",
        ("qa_score",),
        "score",
    )


def _service_level(method: ServiceLevelMethod) -> Query:
    met = f"{ANSWERED} and wait_seconds <= {method.threshold}"
    short = f"{ABANDONED} and wait_seconds <= {method.short_abandon}"
    leave_short = f"not ({short})" if method.short_abandon else "true"
    counted, numerator = {
        "offered": (leave_short, met),
        "answered": (ANSWERED, met),
        "abandoned-after-threshold": (
            f"{ANSWERED} or ({ABANDONED} and wait_seconds > {method.threshold})",
            met,
        ),
        "abandons-within-met": (
            leave_short,
            f"wait_seconds <= {method.threshold} and ({leave_short})",
        ),
        "all-offered": ("true", met),
    }[method.variant]
    return _share(numerator, counted, ("outcome", "wait_seconds"))


def _share(numerator: str, counted: str, fields: tuple[str, ...]) -> Query:
    return Query(
        f"select 100.0 * count(*) filter (where {numerator}) / nullif(count(*), 0), count(*) "
        f"from contacts where {counted}",
        fields,
        "percent",
    )


def _average(expression: str, fields: tuple[str, ...]) -> Query:
    return Query(
        f"select avg({expression}), count(*) from contacts where {ANSWERED}",
        fields,
        "seconds",
    )
