"""Commands that check playbooks: validate, digest, schema, rules."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator import schema_export
from generator.approved import approved_digest
from generator.cli.options import config_option, resolve_config
from generator.loading import display_path
from generator.reporting import REPORTERS, summary
from generator.rules import RULES
from generator.validation.parallel import check
from generator.validation.pipeline import load_one, narrowed


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(REPORTERS)),
    default="text",
    show_default=True,
    help="Report format: text for people, github for workflow annotations, json, sarif.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--cache",
    "cache_folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep what was checked in this folder and reuse it: an unchanged tree is not "
    "read again, a changed file alone is (default: the settings' `cache`, else none).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel workers (by default, as many as the tree is large enough to pay for, "
    "up to all cores; a check with a cache runs in one).",
)
@config_option
def validate(
    paths: tuple[Path, ...],
    fmt: str,
    strict: bool,
    cache_folder: Path | None,
    jobs: int | None,
    config_path: Path | None,
) -> None:
    """Check playbooks and report every problem with its file, line and column.

    PATHS are files or folders; the playbooks root from the settings by default.
    Exits 0 when clean, 1 on errors (or warnings with --strict), 2 on usage errors.
    """
    config = resolve_config(config_path)
    paths, skipped = narrowed(paths, config)
    if skipped:
        names = ", ".join(display_path(f) for f in skipped[:3]) + (
            ", ..." if len(skipped) > 3 else ""
        )
        click.echo(
            f"note: checking the playbooks folder {display_path(config.root)}; "
            f"{len(skipped)} other YAML file{'s' if len(skipped) != 1 else ''} "
            f"outside it {'are' if len(skipped) != 1 else 'is'} not playbooks and "
            f"{'were' if len(skipped) != 1 else 'was'} skipped ({names})",
            err=True,
        )
    if cache_folder is None and config.settings.cache is not None:
        cache_folder = config.base / config.settings.cache
    if cache_folder is not None:
        from generator.validation.cache import check_cached  # noqa: PLC0415 - when asked for

        result = check_cached(
            paths, config, cache_folder, warn=lambda m: click.echo(f"warning: {m}", err=True)
        )
    else:
        result = check(paths, config, jobs)
    click.echo(REPORTERS[fmt](result, strict), nl=False)
    if fmt != "text":
        click.echo(summary(result, strict), err=True)
    sys.exit(1 if result.failed(strict=strict) else 0)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--for",
    "party",
    type=click.Choice(["client", "vendor"]),
    default=None,
    help="The party whose sign-off the digest is for; the whole document by default.",
)
def digest(file: Path, party: str | None) -> None:
    """Print the digest of FILE's content, or with --for the value a sign-off approves.

    The digest ignores formatting, comments, key order, sign-offs and status. With
    --for PARTY it is the digest a sign-off of that party records: of what the party
    reads (the client's edition has no internal notes or parts; the vendor's is the
    whole document) and of what that shows through references, the definition of each
    metric it names and the name and role of each person.
    """
    doc, result = load_one(file)
    if doc is None:
        click.echo(REPORTERS["text"](result, False), nl=False, err=True)
        sys.exit(1)
    if party is None:
        click.echo(doc.digest)
        return
    from generator.signoff.approval import document_of  # noqa: PLC0415 - reads the tree

    playbook, member = document_of(file)
    click.echo(approved_digest(playbook, member or doc, party))


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schema"),
    show_default=True,
    help="Folder to write the schema files to.",
)
@click.option("--check", is_flag=True, help="Only check that the files are up to date.")
def schema(output: Path, check: bool) -> None:
    """Write the JSON Schema of every document kind (for editors and CI)."""
    if check:
        stale = schema_export.stale(output)
        for name in stale:
            click.echo(f"{output / name}: out of date; run `playbook schema`")
        sys.exit(1 if stale else 0)
    changed = schema_export.export(output)
    for name in changed:
        click.echo(f"wrote {output / name}")
    if not changed:
        click.echo(f"{output}: up to date")


@click.command()
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List the diagnostic codes, or explain CODE."""
    if code is not None:
        entry = RULES.get(code.upper())
        if entry is None:
            raise click.BadParameter(
                f"no rule {code!r}; `playbook rules` lists them", param_hint="CODE"
            )
        click.echo(f"{entry.code} {entry.name} ({entry.severity.value})\n\n{entry.doc}")
        return
    group = None
    for entry in sorted(RULES.values(), key=lambda rule: rule.code):
        if entry.group != group:
            group = entry.group
            click.echo(click.style(f"\n{group}", bold=True))
        click.echo(f"  {entry.code}  {entry.name:<24} {entry.severity.value:<8} {entry.summary}")


COMMANDS = (validate, digest, schema, rules)
