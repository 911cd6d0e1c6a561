"""The results of one checkpoint as a CSV that `playbook results import` reads back."""

from __future__ import annotations

import csv
import io

from generator.portfolio import Playbook
from generator.recording.rows import COLUMNS
from generator.views.progress import scorecard
from generator.views.text import number

HEADER = tuple(aliases[0] for aliases in COLUMNS.values())


def export_csv(playbook: Playbook, day: int) -> str:
    """One row per result recorded for checkpoint ``day``: the header, then each metric."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(HEADER)
    card = scorecard(playbook)
    checkpoints = card.model.spec.checkpoints if card else ()
    for checkpoint in checkpoints:
        if checkpoint.day != day:
            continue
        for result in checkpoint.results:
            period = result.period
            writer.writerow(
                (
                    result.metric,
                    number(result.value) if result.value is not None else "",
                    result.unit or "",
                    period.start.isoformat() if period else "",
                    period.end.isoformat() if period else "",
                    result.source or "",
                    result.note or "",
                )
            )
    return stream.getvalue()
