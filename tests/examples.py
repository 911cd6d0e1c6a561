"""What the example playbooks hold, derived from their files and the kind registry.

Tests that count files, PDFs or pages ask here, so that adding a kind (with its example
file) or an engagement to the examples changes no test.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.models import REGISTRY, Kind, Scorecard
from generator.models.kinds import with_page, with_pdf
from tests.conftest import EXAMPLES


def yaml_files(root: Path = EXAMPLES) -> list[Path]:
    """Every playbook file under ``root``, as `playbook validate` counts them."""
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml"))


#: How many files `playbook validate` checks in the examples.
FILES = len(yaml_files())
#: The example engagements, by folder name.
ENGAGEMENTS = tuple(sorted(p.parent.name for p in EXAMPLES.glob("*/engagement.yaml")))


def files_of(engagement: str, root: Path = EXAMPLES) -> int:
    """How many playbook files ``engagement``'s folder holds."""
    return len(yaml_files(root / engagement))


#: How many files no engagement folder holds: the shared metric catalogs.
SHARED = FILES - sum(files_of(engagement) for engagement in ENGAGEMENTS)


def kinds(engagement: str, root: Path = EXAMPLES) -> list[Kind]:
    """The kinds ``engagement`` has a file of, in reading order."""
    folder = root / engagement
    return [
        kind
        for kind in REGISTRY.values()
        if kind.member and any(folder.glob(f"**/{kind.file_name}"))
    ]


def documents(engagement: str, root: Path = EXAMPLES) -> int:
    """How many documents an engagement's sign-off count covers: its engagement file
    and one per kind it has a file of."""
    return 1 + len(kinds(engagement, root))


def report_days(engagement: str, root: Path = EXAMPLES) -> list[int]:
    """The checkpoint days ``engagement`` has recorded results for (one report each)."""
    source = root / engagement / Scorecard.FILE_NAME
    if not source.exists():
        return []
    card = yaml.safe_load(source.read_text())
    return [
        checkpoint["day"] for checkpoint in card["spec"]["checkpoints"] if checkpoint.get("results")
    ]


def pdfs(engagement: str, root: Path = EXAMPLES) -> set[str]:
    """The PDF files `playbook pdf` writes for ``engagement``."""
    documents = {f"{kind.pdf}.pdf" for kind in with_pdf() if kind in kinds(engagement, root)}
    return documents | {f"report-day-{day}.pdf" for day in report_days(engagement, root)}


def pdf_count(*engagements: str) -> int:
    return sum(len(pdfs(engagement)) for engagement in engagements or ENGAGEMENTS)


def pages(engagement: str, *, every_kind: bool = False, readiness: bool = True) -> list[str]:
    """The site pages of ``engagement`` in reading order: overview, the page of each kind
    it has (``every_kind``: of every kind with a page, as the navigation lists them), and
    the readiness review."""
    present = kinds(engagement)
    names = ["index", *(k.page for k in with_page() if every_kind or k in present)]
    return [
        f"engagements/{engagement}/{name}.md" for name in (*names, *(["readiness"] * readiness))
    ]


def roster(engagement: str, root: Path = EXAMPLES) -> list[str]:
    """The roster ids of ``engagement``, in the order its engagement file lists them."""
    data = yaml.safe_load((root / engagement / "engagement.yaml").read_text(encoding="utf-8"))
    return [person["id"] for person in data["spec"]["people"]]


def people_pages(engagement: str) -> list[str]:
    """The people index of ``engagement``'s site, then a page per person of its roster."""
    base = f"engagements/{engagement}/people"
    return [f"{base}/index.md", *(f"{base}/{person}.md" for person in roster(engagement))]
