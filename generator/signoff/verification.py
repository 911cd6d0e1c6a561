"""Is a signed playbook PDF authentic, complete, and does it still say what the playbook says?

Each signature is judged on pyHanko's overall verdict (``bottom_line``): intact bytes,
a trusted certificate chain, and no disallowed change after signing. pyHanko's own
policy accepts form filling after a signature, which would let anyone add a field whose
appearance paints over a page, so the file as a whole is judged strictly here: every
revision after the first signature must be a later signature (or a document
timestamp), the last one must cover every byte of the file, and each party the PDF
names as a signatory must have signed. The content check compares the digest the PDF
carries with the digest of the current YAML.

Who signed is read from the roster when the playbooks are given (``--against``): a
signature counts for a signatory whose listed certificate (or certificate e-mail) it
carries, chaining to that party's own trust anchors, in that person's own place; by
name alone only for someone who lists no certificate, and said so. Once every party has
signed, a later signature must fill an empty signature place of its own signatory, and
no signed update may add an annotation that paints over the pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from asn1crypto import x509 as asn1_x509
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext

from generator.approved import approved_digest, changes, reader_party, shown
from generator.audience import AUDIENCES, for_audience
from generator.config import Config
from generator.credentials import (
    CertificateError,
    Match,
    Proof,
    anchors,
    common_name,
    fingerprint,
    identify,
    read_certificates,
    shown_fingerprint,
)
from generator.digest import short
from generator.errors import PlaybookError
from generator.loading import display_path
from generator.models import Document, Person
from generator.pdf.manifest import Manifest, Signatory
from generator.pdf.reading import OpenedPdf, open_pdf
from generator.portfolio import Loaded, Playbook, Portfolio
from generator.signoff.signing import SignatureArea, signature_areas
from generator.validation import Result, validate


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
    #: The signatory (from the PDF's sign-off page) the certificate belongs to.
    signatory: Signatory | None = None
    #: How the certificate was shown to be the signatory's.
    proof: Proof | None = None
    #: Whose signature place it fills (their roster id); empty for an invisible signature.
    place: str = ""
    #: The revision of the file the signature signed (from 0).
    revision: int = -1
    #: The SHA-256 fingerprint of the signer's certificate (64 hex digits).
    fingerprint: str = ""


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
    try:
        return [cert for path in paths for cert in read_certificates(path)]
    except CertificateError as exc:
        raise TrustError(str(exc)) from None


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
    playbook = current.portfolio.get(manifest.engagement) if current is not None else None
    judge = _Judge(opened, roots, playbook)
    signed = [judge(sig) for sig in _signatures(opened)]
    checks = tuple(check for _, check, _ in signed)
    problems = (
        *_completeness(opened, signed),
        *_missing_parties(manifest, checks),
        *_after_completion(manifest, checks),
        *_painted(opened, checks),
    )
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
#: How far a signature's box may lie from its place, in points (rounding on signing).
_PLACE_SLACK: Final = 2.0

_Judged = tuple[EmbeddedPdfSignature, SignatureCheck, PdfSignatureStatus | None]


class _Judge:
    """Judges each signature of one PDF against its signatories, as the roster (when
    given) says who they are and which certificates and anchors are theirs."""

    def __init__(
        self, opened: OpenedPdf, roots: list[asn1_x509.Certificate], playbook: Playbook | None
    ) -> None:
        self.opened = opened
        self.roots = roots
        self.playbook = playbook
        self.people = _candidates(opened.manifest, playbook)
        self.areas = {area.person: area for area in signature_areas(opened.reader)}

    def __call__(self, sig: EmbeddedPdfSignature) -> _Judged:
        field = str(getattr(sig, "field_name", "?"))
        try:
            cert = sig.signer_cert
            match = identify(self.people.values(), cert)
            status = validate_pdf_signature(
                sig, self._context(match), key_usage_settings=_KEY_USAGE
            )
        except Exception as exc:  # any damage gets a verdict with its reason
            problem = f"the signature cannot be checked: {_words(exc)}"
            return sig, SignatureCheck(field, "unknown", None, False, False, False, problem), None
        signer = common_name(status.signing_cert)
        stamp = status.timestamp_validity
        when = stamp.timestamp if stamp else status.signer_reported_dt
        authority = common_name(stamp.signing_cert) if stamp else None
        intact = bool(status.intact and status.valid)
        place = self._place(sig, field)
        who = self._who(match, cert, signer, place)
        problem = who  # who signed and where comes first: the rest is about a stranger
        if not problem and not status.bottom_line:
            party = match.person.party if match and self._anchored(match) else None
            problem = _reason(status, intact, authority, party)
        signatory = None
        if match is not None:
            signatory = next(
                s for s in self.opened.manifest.signatories if _key(s) == match.person.id
            )
        check = SignatureCheck(
            field,
            signer,
            when,
            intact,
            bool(status.trusted),
            bool(status.bottom_line) and not who,
            problem,
            authority,
            signatory,
            match.proof if match else None,
            place if isinstance(place, str) else "",
            sig.signed_revision,
            fingerprint(cert),
        )
        return sig, check, status

    def _context(self, match: Match | None) -> ValidationContext:
        """A signatory's party's anchors; otherwise the roots given, or (for a stranger)
        every party's anchors."""
        roots = self._anchored(match) or self.roots
        if not roots and match is None and self.playbook is not None:
            roots = [c for party in ("client", "vendor") for c in anchors(self.playbook, party)]
        if roots:
            return ValidationContext(trust_roots=roots, allow_fetching=False)
        return ValidationContext(allow_fetching=False)

    def _anchored(self, match: Match | None) -> list[asn1_x509.Certificate]:
        """The trust anchors of the matched person's party, when the roster names any."""
        if match is None or self.playbook is None:
            return []
        return anchors(self.playbook, match.person.party)

    def _place(self, sig: EmbeddedPdfSignature, field: str) -> str | None:
        """Whose place the signature's appearance fills: their id, "" for an invisible
        signature, None for a visible one that lies in no place."""
        box = _box(sig)
        if box is None:
            return ""
        person = field.removeprefix("Signature-") if field.startswith("Signature-") else ""
        area = self.areas.get(person)
        if area is None or not _within(self.opened, area, sig, box):
            return None
        return person

    def _who(
        self, match: Match | None, cert: asn1_x509.Certificate, signer: str, place: str | None
    ) -> str:
        """What is wrong with who signed and where; empty when nothing is."""
        if match is None:
            named = next((p for p in self.people.values() if _same(p.name, signer)), None)
            if named is not None:
                return (
                    f"the certificate is named {signer} but is not one of the certificates "
                    f"the roster lists for {named.name} (its SHA-256 fingerprint is "
                    f"{shown_fingerprint(fingerprint(cert))})"
                )
            return f"{signer} is not a signatory of this document"
        if place is None:
            return "its appearance lies outside every signature place of the sign-off page"
        if place and place != match.person.id:
            owner = self.people.get(place)
            return f"signed in {owner.name if owner else place}'s place by {match.person.name}"
        return ""


