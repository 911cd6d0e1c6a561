"""`playbook verify` judges the whole file: every change after signing is signed, every
party has signed, and a damaged file gets a verdict, never a traceback."""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import keys
from asn1crypto import x509 as asn1_x509
from click.testing import CliRunner, Result
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from generator.cli import cli
from tests import pki
from tests.pdftools import pdfsig, typeset_examples


@dataclass(frozen=True)
class Signed:
    folder: Path
    ca: pki.Authority
    pdf: Path  # the brief, signed by the vendor and then the client

    def copy(self, tmp_path: Path, data: bytes | None = None) -> Path:
        target = tmp_path / "brief.pdf"
        target.write_bytes(self.pdf.read_bytes() if data is None else data)
        return target


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Signed:
    base = tmp_path_factory.mktemp("tampering")
    assert typeset_examples(base, "out", "northwind-support").exit_code == 0
    ca = pki.authority(base / "keys")
    pdf = Path(shutil.copy(base / "out" / "northwind-support" / "brief.pdf", base / "brief.pdf"))
    for name in ("Sofia Marsh", "Dana Whitfield"):
        key = ca.issue(base / "keys", name, passphrase=None)
        assert run("sign", str(pdf), "--key", str(key)).exit_code == 0
    return Signed(base, ca, pdf)


def verify(signed: Signed, pdf: Path) -> Result:
    return run("verify", str(pdf), "--trust", str(signed.ca.pem))


def _update(data: bytes, change: object) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    change(writer)  # type: ignore[operator]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_both_signatures_verify(signed: Signed) -> None:
    result = verify(signed, signed.pdf)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "  verdict: OK"


def test_an_unsigned_field_painted_over_the_page_fails(signed: Signed, tmp_path: Path) -> None:
    def overlay(writer: IncrementalPdfFileWriter) -> None:
        spec = fields.SigFieldSpec("Overlay", on_page=0, box=(50, 600, 500, 700))
        fields.append_signature_field(writer, spec)

    pdf = signed.copy(tmp_path, _update(signed.pdf.read_bytes(), overlay))
    result = verify(signed, pdf)
    assert result.exit_code == 1
    failed = [line for line in result.stdout.splitlines() if line.startswith("  FAILED: ")]
    assert len(failed) == 1
    assert failed[0].startswith(
        "  FAILED: an unsigned update after the signature of Dana Whitfield "
        "(revision 4 of the file) "
    )
    assert "adds or changes the form field `Overlay`" in failed[0]
    assert result.stdout.splitlines()[-1] == "  verdict: FAILED"


def test_a_changed_title_in_an_update_fails(signed: Signed, tmp_path: Path) -> None:
    def retitle(writer: IncrementalPdfFileWriter) -> None:
        info = writer.trailer["/Info"]
        info["/Title"] = generic.pdf_string("Fee at risk: 0%")
        writer.update_container(info)

    pdf = signed.copy(tmp_path, _update(signed.pdf.read_bytes(), retitle))
    result = verify(signed, pdf)
    assert result.exit_code == 1
    assert "changes the document information (title, author, dates)" in result.stdout


def test_bytes_after_the_last_signature_fail(signed: Signed, tmp_path: Path) -> None:
    pdf = signed.copy(tmp_path, signed.pdf.read_bytes() + b"\n% appended\n")
    result = verify(signed, pdf)
    assert result.exit_code == 1
    assert (
        "  FAILED: 12 bytes follow the last signature (of Dana Whitfield); no signature covers them"
    ) in result.stdout.splitlines()


def test_cutting_back_to_the_vendor_revision_names_the_missing_client(
    signed: Signed, tmp_path: Path
) -> None:
    data = signed.pdf.read_bytes()
    first = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    end = first.byte_range[2] + first.byte_range[3]
    pdf = signed.copy(tmp_path, data[:end])
    result = verify(signed, pdf)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "  FAILED: no signature from the client (Dana Whitfield or Marco Alvarez)" in lines
    # poppler sees one valid signature: only the completeness check catches the rollback
    assert pdfsig(pdf).count("Signature is Valid.") == 1


