"""`playbook packet`: the examples' packets built once, read back as a prospect would."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from PIL import Image
from pypdf import PdfReader

from generator.cli import cli
from generator.pdf.manifest import Manifest
from tests.conftest import EXAMPLES, replace_in
from tests.pdftools import (
    EPOCH,
    compact,
    flat,
    outline_titles,
    pages_text,
    pdf_text,
    pdfsig,
    require,
    word_boxes,
)
from tests.pki import example_p12, roots

VENDOR = """
root = "playbooks"

[vendor]
name = "Harbor CX"
logo = "playbooks/branding/harbor-cx.svg"
accent = "#0f4c5c"
confidentiality = "Confidential: for the evaluation of this engagement only."

[vendor.track_record]
launches = 48
launched_on_schedule = 44
period = "2023 to 2025"
note = "On schedule means live on or before the go-live date of the signed brief."
"""

QUESTIONS = (
    "Can a written launch plan with milestones and named owners be sent before signing?",
    "What is tested before the first live interaction?",
    "What happens if the day-30 targets are missed?",
    "What does the day-14 review cover, and who attends?",
    "What share of past launches went live on schedule?",
)


def packet(base: Path, *args: str) -> Result:
    """Run `playbook packet` on the playbooks in ``base`` with its settings."""
    return CliRunner().invoke(
        cli,
        ["packet", *args, "--config", str(base / "playbook.toml")],
        env={"SOURCE_DATE_EPOCH": EPOCH},
        catch_exceptions=False,
    )


def packet_project(base: Path) -> Path:
    """A copy of the examples in ``base``, with the example vendor's settings."""
    shutil.copytree(EXAMPLES, base / "playbooks")
    (base / "playbook.toml").write_text(VENDOR)
    return base


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = packet_project(tmp_path_factory.mktemp("packets"))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(base)  # locations are shown relative to the working folder
        for engagement in ("summit-outbound", "northwind-support"):
            result = packet(base, engagement, "-o", str(base / f"{engagement}.pdf"))
            assert result.exit_code == 0, result.output
            (base / f"{engagement}.stderr").write_text(result.stderr)
        result = packet(base, "summit-outbound", "--split", "-o", str(base / "split"))
        assert result.exit_code == 0, result.output
        internal = str(base / "internal.pdf")
        result = packet(base, "northwind-support", "--audience", "internal", "-o", internal)
        assert result.exit_code == 0, result.output
    return base


def text_of(built: Path, engagement: str) -> str:
    return flat(pdf_text(built / f"{engagement}.pdf"))


@pytest.mark.parametrize("engagement", ["summit-outbound", "northwind-support"])
def test_the_five_questions_are_asked_and_answered(built: Path, engagement: str) -> None:
    text = text_of(built, engagement)
    answers = text[text.index("Your questions answered") :]
    for question in QUESTIONS:
        assert question in answers
    assert "44 of Harbor CX's last 48 launches (92%) went live on schedule, 2023 to 2025." in text
    assert "On schedule means live on or before the go-live date of the signed brief." in text


def test_summit_answers_come_from_its_data(built: Path) -> None:
    text = text_of(built, "summit-outbound")
    # 1: the launch plan with owners and dates, up to go-live
    assert (
        "These 9 lead up to the first live interaction: supervised launch on 11 Mar 2027."
    ) in text
    assert "7 Mar 2027 · day 7 CRM, dialer and booking tested end to end with real records" in text
    assert "Omar Haddad, IT and Telephony Lead, Harbor CX" in text
    # 2: the certification gate and the readiness review before the first live call
    assert "No agent takes a live interaction before passing 7 required checks" in text
    assert "Test log for CRM, dialer and booking" in text
    assert "None of the 6 systems is marked tested yet." in text
    assert "6 SYSTEMS, NONE TESTED YET" in text  # the listing's heading
    assert "not yet tested" not in text
    assert (
        "Go-live waits for the launch-readiness sign-off, given on 10 Mar 2027 by Leo Grant: "
        "every setup item tested, every agent certified."
    ) in text
    # 3: the day-30 checkpoint's if_missed, its targets, the escalation path
    assert "a target still missed at the day-45 check escalates to Summit's VP Sales" in text
    assert "Nina Park, VP Sales (executive sponsor), Summit Analytics" in text
    assert "P1 Compliance: Summit legal, Maya Shah" in text
    # 4: the day-14 checkpoint's agenda and attendees
    # held on 15 Mar, the review says its real day, not its checkpoint's
    assert "The Day-14 calibration review is on day 15 (15 Mar 2027), run by Ravi Menon" in text
    assert "Ten recorded calls scored by both sides" in text
    assert "5 people attend, from both sides" in text


