"""A command imports only what it uses: `validate` starts without PDF, signing or site code."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys

from generator.cli import COMMAND_MODULES, cli
from tests.conftest import EXAMPLES

#: Libraries validation has no use for; each costs from tens of milliseconds to a second.
#: (cryptography and asn1crypto it imports only to check signed approvals and each
#: party's trust anchors, which the examples have.)
HEAVY = ("pyhanko", "typst", "mkdocs", "material", "jinja2", "PIL", "rich")


def _imported(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "generator", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return {
        match.group(1).split(".")[0]
        for match in re.finditer(r"\|\s+([\w.]+)\s*$", done.stderr, re.MULTILINE)
    }


def test_validate_imports_no_heavy_library() -> None:
    imported = _imported("validate", str(EXAMPLES / "northwind-support"))
    assert "generator" in imported
    assert sorted(set(HEAVY) & imported) == []


def test_the_command_map_names_every_command_of_every_module() -> None:
    declared: dict[str, str] = {}
    for module in sorted(set(COMMAND_MODULES.values())):
        for command in importlib.import_module(f"generator.cli.{module}").COMMANDS:
            declared[str(command.name)] = module
    assert declared == COMMAND_MODULES
    assert all(cli.get_command(None, name) is not None for name in declared)  # type: ignore[arg-type]


def test_help_lists_every_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--help"], capture_output=True, text=True, check=True
    )
    listed = re.findall(r"^  ([\w-]+)\s{2,}", done.stdout.split("Commands:")[1], re.MULTILINE)
    assert listed == sorted(COMMAND_MODULES)
