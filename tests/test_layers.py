"""The stages import downwards only: no output imports another, and views import no output."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
#: The packages that each turn views into one kind of output.
OUTPUTS = ("render", "pdf", "diffing")


def imported_packages(package: str) -> dict[str, set[str]]:
    """Each top-level ``generator`` package ``package``'s modules import, with who imports it."""
    found: dict[str, set[str]] = {}
    for path in sorted((PACKAGE / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "generator" and len(parts) > 1:
                    found.setdefault(parts[1], set()).add(path.relative_to(PACKAGE).as_posix())
    return found


@pytest.mark.parametrize("package", OUTPUTS)
def test_an_output_imports_no_other_output(package: str) -> None:
    imports = imported_packages(package)
    others = {name: sorted(who) for name, who in imports.items() if name in OUTPUTS}
    others.pop(package, None)
    assert others == {}


def test_the_views_import_no_output() -> None:
    imports = imported_packages("views")
    assert {name: sorted(who) for name, who in imports.items() if name in OUTPUTS} == {}
