"""`playbook packet` on bad and incomplete input: gaps, usage errors, logos, signing."""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from generator.audience import AUDIENCES
from tests import pki
from tests.conftest import Invoke, replace_in, where
from tests.examples import pdf_count, pdfs
from tests.pdftools import flat, pdf_text, pdfsig

SETTINGS = """root = "playbooks"

[vendor]
name = "Harbor CX"
{logo}
[vendor.track_record]
launches = 20
launched_on_schedule = 19
"""


@pytest.fixture
def settings(examples: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Write the settings with a `logo = ...` line (or none); the build date is fixed."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")

    def write(logo: str = "") -> Path:
        path = examples.parent / "playbook.toml"
        path.write_text(SETTINGS.format(logo=logo))
        return path

    write()
    return write


def test_missing_parts_say_not_stated_and_are_listed_with_their_places(
    examples: Path, invoke: Invoke, settings: Callable[[str], Path]
) -> None:
    folder = examples / "summit-outbound"
    (folder / "escalation.yaml").unlink()
    ramp = folder / "ramp.yaml"
    text = ramp.read_text()
    start = text.index("      if_missed: >-\n")
    ramp.write_text(text[:start] + text[text.index("    - day: 45\n") :])
    result = invoke("packet", "summit-outbound", "-o", "packet.pdf")
    assert result.exit_code == 0, result.output
    engagement = folder / "engagement.yaml"
    assert result.stderr.splitlines() == [
        "The packet lacks 2 things its reader would look for; it says so where each belongs:",
        f"{where(engagement, 'Engagement')}: engagement `summit-outbound` has no escalation matrix",
        "  = hint: add escalation.yaml (kind: EscalationMatrix) to its folder",
        f"{where(ramp, 'day: 30')}: the day-30 checkpoint has no `if_missed`",
        "  = hint: add `if_missed:` with the fixes, their timeline and the escalation path",
    ]
    pdf = flat(pdf_text(Path("packet.pdf")))
    assert (
        "5. The escalation matrix Not stated in the playbook "
        "This engagement has no escalation matrix yet."
    ) in pdf
    assert (
        "What happens if the day-30 targets are missed? Not stated in the playbook. "
        "The day-30 checkpoint does not say what follows a miss."
    ) in pdf
    strict = invoke("packet", "summit-outbound", "-o", "packet.pdf", "--strict", "--force")
    assert strict.exit_code == 1


def test_a_split_packet_leaves_out_the_file_of_a_missing_document(
    examples: Path, invoke: Invoke, settings: Callable[[str], Path]
) -> None:
    (examples / "summit-outbound" / "escalation.yaml").unlink()
    result = invoke("packet", "summit-outbound", "--split", "-o", "parts")
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith("Not written, their documents are missing: 04-escalation.pdf\n")
    assert sorted(p.name for p in Path("parts").iterdir()) == [
        ".playbook-output",  # the folder is playbook's to replace on the next run
        "01-summary.pdf",
        "02-brief.pdf",
        "03-plan.pdf",
        "05-certification.pdf",
        "06-pricing.pdf",
    ]


def test_without_a_track_record_the_answer_is_not_stated(
    examples: Path, invoke: Invoke, workdir: Path
) -> None:
    (workdir / "playbook.toml").write_text('root = "playbooks"\n')
    result = invoke("packet", "summit-outbound", "-o", "packet.pdf")
    assert result.exit_code == 0
    assert "playbook.toml:1:1: the settings give no track record of past launches" in result.stderr
    text = flat(pdf_text(Path("packet.pdf")))
    assert (
        "What share of past launches went live on schedule? Not stated in the playbook. "
        "Harbor CX does not quote a record here."
    ) in text


