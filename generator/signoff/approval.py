"""Record a sign-off in a playbook file without disturbing anything else in it.

ruamel.yaml's round-trip reader finds where the ``signoffs`` list and its items are;
the new entry is then spliced into the text at that place. Every other byte of the
file (comments, quoting, folded text, blank lines) stays exactly as it was.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from generator.approved import approved_digest, undefined
from generator.config import load_config
from generator.credentials import APPROVAL_NAMESPACE, approval_problem, approval_statement
from generator.digest import content_digest
from generator.errors import PlaybookError
from generator.inputs import InputError, read_input
from generator.loading import display_path, parse_text, read_source
from generator.models import Document, Engagement, Person, Signoff
from generator.models.base import Via
from generator.portfolio import Loaded, Playbook
from generator.validation import validate
from generator.validation.pipeline import Result, load_one
from generator.validation.structure import check_document
from generator.writing import write_bytes

_EMPTY_ON_KEY_LINE = re.compile(r"signoffs:\s*(?:\[\s*\]|~|null)?\s*(#.*)?$")


class ApprovalError(PlaybookError):
    """The sign-off cannot be recorded; nothing was written."""


@dataclass(frozen=True)
class Approval:
    """What ``approve`` did."""

    person: str
    party: str
    digest: str
    replaced: int
    unchanged: bool
    #: The status the sign-off moved the document from, when it completed both parties'
    #: approval (the document is now `approved`).
    approved_from: str | None = None


def approve(
    path: Path, person: str, when: date, key: Path | None = None, via: Via | None = None
) -> tuple[Approval | None, Result]:
    """Add ``person``'s sign-off of the current content of ``path``, signed with their
    SSH ``key`` when one is given; with ``via``, recorded from that pull request review
    and signed with the review notary's ``key``.

    A stale sign-off by the same person is replaced, and so is an unsigned one when a key
    is given. Returns ``(None, result)`` when the file has errors, which ``result``
    reports; raises :class:`ApprovalError` when the person cannot sign, or the key is
    not one the roster lists for them (or not the notary's).
    """
    doc, result = load_one(path)
    if doc is None:
        return None, result
    playbook, member = document_of(path)
    engagement = playbook.engagement.model if playbook is not None else _engagement(doc, path)
    roster = {p.id: p for p in engagement.spec.people}
    if person not in roster:
        known = ", ".join(sorted(roster))
        raise ApprovalError(f"`{person}` is not in the engagement's roster (people: {known})")
    signer = roster[person]
    if not signer.may_sign(doc.kind):
        raise ApprovalError(not_a_signatory(signer, doc, roster))
    # what this party reads of the document, and what it shows of the catalog and roster
    unknown = undefined(playbook, member) if playbook is not None and member else []
    if unknown:
        raise ApprovalError(
            f"{path} names {', '.join(f'`{u}`' for u in unknown)}, which nothing defines: what "
            "it shows of them cannot be approved; run `playbook validate` and fix it first"
        )
    digest = approved_digest(playbook, member or doc, signer.party)
    current = [s for s in doc.model.signoffs if s.person == person]
    if any(s.digest == digest and (key is None or s.signature) for s in current):
        return Approval(person, signer.party, digest, 0, unchanged=True), result
    entry = {"person": person, "date": when.isoformat(), "digest": digest}
    if via is not None:
        # quoted: a commit id of digits (and an `e`) would read as a number
        entry["via"] = f'{{review: "{via.review}", commit: "{via.commit}"}}'
    if key is not None:
        signoff = Signoff(person=person, date=when, digest=digest, via=via)
        ident = engagement.metadata.id
        notary = engagement.spec.review_notary
        signature = sign_statement(key, approval_statement(ident, doc.kind, signoff))
        problem = approval_problem(
            ident, doc.kind, signoff.model_copy(update={"signature": signature}), signer, notary
        )
        if problem is not None:
            whose = "the review notary's key" if via else f"`{person}`'s approval key"
            raise ApprovalError(f"{key}: not {whose}: {problem}")
        entry["signature"] = signature
    updated = splice_signoff(doc.source.text, entry)
    status = doc.model.metadata.status
    complete = _parties_current(playbook, member or doc, roster, person) | {signer.party}
    moved = status if status != "approved" and complete >= {"client", "vendor"} else None
    if moved is not None:
        updated = _set_status(updated, "approved")
    _check_splice(path, updated, doc.digest, entry)
    write_bytes(path, _BOM * _has_bom(path) + updated.encode("utf-8"))
    done = Approval(
        person, signer.party, digest, len(current), unchanged=False, approved_from=moved
    )
    return done, result


def _parties_current(
    playbook: Playbook | None, doc: Loaded[Document], roster: dict[str, Person], but: str
) -> set[str]:
    """The parties whose signatories (other than ``but``) approved the current content."""
    return {
        roster[s.person].party
        for s in doc.model.signoffs
        if s.person != but
        and s.person in roster
        and roster[s.person].may_sign(doc.kind)
        and s.digest == approved_digest(playbook, doc, roster[s.person].party)
    }


def _set_status(text: str, status: str) -> str:
    """``text`` with ``metadata.status`` set to ``status``, every other byte kept."""
    data = YAML(typ="rt").load(text)
    metadata = data.get("metadata") if isinstance(data, CommentedMap) else None
    if not isinstance(metadata, CommentedMap) or "status" not in metadata:
        return text
    line, column = metadata.lc.value("status")
    lines = text.splitlines(keepends=True)
    old = str(metadata["status"])
    row = lines[line]
    if row[column : column + len(old)] != old:
        return text  # quoted or unusual: leave it, validate will say the status is not approved
    lines[line] = row[:column] + status + row[column + len(old) :]
    return "".join(lines)


def not_a_signatory(signer: Person, doc: Loaded[Document], roster: dict[str, Person]) -> str:
    """Why ``signer`` may not sign ``doc``, and who may."""
    who = [p for p in roster.values() if p.party == signer.party and p.may_sign(doc.kind)]
    named = " or ".join(f"{p.name} (`{p.id}`)" for p in who) or "nobody on the roster yet"
    return (
        f"`{signer.id}` ({signer.role}) may not sign the {doc.model.title.lower()} for the "
        f"{signer.party}: its {signer.party} sign-off comes from {named}. To let them sign "
        f"it, add `signs: [{doc.kind}]` to their roster entry"
    )


#: The UTF-8 byte-order mark some Windows editors write; the file keeps it if it had one.
_BOM = b"\xef\xbb\xbf"


def _has_bom(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(len(_BOM)) == _BOM


def _check_splice(path: Path, text: str, digest: str, entry: dict[str, str]) -> None:
    """Refuse to write unless the edited text reads back with the same content and the entry."""
    source, problems = parse_text(text, path, str(path))
    model = check_document(source)[0] if source is not None and source.composed else None
    if (
        model is None
        or problems
        or content_digest(model) != digest
        or not any(
            s.person == entry["person"] and s.digest == entry["digest"] for s in model.signoffs
        )
    ):
        raise ApprovalError(
            f"{path}: the sign-off could not be added without changing the file's content; "
            "add it by hand (`playbook digest` prints the digest)"
        )


def document_of(path: Path) -> tuple[Playbook | None, Loaded[Document] | None]:
    """The engagement the file at ``path`` belongs to and its document there, read with
    the playbooks around it (the settings' root, when it holds the file), so that what
    the document shows of shared catalogs and of the roster is known."""
    config = load_config()
    target = path.resolve()
    root = config.root.resolve()
    scope = () if target.is_relative_to(root) else (path.absolute().parent.parent,)
    for playbook in validate(scope, config).portfolio.playbooks:
        for doc in playbook.documents():
            if doc.source.path.resolve() == target:
                return playbook, doc
    return None, None


def _engagement(doc: Loaded[Document], path: Path) -> Engagement:
    engagement = doc.model if isinstance(doc.model, Engagement) else _find_engagement(path)
    if engagement is None:
        raise ApprovalError(
            f"{path}: no engagement file found in its folder or above; cannot check who signs"
        )
    return engagement


#: An SSH private key file is a few KB.
_MAX_KEY_BYTES: Final = 64 * 1024


def sign_statement(key: Path, statement: bytes) -> str:
    """``statement`` signed with the SSH private ``key``, by ``ssh-keygen -Y sign`` (as
    git signs commits), armored; it asks for the key's passphrase itself."""
    try:
        read_input(key, _MAX_KEY_BYTES, "the SSH key")
    except InputError as exc:
        raise ApprovalError(str(exc)) from None
    program = shutil.which("ssh-keygen")
    if program is None:
        raise ApprovalError("signing an approval needs ssh-keygen (OpenSSH) on the PATH")
    done = subprocess.run(
        [program, "-Y", "sign", "-f", str(key), "-n", APPROVAL_NAMESPACE, "-q"],
        input=statement,
        capture_output=True,
        check=False,
        timeout=300,
    )
    if done.returncode != 0 or b"BEGIN SSH SIGNATURE" not in done.stdout:
        said = " ".join(done.stderr.decode("utf-8", "replace").split()) or "no signature"
        raise ApprovalError(f"{key}: ssh-keygen could not sign with this key: {said}")
    return done.stdout.decode("ascii").replace("\r\n", "\n")


def _find_engagement(path: Path) -> Engagement | None:
    for folder in path.absolute().parents:
        for candidate in sorted(folder.glob("*.y*ml")):
            source, _ = read_source(candidate)
            if source is not None and source.kind == Engagement.KIND:
                engagement, _ = load_one(candidate)
                if engagement is None:
                    raise ApprovalError(
                        f"{display_path(candidate)}: the engagement file has errors, so who "
                        "signs cannot be checked; run `playbook validate` and fix them first"
                    )
                return engagement.model  # type: ignore[return-value]
    return None


def splice_signoff(text: str, entry: dict[str, str]) -> str:
    """``text`` with ``entry`` added to its ``signoffs`` list (replacing the person's own)."""
    reader = YAML(typ="rt")
    try:
        data = reader.load(text)
    except YAMLError as exc:  # already validated, so only a reader disagreement lands here
        raise ApprovalError(f"cannot edit the file: {exc}") from None
    if not isinstance(data, CommentedMap):
        raise ApprovalError("cannot edit the file: it is not a mapping")
    # new lines follow the file's own line endings
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    signoffs = data.get("signoffs")
    if "signoffs" not in data or not isinstance(signoffs, CommentedSeq) or not signoffs:
        return _replace_block(lines, data, _indent_style(text), entry, newline)
    key_line = data.lc.key("signoffs")[0]
    block_end = _block_end(lines, key_line)
    starts = [signoffs.lc.item(i)[0] for i in range(len(signoffs))]
    dash_column = len(lines[starts[0]]) - len(lines[starts[0]].lstrip(" "))
    ends = [*starts[1:], _content_end(lines, starts[-1], block_end)]
    keep = [
        "".join(lines[start:end])
        for item, start, end in zip(signoffs, starts, ends, strict=True)
        if not (isinstance(item, CommentedMap) and item.get("person") == entry["person"])
    ]
    new_item = _item(" " * dash_column, entry, newline)
    body = "".join(keep) + new_item
    return "".join(lines[: starts[0]]) + body + "".join(lines[ends[-1] :])


def _replace_block(
    lines: list[str], data: CommentedMap, dash: str, entry: dict[str, str], newline: str
) -> str:
    """Write a fresh ``signoffs:`` block, in place of an empty one or at the end."""
    if "signoffs" not in data:
        return "".join(lines) + "signoffs:" + newline + _item(dash, entry, newline)
    key_line = data.lc.key("signoffs")[0]
    # `signoffs: []  # comment` is one line: keep its comment and every line after it
    whole = _EMPTY_ON_KEY_LINE.match(lines[key_line].rstrip("\r\n"))
    head = f"signoffs:  {whole.group(1)}" if whole and whole.group(1) else "signoffs:"
    block = head + newline + _item(dash, entry, newline)
    end = key_line + 1 if whole else _block_end(lines, key_line)
    return "".join(lines[:key_line]) + block + "".join(lines[end:])


def _item(dash: str, entry: dict[str, str], newline: str = "\n") -> str:
    pad = dash + "  "
    first, *rest = entry.items()
    out = f"{dash}- {first[0]}: {first[1]}{newline}"
    for key, value in rest:
        if "\n" in value:  # a signature: a literal block, one line per line
            lines = value.rstrip("\n").split("\n")
            out += f"{pad}{key}: |{newline}" + "".join(f"{pad}  {line}{newline}" for line in lines)
        else:
            out += f"{pad}{key}: {value}{newline}"
    return out


def _block_end(lines: list[str], key_line: int) -> int:
    """Index of the first line after the top-level key at ``key_line`` and its value."""
    for index in range(key_line + 1, len(lines)):
        line = lines[index]
        if line.strip() and not line[0].isspace() and not line.startswith(("#", "-")):
            return index
    return len(lines)


def _content_end(lines: list[str], start: int, end: int) -> int:
    """End of the last item: trailing blank lines and comments stay after it."""
    while end > start + 1 and (
        not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")
    ):
        end -= 1
    return end


def _indent_style(text: str) -> str:
    """How the file indents list items under a key: ``"  "`` (indented) or ``""``."""
    match = re.search(r"^( *)[\w-]+:[ \t]*\n(?:[ \t]*#.*\n)*( *)- ", text, re.MULTILINE)
    if match is None:
        return "  "
    return " " * max(len(match.group(2)) - len(match.group(1)), 0)
