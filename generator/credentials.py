"""Whose key signed: the certificates the roster lists for each person, and the trust
anchors each party names for its own certificates.

A signature counts for a person by the strongest proof the roster allows, in this
order: the certificate's SHA-256 fingerprint is one the person lists; the certificate
carries the e-mail address the person lists for their certificates; or, for a person
who lists neither, the certificate's common name is their name (the weakest, and said
so wherever it is reported).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from generator.errors import PlaybookError
from generator.inputs import InputError, read_input
from generator.models import Person, Signoff
from generator.models.engagement import ReviewNotary
from generator.portfolio import Playbook

if TYPE_CHECKING:  # read when a certificate is: validation of most playbooks needs none
    from asn1crypto import x509 as asn1_x509

#: A certificate file (PEM or DER, perhaps a chain) is a few KB.
MAX_CERTIFICATE_BYTES: Final = 1024 * 1024

#: How a certificate was matched to a person, from the strongest proof to the weakest.
Proof = Literal["fingerprint", "e-mail", "name"]
PROOF_WORDS: Final[dict[Proof, str]] = {
    "fingerprint": "by the certificate's fingerprint in the roster",
    "e-mail": "by the certificate's e-mail address in the roster",
    "name": "by name only (the roster lists no certificate for them)",
}


class CertificateError(PlaybookError):
    """A certificate file cannot be read."""


def read_certificates(path: Path) -> list[asn1_x509.Certificate]:
    """The certificates of a PEM (perhaps several) or DER file; a file read before and
    unchanged since is not read again (every engagement of a tree may name the same CA)."""
    try:
        stat = path.stat()
    except OSError:
        return _read_certificates(path)
    # the same file, however the path names it, while its content is unchanged
    key = (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)
    if key not in _READ:
        _READ[key] = _read_certificates(path)
    return _READ[key]


#: Certificates read, by the file's identity and version.
_READ: dict[tuple[int, int, int, int], list[asn1_x509.Certificate]] = {}


def _read_certificates(path: Path) -> list[asn1_x509.Certificate]:
    from asn1crypto import pem as asn1_pem  # noqa: PLC0415
    from asn1crypto import x509 as asn1_x509  # noqa: PLC0415

    try:
        data = read_input(path, MAX_CERTIFICATE_BYTES, "the certificate file")
    except InputError as exc:
        raise CertificateError(str(exc)) from None
    try:
        if asn1_pem.detect(data):
            found = [
                asn1_x509.Certificate.load(der)
                for kind, _, der in asn1_pem.unarmor(data, multiple=True)
                if kind == "CERTIFICATE"
            ]
        else:
            found = [asn1_x509.Certificate.load(data)]
        for cert in found:
            cert.native  # parses lazily; fail here, not during validation  # noqa: B018
    except (ValueError, TypeError) as exc:
        raise CertificateError(f"{path}: not an X.509 certificate (PEM or DER): {exc}") from None
    if not found:
        raise CertificateError(f"{path}: holds no certificate")
    return found


def fingerprint(cert: asn1_x509.Certificate) -> str:
    """The certificate's SHA-256 fingerprint, as 64 lowercase hex digits."""
    return hashlib.sha256(cert.dump()).hexdigest()


def normal_fingerprint(text: str) -> str:
    """A fingerprint as the roster may write it, as :func:`fingerprint` gives it."""
    text = text.strip()
    if text[:7].casefold() == "sha256:":
        text = text[7:]
    return text.replace(":", "").lower()


def shown_fingerprint(digits: str) -> str:
    """A fingerprint for people: pairs of upper-case digits joined by colons."""
    return ":".join(digits[i : i + 2] for i in range(0, len(digits), 2)).upper()


def certificate_emails(cert: asn1_x509.Certificate) -> set[str]:
    """The e-mail addresses a certificate carries, in its subject or its alternative names."""
    found = set()
    subject = cert.subject.native
    if subject.get("email_address"):
        found.add(str(subject["email_address"]))
    names = cert.subject_alt_name_value
    for name in names or ():
        if name.name == "rfc822_name":
            found.add(str(name.native))
    return {email.casefold() for email in found}


def common_name(cert: asn1_x509.Certificate) -> str:
    """The certificate's common name, or its whole subject when it has none."""
    subject = cert.subject
    return str(subject.native.get("common_name") or subject.human_friendly)


