"""Is a signed playbook PDF authentic, and does it still say what the playbook says?

Each signature is judged on pyHanko's overall verdict (``bottom_line``): intact bytes,
a trusted certificate chain, and no disallowed change after signing. The content check
compares the digest the PDF carries with the digest of the current YAML.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko_certvalidator import ValidationContext

from generator.config import Config
from generator.digest import short
from generator.errors import PlaybookError
from generator.pdf.manifest import Manifest
from generator.pdf.reading import open_pdf
from generator.portfolio import Playbook
from generator.validation import validate

# pyHanko logs every failed check with a traceback; the verdicts say all a user needs.
logging.getLogger("pyhanko").addHandler(logging.NullHandler())
logging.getLogger("pyhanko").propagate = False


class TrustError(PlaybookError):
    """A certificate given with --trust cannot be read."""


@dataclass(frozen=True)
class SignatureCheck:
    """One signature and the verdict on it."""

    field: str
    signer: str
    when: datetime | None
    intact: bool
    trusted: bool
    valid: bool
    problem: str = ""
    #: The timestamp authority that vouches for ``when``; None: the signer's own clock.
    timestamped_by: str | None = None


@dataclass(frozen=True)
class ContentCheck:
    """The PDF's content digest against the current YAML."""

    source: str
    built_from: str
    current: str | None
    problem: str = ""

    @property
    def matches(self) -> bool:
        return self.current == self.built_from and not self.problem


@dataclass(frozen=True)
class Verification:
    """Everything ``playbook verify`` found about one PDF."""

    pdf: Path
    manifest: Manifest
    signatures: tuple[SignatureCheck, ...]
    content: ContentCheck | None

    @property
    def ok(self) -> bool:
        """Signed, every signature valid, and (when checked) the content is current."""
        return (
            bool(self.signatures)
            and all(s.valid for s in self.signatures)
            and (self.content is None or self.content.matches)
        )


def load_trust(paths: Sequence[Path]) -> list[asn1_x509.Certificate]:
    """Certificates (PEM or DER) to trust as roots."""
    roots: list[asn1_x509.Certificate] = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise TrustError(f"cannot read the certificate {path}: {exc.strerror or exc}") from None
        try:
            if asn1_pem.detect(data):
                roots.extend(
                    asn1_x509.Certificate.load(der)
                    for kind, _, der in asn1_pem.unarmor(data, multiple=True)
                    if kind == "CERTIFICATE"
                )
            else:
                cert = asn1_x509.Certificate.load(data)
                cert.native  # parses lazily; fail here, not during validation  # noqa: B018
                roots.append(cert)
        except (ValueError, TypeError) as exc:
            raise TrustError(f"{path}: not an X.509 certificate (PEM or DER): {exc}") from None
    return roots


def verify(
    pdf: Path,
    trust: Sequence[Path] = (),
    against: Path | None = None,
    config: Config | None = None,
) -> Verification:
    """Check every signature of ``pdf`` and, with ``against``, its content digest."""
    roots = load_trust(trust)
    opened = open_pdf(pdf)
    checks = tuple(_check(sig, roots) for sig in opened.reader.embedded_regular_signatures)
    content = check_content(opened.manifest, against, config) if against is not None else None
    return Verification(pdf, opened.manifest, checks, content)


def _check(sig: object, roots: list[asn1_x509.Certificate]) -> SignatureCheck:
    field = str(getattr(sig, "field_name", "?"))
    context = (
        ValidationContext(trust_roots=roots, allow_fetching=False)
        if roots
        else ValidationContext(allow_fetching=False)
    )
    try:
        status = validate_pdf_signature(sig, context)  # type: ignore[arg-type]
    except (SignatureValidationError, ValueError, KeyError, TypeError) as exc:
        return SignatureCheck(field, "unknown", None, False, False, False, _words(exc))
    signer = _common_name(status.signing_cert)
    stamp = status.timestamp_validity
    when = stamp.timestamp if stamp else status.signer_reported_dt
    authority = _common_name(stamp.signing_cert) if stamp else None
    intact = bool(status.intact and status.valid)
    valid = bool(status.bottom_line)
    problem = ""
    if not valid:
        if not intact:
            problem = "the signed bytes were changed after signing"
        elif not status.trusted:
            problem = "the signer's certificate does not chain to a trusted root (see --trust)"
        elif stamp is not None and not (stamp.intact and stamp.valid and stamp.trusted):
            problem = f"the timestamp of {authority} does not chain to a trusted root (see --trust)"
        elif not status.docmdp_ok:
            problem = "the PDF was changed after signing in a way the signature does not allow"
        else:
            problem = status.summary()
    return SignatureCheck(
        field, signer, when, intact, bool(status.trusted), valid, problem, authority
    )


def _common_name(cert: asn1_x509.Certificate) -> str:
    subject = cert.subject
    return str(subject.native.get("common_name") or subject.human_friendly)


def check_content(manifest: Manifest, root: Path, config: Config | None = None) -> ContentCheck:
    """Compare the PDF's digest with the current digest of its document under ``root``."""
    if not root.is_dir():
        raise PlaybookError(f"{root}: no such folder (expected the playbooks folder)")
    result = validate((root,), config)
    playbook = result.portfolio.get(manifest.engagement)
    where = f"{manifest.engagement}/{manifest.source}"
    if playbook is None:
        return ContentCheck(
            where,
            manifest.digest,
            None,
            f"no engagement `{manifest.engagement}` in {root} (or its engagement file has errors)",
        )
    if manifest.parts:
        return _check_parts(manifest, playbook)
    doc = next((d for d in playbook.documents() if d.kind == manifest.kind), None)
    if doc is None:
        return ContentCheck(
            where,
            manifest.digest,
            None,
            f"the engagement has no valid {manifest.kind} now (run `playbook validate`)",
        )
    shown = doc.source.display
    if doc.digest != manifest.digest:
        return ContentCheck(
            shown,
            manifest.digest,
            doc.digest,
            f"the content changed since this PDF was built: the PDF has "
            f"{short(manifest.digest)}, {shown} now has {short(doc.digest)}",
        )
    return ContentCheck(shown, manifest.digest, doc.digest)


def _check_parts(manifest: Manifest, playbook: Playbook) -> ContentCheck:
    """A packet: every document it was built from must still have the digest it had."""
    current = {d.kind: d for d in playbook.documents() if d.kind != "MetricCatalog"}
    changed = []
    for part in manifest.parts:
        doc = current.get(part.kind)
        if doc is None:
            changed.append(f"{part.source} is gone or has errors")
        elif doc.digest != part.digest:
            shown = doc.source.display
            changed.append(f"{shown} now has {short(doc.digest)}, not {short(part.digest)}")
    folder = playbook.folder.name
    if changed:
        problem = "the content changed since this PDF was built: " + "; ".join(changed)
        return ContentCheck(folder, manifest.digest, None, problem)
    return ContentCheck(folder, manifest.digest, manifest.digest)


def _words(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
