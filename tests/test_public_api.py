"""The public API in `generator`: every name resolves, and the documented script runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import generator
from tests.conftest import EXAMPLES
from tests.examples import pdfs


def test_every_public_name_resolves_and_is_documented() -> None:
    for name in generator.__all__:
        value = getattr(generator, name)
        assert value is not None
        assert getattr(value, "__doc__", None) or isinstance(value, dict), name


def test_importing_the_package_imports_nothing_else() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import generator, sys; print(sorted(m for m in sys.modules if m.startswith('generator')))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "['generator']"


def test_the_documented_script_builds_a_clients_pdfs(tmp_path: Path) -> None:
    config = generator.load_config(start=EXAMPLES.parent)
    result = generator.validate((), config)
    assert not result.failed()
    client = generator.select(result, config, ("northwind-support",), "client")
    jobs = generator.jobs_for(client.portfolio.playbooks[0], tmp_path, audience="client")
    written = generator.run(jobs, workers=1)
    assert {path.name for path in written} == pdfs("northwind-support")
    assert generator.reader("client").words == "the client"


def test_the_export_table_and_all_agree() -> None:
    assert sorted(generator.__all__) == sorted(generator._EXPORTS)


def test_a_script_using_the_api_type_checks_strictly(tmp_path: Path) -> None:
    script = tmp_path / "script.py"
    script.write_text(
        "import generator\n"
        "from generator.validation import Result\n\n"
        "result: Result = generator.validate((), generator.load_config())\n"
        "reveal_type(generator.validate)\n"
        "count: str = result.files\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        check=False,
        capture_output=True,
        text=True,
        cwd=EXAMPLES.parent,
        env={**os.environ, "MYPYPATH": str(EXAMPLES.parent)},
    )
    # typed, not Any: the wrong type given to `count` is caught
    assert 'Revealed type is "def (paths:' in done.stdout, done.stdout
    assert "-> generator.validation.pipeline.Result" in done.stdout
    assert 'Incompatible types in assignment (expression has type "int"' in done.stdout
    assert (EXAMPLES.parent / "generator" / "py.typed").is_file()
