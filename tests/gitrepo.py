"""A real git repository in a temporary folder, holding a copy of the example playbooks."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import EXAMPLES, replace_in

# Commits made by the tests must not depend on the machine's git settings.
_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


class GitRepo:
    """A repository with the example playbooks under ``playbooks/``, committed on `main`."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self.playbooks = top / "playbooks"

    @classmethod
    def with_examples(cls, top: Path) -> GitRepo:
        repo = cls(top)
        top.mkdir(parents=True, exist_ok=True)
        repo.git("init", "--quiet", "--initial-branch=main")
        shutil.copytree(EXAMPLES, repo.playbooks)
        (top / "pyproject.toml").write_text('[tool.playbook]\nroot = "playbooks"\n')
        repo.commit("Add the playbooks")
        return repo

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=self.top,
            env={**os.environ, **_ENV},
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def commit(self, message: str) -> str:
        """Commit everything in the working tree; return the commit id."""
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def edit(self, relative: str, old: str, new: str) -> None:
        """Replace ``old`` (which must be there) by ``new`` in a playbook file."""
        replace_in(self.playbooks / relative, old, new)
