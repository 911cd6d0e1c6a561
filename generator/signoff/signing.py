"""PAdES signatures on playbook PDFs, made with pyHanko from a PKCS#12 key.

Each signature is appended as an incremental update, so the vendor and then the client
can sign the same PDF without disturbing earlier signatures. Signed ``as`` a person of
the sign-off page, the signature goes into a field over that person's signature area
(``signature-fields.json``, which the PDF carries, says where), with an appearance that
shows who signed, as what, when and with which certificate; otherwise it goes into a new
invisible field.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Final

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko import stamp
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError as PdfSyntaxError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.general import SigningError as PyhankoSigningError

from generator.credentials import fingerprint, lists_credentials, proof, shown_fingerprint
from generator.errors import PlaybookError
from generator.inputs import InputError, read_input
from generator.models import Person
from generator.pdf.engine import typeset_plain
from generator.pdf.reading import attachment, open_pdf
from generator.writing import write_bytes

#: Environment variable the key's passphrase is read from.
PASSPHRASE_ENV: Final = "PLAYBOOK_KEY_PASSPHRASE"


class SigningError(PlaybookError):
    """The PDF cannot be signed with this key; nothing was written."""


class PassphraseNeeded(SigningError):
    """The key file is encrypted and no passphrase was given."""


@dataclass(frozen=True)
class SigningKey:
    """A key and certificate, ready to sign."""

    signer: signers.SimpleSigner
    subject: str


#: The attachment that says where each signatory's area is.
AREAS_NAME: Final = "signature-fields.json"


@dataclass(frozen=True)
class SignatureArea:
    """Where one signatory's signature goes: the page (from 1) and the box in points,
    measured from the page's top left as the document was laid out."""

    person: str
    name: str
    role: str
    page: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Signed:
    """What :func:`sign_pdf` did."""

    output: Path
    field: str
    signer: str
    signatures: int


def load_key(path: Path, passphrase: str | None, now: datetime | None = None) -> SigningKey:
    """Read a PKCS#12 file and check its certificate is valid ``now``.

    Raises :class:`PassphraseNeeded` when the file is encrypted and ``passphrase`` is
    None, and :class:`SigningError` for anything else that stops signing.
    """
    try:
        data = read_input(path, _MAX_KEY_BYTES, "the key")
    except InputError as exc:
        raise SigningError(str(exc)) from None
    if not _is_pkcs12(data):
        raise SigningError(f"{path}: not a PKCS#12 key file (.p12 or .pfx) holding a key")
    secret = _unlock(path, data, passphrase)
    key, cert, _ = pkcs12.load_key_and_certificates(data, secret)
    if key is None or cert is None:
        raise SigningError(f"{path}: the file holds no private key with its certificate")
    _check_validity(path, cert, now or datetime.now(tz=UTC))
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, (), passphrase=secret)
    except (ValueError, TypeError, PyhankoSigningError) as exc:
        raise SigningError(f"{path}: cannot use this key for signing: {exc}") from None
    return SigningKey(signer, common_name(cert))


def common_name(cert: x509.Certificate) -> str:
    """The certificate's common name, or its whole subject when it has none."""
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def _unlock(path: Path, data: bytes, passphrase: str | None) -> bytes | None:
    """The passphrase that opens ``data``: the one given, or none for an unprotected file."""
    candidates = [None] if passphrase is None else [passphrase.encode("utf-8"), None]
    for secret in candidates:
        try:
            pkcs12.load_key_and_certificates(data, secret)
        except (ValueError, TypeError):
            continue
        return secret
    if passphrase is None:
        raise PassphraseNeeded(f"{path} is protected by a passphrase")
    raise SigningError(f"{path}: wrong passphrase for this key")


def _is_pkcs12(data: bytes) -> bool:
    try:
        pfx = asn1_pkcs12.Pfx.load(data)
        return pfx["auth_safe"]["content_type"].native in {"data", "signed_data"}
    except (ValueError, TypeError, KeyError):
        return False