def test_northwind_says_what_its_data_says_about_day_14(built: Path) -> None:
    text = text_of(built, "northwind-support")
    assert (
        "This plan holds no review on or near day 14. Go-live is on day 22 (23 Nov 2026): "
        "Tier 1 e-mail and chat go live (supervised). The first review with live data comes "
        "on day 29 (30 Nov 2026): First calibration review with live data, run by Ravi Menon, "
        "QA Lead, Harbor CX. Its written result: Action list with owners and deadlines. "
        "Its agenda and attendees are not stated in the playbook."
    ) in text
    # the same gap, located, for the vendor to fix
    brief = built / "playbooks" / "northwind-support" / "brief.yaml"
    line = brief.read_text().splitlines().index("    - id: calibration-1") + 1
    assert (built / "northwind-support.stderr").read_text() == (
        "The packet lacks 1 thing its reader would look for; it says so where each belongs:\n"
        f"playbooks/northwind-support/brief.yaml:{line}:7: the review `First calibration "
        "review with live data` (day 29) states no agenda or attendees\n"
        "  = hint: add a checkpoint on day 29 to the ramp plan with its review meeting\n"
    )


def test_the_cover_names_both_parties_date_version_and_confidentiality(built: Path) -> None:
    reader = PdfReader(built / "summit-outbound.pdf")
    cover = flat(reader.pages[0].extract_text())
    assert "Summit Analytics outbound demo campaign" in cover
    assert "Prepared for Summit Analytics by Harbor CX" in cover
    assert "For the attention of Nina Park, VP Sales (executive sponsor)" in cover
    # prepared today (the suite's fixed day), in the words a buyer reads: version 0.3
    assert "PREPARED 1 Dec 2026 EDITION Proposal, version 0.3 PLAN STARTS 1 Mar 2027" in cover
    assert "Confidential: for the evaluation of this engagement only." in cover
    assert "Page 1" not in cover  # no running footer on the cover
    # what is inside, by title and page, and no workflow states
    assert (
        "IN THIS PROPOSAL Executive summary 3 Your questions answered 4 The engagement brief 6 "
        "The 30/60/90-day plan 10 The escalation matrix 13 The certification gate 14 "
        "Pricing 15 How each metric is measured 16 Acceptance 17"
    ) in cover
    for state in ("Draft 0", "In review", "Approved", "v0."):
        assert state not in cover


def test_the_cover_takes_the_day_it_is_sent_and_its_recipient(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "playbooks")
    (tmp_path / "playbook.toml").write_text(VENDOR)
    out = tmp_path / "summit.pdf"
    result = packet(
        tmp_path, "summit-outbound", "-o", str(out), "--date", "2027-01-15", "--to", "Ben Carter"
    )
    assert result.exit_code == 0, result.output
    cover = flat(PdfReader(out).pages[0].extract_text())
    assert "For the attention of Ben Carter" in cover
    assert "PREPARED 15 Jan 2027 EDITION Proposal, version 0.3" in cover
    bad = packet(tmp_path, "summit-outbound", "-o", str(out), "--date", "15/01/2027", "--force")
    assert bad.exit_code == 2
    assert "'15/01/2027' does not match the format '%Y-%m-%d'" in bad.stderr


