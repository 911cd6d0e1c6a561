"""The four PDFs of each example engagement, built once and read back as a reader would."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from generator.approved import approved_digest, shown
from generator.cli import cli
from generator.config import load_config
from generator.portfolio import Playbook
from generator.validation import validate
from generator.views.context import events
from generator.views.text import long_date, target_text
from tests.conftest import EXAMPLES, replace_in
from tests.examples import ENGAGEMENTS, pdf_count, pdfs
from tests.pdftools import colliding, compact, flat, pdf_text, require, typeset_examples, word_boxes

KINDS = ("brief", "escalation", "certification", "ramp")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples typeset by `playbook pdf` into ``out/``."""
    base = tmp_path_factory.mktemp("pdfs")
    result = typeset_examples(base, "out")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Wrote {pdf_count()} PDFs for {len(ENGAGEMENTS)} engagements to {base / 'out'} (internal copies).\n"
    )
    return base


@pytest.fixture(scope="module")
def playbooks(built: Path) -> dict[str, Playbook]:
    result = validate((), load_config(built / "playbook.toml"))
    return {p.id: p for p in result.portfolio.playbooks}


def texts(built: Path) -> Iterator[tuple[str, str, Path]]:
    for engagement in ("northwind-support", "summit-outbound"):
        for kind in KINDS:
            yield engagement, kind, built / "out" / engagement / f"{kind}.pdf"


