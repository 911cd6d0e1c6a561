"""The example contact export of Northwind's first 30 days, made deterministically.

`playbooks/northwind-support/exports/contacts-day-30.csv` is this module's output; a
test makes it again and compares the bytes. Its 2,400 e-mail and chat contacts fall in
the day-30 checkpoint's period (2 November to 1 December 2026), with a few the day
before it; 250 of them answered the survey, 210 with a 4 or a 5: the 84% CSAT the
day-30 review recorded.

    python -m tests.contacts_export playbooks/northwind-support/exports/contacts-day-30.csv
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

HEADER = (
    "contact_id,offered_at,channel,outcome,wait_seconds,talk_seconds,hold_seconds,"
    "acw_seconds,customer_id,survey_score\n"
)
CONTACTS = 2_400
SURVEYED = 250
SATISFIED = 210


def export_text() -> str:
    """The export's text, the same on every run."""
    chance = random.Random(30)
    first = datetime(2026, 11, 1, 8, 0)  # the day before the period: a few fall outside
    answered_rows = []
    lines = []
    for n in range(CONTACTS):
        at = first + timedelta(minutes=chance.randrange(31 * 24 * 60 - 16 * 60))
        channel = "chat" if chance.random() < 0.55 else "email"
        abandoned = channel == "chat" and chance.random() < 0.05
        wait = int(chance.expovariate(1 / (40 if channel == "chat" else 900)))
        talk = 0 if abandoned else int(chance.gauss(420, 120)) % 1500 + 60
        hold = 0 if abandoned else int(chance.expovariate(1 / 15))
        acw = 0 if abandoned else int(chance.expovariate(1 / 50))
        row = [
            f"NW-{n + 1:05d}",
            at.strftime("%Y-%m-%d %H:%M:%S"),
            channel,
            "abandoned" if abandoned else "answered",
            str(wait),
            str(talk),
            str(hold),
            str(acw),
            f"cust-{chance.randrange(1_600):04d}",
            "",
        ]
        lines.append(row)
        if not abandoned and at >= datetime(2026, 11, 2):
            answered_rows.append(row)
    surveyed = chance.sample(answered_rows, SURVEYED)
    scores = [chance.choice("45") for _ in range(SATISFIED)]
    scores += [chance.choice("123") for _ in range(SURVEYED - SATISFIED)]
    chance.shuffle(scores)
    for row, score in zip(surveyed, scores, strict=True):
        row[-1] = score
    lines.sort(key=lambda row: (row[1], row[0]))
    return HEADER + "".join(",".join(row) + "\n" for row in lines)


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(export_text(), encoding="utf-8", newline="\n")
