"""The `playbook` command: parse options, call a command function, report, exit.

Exit codes: 0 clean, 1 findings, 2 usage or input error, 70 a bug in the program.
Exceptions that stop a command (:class:`~generator.errors.PlaybookError`) become a
one-line message and exit code 2 here, in one place; any other exception is a bug,
reported in one line (the traceback with ``--debug``) so that CI can tell a crash from
a failed check.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from typing import Any, Final

import click

from generator.errors import PlaybookError

#: Each command and the module that defines it, imported only when the command runs, so
#: that `playbook validate` does not pay for the PDF, signing and site libraries.
COMMAND_MODULES: Final = {
    "validate": "check",
    "digest": "check",
    "schema": "check",
    "rules": "check",
    "approve": "approvals",
    "approve-review": "approvals",
    "new": "scaffold",
    "build": "build",
    "pdf": "pdfs",
    "packet": "packets",
    "sign": "signatures",
    "verify": "signatures",
    "diff": "review",
    "codeowners": "review",
    "review": "readiness",
    "calendar": "site",
    "site": "site",
    "publish": "site",
    "serve": "serve",
    "results": "results",
    "remind": "reminders",
    "rename": "renames",
}


class UsageProblem(click.ClickException):
    """A problem with the command's input as a whole: exit code 2."""

    exit_code = 2


#: Exit code of a crash: EX_SOFTWARE from sysexits.h, "internal software error".
BUG_EXIT: Final = 70
#: Set to 1 to see the traceback of a crash, as --debug does.
DEBUG_ENV: Final = "PLAYBOOK_DEBUG"


class PlaybookGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMAND_MODULES, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMAND_MODULES:
            return self.commands.get(cmd_name)
        module = importlib.import_module(f"generator.cli.{COMMAND_MODULES[cmd_name]}")
        for command in module.COMMANDS:
            self.commands.setdefault(str(command.name), command)
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlaybookError as exc:
            raise UsageProblem(str(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # the one place a crash is reported
            _report_bug(exc, debug=bool(ctx.meta.get("debug")))
            ctx.exit(BUG_EXIT)


def _report_bug(exc: Exception, *, debug: bool) -> None:
    from importlib.metadata import version  # noqa: PLC0415 - only a crash needs it

    if debug or os.environ.get(DEBUG_ENV) == "1":
        traceback.print_exception(exc, file=sys.stderr)
    where = f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
    click.echo(
        f"playbook {version('playbook-generator')} stopped on a bug ({where}). "
        "Please report it with the command you ran and the traceback that "
        "`--debug` prints.",
        err=True,
    )


def _remember_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta["debug"] = value
    return value


@click.group(cls=PlaybookGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="playbook-generator", prog_name="playbook")
@click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_remember_debug,
    help=f"On a crash, print the traceback (or set {DEBUG_ENV}=1).",
)
def cli() -> None:
    """Engagement playbooks as validated YAML, published as a site and signed PDFs."""


def main() -> None:
    cli(prog_name="playbook")