def test_without_settings_the_gap_says_to_create_them(examples: Path, invoke: Invoke) -> None:
    result = invoke("packet", "summit-outbound", "-o", "packet.pdf")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-2:] == [
        "playbook.toml:1:1: the settings give no track record of past launches",
        "  = hint: there is no settings file: create playbook.toml with "
        "a [tool.playbook.vendor.track_record] table (launches, launched_on_schedule)",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("summit-outbound", "--audience", "partner"),
            "Invalid value for '--audience': 'partner' is not one of "
            + ", ".join(f"'{name}'" for name in AUDIENCES)
            + ".",
        ),
        (
            ("summit",),
            "unknown engagement `summit` (engagements in playbooks: northwind-support, "
            "summit-outbound; an engagement whose engagement file has errors is not listed)",
        ),
        (
            ("summit-outbound", "-o", "playbooks/summit-outbound/brief.yaml"),
            "playbooks/summit-outbound/brief.yaml: the packet is a PDF, give a file name "
            "ending in .pdf",
        ),
        (("summit-outbound", "-o", "playbooks"), "playbooks: the packet is a PDF"),
        (
            ("summit-outbound", "--split", "-o", "playbooks/metrics.yaml"),
            "playbooks/metrics.yaml is a file; --split writes a folder of PDFs",
        ),
    ],
)
def test_usage_errors_stop_with_one_line(
    examples: Path,
    invoke: Invoke,
    settings: Callable[[str], Path],
    args: tuple[str, ...],
    message: str,
) -> None:
    before = {p: p.read_bytes() for p in examples.rglob("*") if p.is_file()}
    result = invoke("packet", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in examples.rglob("*") if p.is_file()} == before


def test_a_file_that_is_not_a_pdf_is_not_overwritten(
    examples: Path, invoke: Invoke, settings: Callable[[str], Path]
) -> None:
    notes = Path("notes.pdf")
    notes.write_text("my notes")
    result = invoke("packet", "summit-outbound", "-o", "notes.pdf")
    assert result.exit_code == 2
    assert result.stderr == "Error: notes.pdf exists and is not a PDF; not overwriting it\n"
    assert notes.read_text() == "my notes"


def _png(width: int, height: int, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), "white").save(out, "PNG")
    return out.getvalue()


def _jpeg_cmyk() -> bytes:
    out = io.BytesIO()
    Image.new("CMYK", (40, 20)).save(out, "JPEG")
    return out.getvalue()


def _bomb() -> bytes:
    """A tiny PNG whose header claims 30,000 by 30,000 pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "logo.png",
            b"not a picture",
            "logo.png: not an image (expected PNG, JPEG, GIF, WebP or SVG)",
        ),
        ("logo.svg", b"<svg", "logo.svg: not a readable SVG image"),
        (
            "logo.svg",
            b"<html></html>",
            "logo.svg: not an SVG image (its root element is not <svg>)",
        ),
        ("logo.png", _png(5000, 4), "logo.png: the logo is 5000×4 pixels; use one under 4096"),
        ("logo.png", _bomb(), "logo.png: the logo has far too many pixels"),
        ("logo.png", b"\x89PNG" + bytes(2 * 1024 * 1024), "logo.png: the logo is 2.0 MB"),
        ("logo.jpg", _jpeg_cmyk(), "logo.jpg: the logo uses CMYK colours; save it in RGB"),
        ("logo.bmp", None, "cannot read the logo brand/logo.bmp: No such file or directory"),
    ],
)
def test_a_logo_that_cannot_go_on_a_cover_is_a_one_line_error(
    examples: Path,
    invoke: Invoke,
    settings: Callable[[str], Path],
    name: str,
    content: bytes | None,
    message: str,
) -> None:
    if content is not None:
        Path("brand").mkdir()
        Path("brand", name).write_bytes(content)
    settings(f'logo = "brand/{name}"')
    result = invoke("packet", "summit-outbound", "-o", "packet.pdf")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {'' if content is None else 'brand/'}{message}")
    assert len(result.stderr.splitlines()) == 1
    assert not Path("packet.pdf").exists()


_ENTITY_SVG = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>"""


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: "/dev/zero", "/dev/zero: the logo is not a plain file (a device)"),
        (
            lambda: (os.mkfifo("pipe.png"), "pipe.png")[1],
            "pipe.png: the logo is not a plain file (a pipe)",
        ),
        (
            lambda: (Path("entities.svg").write_bytes(_ENTITY_SVG), "entities.svg")[1],
            "entities.svg: the SVG defines entities or loads external content; "
            "export it again as plain SVG",
        ),
    ],
    ids=["device", "pipe", "svg-entities"],
)
def test_a_logo_that_is_not_a_plain_image_is_refused_without_reading_it(
    examples: Path,
    invoke: Invoke,
    settings: Callable[[str], Path],
    make: Callable[[], str],
    message: str,
) -> None:
    settings(f'logo = "{make()}"')
    result = invoke("packet", "summit-outbound", "-o", "packet.pdf")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"


