"""The benchmarks in bench/ still import against the code they measure."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.mark.parametrize(
    "name", sorted(p.stem for p in BENCH.glob("*.py") if p.stem not in {"__init__"})
)
def test_each_benchmark_imports(name: str) -> None:
    module = importlib.import_module(f"bench.{name}")
    assert callable(getattr(module, "main", None)) or name == "corpus"


def test_a_measured_peak_is_the_command_s_own_not_the_caller_s() -> None:
    from bench.measure import measure  # noqa: PLC0415

    ballast = b"\x01" * (200 * 1024 * 1024)  # the caller holds 200 MB, every page touched
    found = measure([sys.executable, "-c", "x = bytearray(50 * 1024 * 1024)"], Path.cwd())
    assert 50e6 < found.peak < 100e6, found.peak  # the command's 50 MB, not the caller's 200
    assert found.cpu > 0
    assert found.wall > 0
    del ballast
    with pytest.raises(SystemExit, match="failed"):
        measure([sys.executable, "-c", "raise SystemExit(3)"], Path.cwd())
