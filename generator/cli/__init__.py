"""The `playbook` command: parse options, call a command function, report, exit.

Exit codes: 0 clean, 1 findings, 2 usage or input error. Exceptions that stop a
command (:class:`~generator.errors.PlaybookError`) become a one-line message and
exit code 2 here, in one place.
"""

from __future__ import annotations

from typing import Any

import click

from generator.cli import (
    approvals,
    build,
    check,
    packets,
    pdfs,
    readiness,
    review,
    scaffold,
    signatures,
    site,
)
from generator.errors import PlaybookError


class UsageProblem(click.ClickException):
    """A problem with the command's input as a whole: exit code 2."""

    exit_code = 2


class PlaybookGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlaybookError as exc:
            raise UsageProblem(str(exc)) from None


@click.group(cls=PlaybookGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="playbook-generator", prog_name="playbook")
def cli() -> None:
    """Engagement playbooks as validated YAML, published as a site and signed PDFs."""


def main() -> None:
    cli(prog_name="playbook")


for _module in (
    check,
    approvals,
    scaffold,
    build,
    pdfs,
    packets,
    signatures,
    review,
    readiness,
    site,
):
    for _command in _module.COMMANDS:
        cli.add_command(_command)
