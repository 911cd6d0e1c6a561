"""Load -> check shapes -> assemble playbooks -> run rules -> one :class:`Result`.

Every problem of every file is collected in one run. Nothing here prints.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from generator.config import Config
from generator.diagnostics import Diagnostic, Severity
from generator.loading import InputError, SourceFile, discover, display_path, read_source
from generator.models import Document
from generator.models.fields import dotted
from generator.portfolio import Loaded, Portfolio, assemble
from generator.rules import RULES, Context
from generator.validation.structure import check_document


@dataclass(frozen=True)
class Result:
    """What a validation run found."""

    portfolio: Portfolio
    diagnostics: tuple[Diagnostic, ...]
    sources: dict[str, SourceFile]
    files: int

    def count(self, severity: Severity) -> int:
        return sum(1 for diag in self.diagnostics if diag.severity is severity)

    def failed(self, *, strict: bool = False) -> bool:
        """Errors always fail a check; warnings only when ``strict``."""
        return any(diag.severity is Severity.ERROR or strict for diag in self.diagnostics)


@dataclass(frozen=True)
class CheckedFile:
    """One file read and shape-checked on its own, before the rules across files."""

    source: SourceFile | None
    problems: tuple[Diagnostic, ...]
    document: Loaded[Document] | None


#: Checked files by path, each with the (modification time, size) it was checked at.
FileCache = MutableMapping[Path, tuple[tuple[int, int], CheckedFile]]


def validate(
    paths: Sequence[Path] = (), config: Config | None = None, *, cache: FileCache | None = None
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
    root, context, wanted = _scope(paths, config)
    files, diagnostics = discover(context, root)
    sources: dict[str, SourceFile] = {}
    documents: list[Loaded[Document]] = []
    broken: list[tuple[Path, str]] = []
    for path in files:
        read = _check_file(path, cache)
        diagnostics.extend(read.problems)
        source = read.source
        if source is None:
            continue
        sources[source.display] = source
        if read.document is not None:
            documents.append(read.document)
        elif isinstance(source.data, dict) and isinstance(source.data.get("kind"), str):
            broken.append((source.path, source.data["kind"]))
    portfolio, problems = assemble(root.absolute(), documents, broken)
    diagnostics.extend(problems)
    diagnostics.extend(_run_rules(Context(portfolio, config)))
    reported = _configure(diagnostics, config)
    if wanted is not None:
        reported = [diag for diag in reported if _within(diag.location.path, wanted)]
    reported.sort(key=Diagnostic.sort_key)
    checked = (
        len(files) if wanted is None else sum(1 for f in files if _within(display_path(f), wanted))
    )
    return Result(portfolio, tuple(reported), sources, checked)


def _check_file(path: Path, cache: FileCache | None) -> CheckedFile:
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
    source, problems = read_source(path, display_path(path))
    document = None
    if source is not None and source.composed:
        model, more = check_document(source)
        problems.extend(more)
        if model is not None:
            document = Loaded(source, model)
    checked = CheckedFile(source, tuple(problems), document)
    if cache is not None and stamp is not None:
        cache[path] = (stamp, checked)
    return checked


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
    for entry in RULES.values():
        if entry.check is None or not ctx.config.enabled(entry.code):
            continue
        for finding in entry.check(ctx):
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
    source, diagnostics = read_source(path, display_path(path))
    document = None
    sources = {}
    if source is not None:
        sources[source.display] = source
        if source.composed:
            model, problems = check_document(source)
            diagnostics.extend(problems)
            if model is not None:
                document = Loaded(source, model)
    empty = Portfolio(path.parent, (), ())
    result = Result(empty, tuple(sorted(diagnostics, key=Diagnostic.sort_key)), sources, 1)
    return (document if not result.failed() else None), result
