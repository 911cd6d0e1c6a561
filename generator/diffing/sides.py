"""The two sides of a comparison: a git revision, a folder, or the working tree.

Each side is loaded through the normal validation pipeline, so a comparison sees
exactly the playbooks, and the problems, that ``playbook validate`` would see.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from generator.config import Config
from generator.diffing.revisions import Repository, RevisionError
from generator.loading import InputError, SourceFile, display_path
from generator.models import Engagement
from generator.validation import Result, validate, validate_contents


@dataclass(frozen=True)
class Side:
    """One side: what to call it, where its playbooks root is, what validating it found."""

    label: str
    root: Path
    result: Result

    def relative(self, source: SourceFile) -> str:
        """Where ``source`` lies below the playbooks root, e.g. ``acme/brief.yaml``."""
        try:
            return source.path.relative_to(self.root).as_posix()
        except ValueError:
            return source.display

    @cached_property
    def unreadable(self) -> frozenset[str]:
        """Files (below the root) that were read but have errors that keep them out."""
        loaded = {doc.source.display for doc in self.result.portfolio.documents()}
        return frozenset(
            self.relative(source)
            for display, source in self.result.sources.items()
            if display not in loaded
        )

    @cached_property
    def broken_engagements(self) -> frozenset[str]:
        """Ids of engagements whose engagement file is here but has errors."""
        found = set()
        for source in self.result.sources.values():
            data = source.data
            if self.relative(source) not in self.unreadable or not isinstance(data, dict):
                continue
            metadata = data.get("metadata")
            if (
                data.get("kind") == Engagement.KIND
                and isinstance(metadata, dict)
                and isinstance(metadata.get("id"), str)
            ):
                found.add(metadata["id"])
        return frozenset(found)


def load_side(given: str | None, config: Config) -> Side:
    """Load the side named ``given``: a folder, a git revision, or (None) the working tree.

    A folder is a playbooks root, like the one in the settings. Raises
    :class:`RevisionError` when ``given`` is neither a folder nor a revision.
    """
    if given is None:
        result = validate((), config)
        return Side("working tree", config.root.absolute(), result)
    folder = Path(given)
    if folder.is_dir():
        root = folder.absolute()
        settings = config.settings.model_copy(update={"root": str(root)})
        result = validate((), Config(settings, config.base, config.source))
        return Side(display_path(folder) + "/", root, result)
    return _revision(given, config)


def _revision(given: str, config: Config) -> Side:
    repository = Repository.around(config.base)
    if repository is None:
        raise RevisionError(
            f"`{given}` is not a folder, and {display_path(config.base) or '.'} is not "
            "in a git repository where it could be a revision"
        )
    commit = repository.commit(given)
    if commit is None:
        hint = (
            "; this clone is shallow, fetch the history first (`git fetch --unshallow`, "
            "or `fetch-depth: 0` in actions/checkout)"
            if repository.shallow()
            else ""
        )
        raise RevisionError(f"`{given}` is neither a folder nor a git revision{hint}")
    root = config.root.absolute()
    if not root.resolve().is_relative_to(repository.top.resolve()):
        raise InputError(
            f"the playbooks root {display_path(root)} is outside the git repository "
            f"at {repository.top}"
        )
    files = repository.files(commit, root)
    result = validate_contents(root, [(root / name, content) for name, content in files], config)
    label = given if commit.startswith(given) else f"{given} ({commit[:7]})"
    return Side(label, root, result)
