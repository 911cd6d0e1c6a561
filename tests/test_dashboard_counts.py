"""The engagements index counts what the Upcoming page lists as late, in the same words."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke
from tests.sitekit import make_project


def _pages(project: Path, invoke: Invoke, *args: str) -> Path:
    out = project / "pages"
    result = invoke(
        "site",
        "-o",
        str(out),
        "--config",
        str(project / "playbook.toml"),
        *args,
        env={"PLAYBOOK_TODAY": "2027-01-15"},
    )
    assert result.exit_code == 0, result.output
    return out / "docs"


def test_the_overdue_column_counts_every_late_item_of_the_upcoming_page(
    tmp_path: Path, invoke: Invoke
) -> None:
    docs = _pages(make_project(tmp_path), invoke)
    index = (docs / "engagements" / "index.md").read_text()
    row = next(line for line in index.splitlines() if "(northwind-support/index.md)" in line)
    overdue = int(row.split("|")[4])
    upcoming = (docs / "upcoming.md").read_text()
    late = upcoming.split("## Overdue")[1].split("\n## ")[0]
    listed = [line for line in late.splitlines() if "northwind-support/index.md" in line]
    assert overdue == len(listed) > 2  # milestones, a review's results and actions alike
    assert "2 engagements as of 15 Jan 2027." in index


def test_one_engagement_is_one(tmp_path: Path, invoke: Invoke) -> None:
    docs = _pages(
        make_project(tmp_path), invoke, "--audience", "client", "--engagement", "northwind-support"
    )
    assert "1 engagement as of 15 Jan 2027." in (docs / "engagements" / "index.md").read_text()
