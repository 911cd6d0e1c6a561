"""Rules on approvals: who signed, and whether they signed what the file says now."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.approved import approved_digest, signoff_is_current
from generator.audience import visible
from generator.credentials import (
    CertificateError,
    anchor_paths,
    approval_problem,
    normal_fingerprint,
    read_certificates,
)
from generator.diagnostics import Severity, did_you_mean
from generator.digest import short
from generator.loading.composer import Path as DataPath
from generator.models import KINDS, Block, Document
from generator.portfolio import Loaded, Playbook
from generator.rules.registry import Context, Finding, rule


@rule("PB601", "approval-incomplete")
def approval_incomplete(ctx: Context) -> Iterator[Finding]:
    """A document marked `approved` lacks a current sign-off from one or both parties.

    Approval means both sides signed the content as it is now: one signatory from the
    client and one from the vendor (PB604 says who signs), each with the digest
    `playbook digest` prints. Add them with `playbook approve FILE --as PERSON`.
    """
    for playbook in ctx.portfolio.playbooks:
        for doc in playbook.documents():
            if doc.partial or doc.model.metadata.status != "approved":
                continue
            parties = {
                playbook.people[s.person].party
                for s in doc.model.signoffs
                if s.person in playbook.people
                and signoff_is_current(playbook, doc, s.person, s.digest)
                and playbook.people[s.person].may_sign(doc.kind)
            }
            missing = [party for party in ("client", "vendor") if party not in parties]
            if missing:
                who = (
                    f"the {missing[0]}"
                    if len(missing) == 1
                    else "either party (neither the client nor the vendor)"
                )
                signatories = [
                    p.id
                    for p in playbook.people.values()
                    if p.party in missing and p.may_sign(doc.kind)
                ]
                yield Finding(
                    doc,
                    ("metadata", "status"),
                    f"the document is `approved` but has no current sign-off from {who}",
                    f"run: playbook approve {doc.source.display} --as PERSON_ID"
                    + (f" (who may sign: {', '.join(signatories)})" if signatories else ""),
                )


@rule("PB604", "signed-by-non-signatory")
def signed_by_non_signatory(ctx: Context) -> Iterator[Finding]:
    """A sign-off comes from someone who does not sign this kind of document.

    Each party's sign-off comes from its accountable people, or from people whose roster
    entry lists the document's kind under `signs` (a trainer for the certification
    checklist, say). Anyone else's approval does not commit their party. Ask a
    signatory to approve instead, or add the kind to the person's `signs`.
    """
    for playbook in ctx.portfolio.playbooks:
        for doc in playbook.documents():
            if doc.partial:
                continue
            for index, signoff in enumerate(doc.model.signoffs):
                person = playbook.people.get(signoff.person)
                if person is None or person.may_sign(doc.kind):
                    continue
                yield Finding(
                    doc,
                    ("signoffs", index, "person"),
                    f"`{person.id}` ({person.role}) does not sign the "
                    f"{doc.model.title.lower()} for the {person.party}",
                    f"add `signs: [{doc.kind}]` to `{person.id}` in the roster, or ask an "
                    "accountable person to approve",
                )


@rule("PB605", "unknown-kind-to-sign")
def unknown_kind_to_sign(ctx: Context) -> Iterator[Finding]:
    """A roster entry's `signs` names a document kind that does not exist."""
    for playbook in ctx.portfolio.playbooks:
        for index, person in enumerate(playbook.engagement.model.spec.people):
            for position, kind in enumerate(person.signs):
                if kind in KINDS:
                    continue
                yield Finding(
                    playbook.engagement,
                    ("spec", "people", index, "signs", position),
                    f"`{kind}` is not a document kind",
                    did_you_mean(kind, KINDS) or "the kinds are " + ", ".join(KINDS),
                )


@rule("PB602", "stale-signoff")
def stale_signoff(ctx: Context) -> Iterator[Finding]:
    """A sign-off on an approved document was given to different content.

    The content changed after this person approved it, so the approval no longer
    covers what the document says. That content includes what the document shows
    through its references: the catalog definition (name, unit, direction, formula)
    of each metric it names, and the name and role of each person. Review the change
    with them and approve again.
    """
    yield from _stale(ctx, approved=True)


