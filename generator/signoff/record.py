"""What `playbook verify` found, for tools (JSON) and for the file (a completion record).

The completion record is one page kept with a fully signed PDF, in the spirit of an
e-signature service's certificate of completion: the document and the file's own
SHA-256, each party's signer with their certificate's fingerprint, the time of each
signature and where that time comes from, the digest each party's sign-off in the YAML
approved, and the verdict.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any, Final

from generator.approved import approved_digest
from generator.credentials import PROOF_WORDS, shown_fingerprint
from generator.digest import short
from generator.errors import PlaybookError
from generator.pdf.engine import typeset_plain
from generator.signoff.verification import SignatureCheck, Verification
from generator.validation import Result

#: The format of `playbook verify --format json`.
FORMAT: Final = "playbook-verify/1"


class RecordError(PlaybookError):
    """No completion record for a PDF that is not fully signed and current."""


def as_json(results: list[Verification]) -> dict[str, Any]:
    """Every verdict of one `verify` run, as tools read it."""
    return {"format": FORMAT, "files": [_file(result) for result in results]}


def _file(result: Verification) -> dict[str, Any]:
    m = result.manifest
    content = result.content
    return {
        "pdf": str(result.pdf),
        "sha256": hashlib.sha256(result.pdf.read_bytes()).hexdigest(),
        "engagement": m.engagement,
        "kind": m.kind,
        "title": m.title,
        "version": m.version,
        "audience": m.audience,
        "signatures": [_signature(check) for check in result.signatures],
        "problems": list(result.problems),
        "content": None
        if content is None
        else {
            "source": content.source,
            "built_from": content.built_from,
            "current": content.current,
            "matches": content.matches,
            "problem": content.problem,
        },
        "verdict": "OK" if result.ok else "FAILED",
    }


def _signature(check: SignatureCheck) -> dict[str, Any]:
    signatory = check.signatory
    return {
        "field": check.field,
        "signer": check.signer,
        "signatory": None if signatory is None else signatory.name,
        "person": None if signatory is None else signatory.person,
        "party": None if signatory is None else signatory.party,
        "matched_by": check.proof,
        "certificate_sha256": check.fingerprint,
        "time": check.when.isoformat() if check.when else None,
        "time_source": check.timestamped_by or "the signer's clock",
        "intact": check.intact,
        "trusted": check.trusted,
        "valid": check.valid,
        "problem": check.problem,
    }


def completion_record(result: Verification, current: Result, verified_on: date) -> bytes:
    """The one-page record of ``result``, a PDF every party signed, whose content is
    current in ``current``; :class:`RecordError` for anything less."""
    if not result.ok or result.content is None:
        why = "its content was not checked (give --against)" if result.content is None else ""
        raise RecordError(
            f"{result.pdf}: no completion record: the PDF is not fully signed and current"
            + (f"; {why}" if why else " (see the verdict above)")
        )
    m = result.manifest
    data = {
        "title": m.title,
        "version": m.version,
        "engagement": m.engagement,
        "audience": m.audience,
        "file": result.pdf.name,
        "sha256": hashlib.sha256(result.pdf.read_bytes()).hexdigest(),  # as sha256sum prints
        "digest": m.digest,
        "source": result.content.source,
        "verified": f"{verified_on:%-d %B %Y}",
        "signatures": [
            {
                "party": check.signatory.party if check.signatory else "",
                "name": check.signatory.name if check.signatory else check.signer,
                "certificate": check.signer,
                "fingerprint": shown_fingerprint(check.fingerprint),
                "matched": PROOF_WORDS[check.proof] if check.proof else "",
                "time": f"{check.when:%Y-%m-%d %H:%M:%S %Z}".strip() if check.when else "",
                "source": (
                    f"timestamp of {check.timestamped_by}"
                    if check.timestamped_by
                    else "the signer's own clock"
                ),
            }
            for check in result.signatures
        ],
        "approvals": _approvals(result, current),
    }
    return typeset_plain("record.typ", data)


def _approvals(result: Verification, current: Result) -> list[dict[str, str]]:
    """Each sign-off the YAML records for the document now, with what it approved."""
    playbook = current.portfolio.get(result.manifest.engagement)
    doc = (
        next((d for d in playbook.documents() if d.kind == result.manifest.kind), None)
        if playbook
        else None
    )
    if playbook is None or doc is None:
        return []
    rows = []
    for signoff in doc.model.signoffs:
        person = playbook.people.get(signoff.person)
        if person is None:
            continue
        current_digest = approved_digest(playbook, doc, person.party)
        rows.append(
            {
                "party": person.party,
                "name": person.name,
                "date": signoff.date.isoformat(),
                "digest": short(signoff.digest),
                "state": "current" if signoff.digest == current_digest else "stale",
                "signed": "signed with their key" if signoff.signature else "unsigned",
            }
        )
    return rows
