"""`playbook pdf` and `playbook build` on edited playbooks: markup, stale sign-offs, errors."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import generate
from tests.conftest import Invoke, replace_in
from tests.examples import ENGAGEMENTS, pdf_count, pdfs
from tests.pdftools import compact, flat, pdf_text
from tests.sitekit import make_project

NASTY = (
    '#panic("boom")',
    '#read("/etc/passwd")',
    "$x^2$ and *not bold* and _not italic_",
    "<label> @ref [link] {code}",
    "back\\slash \\u{41} // not a comment",
    "= not a heading",
)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


def test_typst_markup_in_playbook_text_prints_literally(
    examples: Path, invoke: Invoke, env: None
) -> None:
    brief = examples / "summit-outbound" / "brief.yaml"
    engagement = examples / "summit-outbound" / "engagement.yaml"
    quoted = ["'" + text.replace("'", "''") + "'" for text in NASTY]
    replace_in(brief, "  objectives:\n", f"  objectives:\n    - {quoted[0]}\n")
    replace_in(
        brief, "  assumptions:\n", "  assumptions:\n" + "".join(f"    - {q}\n" for q in quoted[1:])
    )
    replace_in(engagement, "name: Maya Shah", "name: 'Maya $hah #strong[x]'")
    result = invoke("pdf", "summit-outbound", "-o", "out")
    assert result.exit_code == 0, result.output
    text = flat(pdf_text(Path("out/summit-outbound/brief.pdf")))
    for literal in NASTY:
        assert literal in text
    assert "Maya $hah #strong[x]" in text
    assert "root:" not in text  # nothing was read from the file system


def test_a_changed_target_shows_the_approval_stale_on_the_pdf(
    examples: Path, invoke: Invoke, env: None
) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(brief, "value: 88\n", "value: 86\n")
    result = invoke("pdf", "northwind-support", "-o", "out")
    assert result.exit_code == 0, result.output
    assert "stale approvals show as stale on the sign-off pages" in result.stderr
    path = Path("out/northwind-support/brief.pdf")
    text = flat(pdf_text(path))
    assert "Approval stale: content changed since sign-off" in text
    assert text.count("Stale") == 2
    assert "approval is stale" in text
    assert "Version 1.2 · Approved (sign-off stale)" in text
    assert "at least 86%" in text
    assert "1cecb6bd1b5e" in text  # the digest the vendor approved, shown next to it


def test_documents_with_errors_are_left_out_and_the_exit_code_says_so(
    examples: Path, invoke: Invoke, env: None
) -> None:
    replace_in(
        examples / "summit-outbound" / "brief.yaml",
        "      owner: ohaddad\n      day: 7\n",
        "      day: 7\n",
    )
    result = invoke("pdf", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "Left out, their files have errors: summit-outbound: EngagementBrief\n"
    )
    assert {p.name for p in Path("out/summit-outbound").iterdir()} == pdfs("summit-outbound") - {
        "brief.pdf"
    }
    # its documents and the day-30 report
    assert {p.name for p in Path("out/northwind-support").iterdir()} == pdfs("northwind-support")


def test_an_engagement_whose_engagement_file_is_broken_is_named_as_left_out(
    examples: Path, invoke: Invoke, env: None
) -> None:
    replace_in(
        examples / "northwind-support" / "engagement.yaml",
        "  start: 2026-11-02",
        "  start: 2026-11-31",
    )
    result = invoke("pdf", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "Left out, their files have errors: northwind-support: the whole engagement "
        "(its engagement.yaml has errors)\n"
    )
    assert sorted(p.name for p in Path("out").iterdir() if not p.name.startswith(".")) == [
        "summit-outbound"
    ]


@pytest.mark.parametrize(
    ("engagement", "message"),
    [
        (
            "acme",
            "unknown engagement `acme` (engagements in playbooks: northwind-support, "
            "summit-outbound; an engagement whose engagement file has errors is not listed)",
        ),
        (
            "northwind",
            "unknown engagement `northwind` in playbooks; did you mean `northwind-support`?",
        ),
    ],
)
def test_unknown_engagement_is_a_usage_error(
    examples: Path, invoke: Invoke, engagement: str, message: str
) -> None:
    result = invoke("pdf", engagement, "-o", "out")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"
    assert not Path("out").exists()


def test_build_puts_the_pdfs_in_build_internal_pdf(
    examples: Path, invoke: Invoke, env: None
) -> None:
    result = invoke("build")
    assert result.exit_code == 0, result.output
    assert f"Wrote {pdf_count()} PDFs to build/internal/pdf.\n" in result.stdout
    for engagement in ENGAGEMENTS:
        names = {p.name for p in Path("build/internal/pdf", engagement).glob("*.pdf")}
        assert names == pdfs(engagement)
    # Northwind has recorded its day-30 results: the checkpoint report is built too
    assert "report-day-30.pdf" in pdfs("northwind-support")


def test_build_with_errors_writes_no_pdf(examples: Path, invoke: Invoke) -> None:
    replace_in(examples / "summit-outbound" / "ramp.yaml", "day: 30", "day: thirty")
    result = invoke("build")
    assert result.exit_code == 1
    assert not Path("build").exists()


def test_many_engagements_build_in_a_spawned_pool_with_the_same_bytes(
    workdir: Path, invoke: Invoke, env: None
) -> None:
    generate(4, workdir / "playbooks")
    pooled = invoke("pdf", "-o", "pooled", "-j", "2")
    assert pooled.exit_code == 0, pooled.output
    count = 2 * pdf_count()  # two copies of each example
    assert pooled.stdout == f"Wrote {count} PDFs for 4 engagements to pooled (internal copies).\n"
    serial = invoke("pdf", "-o", "serial", "-j", "1")
    assert serial.exit_code == 0
    files = sorted(p.relative_to("pooled") for p in Path("pooled").rglob("*.pdf"))
    assert len(files) == count  # the two Northwind copies have a day-30 report each
    for name in files:
        assert (Path("pooled") / name).read_bytes() == (Path("serial") / name).read_bytes()
    text = compact(pdf_text(Path("pooled/summit-outbound-00003/brief.pdf")))
    assert compact("Summit Analytics 3") in text


def test_a_pdf_worker_imports_only_what_typesetting_needs() -> None:
    """A spawned worker imports the parent's main module, then the jobs module: neither
    may bring in the models, the settings or the command, which cost more to import than
    a brief costs to typeset."""
    code = (
        "import sys, generator.__main__, generator.pdf.jobs; "
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('generator', 'pydantic', 'click', 'ruamel'))))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert found == [
        "generator",
        "generator.__main__",
        "generator.errors",
        "generator.pdf",
        "generator.pdf.engine",
        "generator.pdf.jobs",
        "generator.styling",
        "generator.writing",
    ]


def test_a_few_pdfs_are_typeset_by_workers_and_match_one_process(
    examples: Path, invoke: Invoke, env: None
) -> None:
    """Two engagements in folders of their own: one pool for both, on every core."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert invoke("pdf", "-j", "2").exit_code == 0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert after.ru_utime + after.ru_stime > before.ru_utime + before.ru_stime  # workers ran
    pooled = {p: p.read_bytes() for p in Path("build/internal/pdf").rglob("*.pdf")}
    assert len(pooled) == pdf_count()
    assert invoke("pdf", "-j", "1").exit_code == 0
    for path, data in pooled.items():
        assert path.read_bytes() == data


