"""The results of one checkpoint as a CSV that `playbook results import` reads back."""

from __future__ import annotations

import csv
import io

from generator.loading.tables import is_formula
from generator.portfolio import Playbook
from generator.recording.rows import COLUMNS
from generator.views.progress import scorecard
from generator.views.text import number

HEADER = tuple(aliases[0] for aliases in COLUMNS.values())


def export_csv(playbook: Playbook, day: int) -> str:
    """One row per result recorded for checkpoint ``day``: the header, then each metric.

    A text a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``+cmd|...``) gets
    a leading quote, so it opens as text; `results import` takes the quote off again.
    """
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
                    _inert(result.metric),
                    number(result.value) if result.value is not None else "",
                    _inert(result.unit or ""),
                    period.start.isoformat() if period else "",
                    period.end.isoformat() if period else "",
                    _inert(result.source or ""),
                    _inert(result.note or ""),
                )
            )
    return stream.getvalue()


def _inert(text: str) -> str:
    """``text`` as a cell no spreadsheet runs: a formula-like text gets a leading quote."""
    return f"'{text}" if is_formula(text) else text