def _check_validity(path: Path, cert: x509.Certificate, now: datetime) -> None:
    name = common_name(cert)
    if cert.not_valid_after_utc < now:
        raise SigningError(
            f"{path}: the certificate of {name} expired on "
            f"{cert.not_valid_after_utc:%Y-%m-%d}; sign with a current certificate"
        )
    if cert.not_valid_before_utc > now:
        raise SigningError(
            f"{path}: the certificate of {name} is valid only from "
            f"{cert.not_valid_before_utc:%Y-%m-%d}"
        )


def sign_pdf(
    pdf: Path,
    key: SigningKey,
    output: Path | None = None,
    *,
    tsa_url: str | None = None,
    reason: str | None = None,
    as_person: str | None = None,
    signed_on: date,
    roster: Mapping[str, Person] | None = None,
) -> Signed:
    """Add a PAdES signature of ``key`` to ``pdf`` (in place unless ``output`` is given),
    visible in ``as_person``'s area and dated ``signed_on`` when a person is named.

    The result is written to a temporary file and renamed, so a failure leaves no
    half-written PDF behind.
    """
    signed, data = signed_copy(
        pdf,
        key,
        output,
        tsa_url=tsa_url,
        reason=reason,
        as_person=as_person,
        signed_on=signed_on,
        roster=roster,
    )
    write_bytes(signed.output, data)
    return signed


def signed_copy(
    pdf: Path,
    key: SigningKey,
    output: Path | None = None,
    *,
    tsa_url: str | None = None,
    reason: str | None = None,
    as_person: str | None = None,
    signed_on: date,
    roster: Mapping[str, Person] | None = None,
) -> tuple[Signed, bytes]:
    """What :func:`sign_pdf` would write, and where, without writing it.

    With ``as_person`` (a roster id), the signature is visible in that person's area of
    the sign-off page, dated ``signed_on``, and the key must be theirs: one of the
    certificates ``roster`` lists for them, or, for someone who lists none (or without
    a roster), a certificate in their name.
    """
    opened = open_pdf(pdf)
    existing = [name for name, _, _ in fields.enumerate_sig_fields(opened.reader)]
    field, spec, style = _next_field(existing), None, None
    with contextlib.ExitStack() as stack:
        if as_person is not None:
            area = _area(pdf, opened.reader, as_person)
            _check_owner(key, area, (roster or {}).get(as_person))
            field = f"Signature-{as_person}"
            if field in existing:
                raise SigningError(f"{pdf}: `{as_person}` has signed this PDF already")
            # The appearance is a small PDF that pyHanko reads while it signs.
            scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            spec, style = _visible(opened.reader, area, field, key, signed_on, scratch)
        meta = signers.PdfSignatureMetadata(
            field_name=field,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason or f"Approval of {opened.manifest.title} {opened.manifest.version}",
        )
        timestamper = timestamps.HTTPTimeStamper(tsa_url) if tsa_url else None
        signer = signers.PdfSigner(
            meta, signer=key.signer, timestamper=timestamper, stamp_style=style, new_field_spec=spec
        )
        data = _sign(pdf, opened.data, signer, key, tsa_url)
    target = output or pdf
    return Signed(target, field, key.subject, len(existing) + 1), data


def _sign(
    pdf: Path, data: bytes, signer: signers.PdfSigner, key: SigningKey, tsa_url: str | None
) -> bytes:
    """``data`` signed; pyHanko's and the timestamp server's failures as one-line errors."""
    try:
        try:
            return _signed(data, signer, _reserve(key, timestamped=tsa_url is not None))
        except PyhankoSigningError:
            # The reserve was too small for this key's chain: let pyHanko measure it
            # with a dummy signature, as it does by default.
            return _signed(data, signer, None)
    except timestamps.TimestampRequestError as exc:
        raise SigningError(f"the timestamp server {tsa_url} did not answer: {exc}") from None
    except (PyhankoSigningError, PdfSyntaxError, OSError) as exc:
        raise SigningError(f"{pdf}: cannot sign: {' '.join(str(exc).split())}") from None


def _signed(data: bytes, signer: signers.PdfSigner, reserve: int | None) -> bytes:
    out = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    signer.sign_pdf(writer, output=out, bytes_reserved=reserve)
    return out.getvalue()


