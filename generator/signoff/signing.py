"""PAdES signatures on playbook PDFs, made with pyHanko from a PKCS#12 key.

Each signature goes into a new invisible field, appended as an incremental update, so
the vendor and then the client can sign the same PDF without disturbing earlier
signatures. The visible sign-off block is part of the typeset document itself.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError as PdfSyntaxError
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.general import SigningError as PyhankoSigningError

from generator.errors import PlaybookError
from generator.pdf.reading import open_pdf
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
        data = path.read_bytes()
    except OSError as exc:
        raise SigningError(f"cannot read the key {path}: {exc.strerror or exc}") from None
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
) -> Signed:
    """Add a PAdES signature of ``key`` to ``pdf`` (in place unless ``output`` is given).

    The result is written to a temporary file and renamed, so a failure leaves no
    half-written PDF behind.
    """
    signed, data = signed_copy(pdf, key, output, tsa_url=tsa_url, reason=reason)
    write_bytes(signed.output, data)
    return signed


def signed_copy(
    pdf: Path,
    key: SigningKey,
    output: Path | None = None,
    *,
    tsa_url: str | None = None,
    reason: str | None = None,
) -> tuple[Signed, bytes]:
    """What :func:`sign_pdf` would write, and where, without writing it."""
    opened = open_pdf(pdf)
    existing = [name for name, _, _ in fields.enumerate_sig_fields(opened.reader)]
    field = _next_field(existing)
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or f"Approval of {opened.manifest.title} {opened.manifest.version}",
    )
    timestamper = timestamps.HTTPTimeStamper(tsa_url) if tsa_url else None
    signer = signers.PdfSigner(meta, signer=key.signer, timestamper=timestamper)
    try:
        try:
            data = _signed(opened.data, signer, _reserve(key, timestamped=tsa_url is not None))
        except PyhankoSigningError:
            # The reserve was too small for this key's chain: let pyHanko measure it
            # with a dummy signature, as it does by default.
            data = _signed(opened.data, signer, None)
    except timestamps.TimestampRequestError as exc:
        raise SigningError(f"the timestamp server {tsa_url} did not answer: {exc}") from None
    except (PyhankoSigningError, PdfSyntaxError, OSError) as exc:
        raise SigningError(f"{pdf}: cannot sign: {' '.join(str(exc).split())}") from None
    target = output or pdf
    return Signed(target, field, key.subject, len(existing) + 1), data


def _signed(data: bytes, signer: signers.PdfSigner, reserve: int | None) -> bytes:
    out = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    signer.sign_pdf(writer, output=out, bytes_reserved=reserve)
    return out.getvalue()


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


def _next_field(existing: list[str]) -> str:
    number = len(existing) + 1
    while f"Signature{number}" in existing:
        number += 1
    return f"Signature{number}"
