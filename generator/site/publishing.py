"""Publish a version of the site with mike, into the repository's pages branch.

mike builds the site by running ``mkdocs`` from PATH, so this project's own ``mkdocs``
(the one beside the running Python) goes first. Aliases such as ``latest`` are written
as redirect pages rather than symbolic links, so any plain static host serves them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.audience import reader
from generator.errors import PlaybookError

_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*\Z")


class PublishError(PlaybookError):
    """The version could not be published; the pages branch is left as it was."""


@dataclass(frozen=True)
class Publication:
    """What to publish, and where."""

    version: str
    aliases: tuple[str, ...] = ()
    title: str | None = None
    push: bool = False
    set_default: bool = True
    branch: str = "gh-pages"
    remote: str = "origin"


def check_name(value: str, what: str) -> str:
    """A version or alias becomes a folder of the site: letters, digits, ``.``, ``_``, ``-``."""
    if not _VERSION.match(value):
        raise PublishError(
            f"{what} {value!r} is not usable as a folder of the site: use letters, digits, "
            "`.`, `_`, `+` or `-`, such as 1.4 or latest"
        )
    return value


def default_branch(audience: str, engagements: tuple[str, ...]) -> str:
    """The pages branch of a reader's site: ``gh-pages`` for the internal one, and a
    branch of its own for each client's or prospect's (``pages-client-acme``)."""
    if reader(audience).vendor_team:
        return "gh-pages"
    return "-".join(("pages", audience, *engagements))


@dataclass(frozen=True)
class Published:
    """What :func:`publish` did."""

    commands: tuple[tuple[str, ...], ...]
    #: With ``push``: whether the remote needed the branch (False: it had it already).
    pushed: bool = False


def publish(publication: Publication, config_file: Path, repository: Path) -> Published:
    """Deploy the site of ``config_file`` as ``publication.version`` with its aliases, to
    a branch of the git repository in ``repository``.

    With aliases, the first alias also becomes the site's default (its root redirects
    there) unless ``set_default`` is off. With ``push``, the branch is pushed whether or
    not this call made a new commit on it (mike pushes only the commits it makes), and
    a git failure is an error with git's own message.
    """
    check_name(publication.version, "version")
    for alias in publication.aliases:
        check_name(alias, "alias")
    folder = repository.absolute()
    require_repository(folder)
    common = ["--config-file", str(config_file.absolute()), "--branch", publication.branch]
    common += ["--remote", publication.remote]
    deploy = [_mike(), "deploy", *common, "--alias-type", "redirect", "--update-aliases"]
    if publication.title:
        deploy += ["--title", publication.title]
    commands = [[*deploy, publication.version, *publication.aliases]]
    if publication.aliases and publication.set_default:
        commands.append([_mike(), "set-default", *common, publication.aliases[0]])
    for command in commands:
        _run(command, folder)
    pushed = _push(publication, folder) if publication.push else False
    return Published(tuple(tuple(c) for c in commands), pushed)


def _push(publication: Publication, folder: Path) -> bool:
    """Push the pages branch; False when the remote already had this commit."""
    branch, remote = publication.branch, publication.remote
    local = _git(["rev-parse", f"refs/heads/{branch}"], folder).strip()
    listed = _git(["ls-remote", remote, f"refs/heads/{branch}"], folder).split()
    if listed and listed[0] == local:
        return False
    _git(["push", remote, f"refs/heads/{branch}:refs/heads/{branch}"], folder)
    return True


def _git(arguments: list[str], folder: Path) -> str:
    done = subprocess.run(
        ["git", *arguments], cwd=folder, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        lines = [line.strip() for line in (done.stderr or done.stdout).splitlines()]
        detail = " ".join(line for line in lines if line) or f"exit code {done.returncode}"
        raise PublishError(f"git {arguments[0]} failed: {detail}")
    return done.stdout


def _mike() -> str:
    return str(Path(sys.executable).with_name("mike"))


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def require_repository(folder: Path) -> None:
    """Stop unless ``folder`` is in a git repository, which the pages branch is part of."""
    probe = subprocess.run(
        ["git", "rev-parse", "--git-dir"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        raise PublishError(
            f"{folder}: not a git repository; versions are published to a branch of the "
            "repository that holds mkdocs.yml"
        )


def _run(command: Sequence[str], folder: Path) -> str:
    try:
        done = subprocess.run(
            list(command),
            cwd=folder,
            env=_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise PublishError(f"cannot run {command[0]}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        lines = [line.strip() for line in (done.stderr or done.stdout).splitlines()]
        detail = next((line for line in reversed(lines) if line), f"exit code {done.returncode}")
        raise PublishError(f"mike {command[1]} failed: {detail}")
    return done.stdout