def _same_name(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def lists_credentials(person: Person) -> bool:
    """Whether the roster says which certificates are this person's."""
    given = person.credentials
    return given is not None and bool(given.certificates or given.certificate_email)


def proof(person: Person, cert: asn1_x509.Certificate) -> Proof | None:
    """How ``cert`` is shown to be ``person``'s, or None when it is not theirs.

    A person who lists credentials is matched by them alone: a certificate that merely
    carries their name is not theirs.
    """
    given = person.credentials
    if given is not None and fingerprint(cert) in {
        normal_fingerprint(f) for f in given.certificates
    }:
        return "fingerprint"
    if (
        given is not None
        and given.certificate_email
        and given.certificate_email.casefold() in certificate_emails(cert)
    ):
        return "e-mail"
    if not lists_credentials(person) and _same_name(person.name, common_name(cert)):
        return "name"
    return None


@dataclass(frozen=True)
class Match:
    """The person a certificate is shown to belong to, and how."""

    person: Person
    proof: Proof


def identify(people: Iterable[Person], cert: asn1_x509.Certificate) -> Match | None:
    """Whose certificate ``cert`` is among ``people``, by the strongest proof."""
    found = [(p, how) for p in people if (how := proof(p, cert)) is not None]
    order: tuple[Proof, ...] = ("fingerprint", "e-mail", "name")
    found.sort(key=lambda pair: order.index(pair[1]))
    return Match(*found[0]) if found else None


def anchor_paths(playbook: Playbook, party: str) -> list[Path]:
    """The files of ``party``'s trust anchors, as the engagement file names them."""
    spec = playbook.engagement.model.spec
    organisation = spec.client if party == "client" else spec.vendor
    folder = playbook.engagement.source.path.parent
    return [folder / name for name in organisation.trust_anchors]


def anchors(playbook: Playbook, party: str) -> list[asn1_x509.Certificate]:
    """``party``'s trust anchors: the CA certificates its signing certificates chain to."""
    return [cert for path in anchor_paths(playbook, party) for cert in read_certificates(path)]


#: The namespace approval signatures are made in, so that a signature made for anything
#: else (a git commit, a file) never passes for an approval.
APPROVAL_NAMESPACE: Final = "playbook-approval"


def approval_statement(engagement: str, kind: str, signoff: Signoff) -> bytes:
    """What a signatory signs when they approve: the document (its engagement and kind),
    the digest of the edition their party reads, the date and who they are; for a
    sign-off recorded from a review, the review and the commit it approved too."""
    lines = [
        "playbook approval 1",
        f"engagement: {engagement}",
        f"kind: {kind}",
        f"digest: {signoff.digest}",
        f"date: {signoff.date.isoformat()}",
        f"person: {signoff.person}",
    ]
    if signoff.via is not None:
        lines += [f"review: {signoff.via.review}", f"commit: {signoff.via.commit}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def approval_problem(
    engagement: str,
    kind: str,
    signoff: Signoff,
    person: Person,
    notary: ReviewNotary | None = None,
) -> str | None:
    """What is wrong with the signature of ``signoff``; None when it is ``person``'s own
    signature of exactly this approval, or, for a sign-off recorded from a review, the
    review ``notary``'s signature of it."""
    if signoff.via is not None:
        return _notarised_problem(engagement, kind, signoff, notary)
    if signoff.signature is None:
        return None
    listed = person.credentials.ssh_keys if person.credentials else ()
    signer = _signer(approval_statement(engagement, kind, signoff), signoff.signature)
    if isinstance(signer, str):
        return signer
    keys = _public_keys(listed)
    if not keys:
        return f"the roster lists no approval key for `{person.id}`"
    if all(key != signer for key in keys):
        return f"it was made with a key the roster does not list for `{person.id}`"
    return None


def _notarised_problem(
    engagement: str, kind: str, signoff: Signoff, notary: ReviewNotary | None
) -> str | None:
    """What is wrong with a sign-off recorded from a review: it must be signed by the
    engagement's review notary, for a review in the notary's repository."""
    assert signoff.via is not None
    if signoff.signature is None:
        return "it names a review but carries no signature of the review notary"
    if notary is None:
        return "it names a review, but the engagement names no `review_notary` to sign one"
    repository = review_repository(signoff.via.review)
    if repository.lower() != notary.repository.lower():
        return f"the review is in {repository}, not in the notary's {notary.repository}"
    signer = _signer(approval_statement(engagement, kind, signoff), signoff.signature)
    if isinstance(signer, str):
        return signer
    if signer not in _public_keys((notary.ssh_key,)):
        return "it was not made with the review notary's key"
    return None


def review_repository(url: str) -> str:
    """``owner/name`` of the repository a pull request review's address is in."""
    owner, name = url.split("://", 1)[1].split("/")[1:3]
    return f"{owner}/{name}"


def _signer(statement: bytes, signature: str) -> Any:
    """The public key that made ``signature`` of ``statement``, or what is wrong with it."""
    import sshsig  # noqa: PLC0415 - only signed approvals need it (and cryptography)

    try:
        return sshsig.check_signature(statement, signature, APPROVAL_NAMESPACE)
    except (sshsig.InvalidSignature, NotImplementedError, ValueError) as exc:
        return f"it is not a valid signature of this approval ({_first_line(exc)})"


def _public_keys(lines: Iterable[str]) -> list[Any]:
    import sshsig  # noqa: PLC0415

    keys = []
    for line in lines:
        try:
            keys.append(sshsig.PublicKey.from_openssh_str(line))
        except (ValueError, NotImplementedError):
            continue  # a key the roster lists in a form this reader does not know
    return keys


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
