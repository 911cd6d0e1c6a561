"""Publish a version of the site with mike, into the repository's pages branch.

mike builds the site by running ``mkdocs`` from PATH, so this project's own ``mkdocs``
(the one beside the running Python) goes first. Aliases such as ``latest`` are written
as redirect pages rather than symbolic links, so any plain static host serves them.
"""

from __future__ import annotations

import json
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


#: The file every published version carries, naming the reader and engagement it is for.
READER_FILE = "playbook-reader.json"


@dataclass(frozen=True)
class SiteReader:
    """Whom a published site is for: a reader and, for a client or prospect, its one
    engagement."""

    audience: str
    engagements: tuple[str, ...] = ()

    @classmethod
    def of(cls, audience: str, engagements: tuple[str, ...]) -> SiteReader:
        """The internal site is one whatever engagements it shows; another's is its own."""
        return cls(audience, () if reader(audience).vendor_team else engagements)

    def as_json(self) -> str:
        data = {"audience": self.audience, "engagements": list(self.engagements)}
        return json.dumps(data, sort_keys=True) + "\n"

    def __str__(self) -> str:
        if not self.engagements:
            return f"the {self.audience} site"
        return f"the {self.audience} site of {', '.join(self.engagements)}"


def check_branch(branch: str, who: SiteReader, repository: Path) -> None:
    """Refuse to publish ``who``'s site onto a branch made for another reader or
    engagement: one named as another's (``gh-pages``, ``pages-client-acme``), or one
    whose published versions say they are for someone else."""
    expected = default_branch(who.audience, who.engagements)
    if branch != expected and (branch == "gh-pages" or branch.startswith("pages-")):
        raise PublishError(
            f"the {branch} branch is named for another reader's site; {who} goes to "
            f"{expected}, or to a branch of a name of its own"
        )
    exists = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
        cwd=repository,
        capture_output=True,
        check=False,
    )
    if exists.returncode != 0:
        return
    names = _git(["ls-tree", "-r", "--name-only", f"refs/heads/{branch}"], repository).split("\n")
    for name in names:
        if name.rsplit("/", 1)[-1] != READER_FILE:
            continue
        recorded = _recorded(_git(["show", f"refs/heads/{branch}:{name}"], repository))
        if recorded != who:
            version = name.rsplit("/", 1)[0]
            raise PublishError(
                f"the {branch} branch holds {recorded or 'a site of unknown reader'} "
                f"(version {version}); {who} is not published onto it"
            )


def _recorded(text: str) -> SiteReader | None:
    try:
        data = json.loads(text)
        return SiteReader(str(data["audience"]), tuple(map(str, data["engagements"])))
    except (ValueError, KeyError, TypeError):
        return None


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
