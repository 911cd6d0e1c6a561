"""`playbook sign` and `playbook verify` on real PDFs with a throwaway CA, checked by pdfsig too."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from asn1crypto import keys, tsp, x509
from click.testing import CliRunner, Result
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

import generator.signoff.signing
import generator.signoff.verification
from generator.cli import cli
from generator.signoff.verification import load_trust
from tests import examples, pki
from tests.conftest import replace_in
from tests.pdftools import pdfsig, typeset_examples


@dataclass(frozen=True)
class Setup:
    base: Path
    ca: pki.Authority
    vendor_key: Path
    protected_key: Path
    client_key: Path
    expired_key: Path
    open_key: Path
    stranger_ca: pki.Authority

    @property
    def brief(self) -> Path:
        return self.base / "out" / "northwind-support" / "brief.pdf"

    @property
    def playbooks(self) -> Path:
        return self.base / "playbooks"


def run(*args: str, input: str | None = None, passphrase: str | None = pki.PASSPHRASE) -> Result:
    env = {"PLAYBOOK_KEY_PASSPHRASE": passphrase}
    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    base = tmp_path_factory.mktemp("signing")
    result = typeset_examples(base, "out", "northwind-support")
    assert result.exit_code == 0, result.output
    keys = base / "keys"
    ca = pki.authority(keys)
    return Setup(
        base,
        ca,
        # the keys the examples' roster lists for its signatories
        vendor_key=pki.example_p12("smarsh"),
        client_key=pki.example_p12("dwhitfield"),
        protected_key=ca.issue(keys, "Protected Signer"),
        expired_key=ca.issue(keys, "Old Signer", expired=True),
        open_key=ca.issue(keys, "Open Signer", passphrase=None),
        stranger_ca=pki.authority(base / "stranger", "Stranger CA"),
    )


@pytest.fixture
def pdf(setup: Setup, tmp_path: Path) -> Path:
    """A fresh unsigned copy of the brief."""
    return Path(shutil.copy(setup.brief, tmp_path / "brief.pdf"))


def verify(setup: Setup, path: Path, *extra: str) -> Result:
    trust = pki.roots(setup.base / "roots", setup.ca.pem)
    return run("verify", str(path), "--trust", str(trust), *extra)


def test_signed_pdf_passes_verify_and_pdfsig(setup: Setup, pdf: Path) -> None:
    result = run("sign", str(pdf), "--key", str(setup.vendor_key))
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f"Signed {pdf} as Sofia Marsh (field Signature1; 1 signature in the PDF).\n"
    )
    # The vendor's signature is valid, but the client's is still missing.
    checked = verify(setup, pdf, "--against", str(setup.playbooks))
    assert checked.exit_code == 1, checked.output
    lines = checked.stdout.splitlines()
    assert lines[0] == f"{pdf}: Engagement brief 1.2 of northwind-support"
    assert lines[1].startswith("  Signature1: signed by Sofia Marsh for the vendor at ")
    assert lines[1].endswith(" (by the signer's clock): intact, trusted, valid")
    # The examples list no certificates: the match is by name, and said to be the weakest.
    # the examples' roster lists her certificate: it is hers by its fingerprint
    assert lines[2] == "    matched to Sofia Marsh by the certificate's fingerprint in the roster"
    assert lines[3] == "  FAILED: no signature from the client (Dana Whitfield or Marco Alvarez)"
    assert lines[-1] == "  verdict: FAILED"
    report = pdfsig(pdf)
    assert "Signer Certificate Common Name: Sofia Marsh" in report
    assert "Signature Validation: Signature is Valid." in report
    assert run("sign", str(pdf), "--key", str(setup.client_key)).exit_code == 0
    checked = verify(setup, pdf, "--against", str(setup.playbooks))
    assert checked.exit_code == 0, checked.output
    lines = checked.stdout.splitlines()
    assert lines[3].startswith("  Signature2: signed by Dana Whitfield for the client at ")
    assert lines[5].startswith("  content: matches ")
    assert lines[5].endswith("brief.yaml (sha256:1cecb6bd1b5e...)")
    assert lines[-1] == "  verdict: OK"


def test_second_signer_keeps_the_first_signature_valid(setup: Setup, pdf: Path) -> None:
    assert run("sign", str(pdf), "--key", str(setup.vendor_key)).exit_code == 0
    second = run("sign", str(pdf), "--key", str(setup.client_key))
    assert second.exit_code == 0, second.output
    assert "field Signature2; 2 signatures in the PDF" in second.stdout
    checked = verify(setup, pdf)
    assert checked.exit_code == 0, checked.output
    assert "Signature1: signed by Sofia Marsh" in checked.stdout
    assert "Signature2: signed by Dana Whitfield" in checked.stdout
    assert checked.stdout.count(": intact, trusted, valid") == 2
    report = pdfsig(pdf)
    assert report.count("Signature Validation: Signature is Valid.") == 2
    # and pyHanko on its own agrees about the first signature
    with pdf.open("rb") as handle:
        first = PdfFileReader(handle).embedded_signatures[0]
        roots = load_trust([pki.roots(setup.base / "roots", setup.ca.pem)])
        status = validate_pdf_signature(first, ValidationContext(trust_roots=roots))
        assert status.bottom_line


def test_flipping_one_signed_byte_fails_verify_and_pdfsig(setup: Setup, pdf: Path) -> None:
    assert run("sign", str(pdf), "--key", str(setup.vendor_key)).exit_code == 0
    data = pdf.read_bytes()
    at = data.index(b'<rdf:li xml:lang="x-default">Engagement brief') + len(
        b'<rdf:li xml:lang="x-default">'
    )
    assert data[at : at + 1] == b"E"  # the title in the document's metadata
    pdf.write_bytes(data[:at] + b"e" + data[at + 1 :])
    checked = verify(setup, pdf)
    assert checked.exit_code == 1
    assert "NOT INTACT" in checked.stdout
    assert "(the signed bytes were changed after signing)" in checked.stdout
    assert checked.stdout.splitlines()[-1] == "  verdict: FAILED"
    report = pdfsig(pdf)
    assert "Signature is Valid" not in report
    assert "Digest Mismatch" in report


def test_untrusted_signer_fails(setup: Setup, pdf: Path) -> None:
    assert run("sign", str(pdf), "--key", str(setup.vendor_key)).exit_code == 0
    checked = run("verify", str(pdf), "--trust", str(setup.stranger_ca.pem))
    assert checked.exit_code == 1
    assert "intact, NOT TRUSTED, INVALID" in checked.stdout
    assert "does not chain to a trusted root" in checked.stdout


def test_unsigned_pdf_does_not_pass(setup: Setup, pdf: Path) -> None:
    checked = verify(setup, pdf)
    assert checked.exit_code == 1
    assert "  not signed: sign it with `playbook sign`" in checked.stdout


def test_changing_a_target_after_approval_fails_validate_and_verify(
    setup: Setup, pdf: Path, tmp_path: Path
) -> None:
    assert run("sign", str(pdf), "--key", str(setup.vendor_key)).exit_code == 0
    playbooks = Path(shutil.copytree(setup.playbooks, tmp_path / "playbooks"))
    brief = playbooks / "northwind-support" / "brief.yaml"
    replace_in(
        brief,
        "      - metric: csat\n        comparator: at-least\n        value: 88",
        "      - metric: csat\n        comparator: at-least\n        value: 85",
    )
    (tmp_path / "playbook.toml").write_text('root = "playbooks"\n')
    checked = verify(setup, pdf, "--against", str(playbooks))
    assert checked.exit_code == 1
    assert "intact, trusted, valid" in checked.stdout
    assert "  content: MISMATCH: the content changed since this PDF was built: the PDF has " in (
        checked.stdout
    )
    validated = run("validate", "--config", str(tmp_path / "playbook.toml"))
    assert validated.exit_code == 1
    assert "PB602" in validated.stdout
    assert "brief.yaml" in validated.stdout


def test_signing_refuses_what_is_not_ours(setup: Setup, tmp_path: Path) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("hello")
    result = run("sign", str(text), "--key", str(setup.vendor_key))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {text}: not a PDF (it does not start with %PDF-)\n"
    foreign = tmp_path / "foreign.pdf"
    foreign.write_bytes(_plain_pdf())
    result = run("sign", str(foreign), "--key", str(setup.vendor_key))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {foreign}: not a playbook PDF (it carries no playbook-content.json; "
        "build it with `playbook pdf`)\n"
    )
    assert foreign.read_bytes() == _plain_pdf()


def _plain_pdf() -> bytes:
    import typst  # noqa: PLC0415 - a PDF that is not a playbook PDF

    return bytes(typst.compile(b"Hello", timestamp=0))


def test_truncated_pdf_is_an_error(setup: Setup, pdf: Path) -> None:
    assert run("sign", str(pdf), "--key", str(setup.vendor_key)).exit_code == 0
    pdf.write_bytes(pdf.read_bytes()[: len(pdf.read_bytes()) // 2])
    result = verify(setup, pdf)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {pdf}: the PDF is truncated (no end-of-file marker)\n"


@pytest.mark.parametrize(
    ("key", "passphrase", "message"),
    [
        ("protected_key", "not it", "{key}: wrong passphrase for this key"),
        ("expired_key", pki.PASSPHRASE, "{key}: the certificate of Old Signer expired on "),
        ("pem", pki.PASSPHRASE, "{key}: not a PKCS#12 key file (.p12 or .pfx) holding a key"),
        ("missing", pki.PASSPHRASE, "cannot read the key {key}: No such file or directory"),
    ],
)
def test_bad_keys_are_one_line_errors_and_leave_the_pdf_alone(
    setup: Setup, pdf: Path, key: str, passphrase: str, message: str
) -> None:
    path = {"pem": setup.ca.pem, "missing": setup.base / "nope.p12"}.get(key) or getattr(setup, key)
    before = pdf.read_bytes()
    result = run("sign", str(pdf), "--key", str(path), passphrase=passphrase)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: " + message.format(key=path))
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert pdf.read_bytes() == before
    assert sorted(p.name for p in pdf.parent.iterdir()) == ["brief.pdf"]


def test_missing_passphrase_without_a_terminal(setup: Setup, pdf: Path) -> None:
    result = CliRunner().invoke(
        cli, ["sign", str(pdf), "--key", str(setup.protected_key)], env={}, input=""
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {setup.protected_key} is protected by a passphrase: set PLAYBOOK_KEY_PASSPHRASE "
        "or type it when asked in a terminal\n"
    )


def test_passphrase_can_be_piped_and_never_is_an_option(setup: Setup, pdf: Path) -> None:
    result = run(
        "sign",
        str(pdf),
        "--key",
        str(setup.protected_key),
        input=pki.PASSPHRASE + "\n",
        passphrase=None,
    )
    assert result.exit_code == 0, result.output
    assert pki.PASSPHRASE not in result.output
    assert "--passphrase" not in run("sign", "--help").stdout


def test_unprotected_key_signs_even_with_a_passphrase_set(setup: Setup, pdf: Path) -> None:
    out = pdf.parent / "signed.pdf"
    result = run("sign", str(pdf), "--key", str(setup.open_key), "-o", str(out))
    assert result.exit_code == 0, result.output
    lines = verify(setup, out).stdout.splitlines()
    assert lines[1].startswith("  Signature1: signed by Open Signer (not a signatory) at ")
    # intact and trusted, but a signature by someone the document does not ask for
    assert lines[1].endswith(
        ": intact, trusted, INVALID (Open Signer is not a signatory of this document)"
    )
    assert verify(setup, pdf).exit_code == 1  # the input was left unsigned


def test_bad_trust_certificate_is_an_error(setup: Setup, pdf: Path) -> None:
    result = run("verify", str(pdf), "--trust", str(setup.vendor_key))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {setup.vendor_key}: not an X.509 certificate")


def test_unreachable_timestamp_server_is_an_error_and_leaves_the_pdf(
    setup: Setup, pdf: Path
) -> None:
    before = pdf.read_bytes()
    url = "http://127.0.0.1:9/"  # the discard port on this machine: nothing answers there
    result = run("sign", str(pdf), "--key", str(setup.vendor_key), "--tsa", url)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: the timestamp server {url} did not answer")
    assert pdf.read_bytes() == before


@contextlib.contextmanager
def timestamp_server(authority: pki.Authority) -> Iterator[str]:
    """A local RFC 3161 timestamp server whose certificate ``authority`` issued."""
    cert, key = authority.time_stamping()
    stamper = DummyTimeStamper(
        tsa_cert=x509.Certificate.load(cert), tsa_key=keys.PrivateKeyInfo.load(key)
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            reply = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_timestamped_signature_shows_the_authority_and_its_time(setup: Setup, pdf: Path) -> None:
    with timestamp_server(setup.ca) as url:
        result = run("sign", str(pdf), "--key", str(setup.vendor_key), "--tsa", url)
    assert result.exit_code == 0, result.output
    assert run("sign", str(pdf), "--key", str(setup.client_key)).exit_code == 0
    checked = verify(setup, pdf)
    assert checked.exit_code == 0, checked.output
    line = checked.stdout.splitlines()[1]
    assert line.startswith("  Signature1: signed by Sofia Marsh for the vendor at ")
    assert line.endswith(" (timestamped by Test Timestamp Authority): intact, trusted, valid")
    report = pdfsig(pdf)
    assert "Signature Validation: Signature is Valid." in report
    assert "Signer Certificate Common Name: Sofia Marsh" in report


def test_timestamp_from_an_untrusted_authority_fails_verify(setup: Setup, pdf: Path) -> None:
    with timestamp_server(setup.stranger_ca) as url:
        result = run("sign", str(pdf), "--key", str(setup.vendor_key), "--tsa", url)
    assert result.exit_code == 0, result.output
    checked = verify(setup, pdf)
    assert checked.exit_code == 1
    assert checked.stdout.splitlines()[1].endswith(
        ": intact, trusted, INVALID (the timestamp of Test Timestamp Authority does not "
        "chain to a trusted root (see --trust))"
    )


def test_sign_o_refuses_an_existing_file_without_force(setup: Setup, pdf: Path) -> None:
    out = pdf.parent / "signed.pdf"
    out.write_bytes(b"the user's own file")
    result = run("sign", str(pdf), "--key", str(setup.vendor_key), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {out} exists; add --force to replace it\n"
    assert out.read_bytes() == b"the user's own file"
    forced = run("sign", str(pdf), "--key", str(setup.vendor_key), "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert "Signature1: signed by Sofia Marsh" in verify(setup, out).stdout


def test_several_pdfs_are_signed_in_one_call(setup: Setup, tmp_path: Path) -> None:
    folder = setup.brief.parent
    pdfs = [Path(shutil.copy(path, tmp_path / path.name)) for path in sorted(folder.glob("*.pdf"))]
    result = run("sign", *map(str, pdfs), "--key", str(setup.vendor_key))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Signed {pdf} as Sofia Marsh (field Signature1; 1 signature in the PDF)." for pdf in pdfs
    ]
    checked = run("verify", *map(str, pdfs), "--trust", str(setup.ca.pem))
    assert checked.stdout.count("Signature1: signed by Sofia Marsh for the vendor") == len(pdfs)


def test_a_batch_with_one_unsignable_file_changes_none(setup: Setup, tmp_path: Path) -> None:
    good = Path(shutil.copy(setup.brief, tmp_path / "brief.pdf"))
    before = good.read_bytes()
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"not a pdf")
    result = run("sign", str(good), str(bad), "--key", str(setup.vendor_key))
    assert result.exit_code == 2
    assert "notes.pdf: not a PDF" in result.stderr
    assert good.read_bytes() == before


def test_o_takes_one_pdf(setup: Setup, pdf: Path) -> None:
    result = run("sign", str(pdf), str(pdf), "--key", str(setup.vendor_key), "-o", "x.pdf")
    assert result.exit_code == 2
    assert "-o takes one PDF; several are signed in place" in result.stderr


def test_verify_validates_the_playbooks_once_for_many_pdfs(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    real = generator.signoff.verification.validate

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(generator.signoff.verification, "validate", counted)
    pdfs = [
        str(shutil.copy(p, tmp_path / p.name)) for p in sorted(setup.brief.parent.glob("*.pdf"))
    ]
    result = run("verify", *pdfs, "--trust", str(setup.ca.pem), "--against", str(setup.playbooks))
    assert len(pdfs) == len(examples.pdfs("northwind-support")) > 1
    assert result.stdout.count("  content: matches ") == len(pdfs)
    assert len(calls) == 1


def test_a_reserve_too_small_for_the_signature_falls_back_to_measuring_it(
    setup: Setup, pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generator.signoff.signing, "_SIGNATURE_ROOM", 2)  # far below any chain
    result = run("sign", str(pdf), "--key", str(setup.vendor_key))
    assert result.exit_code == 0, result.output
    assert "Signature1: signed by Sofia Marsh for the vendor" in verify(setup, pdf).stdout
    assert "Signature is Valid." in pdfsig(pdf)


def test_visible_signatures_show_who_signed_in_their_places(setup: Setup, pdf: Path) -> None:
    vendor = run("sign", str(pdf), "--key", str(setup.vendor_key), "--as", "smarsh")
    assert vendor.exit_code == 0, vendor.output
    assert vendor.stdout == (
        f"Signed {pdf} as Sofia Marsh (field Signature-smarsh; 1 signature in the PDF).\n"
    )
    client = run("sign", str(pdf), "--key", str(setup.client_key), "--as", "dwhitfield")
    assert client.exit_code == 0, client.output
    # Both signatures are valid, the vendor's kept intact by the client's update.
    report = pdfsig(pdf)
    assert report.count("Signature Validation: Signature is Valid.") == 2
    assert verify(setup, pdf).exit_code == 0
    # The sign-off page, as a reader sees it, shows both: name, role, date, certificate.
    page = _last_page_text(pdf)
    assert "Signed by Dana Whitfield" in page
    assert "VP Customer Experience (executive sponsor) · 1 December 2026" in page
    assert "Certificate: Dana Whitfield" in page
    assert "Signed by Sofia Marsh" in page
    png = _last_page_png(pdf)
    assert png.stat().st_size > 10_000


def test_signing_as_someone_without_a_place_is_refused(setup: Setup, pdf: Path) -> None:
    before = pdf.read_bytes()
    result = run("sign", str(pdf), "--key", str(setup.vendor_key), "--as", "gkim")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {pdf}: no signature area for `gkim`; the sign-off page has `dwhitfield` "
        "(Dana Whitfield), `smarsh` (Sofia Marsh)\n"
    )
    assert pdf.read_bytes() == before
    assert run("sign", str(pdf), "--key", str(setup.vendor_key), "--as", "smarsh").exit_code == 0
    again = run("sign", str(pdf), "--key", str(setup.vendor_key), "--as", "smarsh")
    assert again.exit_code == 2
    assert again.stderr == f"Error: {pdf}: `smarsh` has signed this PDF already\n"


def _last_page(pdf: Path) -> str:
    with pdf.open("rb") as handle:
        return str(len(PdfFileReader(handle).root["/Pages"]["/Kids"]))


def _last_page_text(pdf: Path) -> str:
    import subprocess  # noqa: PLC0415

    last = _last_page(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", "-f", last, "-l", last, str(pdf), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return " ".join(done.stdout.split())


def _last_page_png(pdf: Path) -> Path:
    import subprocess  # noqa: PLC0415

    out, last = pdf.with_suffix(""), _last_page(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", last, "-l", last, "-singlefile", str(pdf), str(out)],
        check=True,
    )  # fmt: skip
    return out.with_suffix(".png")
