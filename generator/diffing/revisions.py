"""Read the playbook files of a git revision straight from the object store.

Nothing is checked out: ``git ls-tree`` lists the files under the playbooks folder
and one ``git cat-file --batch`` process reads them all, so comparing against a
revision leaves the working tree and the index alone.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final

from generator.errors import PlaybookError
from generator.loading.discovery import SUFFIXES
from generator.loading.sources import MAX_FILE_BYTES

#: Modes of files git stores as content; links (120000) and submodules are not read.
_FILE_MODES: Final = frozenset({"100644", "100755"})
_TIMEOUT: Final = 120


class RevisionError(PlaybookError):
    """A revision cannot be read: not a repository, no such revision, git missing."""


@dataclass(frozen=True)
class Repository:
    """A git working tree, addressed by its top folder."""

    top: Path

    @classmethod
    def around(cls, folder: Path) -> Repository | None:
        """The repository ``folder`` lies in, or None when it lies in none."""
        done = _run(["git", "-C", str(folder), "rev-parse", "--show-toplevel"], check=False)
        if done.returncode != 0:
            return None
        return cls(Path(done.stdout.decode("utf-8").strip()))

    def commit(self, revision: str) -> str | None:
        """The full commit id ``revision`` names, or None when it names no commit."""
        if not revision or revision.startswith("-"):
            return None
        done = self._git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", check=False)
        return done.stdout.decode("ascii").strip() if done.returncode == 0 else None

    def shallow(self) -> bool:
        """Whether this clone lacks part of the history (CI checkouts often do)."""
        done = self._git("rev-parse", "--is-shallow-repository", check=False)
        return done.stdout.strip() == b"true"

    def files(self, commit: str, folder: Path) -> list[tuple[PurePosixPath, bytes | int]]:
        """The playbook files under ``folder`` at ``commit``, by their path below ``folder``.

        Each is ``(path, content)``, or ``(path, size)`` for a file too large to read.
        Hidden folders are skipped, as when reading the working tree.
        """
        prefix = folder.resolve().relative_to(self.top.resolve()).as_posix()
        spec = [] if prefix == "." else ["--", prefix]
        listing = self._git("ls-tree", "-r", "-l", "-z", commit, *spec).stdout
        wanted: list[tuple[str, str, int]] = []
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.decode("utf-8", "surrogateescape").partition("\t")
            mode, kind, blob, size = meta.split()
            if kind != "blob" or mode not in _FILE_MODES or not _readable(name, prefix):
                continue
            wanted.append((name, blob, int(size)))
        small = [blob for _, blob, size in wanted if size <= MAX_FILE_BYTES]
        contents = self._blobs(small)
        return [
            (_below(name, prefix), contents[blob] if size <= MAX_FILE_BYTES else size)
            for name, blob, size in sorted(wanted)
        ]

    def _blobs(self, blobs: list[str]) -> dict[str, bytes]:
        if not blobs:
            return {}
        request = "".join(f"{blob}\n" for blob in dict.fromkeys(blobs)).encode("ascii")
        out = self._git("cat-file", "--batch", stdin=request).stdout
        contents: dict[str, bytes] = {}
        at = 0
        while at < len(out):
            header_end = out.index(b"\n", at)
            header = out[at:header_end].decode("ascii").split()
            if len(header) != 3:  # `<id> missing`: a partial clone without the content
                raise RevisionError(
                    f"git has no content for {header[0]}; fetch the full history first"
                )
            blob, _, size = header
            start = header_end + 1
            contents[blob] = out[start : start + int(size)]
            at = start + int(size) + 1  # the content is followed by a newline
        return contents

    def _git(
        self, *args: str, stdin: bytes | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[bytes]:
        return _run(["git", "-C", str(self.top), *args], stdin=stdin, check=check)


def _below(name: str, prefix: str) -> PurePosixPath:
    path = PurePosixPath(name)
    return path if prefix == "." else path.relative_to(prefix)


def _readable(name: str, prefix: str) -> bool:
    """Whether the file is one the playbooks loader reads: YAML, not in a hidden folder."""
    folders = _below(name, prefix).parts[:-1]
    return name.endswith(SUFFIXES) and not any(part.startswith(".") for part in folders)


def _run(
    command: list[str], *, stdin: bytes | None = None, check: bool = True
) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(
            command, input=stdin, capture_output=True, check=False, timeout=_TIMEOUT
        )
    except FileNotFoundError:
        raise RevisionError("git is not installed: comparing revisions needs it") from None
    except subprocess.TimeoutExpired:
        raise RevisionError(f"git {command[3]} took too long; is the repository locked?") from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(f"git {command[3]} failed: {message[-1] if message else 'no message'}")
    return done