def test_contents_entries_link_to_the_pages_they_name(built: Path) -> None:
    path = built / "summit-outbound.pdf"
    reader = PdfReader(path)
    pages = pages_text(path, len(reader.pages))
    assert "Contents" in pages[1]
    links = [a.get_object() for a in reader.pages[1]["/Annots"]]
    headings = [t for t in outline_titles(reader) if t not in QUESTIONS]
    assert len(links) == len(outline_titles(reader)) >= 30  # one link per part and section
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    for link in links:
        # each link describes itself: `1. “Executive summary” page 3`
        described = re.fullmatch(r"(?:\d+\. )?“(.+)” page (\d+)", link["/Contents"].strip())
        assert described is not None, link["/Contents"]
        title, printed = described.group(1), int(described.group(2))
        target = link["/Dest"]
        if isinstance(target, str):
            number = reader.get_destination_page_number(reader.named_destinations[target]) + 1
        else:
            number = numbers[target[0].idnum]
        assert number == printed, title
        assert compact(title) in compact(pages[number - 1]), title
        assert compact(title) in compact(pages[1])
    assert headings


def test_bookmarks_hold_the_parts_and_point_at_them(built: Path) -> None:
    reader = PdfReader(built / "summit-outbound.pdf")
    titles = outline_titles(reader)
    assert [t for t in titles if re.match(r"\d+\. ", t)] == [
        "1. Executive summary",
        "2. Your questions answered",
        "3. The engagement brief",
        "4. The 30/60/90-day plan",
        "5. The escalation matrix",
        "6. The certification gate",
        "7. Pricing",
        "8. How each metric is measured",
        "9. Acceptance",
    ]
    assert QUESTIONS[0] in titles
    for item in reader.outline:
        if not isinstance(item, list):
            page = reader.pages[reader.get_destination_page_number(item)]
            assert item.title.split(". ", 1)[1] in flat(page.extract_text())


def test_the_summary_leads_with_four_figures(built: Path) -> None:
    text = text_of(built, "summit-outbound")
    # the headings, after their entries in the contents
    summary = text[text.rindex("1. Executive summary") : text.rindex("2. Your questions answered")]
    for figure in (
        "11 Mar 2027",
        "First live interaction Day 11: Supervised launch",
        "Milestones, each with one named owner 1 Mar 2027 – 27 May 2027",
        "Certification checks per agent Pass marks 80–100%, required before going live",
        "92%",
        "Past launches live on schedule 44 of 48, 2023 to 2025",
    ):
        assert figure in summary
    assert "11 Mar 2027 12 7 92%" in summary  # the four figures, side by side
    # each document of the packet by title, with the page it starts on (column by column)
    assert "The documents in this packet" in summary
    for title in ("Campaign brief", "90-day campaign plan", "Agent certification checklist"):
        assert title in summary
    assert "page 6 page 10 page 13 page 14" in summary
    assert "In review" not in summary


