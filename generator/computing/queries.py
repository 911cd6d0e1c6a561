"""Each method as one SQL query over the contacts of a checkpoint's period, so that the
number can be recomputed by anyone with the export and the query.

The queries read a view ``contacts`` with one row per contact offered, in the fields the
profiles name: ``outcome`` is ``answered`` or ``abandoned``, times are in seconds. Each
query returns the value (a share in percent, or seconds) and the number of contacts it
counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.models.methods import (
    AbandonmentMethod,
    AnyMethod,
    HandleTimeMethod,
    ResolutionMethod,
    SatisfactionMethod,
    ServiceLevelMethod,
    SpeedOfAnswerMethod,
)

ANSWERED = "outcome = 'answered'"
ABANDONED = "outcome = 'abandoned'"
_PARTS = {"talk": "talk_seconds", "hold": "hold_seconds", "after-contact-work": "acw_seconds"}


class NotComputable(ValueError):
    """The method is not computed from contact records, or the export lacks a field."""


@dataclass(frozen=True)
class Query:
    """A method's SQL, the fields it reads, and the unit of what it returns."""

    sql: str
    fields: tuple[str, ...]
    #: ``percent`` or ``seconds``.
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
        case _:
            raise NotComputable(f"`{method.name}` is not computed from contact records")


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
