"""`playbook sign` and `playbook verify`: PAdES signatures on playbook PDFs."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import click

from generator.cli.options import config_option, force_option, format_option, resolve_config
from generator.clock import build_date
from generator.credentials import PROOF_WORDS
from generator.models import Person
from generator.pdf.reading import open_pdf
from generator.signoff.record import RecordError, as_json, completion_record
from generator.signoff.signing import (
    PASSPHRASE_ENV,
    PassphraseNeeded,
    SigningError,
    load_key,
    signed_copy,
)
from generator.signoff.verification import SignatureCheck, Verification, playbooks_at, verify_many
from generator.validation import validate
from generator.writing import refuse_to_replace, refuse_unsafe_file, write_bytes


@click.command()
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--key",
    "key_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="PKCS#12 file (.p12 or .pfx) with the signer's key and certificate.",
)
@click.option("--tsa", metavar="URL", help="RFC 3161 timestamp server, for a PAdES B-T signature.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the signed PDF here instead of replacing PDF (one PDF only).",
)
@click.option("--reason", help="Reason recorded in the signature.")
@click.option(
    "--as",
    "as_person",
    metavar="PERSON_ID",
    help="Sign visibly in this person's place on the sign-off page: the page then shows "
    "the name, role, date and certificate.",
)
@force_option
@config_option
def sign(
    pdfs: tuple[Path, ...],
    key_path: Path,
    tsa: str | None,
    output: Path | None,
    reason: str | None,
    as_person: str | None,
    force: bool,
    config_path: Path | None,
) -> None:
    """Add a PAdES signature to each PDF with the key in KEY.

    The passphrase comes from the PLAYBOOK_KEY_PASSPHRASE environment variable, or is
    asked for once. Earlier signatures stay valid: sign the same PDF in turn. Every PDF
    is signed before any is written, so a batch with one unsignable file changes none.

    With --as, the key must be that person's: one of the certificates the roster lists
    for them (read from the playbooks, when they are here), or for someone who lists
    none, a certificate in their name.
    """
    if output is not None and len(pdfs) > 1:
        raise click.UsageError("-o takes one PDF; several are signed in place")
    if output is not None and output.absolute() != pdfs[0].absolute():
        refuse_to_replace(output, force)
    passphrase = os.environ.get(PASSPHRASE_ENV)
    try:
        key = load_key(key_path, passphrase)
    except PassphraseNeeded:
        key = load_key(key_path, _ask_passphrase(key_path))
    today = build_date()
    rosters = _rosters(config_path) if as_person is not None else {}
    batch = [
        signed_copy(
            pdf,
            key,
            output,
            tsa_url=tsa,
            reason=reason,
            as_person=as_person,
            signed_on=today,
            roster=rosters.get(open_pdf(pdf).manifest.engagement),
        )
        for pdf in _progress(pdfs, "Signing")
    ]
    for signed, data in batch:
        write_bytes(signed.output, data)
        click.echo(
            f"Signed {signed.output} as {signed.signer} (field {signed.field}; "
            f"{signed.signatures} signature{'s' if signed.signatures != 1 else ''} in the PDF)."
        )


def _rosters(config_path: Path | None) -> dict[str, Mapping[str, Person]]:
    """Each engagement's roster, from the playbooks here; none when there are none."""
    config = resolve_config(config_path)
    if not config.root.is_dir():
        return {}
    result = validate((), config)
    return {playbook.id: playbook.people for playbook in result.portfolio.playbooks}


#: Batches at least this long show a progress bar on a terminal.
_PROGRESS_FROM = 5


def _progress(pdfs: tuple[Path, ...], what: str) -> Iterator[Path]:
    if len(pdfs) < _PROGRESS_FROM or not sys.stderr.isatty():
        yield from pdfs
        return
    from rich.console import Console  # noqa: PLC0415 - only long batches on a terminal
    from rich.progress import track  # noqa: PLC0415

    yield from track(pdfs, description=what, console=Console(stderr=True), transient=True)


def _ask_passphrase(key_path: Path) -> str:
    """Ask on a terminal without echo; otherwise read one line (a pipe)."""
    stdin = sys.stdin
    if stdin.isatty():
        try:
            return str(click.prompt(f"Passphrase for {key_path}", hide_input=True, err=True))
        except click.Abort:
            raise SigningError(f"no passphrase given for {key_path}") from None
    line: str = stdin.readline()
    if not line:
        raise SigningError(
            f"{key_path} is protected by a passphrase: set {PASSPHRASE_ENV} "
            "or type it when asked in a terminal"
        )
    return line.rstrip("\r\n")