def test_a_long_figure_stays_inside_its_card(tmp_path: Path) -> None:
    # The go-live card's detail is the milestone's title: at this length it wraps over
    # five lines, and the card grows to hold them, as do the other three beside it.
    shutil.copytree(EXAMPLES, tmp_path / "playbooks")
    (tmp_path / "playbook.toml").write_text(VENDOR)
    long_title = (
        "Supervised launch with every call recorded, QA on thirty percent of calls and "
        "daily huddles for both teams until the baseline"
    )
    replace_in(
        tmp_path / "playbooks" / "summit-outbound" / "brief.yaml",
        "title: Supervised launch\n",
        f"title: {long_title}\n",
    )
    out = tmp_path / "summit.pdf"
    assert packet(tmp_path, "summit-outbound", "-o", str(out)).exit_code == 0
    words = word_boxes(out)[2]  # the summary's page
    label = next(w for w in words if w[4] == "First")  # "First live interaction"
    last = next(w for w in words if w[4] == "baseline")  # the detail's last word
    assert last[1] - label[3] > 4 * 8  # wrapped over several lines below the label
    subprocess.run(
        [
            require("pdftoppm"),
            "-r",
            "72",
            "-f",
            "3",
            "-singlefile",
            "-png",
            str(out),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    image = Image.open(tmp_path / "page.png").convert("RGB")  # at 72 dpi, a pixel per point
    inside = (round(label[0]) - 5, round(label[1]))
    fill = image.getpixel(inside)
    assert fill != (255, 255, 255)
    below_last = (inside[0], round(last[3]) + 3)
    assert image.getpixel(below_last) == fill  # the card's ground runs on under the text
    # the card beside it is as tall
    neighbour = next(w for w in words if w[4] == "Past")  # "Past launches live on schedule"
    assert image.getpixel((round(neighbour[0]) - 5, below_last[1])) == fill


def test_a_three_level_matrix_stays_portrait_inside_the_packet(built: Path) -> None:
    # a landscape page in a portrait packet is half empty: three levels fit upright
    reader = PdfReader(built / "summit-outbound.pdf")
    assert all(page.mediabox.width < page.mediabox.height for page in reader.pages)
    number = next(n for n, p in enumerate(reader.pages) if "P1 · Compliance" in p.extract_text())
    matrix = flat(reader.pages[number].extract_text())
    for level in ("P1 · Compliance", "P2 · Hot lead", "P3 · Data or system issue", "Hand over"):
        assert level in matrix
    assert "No time agreed" in matrix  # the hot lead has no resolution time: not a blank cell


def test_split_writes_one_pdf_per_part(built: Path) -> None:
    names = sorted(p.name for p in (built / "split").iterdir())
    assert names == [
        ".playbook-output",  # the folder is playbook's to replace on the next run
        "01-summary.pdf",
        "02-brief.pdf",
        "03-plan.pdf",
        "04-escalation.pdf",
        "05-certification.pdf",
        "06-pricing.pdf",
    ]
    plan = flat(pdf_text(built / "split" / "03-plan.pdf"))
    assert "Proposal packet: The 30/60/90-day plan" in plan
    assert "How each metric is measured" in plan
    assert "Your questions answered" not in plan
    assert "Contents" not in plan  # two parts need no table of contents
    manifest = json.loads(
        PdfReader(built / "split" / "03-plan.pdf").attachments["playbook-content.json"][0]
    )
    assert manifest["kind"] == "ProposalPacket"
    assert manifest["audience"] == "prospect"
    assert {p["kind"] for p in manifest["parts"]} == {
        "Commercials",
        "Engagement",
        "EngagementBrief",
        "EscalationMatrix",
        "CertificationChecklist",
        "RampPlan",
    }


def test_the_same_playbook_gives_the_same_bytes(built: Path) -> None:
    again = built / "again.pdf"
    assert packet(built, "summit-outbound", "-o", str(again)).exit_code == 0
    assert again.read_bytes() == (built / "summit-outbound.pdf").read_bytes()


def test_the_internal_packet_reviews_readiness_and_lists_what_it_could_not_state(
    built: Path,
) -> None:
    text = flat(pdf_text(built / "internal.pdf"))
    review = text[text.rindex("Readiness review") :]
    assert "8 of 9 checks pass, 1 accepted in the brief with a reason." in review
    assert "Accepted 7. At least four weeks of onboarding" in review
    assert "4. A formal day-30 review" in review
    assert "Day 30: 30-day baseline review, run by James Okafor, with 5 targets" in review
    assert review.count("Pass") == 8
    assert "Fail" not in review
    brief = built / "playbooks" / "northwind-support" / "brief.yaml"
    line = brief.read_text().splitlines().index("    - id: calibration-1") + 1
    gaps = review[review.index("What this packet could not state") :]
    assert f"brief.yaml:{line}:7" in compact(gaps)
    assert "states no agenda or attendees" in gaps
    assert "Internal copy: for the vendor team only" in text
    assert "Harbor CX pricing model assumes a 10% at-risk share" in text


def test_a_part_follows_on_a_page_the_last_one_left_nearly_empty(built: Path) -> None:
    # Summit's last answer takes the top of page 6: the brief starts below it rather than
    # leave that page with three lines; the plan, after a full page, starts a page of its own.
    pages = [flat(page) for page in pages_text(built / "summit-outbound.pdf", 16)]
    sixth = pages[5]
    assert sixth.index("What share of past launches went live on schedule?") < sixth.index(
        "3. The engagement brief"
    )
    assert "4. The 30/60/90-day plan" in pages[9]
    assert pages[9].split("Proposal packet", 1)[1].lstrip().startswith("4. The 30/60/90-day plan")


def test_every_layout_settles(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # A layout that does not settle can print wrong page numbers in the contents and footers.
    shutil.copytree(EXAMPLES, tmp_path / "playbooks")
    (tmp_path / "playbook.toml").write_text(VENDOR)
    with caplog.at_level("WARNING", logger="generator.pdf"):
        for engagement in ("summit-outbound", "northwind-support"):
            out = str(tmp_path / f"{engagement}.pdf")
            assert packet(tmp_path, engagement, "-o", out, "--audience", "internal").exit_code == 0
    assert caplog.messages == []


def test_the_summit_proposal_prices_its_work_and_asks_the_prospect_to_accept(
    built: Path,
) -> None:
    text = flat(pdf_text(built / "summit-outbound.pdf"))
    assert "Pricing Priced per productive hour, in USD." in text
    assert "Voice, SDR Production $38 per productive hour" in text
    assert "Voice, SDR 1,760 $66,880 Estimated month $66,880" in text
    assert "The monthly minimum is $55,000." in text
    assert "QA pass rate 50% $2,675.20" in text  # 50% of an 8% pool of $66,880
    assert "earned back when the level is met the next period." in text
    assert (
        "By signing below, Summit Analytics, Inc. accepts this proposal (Proposal, version "
        "0.3) from Harbor Customer Experience Ltd." in text
    )
    acceptance = text[text.rindex("Acceptance By signing") :]
    assert "FOR THE CLIENT: SUMMIT ANALYTICS, INC." in acceptance
    assert "Nina Park" in acceptance
    assert "margin floor" not in text.lower()  # the vendor's floor stays internal
    internal = flat(pdf_text(built / "internal.pdf"))
    assert "Internal: margin floor 28% gross margin at the least." in internal


def _run(*args: str) -> Result:
    return CliRunner().invoke(
        cli, list(args), env={"PLAYBOOK_KEY_PASSPHRASE": None}, catch_exceptions=False
    )


def test_the_vendor_offers_and_the_prospect_accepts_on_the_acceptance_page(
    built: Path, tmp_path: Path
) -> None:
    proposal = Path(shutil.copy(built / "northwind-support.pdf", tmp_path / "proposal.pdf"))
    areas = json.loads(PdfReader(proposal).attachments["signature-fields.json"][0])
    client = next(a for a in areas if a["person"] == "dwhitfield")
    pages = pages_text(proposal, len(PdfReader(proposal).pages))
    assert "Acceptance" in pages[client["page"] - 1]
    trust = roots(tmp_path / "roots")
    against = ("--trust", str(trust), "--against", str(built / "playbooks"))
    # the vendor's signature makes the offer whole; the client's place waits for acceptance
    assert _run("sign", str(proposal), "--key", str(example_p12("smarsh"))).exit_code == 0
    offered = _run("verify", str(proposal), *against)
    assert offered.exit_code == 0, offered.output
    signed = _run("sign", str(proposal), "--key", str(example_p12("dwhitfield")))
    assert signed.exit_code == 0, signed.output
    assert "as Dana Whitfield" in signed.stdout
    accepted = _run("verify", str(proposal), *against)
    assert accepted.exit_code == 0, accepted.output
    assert "signed by Dana Whitfield for the client" in accepted.stdout
    report = pdfsig(proposal)
    assert "Signer Certificate Common Name: Dana Whitfield" in report
    assert "Signature Validation: Signature is Valid." in report


def test_a_manifest_whose_accepting_parties_are_not_a_list_is_not_ours(built: Path) -> None:
    data = json.loads(
        PdfReader(built / "summit-outbound.pdf").attachments["playbook-content.json"][0]
    )
    assert data["accepting"] == ["client"]
    assert Manifest.from_json(data) is not None
    assert Manifest.from_json({**data, "accepting": "client"}) is None
    assert Manifest.from_json({**data, "accepting": [1]}) is None
