"""The prospect packet page by page: no half-empty page inside a part, no table or answer
split so that one row or one list stands alone, each fact said once, and a last page that
says what happens next and whom to ask."""

from __future__ import annotations

import itertools
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import typst
from pypdf import PdfReader

from generator.config import load_config
from generator.pdf import documents
from generator.pdf.engine import TEMPLATES
from generator.validation import validate
from tests.pdftools import WordBox, flat, pdf_text, word_boxes
from tests.test_packet import packet, packet_project

#: Points at the top and bottom of a page that hold its running header and footer.
HEADER, FOOTER = 60.0, 60.0


@pytest.fixture(scope="module")
def summit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = packet_project(tmp_path_factory.mktemp("layout"))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(base)
        to = ("--to", "Nina Park, VP Sales")
        result = packet(base, "summit-outbound", *to, "-o", str(base / "summit.pdf"))
        assert result.exit_code == 0, result.output
        result = packet(base, "summit-outbound", *to, "--split", "-o", str(base / "split"))
        assert result.exit_code == 0, result.output
    return base


def _body(words: list[WordBox], height: float) -> list[WordBox]:
    return [w for w in words if w[1] > HEADER and w[3] < height - FOOTER]


def _starts_part(words: list[WordBox]) -> bool:
    """Whether the page opens on a part's heading (``3.`` set large near its top)."""
    return any(re.fullmatch(r"\d+\.", w[4]) and w[3] - w[1] > 15 for w in words)


def test_no_page_inside_a_part_is_left_partly_empty(summit: Path) -> None:
    pdf = summit / "summit.pdf"
    pages = word_boxes(pdf)
    height = float(PdfReader(pdf).pages[0].mediabox.height)
    top, bottom = HEADER + 6, height - FOOTER - 6
    short = []
    for number, (words, following) in enumerate(itertools.pairwise(pages), 3):
        if _starts_part(following):
            continue  # a part ends here; the next starts on a page of its own
        fill = (max(w[3] for w in _body(words, height)) - top) / (bottom - top)
        if fill < 0.8:
            short.append((number, round(fill, 2)))
    assert short == []


def test_each_answer_ends_on_the_page_of_the_fact_before_it(summit: Path) -> None:
    """The last list of an answer (its written result, how it is counted) never starts a
    page alone, and where the answer is given in full comes with the answer itself."""
    pages = [flat(t) for t in pdf_text(summit / "summit.pdf").split("\f")]
    answers = [n for n, t in enumerate(pages) if "Your questions answered" in t][-1]
    tails = {
        "AGENDA": "WRITTEN RESULT",  # question 4
        "WHAT SHARE OF PAST LAUNCHES WENT LIVE ON SCHEDULE?": "HOW LAUNCHES ARE COUNTED",
    }
    for before, tail in tails.items():
        (page,) = [n for n, t in enumerate(pages[answers:], answers) if tail in t]
        assert before in pages[page].upper(), (before, tail, page + 1)
    assert "In full: Section 3, page" in pages[answers]  # inside the first answer


def test_a_table_never_leaves_or_carries_a_single_row(tmp_path: Path) -> None:
    """A six-row table placed at every height of a page: each page holds two rows or
    more of it, whatever the break; a row taller than a page is never held back."""
    shutil.copy(TEMPLATES / "lib.typ", tmp_path / "lib.typ")
    cases = "\n".join(
        f"#pagebreak(weak: true)\n#v({offset}pt)\n#data-table(columns: (1fr, 1fr), "
        f"header: ([Case], [Row]), rows: range(6).map(r => ([case{offset}], [row{{r}}])))"
        for offset in range(560, 720, 3)  # from the whole table on a page to none of it
    )
    long = "#data-table(columns: (1fr,), header: ([Long],), rows: (([" + "word " * 1500 + "],),))"
    (tmp_path / "t.typ").write_text(f'#import "lib.typ": *\n{cases}\n#pagebreak()\n{long}\n')
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(typst.compile(str(tmp_path / "t.typ")))
    per_page: list[dict[str, int]] = []
    for text in pdf_text(pdf).split("\f"):
        counts: dict[str, int] = {}
        for case in re.findall(r"case(\d+)", text):
            counts[case] = counts.get(case, 0) + 1
        per_page.append(counts)
    split = [c for c in per_page if len(c) == 1 and sum(c.values()) < 6]
    assert split, "some cases do break over two pages"
    assert [c for c in per_page for n in c.values() if n < 2] == []
    assert pdf_text(pdf).count("word") == 1500  # the long row runs on, nothing is lost