def test_a_png_logo_goes_on_the_cover(
    examples: Path, invoke: Invoke, settings: Callable[[str], Path]
) -> None:
    Path("logo.png").write_bytes(_png(300, 80, "RGBA"))
    settings('logo = "logo.png"')
    assert invoke("packet", "summit-outbound", "-o", "packet.pdf").exit_code == 0
    reader = PdfReader("packet.pdf")
    assert len(reader.pages[0].images) == 1
    # and, small, in the running header of every later page
    assert all(len(page.images) == 1 for page in reader.pages[1:])


def test_the_settings_must_describe_the_engagement_s_vendor(
    examples: Path, invoke: Invoke, workdir: Path
) -> None:
    (workdir / "playbook.toml").write_text('root = "playbooks"\n[vendor]\nname = "Tidewater"\n')
    result = invoke("packet", "summit-outbound")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: engagement `summit-outbound` is run by `Harbor CX`, but the settings describe "
        "the vendor `Tidewater` ([tool.playbook.vendor]); its logo and track record would be "
        "quoted for the wrong company\n"
    )


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('name = "Harbor CX"\naccent = "teal"', "`vendor.accent`: expected a colour written "),
        (
            'name = "Harbor CX"\nlogoo = "x.png"',
            "unknown setting `vendor.logoo` (did you mean `logo`?)",
        ),
        (
            'name = "Harbor CX"\ntrack_record = { launches = 4, launched_on_schedule = 5 }',
            "launched_on_schedule (5) is more than launches (4)",
        ),
        ('accent = "#0f4c5c"', "`vendor.name`: Field required"),
        (
            'name = "Harbor CX"\nedition = { proposal = "Offer" }',
            "`vendor.edition.proposal`: expected words with `{version}` once where the version "
            "goes, such as `Proposal, version {version}`, found `Offer`",
        ),
        ('name = "Harbor CX"\nedition = { issued = "Issue {version} {x}" }', "found `Issue"),
    ],
)
def test_vendor_settings_are_checked(
    examples: Path, invoke: Invoke, workdir: Path, table: str, message: str
) -> None:
    (workdir / "playbook.toml").write_text(f'root = "playbooks"\n[vendor]\n{table}\n')
    result = invoke("packet", "summit-outbound")
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_the_cover_names_the_edition_in_the_vendor_s_words(
    examples: Path, invoke: Invoke, workdir: Path
) -> None:
    (workdir / "playbook.toml").write_text(
        'root = "playbooks"\n[vendor]\nname = "Harbor CX"\n'
        '[vendor.edition]\nproposal = "Offer {version} for discussion"\n'
    )
    assert invoke("packet", "summit-outbound", "-o", "packet.pdf").exit_code == 0
    cover = flat(pdf_text(Path("packet.pdf"), first=1, last=1, layout=True))
    assert "Offer 0.3 for discussion" in cover
    acceptance = flat(pdf_text(Path("packet.pdf")).split("\f")[-2])
    assert "accepts this proposal (Offer 0.3 for discussion)" in acceptance