def _candidates(manifest: Manifest, playbook: Playbook | None) -> dict[str, Person]:
    """The PDF's signatories by roster id: the roster's entries when the playbooks are
    given (with their credentials), otherwise their names and parties alone."""
    found: dict[str, Person] = {}
    for signatory in manifest.signatories:
        key = _key(signatory)
        person = playbook.people.get(signatory.person) if playbook is not None else None
        found[key] = person or Person(
            id=key, name=signatory.name, role="signatory", party=signatory.party
        )
    return found


def _key(signatory: Signatory) -> str:
    return signatory.person or " ".join(signatory.name.split()).casefold()


def _same(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def _widget(sig: EmbeddedPdfSignature) -> Any:
    """The signature's widget annotation: the field itself, or its one kid."""
    field = sig.sig_field
    kids = field.get("/Kids")
    return kids[0].get_object() if kids else field


def _box(sig: EmbeddedPdfSignature) -> tuple[float, float, float, float] | None:
    """The signature's widget box in PDF points, or None for an invisible signature."""
    rect = _widget(sig).get("/Rect")
    if rect is None:
        return None
    x1, y1, x2, y2 = (float(v) for v in rect)
    if abs(x2 - x1) < 1 or abs(y2 - y1) < 1:
        return None
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _page_number(opened: OpenedPdf, sig: EmbeddedPdfSignature) -> int | None:
    """The page (from 1) whose annotations hold the signature's widget."""
    value = sig.sig_field.raw_get("/V")
    for number, page in enumerate(opened.reader.root["/Pages"]["/Kids"], start=1):
        for ref in page.get_object().get("/Annots", ()):
            annot = ref.get_object()
            holder = annot if "/V" in annot else annot.get("/Parent")
            held = holder.raw_get("/V") if holder is not None and "/V" in holder else None
            if getattr(held, "idnum", None) == getattr(value, "idnum", -1):
                return number
    return None


def _within(
    opened: OpenedPdf, area: SignatureArea, sig: EmbeddedPdfSignature, box: tuple[float, ...]
) -> bool:
    """Whether ``box`` lies on ``area``'s page, over ``area`` (give or take rounding)."""
    if _page_number(opened, sig) != area.page:
        return False
    page = opened.reader.root["/Pages"]["/Kids"][area.page - 1].get_object()
    height = float(page["/MediaBox"][3])
    left, bottom = area.x, height - area.y - area.height
    right, top = area.x + area.width, height - area.y
    x1, y1, x2, y2 = box
    slack = _PLACE_SLACK
    return x1 >= left - slack and y1 >= bottom - slack and x2 <= right + slack and y2 <= top + slack


def _reason(
    status: PdfSignatureStatus, intact: bool, authority: str | None, anchored: str | None
) -> str:
    """Why a signature is not valid, naming the real cause; ``anchored`` is the party
    whose own trust anchors the certificate had to chain to."""
    stamp = status.timestamp_validity
    if not intact:
        return "the signed bytes were changed after signing"
    if not status.trusted:
        return _trust_reason(status, anchored)
    if stamp is not None and not (stamp.intact and stamp.valid and stamp.trusted):
        return f"the timestamp of {authority} does not chain to a trusted root (see --trust)"
    if not status.docmdp_ok:
        return "the PDF was changed after signing in a way the signature does not allow"
    return status.summary()


def _trust_reason(status: PdfSignatureStatus, anchored: str | None) -> str:
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
    if anchored is not None:
        return (
            f"the signer's certificate does not chain to the {anchored}'s trust anchors "
            "named in the engagement file"
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
    """A party the PDF names as a signatory that no valid signature comes from (but a
    party who signs to accept it, such as a proposal's client, or not yet)."""
    signed = {c.signatory.party for c in checks if c.valid and c.signatory is not None}
    missing = []
    for party in dict.fromkeys(s.party for s in manifest.signatories):
        if party not in signed and party not in manifest.accepting:
            names = " or ".join(s.name for s in manifest.signatories if s.party == party)
            missing.append(f"no signature from the {party} ({names})")
    return missing


def _after_completion(manifest: Manifest, checks: tuple[SignatureCheck, ...]) -> list[str]:
    """A signature made once every party had signed must fill an empty place of its own
    signatory: anything else changes a document both parties already signed."""
    parties = {s.party for s in manifest.signatories}
    if not parties:
        return []
    signed: set[str] = set()
    complete = None
    for check in sorted(checks, key=lambda c: c.revision):
        if check.valid and check.signatory is not None:
            signed.add(check.signatory.party)
        if signed >= parties:
            complete = check.revision
            break
    if complete is None:
        return []
    return [
        f"a signature by {check.signer} (revision {check.revision + 1} of the file) was "
        "added after every party had signed, and fills no empty signature place of its own"
        for check in checks
        if check.revision > complete and not (check.valid and check.place)
    ]


def _painted(opened: OpenedPdf, checks: tuple[SignatureCheck, ...]) -> list[str]:
    """An annotation a signed update adds besides its signature's own field: it could
    paint over the pages that were signed."""
    problems = []
    reader = opened.reader
    for check in checks:
        if check.revision < 0:
            continue
        try:
            added = [
                reader.get_object(ref)  # type: ignore[no-untyped-call]
                for ref in reader.xrefs.explicit_refs_in_revision(check.revision)
            ]
        except Exception:  # an unreadable update is judged by the other checks
            continue
        for thing in added:
            if not hasattr(thing, "get") or thing.get("/FT") == "/Sig":
                continue
            annotation = thing.get("/Type") == "/Annot" or (
                "/Rect" in thing and "/Subtype" in thing
            )
            if annotation:
                kind = str(thing.get("/Subtype", "an annotation")).lstrip("/")
                problems.append(
                    f"the update signed by {check.signer} (revision {check.revision + 1} of "
                    f"the file) also adds a {kind} annotation, which can paint over the pages"
                )
    return problems


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
    place = doc.source.display
    now = approved_digest(playbook, doc, "vendor")
    if now != manifest.digest:
        return ContentCheck(
            place,
            manifest.digest,
            now,
            f"the content changed since this PDF was built: the PDF has "
            f"{short(manifest.digest)}, {place} now has {short(now)}"
            + "".join(
                f"; {change}" for change in _reference_changes(manifest, current.portfolio, doc)
            ),
        )
    return ContentCheck(place, manifest.digest, now)


def _reference_changes(
    manifest: Manifest, portfolio: Portfolio, doc: Loaded[Document]
) -> list[str]:
    """What changed in what the PDF showed through references, as its reader saw it."""
    playbook = portfolio.get(manifest.engagement)
    audience = next((name for name in AUDIENCES if name == manifest.audience), None)
    if playbook is None or audience is None:  # a manifest's words are the PDF's, not ours
        return []
    seen = for_audience(portfolio, audience, (playbook.id,)).get(playbook.id)
    mine = next((d for d in seen.documents() if d.kind == doc.kind), None) if seen else None
    if seen is None or mine is None:
        return []
    return changes(manifest.shows, playbook, shown(seen, mine, reader_party(manifest.audience)))


def _check_parts(manifest: Manifest, playbook: Playbook) -> ContentCheck:
    """A packet: every document it was built from must still have the digest it had."""
    current = {d.kind: d for d in playbook.documents() if d.kind != "MetricCatalog"}
    changed = []
    for part in manifest.parts:
        doc = current.get(part.kind)
        if doc is None:
            changed.append(f"{part.source} is gone or has errors")
        elif (now := approved_digest(playbook, doc, "vendor")) != part.digest:
            changed.append(f"{doc.source.display} now has {short(now)}, not {short(part.digest)}")
    folder = playbook.folder.name
    if changed:
        problem = "the content changed since this PDF was built: " + "; ".join(changed)
        return ContentCheck(folder, manifest.digest, None, problem)
    return ContentCheck(folder, manifest.digest, manifest.digest)


def _words(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