def test_a_build_profile_says_when_each_stage_ran(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_project(tmp_path / "project"))
    result = invoke("build", "--profile")
    assert result.exit_code == 0, result.output
    profile = result.stderr[result.stderr.index("Build profile") :].splitlines()
    assert [line.split()[0] for line in profile[1:]] == [
        "validate",
        "PDFs",
        "packets",
        "site",
        "total",
    ]
    assert f"{pdf_count()} done" in profile[2]
    assert profile[-1].endswith("in workers")


def test_rebuilding_over_a_previous_build_replaces_files_whole(
    examples: Path, invoke: Invoke, env: None
) -> None:
    assert invoke("pdf", "summit-outbound", "-o", "out").exit_code == 0
    target = Path("out/summit-outbound/ramp.pdf")
    target.write_bytes(b"old")
    assert invoke("pdf", "summit-outbound", "-o", "out").exit_code == 0
    assert target.read_bytes().startswith(b"%PDF-")
    # no staging folders left; the marker says the folder is playbook's to replace
    leftovers = [p.name for p in Path("out").parent.glob(".out*")]
    assert leftovers == []
    assert [p.name for p in Path("out").rglob(".*")] == [".playbook-output"]
    shutil.rmtree("out")


@pytest.mark.parametrize(
    "command",
    [
        ("pdf", "summit-outbound"),
        ("packet", "summit-outbound", "--split"),
        ("build", "--audience", "client", "--engagement", "summit-outbound"),
    ],
    ids=["pdf", "packet-split", "build"],
)
def test_an_output_folder_of_the_users_is_not_replaced_without_force(
    examples: Path, invoke: Invoke, command: tuple[str, ...]
) -> None:
    Path("mine").mkdir()
    Path("mine/notes.txt").write_text("the user's own notes")
    result = invoke(*command, "-o", "mine")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: mine holds files playbook did not make (notes.txt); it is replaced whole, so "
        "move them, give an empty or new folder, or pass --force to replace it\n"
    )
    assert Path("mine/notes.txt").read_text() == "the user's own notes"
    assert sorted(p.name for p in Path().glob(".mine*")) == []