@rule("PB603", "stale-signoff-draft", Severity.WARNING)
def stale_signoff_draft(ctx: Context) -> Iterator[Finding]:
    """A sign-off on a document that is not yet approved was given to different content.

    Expected while a revision is in progress; the sign-off will not count until it is
    given again.
    """
    yield from _stale(ctx, approved=False)


def _stale(ctx: Context, *, approved: bool) -> Iterator[Finding]:
    for doc, playbook in _documents(ctx):
        if doc.partial or (doc.model.metadata.status == "approved") is not approved:
            continue
        for index, signoff in enumerate(doc.model.signoffs):
            if not signoff_is_current(playbook, doc, signoff.person, signoff.digest):
                signer = playbook.people.get(signoff.person) if playbook else None
                now = approved_digest(playbook, doc, signer.party) if signer else doc.digest
                yield Finding(
                    doc,
                    ("signoffs", index, "digest"),
                    f"the sign-off by `{signoff.person}` on {signoff.date.isoformat()} is stale: "
                    f"it approved {short(signoff.digest)}, the content is now {short(now)}",
                    "what a sign-off approves is the document and what it shows of the metric "
                    "catalog and the roster (`playbook diff` names the change); review it, "
                    f"then: playbook approve {doc.source.display} --as {signoff.person}",
                )


def _documents(ctx: Context) -> Iterator[tuple[Loaded[Document], Playbook | None]]:
    """Every document with the engagement its sign-offs are read against (none for
    shared catalogs)."""
    for catalog in ctx.portfolio.catalogs:
        yield catalog, None
    for playbook in ctx.portfolio.playbooks:
        for doc in playbook.documents():
            yield doc, playbook


@rule("PB606", "terms-hidden-from-signatory", Severity.WARNING)
def terms_hidden_from_signatory(ctx: Context) -> Iterator[Finding]:
    """The brief keeps commercial terms from the client, who signs it.

    The client's sign-off covers the client edition: what its readers see. Service
    levels and the fee at risk marked `audience: internal` are missing from that
    edition, so the client would approve terms it cannot read. Show them to the
    client, and keep what is for the vendor alone (a pricing floor, say) in
    `internal_notes`, which stay internal without hiding the terms.
    """
    for playbook in ctx.portfolio.playbooks:
        brief = playbook.brief
        sla = brief.model.spec.sla if brief is not None else None
        if brief is None or sla is None:
            continue
        parts: list[tuple[DataPath, str, Block]] = [
            (("spec", "sla"), "the service levels are", sla)
        ]
        if visible(sla.audience, "client"):  # else the parts inside are hidden with it
            parts = [
                (("spec", "sla", "targets", i), f"the `{t.metric}` service level is", t)
                for i, t in enumerate(sla.targets)
            ]
            if sla.fee_at_risk is not None:
                parts.append(
                    (("spec", "sla", "fee_at_risk"), "the fee at risk is", sla.fee_at_risk)
                )
        for path, words, part in parts:
            if not visible(part.audience, "client"):
                yield Finding(
                    brief,
                    (*path, "audience"),
                    f"{words} kept from the client, who signs the brief "
                    f"(`audience: {part.audience}`)",
                    "show the terms to the client; put what is for the vendor alone in "
                    "`internal_notes`",
                )


@rule("PB607", "unreadable-trust-anchor")
def unreadable_trust_anchor(ctx: Context) -> Iterator[Finding]:
    """A party's trust anchor is not a CA certificate kept with the playbooks.

    Each party names, in the engagement file, the CA certificates that issue its
    signing certificates (`trust_anchors`, paths relative to the engagement file). A
    PDF signature for that party counts only when its certificate chains to one of
    them, so each must be a readable certificate file inside the playbooks folder,
    where both parties review it like any other change.
    """
    root = ctx.portfolio.root.resolve()
    for playbook in ctx.portfolio.playbooks:
        for party in ("client", "vendor"):
            for index, path in enumerate(anchor_paths(playbook, party)):
                place = ("spec", party, "trust_anchors", index)
                if not path.resolve().is_relative_to(root):
                    problem = f"{path.name} is outside the playbooks folder {root.name}/"
                else:
                    try:
                        certificates = read_certificates(path)
                    except CertificateError as exc:
                        yield Finding(playbook.engagement, place, str(exc))
                        continue
                    if all(_is_authority(cert) for cert in certificates):
                        continue
                    problem = f"{path.name} holds a certificate that is not a CA's"
                yield Finding(
                    playbook.engagement,
                    place,
                    problem,
                    "keep the CA certificate that issues this party's signing certificates "
                    "in the playbooks folder and name it relative to the engagement file",
                )


