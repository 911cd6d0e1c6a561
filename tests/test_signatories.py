"""A PDF signature counts for a person only with that person's own key, in their own
place, chaining to their own party's trust anchors; and nothing signed after both
parties may paint over what they signed.

The roster of a copy of the examples lists each signatory's certificates (a fingerprint,
or the e-mail address their certificates carry), and each party names its own CA.
Every attack is made on a real PDF with real keys; pdfsig, which checks the
cryptography alone, is shown to accept what `playbook verify` refuses.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pyhanko import stamp
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from generator.cli import cli
from tests import pki
from tests.conftest import EXAMPLES, replace_in
from tests.pdftools import EPOCH, pdfsig

ENGAGEMENT = "northwind-support"


@dataclass(frozen=True)
class World:
    base: Path
    keys: dict[str, Path]

    @property
    def playbooks(self) -> Path:
        return self.base / "playbooks"

    @property
    def config(self) -> Path:
        return self.base / "playbook.toml"

    def brief(self, tmp_path: Path) -> Path:
        """A fresh, unsigned copy of the brief."""
        return Path(shutil.copy(self.base / "out" / ENGAGEMENT / "brief.pdf", tmp_path))

    def sign(self, pdf: Path, key: str, *extra: str) -> Result:
        return run(
            "sign", str(pdf), "--key", str(self.keys[key]), "--config", str(self.config), *extra
        )

    def verify(self, pdf: Path, *extra: str) -> Result:
        checked = ("verify", str(pdf), "--against", str(self.playbooks))
        return run(*checked, "--config", str(self.config), *extra)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"SOURCE_DATE_EPOCH": EPOCH})


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    base = tmp_path_factory.mktemp("signatories")
    shutil.copytree(EXAMPLES, base / "playbooks")
    (base / "playbook.toml").write_text('root = "playbooks"\n')
    trust, folder = base / "playbooks" / "trust", base / "keys"
    folder.mkdir()
    northwind = pki.authority(trust, "Northwind Root CA")
    harbor = pki.authority(trust, "Harbor Root CA")
    dana_mail = "dana.whitfield@northwind-outfitters.example"
    keys = {
        # the client's signatory, known by the e-mail address her certificates carry
        "dana": northwind.issue(folder, "Dana Whitfield", passphrase=None, email=dana_mail),
        # the vendor's, known by a fingerprint, with the name written otherwise
        "sofia": harbor.issue(folder, "Sofia Marsh (Harbor CX)", passphrase=None),
        # what the vendor could issue itself: certificates in the client's names
        "fake-dana-mail": harbor.issue(
            folder, "Dana Whitfield", passphrase=None, email=dana_mail, file_name="fdm.p12"
        ),
        "fake-dana": harbor.issue(folder, "Dana Whitfield", passphrase=None, file_name="fd.p12"),
        "fake-marco": harbor.issue(folder, "Marco Alvarez", passphrase=None),
        # a trusted vendor employee who signs nothing
        "ravi": harbor.issue(folder, "Ravi Menon", passphrase=None),
    }
    engagement = base / "playbooks" / ENGAGEMENT / "engagement.yaml"
    replace_in(engagement, "  status: approved\n", "  status: review\n")
    # this test's own CAs and certificates, in place of the examples'
    for company in ("northwind", "harbor"):
        replace_in(
            engagement,
            f"[../example-keys/{company}-EXAMPLE-ONLY-ca.pem]",
            f"[../trust/{company}-root-ca.pem]",
        )
    text = engagement.read_text()
    listed = text[text.index("        certificates: ['") :].split("\n", 1)[0]
    fingerprint = pki.fingerprint(keys["sofia"], None)
    engagement.write_text(text.replace(listed, f"        certificates: ['{fingerprint}']"))
    assert f"certificate_email: {dana_mail}" in engagement.read_text()
    done = run("pdf", ENGAGEMENT, "-o", str(base / "out"), "--config", str(base / "playbook.toml"))
    assert done.exit_code == 0, done.output
    checked = run("validate", "--config", str(base / "playbook.toml"))
    assert checked.exit_code == 0, checked.output
    return World(base, keys)


@pytest.fixture
def signed(world: World, tmp_path: Path) -> Path:
    """The brief signed by the vendor and then the client, each in their own place."""
    pdf = world.brief(tmp_path)
    assert world.sign(pdf, "sofia", "--as", "smarsh").exit_code == 0
    assert world.sign(pdf, "dana", "--as", "dwhitfield").exit_code == 0
    return pdf


def test_each_party_signs_with_its_own_key_matched_by_the_roster(
    world: World, signed: Path
) -> None:
    result = world.verify(signed)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].startswith(
        "  Signature-smarsh: signed by Sofia Marsh (Harbor CX) for the vendor at "
    )
    # a name written otherwise in the certificate: its fingerprint makes it hers
    assert lines[2] == "    matched to Sofia Marsh by the certificate's fingerprint in the roster"
    assert lines[3].startswith("  Signature-dwhitfield: signed by Dana Whitfield for the client")
    assert lines[4] == (
        "    matched to Dana Whitfield by the certificate's e-mail address in the roster"
    )
    assert lines[-1] == "  verdict: OK"
    assert pdfsig(signed).count("Signature is Valid.") == 2


def test_sign_as_someone_else_is_refused_and_writes_nothing(world: World, tmp_path: Path) -> None:
    pdf = world.brief(tmp_path)
    before = pdf.read_bytes()
    result = world.sign(pdf, "sofia", "--as", "dwhitfield")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: the key's certificate (Sofia Marsh (Harbor CX), SHA-256 "
    )
    assert result.stderr.endswith(
        ") is not one of the certificates the roster lists for Dana Whitfield: sign in their "
        "place with their own key\n"
    )
    # a certificate in her very name, but without her e-mail, is refused the same way
    assert world.sign(pdf, "fake-dana", "--as", "dwhitfield").exit_code == 2
    assert pdf.read_bytes() == before


def test_a_key_forced_into_another_persons_place_fails_verify(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.signoff.signing  # noqa: PLC0415

    pdf = world.brief(tmp_path)
    assert world.sign(pdf, "sofia", "--as", "smarsh").exit_code == 0
    # as a tool other than `playbook sign` would: nothing checks whose place it is
    monkeypatch.setattr(generator.signoff.signing, "_check_owner", lambda *_: None)
    assert world.sign(pdf, "ravi", "--as", "dwhitfield").exit_code == 0
    result = world.verify(pdf)
    assert result.exit_code == 1
    assert "(Ravi Menon is not a signatory of this document)" in result.stdout
    assert "  FAILED: no signature from the client (Dana Whitfield or Marco Alvarez)" in (
        result.stdout
    )
    assert pdfsig(pdf).count("Signature is Valid.") == 2  # the cryptography alone is fine


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        (
            "fake-dana-mail",  # her e-mail address, from the vendor's CA
            "(the signer's certificate does not chain to the client's trust anchors named in "
            "the engagement file)",
        ),
        (
            "fake-dana",  # her name alone
            "(the certificate is named Dana Whitfield but is not one of the certificates the "
            "roster lists for Dana Whitfield (its SHA-256 fingerprint is ",
        ),
        (
            "fake-marco",  # he lists no certificate: the client's own CA must issue it
            "(the signer's certificate does not chain to the client's trust anchors named in "
            "the engagement file)",
        ),
    ],
)
def test_a_vendor_issued_certificate_in_the_clients_name_fails(
    world: World, tmp_path: Path, key: str, problem: str
) -> None:
    pdf = world.brief(tmp_path)
    assert world.sign(pdf, "sofia", "--as", "smarsh").exit_code == 0
    assert world.sign(pdf, key).exit_code == 0  # invisible: no place to check
    result = world.verify(pdf)
    assert result.exit_code == 1
    assert problem in result.stdout
    assert "  FAILED: no signature from the client (Dana Whitfield or Marco Alvarez)" in (
        result.stdout
    )
    assert pdfsig(pdf).count("Signature is Valid.") == 2


def _overlay(pdf: Path, key: Path, box: tuple[int, int, int, int]) -> None:
    """Sign ``pdf`` with a visible signature over ``box`` of page 1 whose appearance is a
    white box that says the fee at risk is 0%."""
    signer = signers.SimpleSigner.load_pkcs12(str(key), passphrase=None)
    assert signer is not None
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()), strict=False)
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name="Overlay", md_algorithm="sha256"),
        signer=signer,
        stamp_style=stamp.TextStampStyle(stamp_text="Fee at risk 0%%, no SLA", border_width=0),
        new_field_spec=fields.SigFieldSpec("Overlay", on_page=0, box=box),
    )
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out)
    pdf.write_bytes(out.getvalue())


@pytest.mark.parametrize(
    ("key", "problems"),
    [
        ("ravi", ["(Ravi Menon is not a signatory of this document)"]),
        (
            "sofia",
            [
                "(its appearance lies outside every signature place of the sign-off page)",
                "was added after every party had signed, and fills no empty signature place "
                "of its own",
            ],
        ),
    ],
    ids=["by-a-non-signatory", "by-a-signatory-after-completion"],
)
def test_a_signed_overlay_painted_over_page_one_fails(
    world: World, signed: Path, key: str, problems: list[str]
) -> None:
    _overlay(signed, world.keys[key], (40, 300, 560, 760))
    result = world.verify(signed)
    assert result.exit_code == 1
    for problem in problems:
        assert problem in result.stdout
    assert result.stdout.splitlines()[-1] == "  verdict: FAILED"
    assert pdfsig(signed).count("Signature is Valid.") == 3  # every signature is intact


def test_an_annotation_added_with_a_signature_fails(world: World, tmp_path: Path) -> None:
    pdf = world.brief(tmp_path)
    assert world.sign(pdf, "sofia", "--as", "smarsh").exit_code == 0
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()), strict=False)
    note = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
            generic.NameObject("/Rect"): generic.ArrayObject(
                [generic.FloatObject(v) for v in (40, 300, 560, 760)]
            ),
            generic.NameObject("/Contents"): generic.TextStringObject("Fee at risk 0%"),
        }
    )
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    annots = page.get("/Annots", generic.ArrayObject())
    annots.append(writer.add_object(note))
    page[generic.NameObject("/Annots")] = annots
    writer.update_container(page)
    signer = signers.SimpleSigner.load_pkcs12(str(world.keys["dana"]), passphrase=None)
    assert signer is not None
    out = io.BytesIO()
    signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name="Signature2", md_algorithm="sha256"), signer
    ).sign_pdf(writer, output=out)
    pdf.write_bytes(out.getvalue())
    result = world.verify(pdf)
    assert result.exit_code == 1
    assert "also adds a FreeText annotation, which can paint over the pages" in result.stdout
    assert "  FAILED: the update signed by Dana Whitfield (revision " in result.stdout


def test_verify_reports_as_json_for_tools(world: World, signed: Path) -> None:
    result = world.verify(signed, "--format", "json")
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.stdout)["files"]
    assert report["verdict"] == "OK"
    assert report["sha256"] == hashlib.sha256(signed.read_bytes()).hexdigest()
    vendor, client = report["signatures"]
    assert vendor["person"] == "smarsh"
    assert vendor["matched_by"] == "fingerprint"
    expected = pki.fingerprint(world.keys["sofia"], None).replace(":", "").lower()
    assert vendor["certificate_sha256"] == expected
    assert vendor["time_source"] == "the signer's clock"
    assert client["party"] == "client"
    assert client["matched_by"] == "e-mail"
    assert report["content"]["matches"] is True


def test_a_completion_record_of_a_fully_signed_pdf(world: World, signed: Path) -> None:
    record = signed.parent / "record.pdf"
    result = world.verify(signed, "--record", str(record))
    assert result.exit_code == 0, result.output
    text = " ".join(pdftotext(record).split())
    assert "Completion record" in text
    assert "Sofia Marsh for the vendor (certificate: Sofia Marsh (Harbor CX))" in text
    assert pki.fingerprint(world.keys["sofia"], None) in text
    assert "Dana Whitfield for the client" in text
    assert "by the certificate's e-mail address in the roster" in text
    assert "current, signed with their key" in text
    assert hashlib.sha256(signed.read_bytes()).hexdigest() in text  # as sha256sum prints it
    # the same verdict gives the same bytes, and an existing record is kept without --force
    first = record.read_bytes()
    assert world.verify(signed, "--record", str(record)).exit_code == 2
    assert world.verify(signed, "--record", str(record), "--force").exit_code == 0
    assert record.read_bytes() == first


def test_no_record_for_a_pdf_that_is_not_fully_signed(world: World, tmp_path: Path) -> None:
    pdf = world.brief(tmp_path)
    assert world.sign(pdf, "sofia", "--as", "smarsh").exit_code == 0
    record = tmp_path / "record.pdf"
    result = world.verify(pdf, "--record", str(record))
    assert result.exit_code == 1
    assert "no completion record: the PDF is not fully signed and current" in result.stderr
    assert not record.exists()
    inside = world.playbooks / "record.pdf"
    refused = world.verify(pdf, "--record", str(inside))
    assert refused.exit_code == 2
    assert not inside.exists()


def pdftotext(pdf: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout
