"""Is a signed playbook PDF authentic, complete, and does it still say what the playbook says?

Each signature is judged on pyHanko's overall verdict (``bottom_line``): intact bytes,
a trusted certificate chain, and no disallowed change after signing. pyHanko's own
policy accepts form filling after a signature, which would let anyone add a field whose
appearance paints over a page, so the file as a whole is judged strictly here: every
revision after the first signature must be a later signature (or a document
timestamp), the last one must cover every byte of the file, and each party the PDF
names as a signatory must have signed. The content check compares the digest the PDF
carries with the digest of the current YAML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext

from generator.config import Config
from generator.digest import short
from generator.errors import PlaybookError
from generator.inputs import InputError, read_input
from generator.loading import display_path
from generator.pdf.manifest import Manifest, Signatory
from generator.pdf.reading import OpenedPdf, open_pdf
from generator.portfolio import Playbook
from generator.validation import Result, validate

#: A certificate file (PEM or DER, perhaps a chain) is a few KB.
_MAX_CERTIFICATE_BYTES: Final = 1024 * 1024


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
    #: The signatory (from the PDF's sign-off page) whose name the certificate carries.
    signatory: Signatory | None = None


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
    #: What is wrong with the file as a whole: changes no signature covers, bytes after
    #: the last signature, parties that have not signed.
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Signed by every party, every signature valid, nothing unsigned added, and (when
        checked) the content is current."""
        return (
            bool(self.signatures)
            and all(s.valid for s in self.signatures)
            and not self.problems
            and (self.content is None or self.content.matches)
        )


def load_trust(paths: Sequence[Path]) -> list[asn1_x509.Certificate]:
    """Certificates (PEM or DER) to trust as roots."""
    roots: list[asn1_x509.Certificate] = []
    for path in paths:
        try:
            data = read_input(path, _MAX_CERTIFICATE_BYTES, "the certificate file")
        except InputError as exc:
            raise TrustError(str(exc)) from None
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
    current = playbooks_at(against, config) if against is not None else None
    return verify_many([pdf], trust, current)[0]


def playbooks_at(root: Path, config: Config | None = None) -> Result:
    """The validated playbooks under ``root``, to compare PDFs with."""
    if not root.is_dir():
        raise PlaybookError(f"{root}: no such folder (expected the playbooks folder)")
    return validate((root,), config)


def verify_many(
    pdfs: Sequence[Path], trust: Sequence[Path] = (), current: Result | None = None
) -> list[Verification]:
    """:func:`verify` for several PDFs: the trust roots read and the playbooks validated
    once for all of them (``current``, from :func:`playbooks_at`)."""
    roots = load_trust(trust)
    return [_verify_one(pdf, roots, current) for pdf in pdfs]


def _verify_one(
    pdf: Path, roots: list[asn1_x509.Certificate], current: Result | None
) -> Verification:
    opened = open_pdf(pdf)
    manifest = opened.manifest
    signed = [_judge(sig, roots, manifest) for sig in _signatures(opened)]
    checks = tuple(check for _, check, _ in signed)
    problems = (*_completeness(opened, signed), *_missing_parties(manifest, checks))
    content = check_content(manifest, current) if current is not None else None
    return Verification(pdf, manifest, checks, content, problems)


def _signatures(opened: OpenedPdf) -> list[EmbeddedPdfSignature]:
    try:
        return list(opened.reader.embedded_regular_signatures)
    except Exception as exc:  # a damaged file gets a verdict, not a traceback
        raise PlaybookError(f"{opened.path}: damaged PDF: {_words(exc)}") from None


#: Signing documents needs either usage; pyHanko's default asks for nonRepudiation only.
_KEY_USAGE: Final = KeyUsageConstraints(
    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
)


def _judge(
    sig: EmbeddedPdfSignature, roots: list[asn1_x509.Certificate], manifest: Manifest
) -> tuple[EmbeddedPdfSignature, SignatureCheck, PdfSignatureStatus | None]:
    field = str(getattr(sig, "field_name", "?"))
    context = (
        ValidationContext(trust_roots=roots, allow_fetching=False)
        if roots
        else ValidationContext(allow_fetching=False)
    )
    try:
        status = validate_pdf_signature(sig, context, key_usage_settings=_KEY_USAGE)
    except Exception as exc:  # any damage gets a verdict with its reason
        problem = f"the signature cannot be checked: {_words(exc)}"
        return sig, SignatureCheck(field, "unknown", None, False, False, False, problem), None
    signer = _common_name(status.signing_cert)
    stamp = status.timestamp_validity
    when = stamp.timestamp if stamp else status.signer_reported_dt
    authority = _common_name(stamp.signing_cert) if stamp else None
    intact = bool(status.intact and status.valid)
    valid = bool(status.bottom_line)
    problem = "" if valid else _reason(status, intact, authority)
    check = SignatureCheck(
        field,
        signer,
        when,
        intact,
        bool(status.trusted),
        valid,
        problem,
        authority,
        manifest.signatory(signer),
    )
    return sig, check, status


def _reason(status: PdfSignatureStatus, intact: bool, authority: str | None) -> str:
    """Why a signature is not valid, naming the real cause."""
    stamp = status.timestamp_validity
    if not intact:
        return "the signed bytes were changed after signing"
    if not status.trusted:
        return _trust_reason(status)
    if stamp is not None and not (stamp.intact and stamp.valid and stamp.trusted):
        return f"the timestamp of {authority} does not chain to a trusted root (see --trust)"
    if not status.docmdp_ok:
        return "the PDF was changed after signing in a way the signature does not allow"
    return status.summary()


def _trust_reason(status: PdfSignatureStatus) -> str:
    cert = status.signing_cert
    validity = cert["tbs_certificate"]["validity"]
    start, end = validity["not_before"].native, validity["not_after"].native
    when = status.signer_reported_dt
    if when is not None and end < when:
        return f"the signer's certificate expired on {end:%Y-%m-%d}, before it signed"
    if when is not None and when < start:
        return f"the signer's certificate was valid only from {start:%Y-%m-%d}"
    usage = cert.key_usage_value
    if usage is not None and not set(usage.native) & {"digital_signature", "non_repudiation"}:
        return (
            "the signer's certificate is not meant for signing (its key usage allows "
            "neither digitalSignature nor nonRepudiation)"
        )
    return "the signer's certificate does not chain to a trusted root (see --trust)"


def _changes(opened: OpenedPdf, revision: int) -> str:
    """What an unsigned revision changes, in words: fields, pages, the document information."""
    reader = opened.reader
    info = reader.trailer.raw_get("/Info") if "/Info" in reader.trailer else None
    seen: dict[str, None] = {}
    for ref in reader.xrefs.explicit_refs_in_revision(revision):
        thing = reader.get_object(ref)  # type: ignore[no-untyped-call]
        kind = thing.get("/Type") if hasattr(thing, "get") else None
        if info is not None and ref.idnum == getattr(info, "idnum", None):
            seen["the document information (title, author, dates)"] = None
        elif hasattr(thing, "get") and thing.get("/FT") is not None:
            seen[f"adds or changes the form field `{thing.get('/T', '?')}`"] = None
        elif kind == "/Page":
            seen["a page"] = None
        elif kind == "/Annot":
            seen["an annotation"] = None
        elif kind == "/Metadata":
            seen["the document's metadata"] = None
    if not seen:
        return "changes the file"
    words = [w if w.startswith("adds") else f"changes {w}" for w in seen]
    return ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") + words[-1]


def _completeness(
    opened: OpenedPdf,
    signed: list[tuple[EmbeddedPdfSignature, SignatureCheck, PdfSignatureStatus | None]],
) -> list[str]:
    """Every revision after the first signature is a signature; the last covers the file."""
    if not signed:
        return []
    problems: list[str] = []
    try:
        total = opened.reader.xrefs.total_revisions
        revisions = {sig.signed_revision: (sig, check, status) for sig, check, status in signed}
        stamps = {t.signed_revision: t for t in opened.reader.embedded_timestamp_signatures}
    except Exception as exc:  # damage gets a verdict, not a traceback
        return [f"the file's revisions cannot be read: {_words(exc)}"]
    first = min(revisions)
    for revision in range(first, total):
        if revision in revisions or revision in stamps:
            continue
        before = max(r for r in revisions if r < revision)
        check = revisions[before][1]
        try:
            did = _changes(opened, revision)
        except Exception:  # an unreadable change is still a change
            did = "changes the file"
        problems.append(
            f"an unsigned update after the signature of {check.signer} "
            f"(revision {revision + 1} of the file) {did}"
        )
    # The last revision must be signed (a document timestamp counts) and cover every byte.
    covering = {r: (sig, check.signer) for r, (sig, check, _) in revisions.items()}
    covering.update({r: (stamp, "a document timestamp") for r, stamp in stamps.items()})
    last = max(covering)
    if last == total - 1:
        last_sig, by = covering[last]
        try:
            coverage = last_sig.evaluate_signature_coverage()
        except Exception:  # reported as not covered
            coverage = SignatureCoverageLevel.UNCLEAR
        if coverage != SignatureCoverageLevel.ENTIRE_FILE:
            extra = len(opened.data) - (last_sig.byte_range[2] + last_sig.byte_range[3])
            problems.append(
                f"{extra:,} bytes follow the last signature (of {by}); no signature covers them"
            )
    return problems


def _missing_parties(manifest: Manifest, checks: tuple[SignatureCheck, ...]) -> list[str]:
    """A party the PDF names as a signatory that no valid signature comes from."""
    signed = {c.signatory.party for c in checks if c.valid and c.signatory is not None}
    missing = []
    for party in dict.fromkeys(s.party for s in manifest.signatories):
        if party not in signed:
            names = " or ".join(s.name for s in manifest.signatories if s.party == party)
            missing.append(f"no signature from the {party} ({names})")
    return missing


def _common_name(cert: asn1_x509.Certificate) -> str:
    subject = cert.subject
    return str(subject.native.get("common_name") or subject.human_friendly)


def check_content(manifest: Manifest, current: Result) -> ContentCheck:
    """Compare the PDF's digest with the current digest of its document in ``current``."""
    root = display_path(current.portfolio.root)
    playbook = current.portfolio.get(manifest.engagement)
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