def test_every_flipped_byte_gets_a_verdict(signed: Signed, tmp_path: Path) -> None:
    data = signed.pdf.read_bytes()
    second = PdfFileReader(io.BytesIO(data)).embedded_signatures[1]
    start, length = second.byte_range[2], second.byte_range[3]
    outcomes = set()
    for step in range(13):
        at = start + (length * step) // 13
        flipped = bytearray(data)
        flipped[at] ^= 0x55
        pdf = signed.copy(tmp_path, bytes(flipped))
        result = verify(signed, pdf)
        assert result.exit_code in (1, 2), (at, result.output)
        assert "Traceback" not in result.output
        outcomes.add(result.exit_code)
        if result.exit_code == 1:
            assert result.stdout.splitlines()[-1] == "  verdict: FAILED"
        else:
            assert result.stderr.startswith("Error: ")
    assert 1 in outcomes


def _sign_directly(pdf: Path, key: Path) -> None:
    """Sign without `playbook sign`'s own checks, as another tool would."""
    signer = signers.SimpleSigner.load_pkcs12(str(key), passphrase=None)
    assert signer is not None
    # no key usage asked for: another tool may sign with any certificate
    meta = signers.PdfSignatureMetadata(field_name="Signature1", signer_key_usage=set())
    with pdf.open("rb") as handle:
        writer = IncrementalPdfFileWriter(handle, strict=False)
        out = io.BytesIO()
        signers.PdfSigner(meta, signer=signer).sign_pdf(writer, output=out)
    pdf.write_bytes(out.getvalue())


def test_a_digital_signature_only_certificate_verifies(signed: Signed, tmp_path: Path) -> None:
    key = signed.ca.issue(tmp_path, "Sofia Marsh", passphrase=None, non_repudiation=False)
    pdf = signed.copy(tmp_path, (signed.folder / "out/northwind-support/brief.pdf").read_bytes())
    assert run("sign", str(pdf), "--key", str(key)).exit_code == 0
    line = verify(signed, pdf).stdout.splitlines()[1]
    assert line.endswith(": intact, trusted, valid"), line


def test_an_expired_certificate_is_named_as_expired(signed: Signed, tmp_path: Path) -> None:
    key = signed.ca.issue(tmp_path, "Sofia Marsh", passphrase=None, expired=True)
    pdf = signed.copy(tmp_path, (signed.folder / "out/northwind-support/brief.pdf").read_bytes())
    _sign_directly(pdf, key)
    line = verify(signed, pdf).stdout.splitlines()[1]
    ended = (datetime.now(tz=UTC) - timedelta(days=35)).date().isoformat()
    assert line.endswith(
        f"NOT TRUSTED, INVALID (the signer's certificate expired on {ended}, before it signed)"
    ), line


def test_a_certificate_not_meant_for_signing_is_named_so(signed: Signed, tmp_path: Path) -> None:
    key = signed.ca.issue(
        tmp_path, "Sofia Marsh", passphrase=None, non_repudiation=False, digital_signature=False
    )
    pdf = signed.copy(tmp_path, (signed.folder / "out/northwind-support/brief.pdf").read_bytes())
    _sign_directly(pdf, key)
    line = verify(signed, pdf).stdout.splitlines()[1]
    assert line.endswith(
        "(the signer's certificate is not meant for signing (its key usage allows neither "
        "digitalSignature nor nonRepudiation))"
    ), line


def _document_timestamp(signed: Signed, data: bytes) -> bytes:
    cert, key = signed.ca.time_stamping()
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert), tsa_key=keys.PrivateKeyInfo.load(key)
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    out = io.BytesIO()
    signers.PdfTimeStamper(stamper).timestamp_pdf(writer, "sha256", output=out)
    return out.getvalue()


def test_a_document_timestamp_after_the_signatures_is_no_unsigned_change(
    signed: Signed, tmp_path: Path
) -> None:
    pdf = signed.copy(tmp_path, _document_timestamp(signed, signed.pdf.read_bytes()))
    result = verify(signed, pdf)
    assert result.exit_code == 0, result.output
    appended = signed.copy(tmp_path, pdf.read_bytes() + b"\n% appended\n")
    result = verify(signed, appended)
    assert result.exit_code == 1
    assert (
        "  FAILED: 12 bytes follow the last signature (of a document timestamp); "
        "no signature covers them"
    ) in result.stdout.splitlines()
