"""Leaks: canary strings in an internal field of every document kind, through every output.

The PDFs and packets are built for each audience from the same canary-laden playbooks,
then read back whole: text (pdftotext), attachments, bookmarks, metadata and every
object in the file. Internal material must appear in the internal copies and in no
client or prospect copy.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.audience import AUDIENCES
from generator.cli import cli
from generator.models import REGISTRY
from tests.canaries import ITEM_NAMES, NOTES, OUTSIDE_READERS, documents, name, plant_canaries
from tests.conftest import EXAMPLES
from tests.pdftools import EPOCH, everything, flat, pdf_text

#: The kinds a packet holds: the engagement, the catalog, and each kind with a part.
PACKET_NOTES = tuple(
    name(kind) for kind in documents() if REGISTRY[kind].part or not REGISTRY[kind].member
)
#: Internal material the examples themselves hold, besides the canaries.
SECRETS = (
    "Harbor CX pricing model",  # brief: internal note on the fee at risk
    "floor we accept is 7%",
    "$250 goodwill credit",  # escalation: internal note
    "tom.becker@",  # contact details kept internal
    "+1 312 555 0110",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every PDF output of northwind-support, per audience, from canary-laden playbooks."""
    base = tmp_path_factory.mktemp("leaks")
    shutil.copytree(EXAMPLES, base / "playbooks")
    plant_canaries(base / "playbooks")
    config = base / "playbook.toml"
    config.write_text('root = "playbooks"\n[vendor]\nname = "Harbor CX"\n')
    runner = CliRunner()
    for audience in AUDIENCES:
        for args in (
            ["pdf", "northwind-support", "-o", str(base / f"pdf-{audience}")],
            ["packet", "northwind-support", "-o", str(base / f"packet-{audience}.pdf")],
            ["packet", "northwind-support", "--split", "-o", str(base / f"split-{audience}")],
        ):
            result = runner.invoke(
                cli,
                [*args, "--audience", audience, "--config", str(config)],
                env={"SOURCE_DATE_EPOCH": EPOCH},
                catch_exceptions=False,
            )
            assert result.exit_code == 0, result.output
    (base / "playbooks" / "summit-outbound").rename(base / "summit-outbound")  # not an input
    return base


def outputs(base: Path, audience: str) -> list[Path]:
    files = sorted((base / f"pdf-{audience}").rglob("*.pdf"))
    files += sorted((base / f"split-{audience}").glob("*.pdf"))
    files.append(base / f"packet-{audience}.pdf")
    assert len(files) >= 9
    return files


@pytest.fixture(scope="module")
def seen(built: Path) -> dict[str, dict[Path, str]]:
    """Everything a reader could get out of each output, by audience and file."""
    return {
        audience: {p: everything(p) for p in outputs(built, audience)} for audience in AUDIENCES
    }


@pytest.mark.parametrize("name", NOTES)
def test_each_kind_s_canaries_reach_the_internal_copies(
    seen: dict[str, dict[Path, str]], name: str
) -> None:
    internal = "\n".join(seen["internal"].values())
    assert f"CANARY-{name}-NOTE" in internal
    if name in ITEM_NAMES:
        assert f"CANARY-{name}-ITEM" in internal


@pytest.mark.parametrize("audience", OUTSIDE_READERS)
def test_no_canary_and_no_secret_in_any_client_or_prospect_file(
    seen: dict[str, dict[Path, str]], audience: str
) -> None:
    for path, content in seen[audience].items():
        assert "CANARY-" not in content, f"{path} leaks internal material"
        for secret in SECRETS:
            assert secret not in content, f"{path} leaks {secret!r}"


def test_the_internal_packet_prints_every_note_and_item(built: Path) -> None:
    text = flat(pdf_text(built / "packet-internal.pdf"))
    for kind in PACKET_NOTES:
        assert f"CANARY-{kind}-NOTE" in text
    for kind in PACKET_NOTES:  # an unused internal metric is only in the attached catalog
        if kind in ITEM_NAMES and kind != "METRICS":
            assert f"CANARY-{kind}-ITEM" in text
    for secret in SECRETS[:3]:
        assert secret in text


def test_the_internal_brief_lists_its_notes_on_a_page_of_their_own(built: Path) -> None:
    text = flat(pdf_text(built / "pdf-internal" / "northwind-support" / "brief.pdf"))
    notes = text[text.index("For the vendor team only") : text.index("Sign-off Approval")]
    source = (built / "playbooks" / "northwind-support" / "brief.yaml").read_text()
    line = source[: source.index("    fee_at_risk:")].count("\n") + 1
    for cell in (
        "Service levels › fee at risk",
        f"brief.yaml, line {line}",
        "Vendor only",
        "Harbor CX pricing model assumes a 10% at-risk share",
        "Timeline › canary",
        "CANARY-BRIEF-NOTE",
    ):
        assert cell in notes
    assert "Version 1.2 · Approved (sign-off stale) · Internal" in text


def test_client_copies_carry_what_the_client_may_read_not_the_source(built: Path) -> None:
    reader = PdfReader(built / "pdf-client" / "northwind-support" / "brief.pdf")
    files = reader.attachments
    assert sorted(files) == ["brief.client.yaml", "playbook-content.json", "signature-fields.json"]
    excerpt = files["brief.client.yaml"][0].decode()
    assert excerpt.startswith("# brief.yaml as the client may read it:")
    assert "Answer every e-mail within 4 business hours" in excerpt
    assert "fee_at_risk:" in excerpt  # the client signs its commercial terms, and reads them
    assert "floor we accept" not in excerpt
    assert "internal_notes" not in excerpt
    manifest = json.loads(files["playbook-content.json"][0])
    assert manifest["audience"] == "client"
    text = flat(pdf_text(built / "pdf-client" / "northwind-support" / "brief.pdf"))
    assert "Internal" not in text
    assert "For the vendor team only" not in text


def test_packet_attachments_follow_the_audience(built: Path) -> None:
    internal = sorted(PdfReader(built / "packet-internal.pdf").attachments)
    assert internal == [
        "metrics.yaml",
        "northwind-support/brief.yaml",
        "northwind-support/certification.yaml",
        "northwind-support/commercials.yaml",
        "northwind-support/engagement.yaml",
        "northwind-support/escalation.yaml",
        "northwind-support/ramp.yaml",
        "playbook-content.json",
        "signature-fields.json",
    ]
    prospect = sorted(PdfReader(built / "packet-prospect.pdf").attachments)
    assert prospect == [
        "brief.prospect.yaml",
        "certification.prospect.yaml",
        "commercials.prospect.yaml",
        "engagement.prospect.yaml",
        "escalation.prospect.yaml",
        "playbook-content.json",
        "ramp.prospect.yaml",
        "signature-fields.json",
    ]


def test_prospects_see_names_but_no_contact_details(seen: dict[str, dict[Path, str]]) -> None:
    packet = next(v for p, v in seen["prospect"].items() if p.name == "packet-prospect.pdf")
    assert "Marco Alvarez" in packet
    assert "marco.alvarez@" not in packet
    client = next(v for p, v in seen["client"].items() if p.name == "packet-client.pdf")
    assert "marco.alvarez@" in client


def test_readiness_and_notes_are_in_internal_packets_only(built: Path) -> None:
    assert "07-readiness.pdf" in {p.name for p in (built / "split-internal").iterdir()}
    for audience in ("client", "prospect"):
        names = {p.name for p in (built / f"split-{audience}").iterdir()}
        assert "07-readiness.pdf" not in names
        text = flat(pdf_text(built / f"packet-{audience}.pdf"))
        assert "Readiness review" not in text
        assert "Internal notes" not in text
    text = flat(pdf_text(built / "packet-internal.pdf"))
    assert "Readiness review" in text
    assert "Internal copy: for the vendor team only" in text


@pytest.mark.parametrize("audience", ["client", "prospect"])
def test_a_signatory_hidden_from_the_reader_is_not_named_anywhere_in_its_packet(
    examples: Path, tmp_path: Path, audience: str
) -> None:
    engagement = examples / "northwind-support" / "engagement.yaml"
    text = engagement.read_text(encoding="utf-8")
    hidden = "      role: Account Director\n"
    assert hidden in text
    engagement.write_text(text.replace(hidden, hidden + "      audience: internal\n"))
    runner = CliRunner()
    for args in (
        ["packet", "northwind-support", "-o", str(tmp_path / "packet.pdf")],
        ["packet", "northwind-support", "--split", "-o", str(tmp_path / "split")],
    ):
        result = runner.invoke(
            cli, [*args, "--audience", audience], env={"SOURCE_DATE_EPOCH": EPOCH}
        )
        assert result.exit_code == 0, result.output
    files = [tmp_path / "packet.pdf", *sorted((tmp_path / "split").glob("*.pdf"))]
    assert len(files) >= 2
    for pdf in files:
        seen = everything(pdf)
        assert "James Okafor" in seen  # the vendor's other signatory, whom the reader sees
        assert "Sofia Marsh" not in seen, pdf.name