def _is_authority(cert: Any) -> bool:
    constraints = cert.basic_constraints_value
    return bool(constraints is not None and constraints["ca"].native)


@rule("PB608", "shared-certificate")
def shared_certificate(ctx: Context) -> Iterator[Finding]:
    """Two people of the roster list the same certificate.

    A certificate is one person's key: listed for two, a signature with it would
    count for either. Keep it with its owner.
    """
    for playbook in ctx.portfolio.playbooks:
        owners: dict[str, str] = {}
        for index, person in enumerate(playbook.engagement.model.spec.people):
            listed = person.credentials.certificates if person.credentials else ()
            for position, text in enumerate(listed):
                digits = normal_fingerprint(text)
                first = owners.setdefault(digits, person.id)
                if first != person.id:
                    yield Finding(
                        playbook.engagement,
                        ("spec", "people", index, "credentials", "certificates", position),
                        f"this certificate is also listed for `{first}`",
                        "a certificate belongs to one person: remove it from one of them",
                    )


@rule("PB609", "unsigned-signoff", Severity.WARNING)
def unsigned_signoff(ctx: Context) -> Iterator[Finding]:
    """A sign-off carries no signature of the person it names.

    Anyone who can write to the repository can type a sign-off line; only a signature
    made with the signatory's own key (`playbook approve --key`, checked against the
    `ssh_keys` the roster lists for them) shows that they gave it. A warning by default;
    make it an error with `severity = { PB609 = "error" }` in the settings.
    """
    for playbook in ctx.portfolio.playbooks:
        for doc in playbook.documents():
            for index, signoff in enumerate(doc.model.signoffs):
                person = playbook.people.get(signoff.person)
                # one recorded from a review answers to its notary (PB610)
                if signoff.signature is not None or signoff.via is not None or person is None:
                    continue
                keyed = bool(person.credentials and person.credentials.ssh_keys)
                yield Finding(
                    doc,
                    ("signoffs", index, "person"),
                    f"the sign-off by `{signoff.person}` on {signoff.date.isoformat()} is not "
                    "signed: nothing shows that they gave it",
                    f"run: playbook approve {doc.source.display} --as {signoff.person} "
                    "--key KEY"
                    + (
                        ""
                        if keyed
                        else f" (first list their public key under `credentials: ssh_keys:` "
                        f"of `{signoff.person}` in the roster)"
                    ),
                )


@rule("PB610", "forged-signoff")
def forged_signoff(ctx: Context) -> Iterator[Finding]:
    """A sign-off's signature is not its signatory's signature of that approval.

    The signature covers the engagement, the document's kind, the digest, the date and
    the person. It fails when any of them was changed after signing, when it was made
    with a key the roster does not list for that person (another person's, or one
    removed from the roster), or when it is not a signature at all. A sign-off recorded
    from a pull request review (`via:`) must be signed by the engagement's
    `review_notary`, for a review in its repository: a `via:` typed by hand proves
    nothing.
    """
    for playbook in ctx.portfolio.playbooks:
        notary = playbook.engagement.model.spec.review_notary
        for doc in playbook.documents():
            for index, signoff in enumerate(doc.model.signoffs):
                person = playbook.people.get(signoff.person)
                if person is None:
                    continue
                problem = approval_problem(playbook.id, doc.kind, signoff, person, notary)
                if problem is None:
                    continue
                where = "via" if signoff.via is not None and not signoff.signature else "signature"
                yield Finding(
                    doc,
                    ("signoffs", index, where),
                    f"the signature of the sign-off by `{signoff.person}` does not hold: {problem}",
                    f"ask {person.name} to approve again: playbook approve "
                    f"{doc.source.display} --as {signoff.person} --key KEY"
                    + (", or to approve the pull request again" if signoff.via else ""),
                )