def test_each_fact_is_said_once_and_in_words_a_prospect_reads(summit: Path) -> None:
    text = flat(pdf_text(summit / "summit.pdf"))
    # the service levels: one table, in the summary; the brief points to it
    assert text.count("Service levels Metric Target Notes Speed to lead") == 1
    assert "The service-level targets are in the executive summary, page 3." in text
    assert "Metric Target Measured" not in text  # the column holds notes, not results
    assert "Chili Piper Meeting booking" in text
    assert " Other " not in text
    assert "Objection handling Objection handling" not in text
    # before go-live, systems not yet tested are planned, not failures
    assert text.count("Tested in days 1-10") == 6
    assert "Not yet tested" not in text
    # the ramp is a table of targets by checkpoint, not charts of targets alone
    assert "Metric Day 10 Day 14 Day 30 Day 45 Day 60 Day 90" in text
    laid_out = [flat(line) for line in pdf_text(summit / "summit.pdf", layout=True).splitlines()]
    assert "Speed to lead – ≤5 min ≤5 min – – –" in laid_out
    assert "P2 · Hot lead" in text
    assert "No time agreed" in text


def test_the_packet_ends_on_what_happens_next_and_whom_to_ask(summit: Path) -> None:
    last = flat(pdf_text(summit / "summit.pdf").split("\f")[-2])
    assert last.startswith("Harbor CX Summit Analytics × Harbor CX Proposal packet 9. Acceptance")
    for line in (
        "What happens next",
        "1 Mar 2027 (day 1): Working kickoff, Leo Grant",
        "7 Mar 2027 (day 7): CRM, dialer and booking tested end to end with real records",
        "QUESTIONS ABOUT THIS PROPOSAL Sofia Marsh, Account Director, Harbor CX",
        "FOR THE CLIENT: SUMMIT ANALYTICS, INC. Nina Park",
    ):
        assert line in last


def test_split_files_open_on_their_part_under_a_band_not_a_cover(summit: Path) -> None:
    split = summit / "split"
    covers = [p.name for p in sorted(split.glob("*.pdf")) if "IN THIS PROPOSAL" in pdf_text(p)]
    assert covers == ["01-summary.pdf"]
    for name in ("02-brief", "04-escalation", "05-certification", "06-pricing"):
        first = flat(pdf_text(split / f"{name}.pdf", first=1, last=1))
        assert "Summit Analytics outbound demo campaign Prepared for Summit Analytics" in first
        assert "1. The " in first or "1. Pricing" in first, name
    assert len(PdfReader(split / "04-escalation.pdf").pages) == 1


@pytest.mark.parametrize(
    ("built", "expected"),
    [
        (date(2026, 12, 1), "Tested in days 1-10"),  # before the contract: planned
        (date(2027, 3, 10), "Tested in days 1-10"),  # the day before go-live
        (date(2027, 3, 11), "Not yet tested"),  # from go-live on, a failure
    ],
)
def test_an_untested_system_is_planned_until_go_live(
    examples: Path, built: date, expected: str
) -> None:
    playbook = validate((), load_config()).portfolio.get("summit-outbound")
    assert playbook is not None
    assert playbook.brief is not None
    systems = documents.brief(playbook, playbook.brief, built)["systems"]
    assert {s["tested"] for s in systems} == {expected}