#: A PKCS#12 file holds a key and a few certificates: a few KB.
_MAX_KEY_BYTES: Final = 1024 * 1024
#: Room for the signature's own fields, and for a timestamp token with its chain.
_SIGNATURE_ROOM: Final = 4096
_TIMESTAMP_ROOM: Final = 12288


def _reserve(key: SigningKey, *, timestamped: bool) -> int:
    """Bytes to reserve for the signature, from the sizes of the certificates it carries.

    Reserving saves the dummy signature (and, with a timestamp server, the extra request)
    pyHanko otherwise makes to measure it.
    """
    signer = key.signer
    certificates = [signer.signing_cert, *signer.cert_registry]
    size = _SIGNATURE_ROOM + sum(len(cert.dump()) for cert in certificates if cert is not None)
    size += _TIMESTAMP_ROOM if timestamped else 0
    return size + size % 2  # the reserve is written as hex, two digits a byte


def signature_areas(reader: PdfFileReader) -> list[SignatureArea]:
    """The signatories' areas of the sign-off page, as the PDF records them."""
    raw = attachment(reader, AREAS_NAME)
    if raw is None:
        return []
    try:
        items = json.loads(raw)
        return [SignatureArea(**item) for item in items]
    except (ValueError, TypeError):
        return []


def _area(pdf: Path, reader: PdfFileReader, person: str) -> SignatureArea:
    areas = signature_areas(reader)
    found = next((a for a in areas if a.person == person), None)
    if found is not None:
        return found
    if not areas:
        raise SigningError(f"{pdf}: the PDF has no sign-off page with signature areas")
    named = ", ".join(f"`{a.person}` ({a.name})" for a in areas)
    raise SigningError(f"{pdf}: no signature area for `{person}`; the sign-off page has {named}")


def _check_owner(key: SigningKey, area: SignatureArea, person: Person | None) -> None:
    """Refuse a key that is not the person's whose place it would sign in."""
    cert = key.signer.signing_cert
    owner = person or Person(id=area.person, name=area.name, role=area.role, party="vendor")
    if proof(owner, cert) is not None:
        return
    if lists_credentials(owner):
        raise SigningError(
            f"the key's certificate ({key.subject}, SHA-256 "
            f"{shown_fingerprint(fingerprint(cert))}) is not one of the certificates the "
            f"roster lists for {owner.name}: sign in their place with their own key"
        )
    raise SigningError(
        f"the key is {key.subject}'s, not {owner.name}'s: sign in {owner.name}'s place "
        "with their own key"
    )


def _visible(
    reader: PdfFileReader,
    area: SignatureArea,
    field: str,
    key: SigningKey,
    when: date,
    scratch: Path,
) -> tuple[fields.SigFieldSpec, stamp.StaticStampStyle]:
    """The field over ``area``, and its appearance: name, role, date, certificate."""
    page = reader.root["/Pages"]["/Kids"][area.page - 1]
    height = float(page["/MediaBox"][3])
    box = (
        round(area.x),
        round(height - area.y - area.height),
        round(area.x + area.width),
        round(height - area.y),
    )
    data = {
        "name": area.name,
        "role": area.role,
        "date": f"{when:%-d %B %Y}",
        "subject": key.subject,
        "width": area.width,
        "height": area.height,
    }
    appearance = scratch / "signature.pdf"
    appearance.write_bytes(typeset_plain("stamp.typ", data))
    fill = layout.SimpleBoxLayoutRule(
        x_align=layout.AxisAlignment.ALIGN_MIN,
        y_align=layout.AxisAlignment.ALIGN_MIN,
        inner_content_scaling=layout.InnerScaling.STRETCH_FILL,
    )
    style = stamp.StaticStampStyle.from_pdf_file(
        str(appearance), border_width=0, background_opacity=1, background_layout=fill
    )
    spec = fields.SigFieldSpec(sig_field_name=field, on_page=area.page - 1, box=box)
    return spec, style


def _next_field(existing: list[str]) -> str:
    number = len(existing) + 1
    while f"Signature{number}" in existing:
        number += 1
    return f"Signature{number}"