def owners(data: Any) -> Iterator[str]:
    """Every person id a document names as an owner, assessor, receiver or attendee."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in {"owner", "assessor", "person", "backup", "signed_by"} and isinstance(
                value, str
            ):
                yield value
            elif key == "attendees":
                yield from value
            else:
                yield from owners(value)
    elif isinstance(data, list):
        for item in data:
            yield from owners(item)


def test_each_engagement_gets_a_pdf_of_each_document_and_each_report(built: Path) -> None:
    for engagement in ENGAGEMENTS:
        assert {p.name for p in (built / "out" / engagement).iterdir()} == pdfs(engagement)
    # with its day-30 results recorded, Northwind also gets the checkpoint's report
    assert "report-day-30.pdf" in pdfs("northwind-support")
    assert "brief.pdf" in pdfs("summit-outbound")


@pytest.mark.parametrize("kind", KINDS)
def test_every_owner_named_in_a_document_appears_by_name(
    built: Path, playbooks: dict[str, Playbook], kind: str
) -> None:
    for engagement, playbook in playbooks.items():
        doc = getattr(playbook, kind)
        text = compact(pdf_text(built / "out" / engagement / f"{kind}.pdf"))
        ids = set(owners(doc.model.model_dump(mode="json")))
        assert ids, "the document names people"
        for person_id in ids:
            assert compact(playbook.people[person_id].name) in text, (engagement, kind, person_id)


def test_the_brief_shows_every_due_date_with_its_owner_and_deliverable(
    built: Path, playbooks: dict[str, Playbook]
) -> None:
    for engagement, playbook in playbooks.items():
        text = compact(pdf_text(built / "out" / engagement / "brief.pdf"))
        for entry in events(playbook):
            assert compact(long_date(entry.when)) in text
            assert compact(entry.title) in text
            assert compact(entry.deliverable) in text


def test_a_review_in_both_the_brief_and_the_plan_is_told_once(built: Path) -> None:
    # Summit's brief plans "First calibration review with data" on day 14 and the
    # "Mid-optimisation check" on day 45; the plan holds the same meetings, the first one
    # moved to 15 Mar. Each appears once, with the date it is held and its real day.
    text = flat(pdf_text(built / "out" / "summit-outbound" / "brief.pdf"))
    assert "First calibration review with data" not in text
    assert text.count("Day-14 calibration review") == 2  # the chart's label and the table's row
    assert text.count("Mid-optimisation check") == 2
    rows = pdf_text(built / "out" / "summit-outbound" / "brief.pdf", layout=True)
    assert re.search(
        r"15 Mar 2027 +Day-14 calibration review +Ravi Menon +Calibration action list.*\n *Day 15 ",
        rows,
    )


def test_the_brief_lists_the_risks_both_sides_accepted(built: Path) -> None:
    text = flat(pdf_text(built / "out" / "northwind-support" / "brief.pdf"))
    assert (
        "Risks accepted Both sides weighed these warning signs and accepted them, for the "
        "reasons given. • A support transition compresses onboarding below four weeks (PB707). "
        "Tier 1 goes live on day 22 in supervised nesting"
    ) in text
    assert "Accepted by Dana Whitfield and Sofia Marsh." in text
    assert "Risks accepted" not in flat(pdf_text(built / "out" / "summit-outbound" / "brief.pdf"))


def test_every_target_appears_in_words(built: Path, playbooks: dict[str, Playbook]) -> None:
    for engagement, playbook in playbooks.items():
        brief = compact(pdf_text(built / "out" / engagement / "brief.pdf"))
        ramp = compact(pdf_text(built / "out" / engagement / "ramp.pdf"))
        assert playbook.brief is not None
        assert playbook.ramp is not None
        sla = playbook.brief.model.spec.sla
        for target in sla.targets if sla else ():
            assert compact(target_text(target, playbook.metrics.get(target.metric))) in brief
        for checkpoint in playbook.ramp.model.spec.checkpoints:
            assert compact(long_date(playbook.date_of(checkpoint.day))) in ramp
            for target in checkpoint.targets:
                words = compact(target_text(target, playbook.metrics.get(target.metric)))
                assert words in ramp, (engagement, checkpoint.day, words)


def test_certification_thresholds_and_a_record_sheet_with_tick_boxes(
    built: Path, playbooks: dict[str, Playbook]
) -> None:
    playbook = playbooks["northwind-support"]
    path = built / "out" / "northwind-support" / "certification.pdf"
    reader = PdfReader(path)
    sheet = flat(reader.pages[-1].extract_text())
    assert "Agent certification record" in sheet
    assert "Print one sheet per agent" in sheet
    for label in ("Agent name", "Score", "Pass", "Fail", "Initials and date", "Signature", "Date"):
        assert label in sheet
    assert playbook.certification is not None
    for module in playbook.certification.model.spec.modules:
        for item in module.items:
            assert f"{item.pass_threshold:g}%" in sheet
            assert playbook.people[item.assessor].name in sheet


def test_the_commercials_pdf_prices_in_words_and_shows_the_credits_so_far(built: Path) -> None:
    text = flat(pdf_text(built / "out" / "northwind-support" / "commercials.pdf"))
    assert "Priced per productive hour, in USD." in text
    assert "Chat Production $31 per productive hour" in text
    assert "Estimated month $152,775" in text
    assert "Customer satisfaction 40% $6,111" in text
    assert "Service credits so far • Credits due for day 30: $6,111." in text
    assert "Internal: margin floor 28% gross margin at the least." in text
    for raw in ("per-productive-hour", "Metric: ", "Share: "):  # no field dumped as it is
        assert raw not in text


def test_every_page_names_engagement_version_status_and_page_of(built: Path) -> None:
    for engagement, kind, path in texts(built):
        reader = PdfReader(path)
        count = len(reader.pages)
        assert count >= 3
        title = (
            "Northwind Outfitters customer care transition"
            if engagement.startswith("northwind")
            else "Summit Analytics outbound demo campaign"
        )
        for number, page in enumerate(reader.pages, start=1):
            text = flat(page.extract_text())
            assert f"Page {number} of {count}" in text, (kind, number)
            assert title in text
            assert "Version " in text


def test_footer_status_follows_the_document(built: Path) -> None:
    brief = flat(pdf_text(built / "out" / "northwind-support" / "brief.pdf", first=1, last=1))
    assert "Engagement brief · Version 1.2 · Approved" in brief
    ramp = flat(pdf_text(built / "out" / "northwind-support" / "ramp.pdf", first=1, last=1))
    assert "30/60/90-day plan · Version 1.0 · In review" in ramp


def test_pdfs_are_pdfa_tagged_with_title_language_and_outline(built: Path) -> None:
    for _, kind, path in texts(built):
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"])
        assert root["/Lang"].startswith("en")
        assert "/StructTreeRoot" in root
        xmp = root["/Metadata"].get_object().get_data().decode()
        assert "<pdfaid:part>3</pdfaid:part>" in xmp
        assert reader.metadata is not None
        assert reader.metadata.title is not None
        assert reader.metadata.title.endswith(
            ("customer care transition", "outbound demo campaign")
        )
        outline = [item.title for item in reader.outline if not isinstance(item, list)]
        assert "Sign-off" in [t.split(". ", 1)[-1] for t in outline], (kind, outline)


def test_timestamps_come_from_source_date_epoch(built: Path) -> None:
    reader = PdfReader(built / "out" / "summit-outbound" / "brief.pdf")
    assert reader.metadata is not None
    assert reader.metadata.creation_date is not None
    assert reader.metadata.creation_date.isoformat().startswith("2026-11-18")


def test_wide_matrix_is_landscape_and_the_rest_portrait(built: Path) -> None:
    matrix = PdfReader(built / "out" / "northwind-support" / "escalation.pdf")
    box = matrix.pages[1].mediabox
    assert box.width > box.height
    # the handover notes are the matrix's last row, not a page of two lines of their own
    page = matrix.pages[1].extract_text()
    assert "Hand over" in page
    assert "Incident summary / first report time" in page  # P1's own note
    assert page.count("Customer name and order number") == 2  # P2 and P3 use the default
    assert [len(p.extract_text().splitlines()) >= 12 for p in matrix.pages] == [True] * len(
        matrix.pages
    )
    brief = PdfReader(built / "out" / "northwind-support" / "brief.pdf")
    assert brief.pages[1].mediabox.width < brief.pages[1].mediabox.height


def test_pdf_carries_its_source_yaml_and_a_manifest_with_the_digest(
    built: Path, playbooks: dict[str, Playbook]
) -> None:
    reader = PdfReader(built / "out" / "northwind-support" / "brief.pdf")
    files = reader.attachments
    assert sorted(files) == ["brief.yaml", "playbook-content.json", "signature-fields.json"]
    playbook = playbooks["northwind-support"]
    assert playbook.brief is not None
    source = (built / "playbooks" / "northwind-support" / "brief.yaml").read_bytes()
    assert files["brief.yaml"] == [source]
    manifest = json.loads(files["playbook-content.json"][0])
    assert manifest == {
        "format": "playbook-pdf/1",
        "engagement": "northwind-support",
        "kind": "EngagementBrief",
        "title": "Engagement brief",
        "version": "1.2",
        "source": "brief.yaml",
        # what a sign-off approves: the brief and what it shows of metrics and people
        "digest": approved_digest(playbook, playbook.brief, "vendor"),
        "audience": "internal",
        "shows": shown(playbook, playbook.brief, "vendor"),
        # who must sign, so that `playbook verify` can tell a signature is missing
        "signatories": [
            {"name": "Dana Whitfield", "party": "client", "person": "dwhitfield"},
            {"name": "Marco Alvarez", "party": "client", "person": "malvarez"},
            {"name": "Sofia Marsh", "party": "vendor", "person": "smarsh"},
            {"name": "James Okafor", "party": "vendor", "person": "jokafor"},
        ],
    }
    assert manifest["shows"]["metrics"]["frt"]["unit"] == "minutes"
    assert manifest["shows"]["people"]["dwhitfield"] == {
        "name": "Dana Whitfield",
        "role": "VP Customer Experience (executive sponsor)",
    }


def test_signoff_page_shows_current_approvals_with_their_digest(
    built: Path, playbooks: dict[str, Playbook]
) -> None:
    playbook = playbooks["northwind-support"]
    assert playbook.brief is not None
    reader = PdfReader(built / "out" / "northwind-support" / "brief.pdf")
    page = next(flat(p.extract_text()) for p in reader.pages if "Sign-off" in p.extract_text())
    assert "Approved by both parties" in page
    assert playbook.brief.digest in page.replace(" ", "")
    assert "Dana Whitfield" in page
    assert "Sofia Marsh" in page
    assert page.count("Current") == 2
    assert "Stale" not in page


def test_a_draft_has_no_approvals_and_blank_signature_blocks(built: Path) -> None:
    text = flat(pdf_text(built / "out" / "summit-outbound" / "certification.pdf"))
    assert "No approval is recorded yet." in text
    assert "Current" not in text
    for name in ("Nina Park", "Ben Carter", "Sofia Marsh", "Leo Grant"):  # the accountable
        assert name in text


def test_building_twice_gives_the_same_bytes(built: Path) -> None:
    again = built / "again"
    result = typeset_examples(built, "again")
    assert result.exit_code == 0
    for engagement, kind, path in texts(built):
        assert (again / engagement / f"{kind}.pdf").read_bytes() == path.read_bytes()


def test_pdf_text_is_readable_as_unicode(built: Path) -> None:
    reader = PdfReader(io.BytesIO((built / "out" / "summit-outbound" / "brief.pdf").read_bytes()))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Chloé Dubois" in text


def test_a_very_long_word_stays_inside_the_page(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "playbooks")
    (tmp_path / "playbook.toml").write_text('root = "playbooks"\n')
    word = "W" * 4000
    replace_in(
        tmp_path / "playbooks" / "summit-outbound" / "brief.yaml",
        "      deliverable: Signed campaign brief\n",
        f"      deliverable: Signed {word}\n",
    )
    assert typeset_examples(tmp_path, "out", "summit-outbound").exit_code == 0
    pdf = tmp_path / "out" / "summit-outbound" / "brief.pdf"
    boxes = subprocess.run(
        [require("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))  # type: ignore[union-attr]
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', boxes)
    long_parts = [(float(x0), float(x1)) for x0, x1, text in words if "WWWWWWWWWW" in text]
    assert long_parts, "the long word is in the PDF"
    assert all(x0 >= 0 and x1 <= width for x0, x1 in long_parts), max(x1 for _, x1 in long_parts)
    assert pdf_text(pdf).count("W") >= 4000  # all of it, wrapped over lines


def test_us_letter_paper_from_the_settings(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "playbooks")
    (tmp_path / "playbook.toml").write_text('root = "playbooks"\npaper = "us-letter"\n')
    assert typeset_examples(tmp_path, "out", "summit-outbound").exit_code == 0
    for name in ("brief", "ramp", "certification", "escalation"):
        reader = PdfReader(tmp_path / "out" / "summit-outbound" / f"{name}.pdf")
        sizes = {
            (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
        }
        # 8.5 x 11 in; the escalation matrix is set landscape
        assert sizes == ({(792, 612)} if name == "escalation" else {(612, 792)}), name


def test_an_engagement_can_print_on_its_own_paper(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "playbooks")
    replace_in(
        tmp_path / "playbooks" / "summit-outbound" / "engagement.yaml",
        "  start: 2027-03-01\n",
        "  start: 2027-03-01\n  paper: us-letter\n",
    )
    (tmp_path / "playbook.toml").write_text('root = "playbooks"\n')
    assert typeset_examples(tmp_path, "out").exit_code == 0

    def sizes(engagement: str) -> set[tuple[int, int]]:
        reader = PdfReader(tmp_path / "out" / engagement / "brief.pdf")
        return {
            (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
        }

    assert sizes("summit-outbound") == {(612, 792)}  # Letter for the US client
    assert sizes("northwind-support") == {(595, 842)}  # the settings' A4 for the other
    packet = tmp_path / "summit.pdf"
    made = CliRunner().invoke(
        cli,
        [
            "packet",
            "summit-outbound",
            "-o",
            str(packet),
            "--config",
            str(tmp_path / "playbook.toml"),
        ],
        catch_exceptions=False,
    )
    assert made.exit_code == 0, made.output
    first = PdfReader(packet).pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (612, 792)


def test_a_client_in_a_letter_country_gets_letter(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "playbooks")
    engagement = tmp_path / "playbooks" / "summit-outbound" / "engagement.yaml"
    text = engagement.read_text()
    start = text.index("  client:\n")
    end = text.index("\n  vendor:", start)
    engagement.write_text(text[:end] + "\n    country: US" + text[end:])
    (tmp_path / "playbook.toml").write_text('root = "playbooks"\npaper = "a4"\n')
    assert typeset_examples(tmp_path, "out").exit_code == 0
    for engagement_id, size in (("summit-outbound", (612, 792)), ("northwind-support", (595, 842))):
        first = PdfReader(tmp_path / "out" / engagement_id / "brief.pdf").pages[0].mediabox
        assert (round(float(first.width)), round(float(first.height))) == size, engagement_id


def test_a4_is_the_default_paper(built: Path) -> None:
    reader = PdfReader(built / "out" / "summit-outbound" / "brief.pdf")
    assert {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    } == {(595, 842)}


def test_the_vendor_logo_is_on_the_first_page_of_every_pdf(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "playbooks")
    Image.new("RGB", (120, 40), (15, 76, 92)).save(tmp_path / "logo.png")
    (tmp_path / "playbook.toml").write_text(
        'root = "playbooks"\n[vendor]\nname = "Harbor CX"\nlogo = "logo.png"\n'
    )
    assert typeset_examples(tmp_path, "out", "summit-outbound").exit_code == 0
    for name in ("brief", "ramp", "certification", "escalation"):
        pdf = tmp_path / "out" / "summit-outbound" / f"{name}.pdf"
        listed = subprocess.run(
            [require("pdfimages"), "-list", "-f", "1", "-l", "1", str(pdf)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()[2:]
        assert len(listed) >= 1, name
        assert listed[0].split()[3:5] == ["120", "40"], listed[0]  # the logo, at its own size


def test_no_text_collides_on_any_page(built: Path) -> None:
    # Chart labels, ticks and values included: every word has room of its own.
    checked = 0
    for pdf in sorted((built / "out").rglob("*.pdf")):
        for number, words in enumerate(word_boxes(pdf), start=1):
            assert colliding(words) == [], (pdf.name, number)
            checked += 1
    assert checked >= 40


def _structure(path: Path) -> tuple[Counter[str], list[object]]:
    """The tagged structure of ``path``: how many elements of each type, and the figures'
    alternative texts."""
    root = PdfReader(path).trailer["/Root"]["/StructTreeRoot"].get_object()
    counts: Counter[str] = Counter()
    alts: list[object] = []
    pending: list[object] = [root]
    while pending:
        node = pending.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if not isinstance(node, dict):
            continue
        kind = node.get("/S")
        if kind is not None:
            counts[str(kind)] += 1
            if kind == "/Figure":
                alts.append(node.get("/Alt"))
        children = node.get("/K")
        pending.extend(children if isinstance(children, list) else [children])
    return counts, alts


def test_every_pdf_claims_pdf_ua_as_well_as_pdf_a_and_is_tagged(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "playbooks")
    (tmp_path / "playbook.toml").write_text(
        'root = "playbooks"\n[vendor]\nname = "Harbor CX"\n'
        'logo = "playbooks/branding/harbor-cx.svg"\n'
    )
    assert typeset_examples(tmp_path, "out", "northwind-support").exit_code == 0
    for pdf in sorted((tmp_path / "out" / "northwind-support").glob("*.pdf")):
        reader = PdfReader(pdf)
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp, pdf.name
        assert "<pdfaid:part>3</pdfaid:part>" in xmp, pdf.name
        assert "<pdfaid:conformance>A</pdfaid:conformance>" in xmp, pdf.name
        counts, alts = _structure(pdf)
        assert counts["/H1"] >= 2, pdf.name  # the sections are headings
        assert counts["/Table"] >= 1, pdf.name
        assert counts["/TH"] >= counts["/Table"], pdf.name  # tables have header cells
        assert alts, pdf.name  # the logo is a figure
        assert all(alt == "Harbor CX logo" for alt in alts), (pdf.name, alts)


def test_a_review_moved_off_its_checkpoint_day_shows_the_day_it_is_held(built: Path) -> None:
    # Summit's day-14 review meets on 15 Mar 2027, day 15 of the engagement.
    brief = built / "out" / "summit-outbound" / "brief.pdf"
    layout = subprocess.run(
        [require("pdftotext"), "-layout", str(brief), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    row = next(
        i for i, line in enumerate(layout) if "Day-14 calibration review" in line and "Mar" in line
    )
    assert layout[row].split()[:3] == ["15", "Mar", "2027"]
    assert layout[row + 1].split()[:2] == ["Day", "15"]


def test_the_running_header_shows_the_vendors_logo_at_a_legible_size(tmp_path: Path) -> None:
    """The logo's square, in the vendor's dark teal, stands about 7 mm tall in the header
    of page 2, so the name beside it reads at the size of the header's text."""
    shutil.copytree(EXAMPLES, tmp_path / "playbooks")
    settings = tmp_path / "playbook.toml"
    settings.write_text(
        'root = "playbooks"\n[vendor]\nname = "Harbor CX"\n'
        'logo = "playbooks/branding/harbor-cx.svg"\n'
    )
    out = tmp_path / "out"
    typeset = CliRunner().invoke(
        cli, ["pdf", "northwind-support", "-o", str(out), "--config", str(settings)]
    )
    assert typeset.exit_code == 0, typeset.output
    done = subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "100",
            "-f",
            "2",
            "-l",
            "2",
            str(out / "northwind-support" / "brief.pdf"),
            str(tmp_path / "page"),
        ],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    width, height = image.size
    teal = (0x0F, 0x4C, 0x5C)
    rows = [
        y
        for y in range(int(height * 0.12))  # the header band
        if any(
            sum(abs(a - b) for a, b in zip(image.getpixel((x, y)), teal, strict=True)) < 40
            for x in range(width // 2, width)
        )
    ]
    assert rows, "no logo in the header"
    millimetres = (rows[-1] - rows[0] + 1) / 100 * 25.4
    assert millimetres >= 6


def test_the_plan_sums_up_each_day_of_a_forecast(built: Path) -> None:
    text = flat(pdf_text(built / "out" / "northwind-support" / "ramp.pdf"))
    assert "Voice Day 40 Mon 11:30: 30 per 30 min, AHT 420 s 80% in 30 s 10 15 10 82.1%" in text
    assert (
        "Voice from day 40, interval by interval • Mon: all 18 intervals staffed; 49 agent "
        "hours on the queue planned a day, 49 needed (75 scheduled) • Tue-Fri: all 18 "
        "intervals staffed; 44.5 agent hours on the queue planned a day, 44.5 needed (67 "
        "scheduled)"
    ) in text
