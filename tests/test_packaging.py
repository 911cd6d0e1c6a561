"""Every file the package reads at run time is installed with it, not only its modules."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch

from tests.conftest import PROJECT


def test_every_data_file_of_the_package_is_installed() -> None:
    settings = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = settings["tool"]["setuptools"]["package-data"]["*"]
    data = [
        path
        for path in (PROJECT / "generator").rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]
    assert any(path.suffix == ".toml" for path in data)  # the shipped export profiles
    missing = [
        path.relative_to(PROJECT).as_posix()
        for path in data
        if not any(fnmatch(path.name, pattern) for pattern in patterns)
    ]
    assert missing == []