@click.command(name="verify")
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--trust",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Root certificate (PEM or DER) to trust; repeat for several. "
    "Without it, the system's trusted roots are used.",
)
@click.option(
    "--against",
    type=click.Path(file_okay=False, path_type=Path),
    help="Playbooks folder to compare the PDF's content digest with.",
)
@format_option
@click.option(
    "--record",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the completion record of the PDF (one PDF, fully signed and current, with "
    "--against) to this file: a one-page PDF of who signed, with which certificate, when.",
)
@force_option
@config_option
def verify_command(
    pdfs: tuple[Path, ...],
    trust: tuple[Path, ...],
    against: Path | None,
    fmt: str,
    record: Path | None,
    force: bool,
    config_path: Path | None,
) -> None:
    """Check the signatures of each PDF and, with --against, that it matches the YAML.

    Exit code 0 when every PDF is signed, every signature is intact and trusted, and
    (with --against) every PDF's content is current; 1 otherwise.
    """
    config = resolve_config(config_path)
    if record is not None:
        if len(pdfs) != 1 or against is None:
            raise click.UsageError("--record takes one PDF, checked --against the playbooks")
        if record.suffix.lower() != ".pdf":
            raise click.UsageError(f"{record}: the completion record is a PDF; name it .pdf")
        refuse_unsafe_file(record, keep_out=(config.root,))
        refuse_to_replace(record, force)
    current = playbooks_at(against, config) if against is not None else None
    # pyHanko logs every failed check with a traceback; the verdicts say all a user needs.
    logging.getLogger("pyhanko").addHandler(logging.NullHandler())
    logging.getLogger("pyhanko").propagate = False
    results = verify_many(pdfs, trust, current)
    if fmt == "json":
        click.echo(json.dumps(as_json(results), indent=2, ensure_ascii=False))
    else:
        for result in results:
            click.echo(_report(result))
    if record is not None and current is not None:
        try:
            write_bytes(record, completion_record(results[0], current, build_date()))
            click.echo(f"Wrote the completion record to {record}.", err=True)
        except RecordError as exc:
            click.echo(str(exc), err=True)
    if not all(result.ok for result in results):
        sys.exit(1)


def _report(result: Verification) -> str:
    m = result.manifest
    named = bool(m.signatories)
    lines = [f"{result.pdf}: {m.title} {m.version} of {m.engagement}"]
    if not result.signatures:
        lines.append("  not signed: sign it with `playbook sign`")
    rostered = result.content is not None  # the playbooks were given
    lines.extend(_signature_line(check, named, rostered) for check in result.signatures)
    lines.extend(f"  FAILED: {problem}" for problem in result.problems)
    if result.content is not None:
        c = result.content
        if c.matches:
            lines.append(f"  content: matches {c.source} ({c.built_from[:19]}...)")
        else:
            lines.append(f"  content: MISMATCH: {c.problem}")
    lines.append("  verdict: " + ("OK" if result.ok else "FAILED"))
    return "\n".join(lines)


def _signature_line(check: SignatureCheck, named: bool, rostered: bool) -> str:
    when = f"{check.when:%Y-%m-%d %H:%M:%S %Z}".strip() if check.when else "time unknown"
    facts = ", ".join(
        (
            "intact" if check.intact else "NOT INTACT",
            "trusted" if check.trusted else "NOT TRUSTED",
            "valid" if check.valid else "INVALID",
        )
    )
    source = (
        f"timestamped by {check.timestamped_by}"
        if check.timestamped_by
        else "by the signer's clock"
    )
    who = check.signer
    if check.signatory is not None:
        who += f" for the {check.signatory.party}"
    elif named:
        who += " (not a signatory)"
    line = f"  {check.field}: signed by {who} at {when} ({source}): {facts}"
    line += f" ({check.problem})" if check.problem else ""
    if check.signatory is not None and check.proof is not None:
        how = PROOF_WORDS[check.proof]
        if check.proof == "name" and not rostered:
            how = "by name only (give --against to check the roster's certificates)"
        line += f"\n    matched to {check.signatory.name} {how}"
    return line


COMMANDS = (sign, verify_command)
