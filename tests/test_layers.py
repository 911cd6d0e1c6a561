"""The packages import downwards only: each imports only packages below it in
:data:`LAYERS`, no output imports another, and every package has its place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
#: Every package and top-level module of ``generator``, from the bottom up.
LAYERS = (
    "errors",
    "clock",
    "inputs",
    "writing",
    "diagnostics",
    "models",
    "digest",
    "schema_export",
    "loading",
    "scaffold",
    "config",
    "portfolio",
    "codeowners",
    "styling",  # how every PDF looks: plain data a PDF worker reads
    "branding",  # the vendor's name, colour and logo
    "audience",
    "approved",  # what a sign-off approves: a party's edition and what it shows
    "credentials",  # whose key signed: the roster's certificates and each party's anchors
    "views",  # wording, statuses and timelines: what the rules and every output read
    "computing",  # metric values computed from contact exports, by the catalog's methods
    "rules",
    "validation",
    "readiness",  # a consumer of validation's findings
    "selection",  # the validated playbooks one reader's output is made from
    "renaming",  # edits sources: a roster id renamed everywhere
    "reminding",  # what each person owes: digests, e-mails and JSON of the views
    "reporting",
    "recording",
    "render",
    "pdf",
    "diffing",
    "signoff",
    "site",
    "building",  # every output of one reader in one call
    "cli",
    "__main__",
)
#: The packages that each turn views into one kind of output.
OUTPUTS = ("render", "pdf", "diffing")


def units() -> list[str]:
    """Every package and module directly inside ``generator``."""
    return sorted(
        p.stem
        for p in PACKAGE.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()
    )


def imported_packages(package: str) -> dict[str, set[str]]:
    """Each top-level ``generator`` package ``package``'s modules import, with who imports it."""
    path = PACKAGE / package
    files = sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")]
    found: dict[str, set[str]] = {}
    for source in files:
        for node in ast.walk(ast.parse(source.read_text(), str(source))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "generator" and len(parts) > 1 and parts[1] != package:
                    found.setdefault(parts[1], set()).add(source.relative_to(PACKAGE).as_posix())
    return found


def test_every_package_has_its_place_in_the_layers() -> None:
    assert sorted(LAYERS) == units()


@pytest.mark.parametrize("package", LAYERS)
def test_a_package_imports_only_packages_below_it(package: str) -> None:
    below = set(LAYERS[: LAYERS.index(package)])
    upward = {
        name: sorted(who) for name, who in imported_packages(package).items() if name not in below
    }
    assert upward == {}


@pytest.mark.parametrize("package", OUTPUTS)
def test_an_output_imports_no_other_output(package: str) -> None:
    imports = imported_packages(package)
    assert {name: sorted(who) for name, who in imports.items() if name in OUTPUTS} == {}