def test_a_signed_packet_verifies_and_a_later_edit_shows(
    examples: Path, invoke: Invoke, settings: Callable[[str], Path], tmp_path: Path
) -> None:
    assert invoke("packet", "summit-outbound", "-o", "packet.pdf").exit_code == 0
    ca = pki.authority(tmp_path / "keys")
    key = ca.issue(tmp_path / "keys", "Sofia Marsh")
    env = {"PLAYBOOK_KEY_PASSPHRASE": pki.PASSPHRASE}
    signed = invoke("sign", "packet.pdf", "--key", str(key), env=env)
    assert signed.exit_code == 0, signed.output
    checked = invoke("verify", "packet.pdf", "--trust", str(ca.pem), "--against", "playbooks")
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.splitlines()[0] == "packet.pdf: Proposal packet 0.3 of summit-outbound"
    assert "  content: matches summit-outbound" in checked.stdout
    assert "Signature Validation: Signature is Valid." in pdfsig(Path("packet.pdf"))
    brief = examples / "summit-outbound" / "brief.yaml"
    replace_in(brief, "value: 75\n", "value: 70\n")
    checked = invoke("verify", "packet.pdf", "--trust", str(ca.pem), "--against", "playbooks")
    assert checked.exit_code == 1
    assert (
        "  content: MISMATCH: the content changed since this PDF was built: "
        "playbooks/summit-outbound/brief.yaml now has"
    ) in checked.stdout


def test_a_document_with_errors_is_left_out_and_the_exit_code_says_so(
    examples: Path, invoke: Invoke, settings: Callable[[str], Path]
) -> None:
    brief = examples / "summit-outbound" / "brief.yaml"
    replace_in(brief, "      owner: ohaddad\n      day: 7\n", "      day: 7\n")
    result = invoke("packet", "summit-outbound", "-o", "packet.pdf")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "Left out, its file has errors: summit-outbound: EngagementBrief\n"
    )
    text = flat(pdf_text(Path("packet.pdf")))
    assert (
        "3. The engagement brief Not stated in the playbook "
        "The engagement brief is being corrected and is left out of this copy."
    ) in text
    assert "Milestones with named owners Not stated" in text


def test_client_pdfs_go_to_their_own_folder(
    examples: Path, invoke: Invoke, settings: Callable[[str], Path]
) -> None:
    result = invoke("pdf", "summit-outbound", "--audience", "client")
    assert result.exit_code == 0, result.output
    count = pdf_count("summit-outbound")
    assert result.stdout == (
        f"Wrote {count} PDFs for 1 engagement to build/client/summit-outbound/pdf (client copies).\n"
    )
    folder = Path("build/client/summit-outbound/pdf/summit-outbound")
    assert {p.name for p in folder.iterdir()} == pdfs("summit-outbound")
    assert not Path("build/internal").exists()


def test_a_document_kept_from_prospects_is_not_part_of_their_copy(
    examples: Path, invoke: Invoke, settings: Callable[[str], Path]
) -> None:
    matrix = examples / "summit-outbound" / "escalation.yaml"
    replace_in(matrix, "  status: draft\n", "  status: draft\n  audience: client\n")
    result = invoke("packet", "summit-outbound", "-o", "packet.pdf")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1:] == [
        f"{where(matrix, 'client')}: the escalation matrix is marked `audience: client` and left "
        "out of prospect copies",
        "  = hint: mark it `audience: all` if a prospect may read it",
    ]
    text = flat(pdf_text(Path("packet.pdf")))
    assert "5. The escalation matrix Not part of this copy" in text
    assert "Hot lead" not in text
    client = invoke("packet", "summit-outbound", "--audience", "client", "-o", "client.pdf")
    assert client.stderr == ""
    assert "Hot lead" in flat(pdf_text(Path("client.pdf")))


def test_an_existing_file_given_with_o_is_replaced_only_with_force(
    examples: Path, invoke: Invoke
) -> None:
    Path("mine.pdf").write_bytes(b"%PDF-1.7 the user's own file")
    result = invoke("packet", "summit-outbound", "-o", "mine.pdf")
    assert result.exit_code == 2
    assert result.stderr == "Error: mine.pdf exists; add --force to replace it\n"
    assert Path("mine.pdf").read_bytes() == b"%PDF-1.7 the user's own file"
    assert invoke("packet", "summit-outbound", "-o", "mine.pdf", "--force").exit_code == 0
    assert Path("mine.pdf").read_bytes().startswith(b"%PDF-")
    assert Path("mine.pdf").stat().st_size > 10_000
