"""Load -> check shapes -> assemble playbooks -> run rules -> one :class:`Result`.

Every problem of every file is collected in one run. Nothing here prints.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from generator.config import Config
from generator.diagnostics import Diagnostic, Severity, bounded, count, failed
from generator.loading import (
    InputError,
    SourceFile,
    discover,
    display_path,
    read_bytes,
    read_source,
)
from generator.models import KINDS, Document
from generator.models.fields import dotted
from generator.models.kinds import kind_by_file_name
from generator.portfolio import Loaded, Portfolio, assemble
from generator.rules import RULES, Context, Finding
from generator.rules.accepted import waived
from generator.rules.completeness import may_hold_placeholders
from generator.validation.structure import check_document, salvage_catalog


@dataclass(frozen=True)
class Result:
    """What a validation run found."""

    portfolio: Portfolio
    diagnostics: tuple[Diagnostic, ...]
    sources: dict[str, SourceFile]
    files: int

    def count(self, severity: Severity) -> int:
        return count(self.diagnostics, severity)

    def failed(self, *, strict: bool = False) -> bool:
        """Errors always fail a check; warnings only when ``strict``."""
        return failed(self.diagnostics, strict=strict)

    def quote(self, path: str, line: int) -> str:
        source = self.sources.get(path)
        return source.line(line) if source is not None else ""

    def scoped(self, engagements: Sequence[str]) -> Result:
        """This result as a command for ``engagements`` sees it (all when empty).

        Such a command needs those engagements and the shared files they use to be
        valid; an error in another engagement's folder blocks that engagement, not
        these, so it becomes a warning here. `validate`, the merge gate, keeps it an error.
        """
        if not engagements:
            return self
        mine = [p.folder.absolute() for e in engagements if (p := self.portfolio.get(e))]
        others = {
            source.path.absolute().parent
            for source in self.sources.values()
            if source.kind == "Engagement"
        } - set(mine)

        def elsewhere(diag: Diagnostic) -> bool:
            where = Path(diag.location.path).absolute()
            inside = any(where.is_relative_to(folder) for folder in others)
            return inside and not any(where.is_relative_to(folder) for folder in mine)

        diagnostics = tuple(
            replace(
                diag,
                severity=Severity.WARNING,
                hint=f"{diag.hint}\n{_ELSEWHERE}" if diag.hint else _ELSEWHERE,
            )
            if diag.severity is Severity.ERROR and elsewhere(diag)
            else diag
            for diag in self.diagnostics
        )
        return replace(self, diagnostics=diagnostics)


_ELSEWHERE = (
    "an error of another engagement: it does not stop this command, "
    "but `playbook validate` fails on it"
)


@dataclass(frozen=True)
class CheckedFile:
    """One file read and shape-checked on its own, before the rules across files."""

    source: SourceFile | None
    problems: tuple[Diagnostic, ...]
    document: Loaded[Document] | None


#: Checked files by path, each with the (modification time, size) it was checked at.
FileCache = MutableMapping[Path, tuple[tuple[int, int], CheckedFile]]


class Checker(Protocol):
    """Reads and shape-checks a file, keeping what it may reuse (a cache on disk)."""

    def check(self, path: Path) -> CheckedFile: ...

    def is_engagement(self, path: Path) -> bool:
        """Whether the file at ``path`` declares itself an engagement file."""
        ...


def validate(
    paths: Sequence[Path] = (),
    config: Config | None = None,
    *,
    cache: FileCache | Checker | None = None,
) -> Result:
    """Validate the playbooks under ``paths`` (the configured root when empty).

    When every path lies inside the configured root, the whole root is loaded so that
    rules across files see every engagement, and only findings in the given paths
    are reported. Raises :class:`InputError` when a path cannot be read.

    With a ``cache`` (kept by a long-running caller such as ``mkdocs serve``), files
    unchanged since the last run are not read and checked again; the rules across
    files always run.
    """
    config = config or Config()
    with collector_paused():
        return validate_files(*scope_files(paths, config), config, cache=cache)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the playbooks are read.

    Reading builds millions of small objects that all stay alive and form no cycles;
    the collector would scan them again and again (it took over half the run time on a
    thousand engagements) and could free none of them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def validate_files(
    root: Path,
    files: Sequence[Path],
    diagnostics: list[Diagnostic],
    wanted: list[str] | None,
    config: Config,
    *,
    cache: FileCache | Checker | None = None,
) -> Result:
    """Validate ``files`` found under ``root``; report only ``wanted`` paths (None: all)."""
    checked_files = (check_path(path, cache) for path in files)
    portfolio, sources, reported = check_sources(root, checked_files, diagnostics, config)
    if wanted is not None:
        reported = [diag for diag in reported if _within(diag.location.path, wanted)]
    reported.sort(key=Diagnostic.sort_key)
    checked = (
        len(files) if wanted is None else sum(1 for f in files if _within(display_path(f), wanted))
    )
    return Result(portfolio, tuple(reported), sources, checked)


def scope_files(
    paths: Sequence[Path], config: Config
) -> tuple[Path, list[Path], list[Diagnostic], list[str] | None]:
    """The root, the files to read, problems finding them, and the paths to report (None: all)."""
    root, context, wanted = _scope(paths, config)
    files, diagnostics = discover(context, root)
    return root, files, diagnostics, wanted


def validate_contents(
    root: Path, files: Sequence[tuple[Path, bytes | int]], config: Config | None = None
) -> Result:
    """Validate file contents that are not on disk, as if each lay at its path under ``root``.

    Used for the files of a git revision. Each file comes with its content, or with
    its size when it is too large to have been read. Every file is reported.
    """
    config = config or Config()
    checked_files = (
        check_read(
            *(
                read_bytes(b"", path, display_path(path), size=content)
                if isinstance(content, int)
                else read_bytes(content, path, display_path(path))
            )
        )
        for path, content in files
    )
    with collector_paused():
        portfolio, sources, reported = check_sources(root, checked_files, [], config)
    reported.sort(key=Diagnostic.sort_key)
    return Result(portfolio, tuple(reported), sources, len(files))


def check_path(path: Path, cache: FileCache | Checker | None = None) -> CheckedFile:
    """Read and shape-check the file at ``path``, or take it from ``cache`` if unchanged."""
    if cache is not None and not isinstance(cache, MutableMapping):
        return cache.check(path)
    stamp = None
    if cache is not None:
        try:
            stat = path.stat()
        except OSError:
            stat = None
        if stat is not None:
            stamp = (stat.st_mtime_ns, stat.st_size)
            known = cache.get(path)
            if known is not None and known[0] == stamp:
                return known[1]
    checked = check_read(*read_source(path, display_path(path)))
    if cache is not None and stamp is not None:
        cache[path] = (stamp, checked)
    return checked


def check_read(source: SourceFile | None, problems: list[Diagnostic]) -> CheckedFile:
    """Shape-check a file that has been read."""
    document = None
    if source is not None and source.composed:
        model, more = check_document(source)
        problems = [*problems, *more]
        if model is not None:
            source = _lean(source)
            document = Loaded(source, model)
        elif (kept := salvage_catalog(source, _kind_of_broken(source))) is not None:
            document = Loaded(source, kept, partial=True)
    return CheckedFile(source, bounded(problems), document)


def _lean(source: SourceFile) -> SourceFile:
    """``source`` without its plain data once its model holds every value: the rules read
    the model, and the text and positions stay for reporting. Only a file that may hold a
    placeholder keeps its data, which the placeholder rule walks."""
    if may_hold_placeholders(source.text):
        return source
    return replace(source, data=None, declared=source.kind)


def check_sources(
    root: Path,
    checked: Iterable[CheckedFile],
    diagnostics: list[Diagnostic],
    config: Config,
) -> tuple[Portfolio, dict[str, SourceFile], list[Diagnostic]]:
    """Collect the files checked, assemble the playbooks, run the rules."""
    sources: dict[str, SourceFile] = {}
    documents: list[Loaded[Document]] = []
    broken: list[tuple[Path, str]] = []
    for entry in checked:
        diagnostics.extend(entry.problems)
        source = entry.source
        if source is None:
            continue
        sources[source.display] = source
        if entry.document is not None:
            documents.append(entry.document)
        elif (kind := _kind_of_broken(source)) is not None:
            broken.append((source.path, kind))
    portfolio, problems = assemble(root.absolute(), documents, broken)
    diagnostics.extend(problems)
    diagnostics.extend(_run_rules(Context(portfolio, config, config.today)))
    return portfolio, sources, _configure(diagnostics, config)


def _kind_of_broken(source: SourceFile) -> str | None:
    """The kind a file with errors declares or, when its `kind:` is missing or unknown,
    the kind its file name gives: the checks across its folder then know what is broken,
    rather than reporting its absence in every file that refers to it."""
    declared = source.kind
    return declared if declared in KINDS else kind_by_file_name(source.path.name)


def narrowed(paths: Sequence[Path], config: Config) -> tuple[tuple[Path, ...], list[Path]]:
    """``paths`` with each folder that holds the playbooks root (such as the project's
    own folder) replaced by the root, and the YAML files of those folders outside the
    root: site settings, workflows and the like, which are not playbooks."""
    root = config.root
    if not root.is_dir():
        return tuple(paths), []
    inner = root.resolve()
    kept: dict[Path, None] = {}
    skipped: list[Path] = []
    for path in paths:
        outer = path.resolve()
        if path.is_dir() and outer != inner and inner.is_relative_to(outer):
            kept[root] = None
            found, _ = discover([path], path)
            skipped.extend(f for f in found if not f.resolve().is_relative_to(inner))
        else:
            kept[path] = None
    return tuple(kept), skipped


def _scope(paths: Sequence[Path], config: Config) -> tuple[Path, list[Path], list[str] | None]:
    """The root, the paths to load, and the display paths to report (None: all)."""
    root = config.root
    if not paths:
        if not root.exists():
            raise InputError(f"{display_path(root)}: no such folder (the playbooks root)")
        return root, [root], None
    resolved_root = root.resolve()
    if root.is_dir() and all(p.resolve().is_relative_to(resolved_root) for p in paths):
        if all(p.resolve() == resolved_root for p in paths):
            return root, [root], None
        for path in paths:
            if not path.exists():
                raise InputError(f"{display_path(path)}: no such file or folder")
        return root, [root], [display_path(p) for p in paths]
    given = [p.absolute() for p in paths]
    common = Path(*_common_parts(given)) if len(given) > 1 else given[0]
    return (common if common.is_dir() else common.parent), list(paths), None


def _common_parts(paths: list[Path]) -> list[str]:
    parts: list[str] = []
    for group in zip(*(p.parts for p in paths), strict=False):
        if len(set(group)) != 1:
            break
        parts.append(group[0])
    return parts or ["/"]


def _within(shown: str, wanted: list[str]) -> bool:
    return any(shown == w or shown.startswith(w.rstrip("/") + "/") for w in wanted)


def _run_rules(ctx: Context) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    accepted = waived(ctx.portfolio)
    for entry in RULES.values():
        if entry.check is None or not ctx.config.enabled(entry.code):
            continue
        for finding in entry.check(ctx):
            if entry.code in accepted.get(id(finding.document), ()):
                continue  # a red flag the brief accepts, with its reason
            found.append(
                Diagnostic(
                    entry.code,
                    entry.severity,
                    finding.message,
                    finding.document.at(finding.path, key=finding.key),
                    field=dotted(finding.path),
                    hint=finding.hint,
                )
            )
    return found


def rule_findings(
    result: Result, engagement: str, codes: Iterable[str], config: Config
) -> dict[str, list[Finding]]:
    """What each rule of ``codes`` finds in ``engagement`` of ``result`` alone, whatever
    the settings select or ignore and whatever the brief accepts: the readiness review
    shows every red flag, even one a project silences in CI."""
    playbook = result.portfolio.get(engagement)
    if playbook is None:
        raise KeyError(engagement)
    context = Context(replace(result.portfolio, playbooks=(playbook,)), config, config.today)
    found: dict[str, list[Finding]] = {}
    for code in sorted(set(codes)):
        check = RULES[code].check
        found[code] = list(check(context)) if check is not None else []
    return found


def _configure(diagnostics: list[Diagnostic], config: Config) -> list[Diagnostic]:
    """Drop codes the project does not select; apply its severity overrides."""
    overrides = config.settings.severity
    out = []
    for diag in diagnostics:
        if not config.enabled(diag.code):
            continue
        severity = overrides.get(diag.code)
        out.append(replace(diag, severity=Severity(severity)) if severity else diag)
    return out


def load_one(path: Path) -> tuple[Loaded[Document] | None, Result]:
    """Read and shape-check one file on its own (no rules across files).

    The document is ``None`` when the file has errors; the result reports them.
    """
    checked = check_path(path)
    sources = {checked.source.display: checked.source} if checked.source is not None else {}
    empty = Portfolio(path.parent, (), ())
    diagnostics = tuple(sorted(checked.problems, key=Diagnostic.sort_key))
    result = Result(empty, diagnostics, sources, 1)
    return (checked.document if not result.failed() else None), result
