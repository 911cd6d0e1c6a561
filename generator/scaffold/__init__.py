"""`playbook new`: a commented skeleton of every document of a new engagement.

The skeleton follows the standard 90-day shape of its engagement type and validates
once its placeholders (`TODO...` text and `todo-...` ids) are filled in. Its targets
name metrics of the standard catalog, which is written to the playbooks root when the
root has no `metrics.yaml` yet. It never overwrites a file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Final, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined

from generator.errors import PlaybookError
from generator.loading import display_path
from generator.models import REGISTRY, MetricCatalog
from generator.models.types import time_zones
from generator.writing import create_text

EngagementType = Literal["support", "sales"]
_ID: Final = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


class ScaffoldError(PlaybookError):
    """The skeleton cannot be written; nothing was written."""


@dataclass(frozen=True)
class _Checkpoint:
    day: int
    title: str
    focus: str
    targets: tuple[tuple[str, str, int], ...]
    review: str
    deliverable: str


# The typical targets per checkpoint, from common practice; a starting point to adjust.
_CHECKPOINTS: Final[dict[str, tuple[_Checkpoint, ...]]] = {
    "support": (
        _Checkpoint(
            30,
            "Baseline",
            "Stabilisation: access, knowledge base, response times trending toward SLA",
            (("system-access", "at-least", 100), ("kb-coverage", "at-least", 80)),
            "30-day baseline review",
            "30-day baseline report",
        ),
        _Checkpoint(
            60,
            "Efficiency and consistency",
            "Service levels met on core channels, QA scores aligned",
            (("fcr", "at-least", 65), ("qa-pass", "at-least", 85), ("frt", "at-most", 240)),
            "60-day optimisation review",
            "Optimisation report",
        ),
        _Checkpoint(
            90,
            "Customer impact and quality",
            "Quality at or above the pre-transition level",
            (("qa-pass", "at-least", 90), ("csat", "at-least", 85), ("fcr", "at-least", 70)),
            "90-day strategic review",
            "90-day summary and forward plan",
        ),
    ),
    "sales": (
        _Checkpoint(
            10,
            "Launch readiness",
            "Every setup item tested and every agent certified",
            (("system-access", "at-least", 100),),
            "Launch-readiness review",
            "Launch-readiness sign-off",
        ),
        _Checkpoint(
            14,
            "First calibration",
            "First live data: speed to lead and contact rate by lead source",
            (("speed-to-lead", "at-most", 5), ("contact-rate", "at-least", 25)),
            "Day-14 calibration review",
            "Calibration action list",
        ),
        _Checkpoint(
            30,
            "Baseline",
            "Funnel against targets by lead source",
            (("qualification-rate", "at-least", 35), ("transfer-set-rate", "at-least", 40)),
            "30-day baseline review",
            "30-day baseline report",
        ),
        _Checkpoint(
            45,
            "Mid-optimisation check",
            "Are the day-31 fixes working?",
            (("transfer-set-rate", "at-least", 45),),
            "Mid-optimisation check",
            "Updated plan",
        ),
        _Checkpoint(
            60,
            "Optimisation",
            "Efficiency and consistency; scaling decision",
            (("show-rate", "at-least", 75), ("qa-pass", "at-least", 88)),
            "60-day optimisation review",
            "Optimisation report with scaling decision",
        ),
        _Checkpoint(
            90,
            "Strategic review",
            "Pipeline impact and quality; targets for days 91-180",
            (("show-rate", "at-least", 80), ("qa-pass", "at-least", 90)),
            "90-day strategic review",
            "90-day summary and forward plan",
        ),
    ),
}


def render(
    engagement_id: str,
    kind: EngagementType,
    *,
    client: str | None = None,
    vendor: str | None = None,
    start: date,
    timezone: str = "UTC",
) -> dict[str, str]:
    """File name -> text of each skeleton file."""
    if not _ID.match(engagement_id):
        raise ScaffoldError(
            f"engagement id {engagement_id!r} must be lowercase letters, digits and "
            "single hyphens, e.g. acme-support"
        )
    if timezone not in time_zones():
        raise ScaffoldError(f"unknown time zone {timezone!r}, e.g. America/New_York")
    env = Environment(
        loader=PackageLoader("generator.scaffold", "templates"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # YAML, not HTML; every user value goes through the `yaml` filter
    )
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    client_name = client or "TODO Client name"
    vendor_name = vendor or "TODO Vendor name"
    values = {
        "id": engagement_id,
        "type": kind,
        "client": client_name,
        "vendor": vendor_name,
        "title": f"{client_name} × {vendor_name}" if client and vendor else "TODO Title",
        "start": start.isoformat(),
        "timezone": timezone,
        "checkpoints": _CHECKPOINTS[kind],
        "review_dates": _working_day_reviews(start, _CHECKPOINTS[kind]),
    }
    return {
        kind.file_name: env.get_template(f"{kind.file_name}.j2").render(values)
        for kind in REGISTRY.values()
        if kind.scaffold
    }


SATURDAY, FRIDAY = 5, 4


def _working_day_reviews(start: date, checkpoints: tuple[_Checkpoint, ...]) -> dict[int, str]:
    """A review date on the Friday before, for each checkpoint day that is a weekend day."""
    dates = {}
    for checkpoint in checkpoints:
        when = start + timedelta(days=checkpoint.day - 1)
        if when.weekday() >= SATURDAY:
            dates[checkpoint.day] = (when - timedelta(days=when.weekday() - FRIDAY)).isoformat()
    return dates


def scaffold(root: Path, engagement_id: str, kind: EngagementType, **options: object) -> list[Path]:
    """Write the skeleton into ``root/engagement_id``; refuse if any file exists."""
    files = render(engagement_id, kind, **options)  # type: ignore[arg-type]
    folder = root / engagement_id
    existing = [folder / name for name in files if _taken(folder / name)]
    if existing:
        names = ", ".join(display_path(path) for path in existing)
        verb = "exists" if len(existing) == 1 else "exist"
        raise ScaffoldError(f"{names} already {verb}; nothing was written")
    planned = [(folder / name, text) for name, text in files.items()]
    catalog = root / MetricCatalog.FILE_NAME
    if not _taken(catalog):
        planned.append((catalog, standard_catalog()))
    written: list[Path] = []
    for path, text in planned:
        try:
            create_text(path, text)
        except OSError as exc:  # something appeared meanwhile: take back what was written
            for done in written:
                done.unlink(missing_ok=True)
            raise ScaffoldError(
                f"cannot write {display_path(path)}: {exc.strerror or exc}; nothing was written"
            ) from None
        written.append(path)
    return written


def _taken(path: Path) -> bool:
    """Whether a file, or a link (even one that leads nowhere), already has this name."""
    return path.exists() or path.is_symlink()


def standard_catalog() -> str:
    """The metric catalog every skeleton's targets refer to (written once per root)."""
    return (resources.files("generator.scaffold") / "templates" / "metrics.yaml").read_text(
        encoding="utf-8"
    )
