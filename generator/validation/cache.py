"""A content-hash cache on disk, so that checking an unchanged tree again costs a read.

Opt in with ``cache = ".playbook-cache"`` in the settings or ``playbook validate
--cache DIR``. Two things are kept, both keyed by what they were made from:

- each file as read and shape-checked, under the digest of its bytes, its path and the
  code: a changed file is read again, the others are loaded as they were;
- each engagement's findings, under the digest of its files, the shared catalogs, the
  settings, the day the rules treat as today, the working folder and the code: after
  an edit, the other engagements' findings are replayed and only the edited one is
  checked again (with the one rule across engagements, on their ids);
- each run's findings, under the digest of every file and the same: an unchanged tree
  replays them.

Files are known without reading them, as git's index knows them: an index keeps each
file's size, modification and change times and inode with its digest, and a file whose
stat is the same (and was not modified within a second of the index being written, when
a later write could share its time) keeps its digest. Only the files whose stat changed
are read, once.

A new release, a changed settings file, an edited rule or another day is another key,
so nothing stale is ever reported. Entries are Python pickles: the folder is this
machine's own, like ``__pycache__``; it ignores itself in git and is never shared.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Final

from generator.config import Config
from generator.diagnostics import Diagnostic, Findings
from generator.inputs import read_input
from generator.loading import display_path, read_bytes, read_raw
from generator.validation.parallel import (
    Outcome,
    SharedReport,
    engagement_head,
    is_engagement_file,
    jobs_for,
    validate_shares,
)
from generator.validation.pipeline import (
    CheckedFile,
    check_read,
    collector_paused,
    scope_files,
    validate_files,
)

#: Runs kept besides the latest: enough for a few branches checked in turn.
RUNS_KEPT: Final = 8
#: A file modified this close to the writing of the index may have changed again within
#: the same clock tick: it is read, not trusted to its stat.
RACY_NS: Final = 1_000_000_000
#: The bytes of changed files a run keeps between keying them and checking them, so
#: that each is read once; past this (a first run over a large tree) they are read again.
KEPT_BYTES: Final = 16 * 1024 * 1024

#: A file's stat as the index compares it: size, modification time, change time, inode.
Stat = tuple[int, int, int, int]
#: The largest entry read back: a run's findings over thousands of engagements.
_MAX_ENTRY_BYTES: Final = 256 * 1024 * 1024
_PACKAGE: Final = Path(__file__).resolve().parent.parent


@cache
def code_digest() -> str:
    """What identifies this code: every module's path, size and modification time."""
    digest = hashlib.blake2b(digest_size=16)
    for module in sorted(_PACKAGE.rglob("*.py")):
        stat = module.stat()
        digest.update(
            f"{module.relative_to(_PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode()
        )
    return digest.hexdigest()


@dataclass
class DiskCache:
    """Checked files and findings of runs, kept in ``folder``."""

    folder: Path
    #: Keys of the file entries the current run used: the others are dropped after it.
    used: set[str] = field(default_factory=set)
    #: Each file's key as the run found it, for the keys of the run and of its engagements.
    #: Only keys are held: a file checked again is read again, so a replayed tree never
    #: holds its files' bytes.
    _keys: dict[Path, str] = field(default_factory=dict)
    #: Files whose bytes changed while the run went on: nothing keyed by them is kept.
    _moved: set[Path] = field(default_factory=set)
    #: What every entry of this run depends on besides its files.
    _context: bytes = b""
    hits: int = 0
    #: Engagements whose findings were replayed.
    recalled: int = 0
    #: Told once when an entry is found damaged (it is made again all the same).
    warn: Callable[[str], None] | None = None
    _warned: bool = False
    #: Each file's stat when last keyed, with its key and whether it is an engagement file.
    _index: dict[str, tuple[Stat, str, bool]] = field(default_factory=dict)
    #: When the index was written, in nanoseconds since the epoch.
    _indexed_at: int = 0
    #: Files read this run, keyed and not yet checked: read once.
    _raw: dict[Path, tuple[bytes, int]] = field(default_factory=dict)
    _raw_bytes: int = 0
    #: Files whose stat did not match the index, and were read.
    read: int = 0
    #: File and engagement entries written by this run.
    stored: int = 0
    #: Entries runs have left stale since the last sweep, as the index counts them.
    _stale: int = 0
    _stale_before: int = 0

    def _load(self, entry: Path) -> object:
        value = _load(entry)
        if value is _DAMAGED:
            if self.warn is not None and not self._warned:
                self._warned = True
                self.warn(
                    f"the cache in {display_path(self.folder)} held a damaged entry; what it "
                    "held is checked again (delete the folder to start it afresh)"
                )
            return None
        return value

    def check(self, path: Path) -> CheckedFile:
        """``path`` as read and shape-checked: from the cache when its bytes are known."""
        key = self._keys.get(path)
        kept = self._raw.pop(path, None)
        if key is None:  # not keyed by this run: read to key it
            raw, size, key = self._file_key(path)
            kept = (raw, size)
        self.used.add(key)
        entry = self._entry("files", key)
        loaded = self._load(entry)
        if isinstance(loaded, CheckedFile):
            self.hits += 1
            return loaded
        if kept is None:  # known by its stat, and its entry is gone or damaged: read it
            raw, size, now = self._file_key(path)
            if now != key:
                self._moved.add(path)  # changed since this run keyed it
                self.used.add(now)
                entry = self._entry("files", now)
            kept = (raw, size)
        raw, size = kept
        checked = check_read(*read_bytes(raw, path, display_path(path), size=size))
        _store(entry, checked)
        self.stored += 1
        return checked

    def is_engagement(self, path: Path) -> bool:
        """Whether ``path`` is an engagement file, as its first lines said when it was keyed."""
        known = self._index.get(str(path.absolute()))
        return known[2] if known is not None else is_engagement_file(path)

    def findings(
        self,
        root: Path,
        files: Sequence[Path],
        problems: list[Diagnostic],
        wanted: list[str] | None,
        config: Config,
        today: date,
    ) -> Findings:
        """The findings of validating ``files``: replayed when nothing they depend on changed."""
        context = hashlib.blake2b(digest_size=20)
        for part in (code_digest(), str(Path.cwd()), str(root), today.isoformat()):
            context.update(part.encode() + b"\0")
        context.update(config.settings.model_dump_json().encode())
        self._context = context.digest()
        run = hashlib.blake2b(self._context, digest_size=20)
        run.update(repr((wanted, [diag.sort_key() for diag in problems])).encode() + b"\0")
        self._load_index()
        stated_at = time.time_ns()  # before any stat: the index's time for racy files
        for path in files:
            self._keys[path] = key = self._known_key(path)
            run.update(key.encode())
        entry = self._entry("runs", run.hexdigest())
        known = self._load(entry)
        if isinstance(known, SharedReport):
            self._keys.clear()
            self._raw.clear()
            self._save_index(files, stated_at)
            with contextlib.suppress(OSError):
                os.utime(entry)  # recently used: kept when older runs are dropped
            return known
        if wanted is None and not problems:  # the whole tree: one engagement at a time,
            # those the cache has nothing for on every core when they are many
            jobs = jobs_for(len(files))
            found = validate_shares(root, files, config, jobs, checker=self, memo=self)
        else:
            found = validate_files(root, files, problems, wanted, config, cache=self)
        self._keys.clear()
        self._raw.clear()
        if not self._moved:
            _store(entry, found if isinstance(found, SharedReport) else _report(found))
        self._prune(entry, whole=wanted is None and not self._moved)
        self._save_index(files, stated_at)
        self._moved.clear()
        return found

    def recall(self, group: Sequence[Path], shared: Sequence[Path], first: bool) -> Outcome | None:
        """An engagement's findings, as a run with the same files and context left them."""
        key = self._group_key(group, shared, first)
        if key is None:
            return None
        self.used.add(key)
        found = self._load(self._entry("engagements", key))
        if not isinstance(found, Outcome):
            return None
        self.recalled += 1
        # Its files' entries stay for the day the engagement changes.
        self.used.update(self._keys[path] for path in group)
        return found

    def keep(
        self, group: Sequence[Path], shared: Sequence[Path], first: bool, found: Outcome
    ) -> None:
        key = self._group_key(group, shared, first)
        for path in (*group, *shared):  # a worker read it again: it must not have changed
            known = self._index.get(str(path.absolute()))
            if known is None or known[0] != _signature(path):
                self._moved.add(path)
        if key is not None and not self._moved.intersection((*group, *shared)):
            self.used.add(key)
            _store(self._entry("engagements", key), found)
            self.stored += 1

    def _group_key(self, group: Sequence[Path], shared: Sequence[Path], first: bool) -> str | None:
        keys = [self._keys.get(path) for path in (*shared, *group)]
        if None in keys:
            return None  # a file this run did not read: nothing to key it by
        digest = hashlib.blake2b(self._context, digest_size=20)
        digest.update(f"{first}:{len(shared)}:{','.join(map(str, keys))}".encode())
        return digest.hexdigest()

    def _known_key(self, path: Path) -> str:
        """``path``'s key: from the index when its stat is unchanged, else read and hashed."""
        now = _signature(path)
        name = str(path.absolute())
        known = self._index.get(name)
        # a file modified in the second the index's stats were taken may change again
        # within the same clock tick: it is read, not trusted
        settled = now is not None and now[1] < self._indexed_at - RACY_NS
        if settled and known is not None and known[0] == now:
            return known[1]
        raw, size, key = self._file_key(path)
        self.read += 1
        if self._raw_bytes + len(raw) <= KEPT_BYTES:
            self._raw[path] = (raw, size)
            self._raw_bytes += len(raw)
        if now is not None:
            self._index[name] = (now, key, engagement_head(raw))
        return key

    def _index_entry(self) -> Path:
        """The index of this code and working folder: keys depend on both."""
        digest = hashlib.blake2b(f"{code_digest()}\0{Path.cwd()}".encode(), digest_size=20)
        return self._entry("index", digest.hexdigest())

    def _load_index(self) -> None:
        loaded = self._load(self._index_entry())
        if isinstance(loaded, tuple) and len(loaded) == 3 and isinstance(loaded[1], dict):
            self._indexed_at, self._index, self._stale = loaded
        else:
            self._indexed_at, self._index, self._stale = 0, {}, 0
        self._stale_before = self._stale

    def _save_index(self, files: Sequence[Path], stated_at: int) -> None:
        """Keep the index of the files of this run, stamped with the time before their
        stats were taken, and how many entries runs left stale since the last sweep."""
        names = {str(path.absolute()) for path in files}
        kept = {name: known for name, known in self._index.items() if name in names}
        entry = self._index_entry()
        if self.read or len(kept) != len(self._index) or self._stale != self._stale_before:
            _store(entry, (stated_at, kept, self._stale))
            for other in _entries(self.folder / "index"):  # another code's or folder's
                if other != entry:
                    _discard(other)
        self._index = kept

    def _file_key(self, path: Path) -> tuple[bytes, int, str]:
        shown = display_path(path)
        raw, size = read_raw(path, shown)
        digest = hashlib.blake2b(raw, digest_size=20)
        digest.update(f"\0{size}\0{path.absolute()}\0{shown}\0{code_digest()}".encode())
        return raw, size, digest.hexdigest()

    def _entry(self, part: str, key: str) -> Path:
        return self.folder / part / key[:2] / key

    def _prune(self, latest: Path, *, whole: bool) -> None:
        """Keep the latest runs, and after a run over the whole tree only its files.

        Listing every entry costs as much as the tree is large, so a run that left few
        entries stale (one edited file) leaves them for a later run: the entries are
        swept once those left since the last sweep pass a tenth of the ones in use.
        """
        runs = sorted(_entries(self.folder / "runs"), key=_modified, reverse=True)
        for old in runs[RUNS_KEPT:]:
            if old != latest:
                _discard(old)
        self._stale += self.stored
        if whole and self._stale * 10 >= len(self.used):
            self._stale = 0
            for part in ("files", "engagements"):
                for stale in _entries(self.folder / part):
                    if stale.name not in self.used:
                        _discard(stale)


def check_cached(
    paths: Sequence[Path],
    config: Config,
    folder: Path,
    warn: Callable[[str], None] | None = None,
) -> Findings:
    """Validate like :func:`~generator.validation.parallel.check`, keeping and reusing
    what is in the cache ``folder``: the engagements it has nothing for are checked on
    every core when they are many, and the others replayed."""
    with collector_paused():
        root, files, problems, wanted = scope_files(paths, config)
        cache = open_cache(folder, warn)
        return cache.findings(root, files, problems, wanted, config, config.today)


def open_cache(folder: Path, warn: Callable[[str], None] | None = None) -> DiskCache:
    """The cache in ``folder``, created with a ``.gitignore`` so git never picks it up."""
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# made by playbook: a cache of this machine's checks\n*\n")
    return DiskCache(folder, warn=warn)


def _report(result: Findings) -> SharedReport:
    quotes = {
        (diag.location.path, diag.location.line): result.quote(
            diag.location.path, diag.location.line
        )
        for diag in result.diagnostics
    }
    return SharedReport(result.diagnostics, quotes, result.files)


def _signature(path: Path) -> Stat | None:
    """What the index compares of a regular file; None for anything else, which is
    always read (a pipe, a folder) or is not there."""
    try:
        found = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


def _load(entry: Path) -> object:
    """The value kept in ``entry``: None when it is missing, :data:`_DAMAGED` when it is
    there but cannot be read back.

    A damaged entry fails in ways the pickle format does not bound (any exception, from
    an overflow to a missing class), and every failure is only a miss: the value is made
    again and the check goes on. Callers check the type of what comes back.
    """
    if not entry.exists() and not entry.is_symlink():
        return None
    try:
        return pickle.loads(read_input(entry, _MAX_ENTRY_BYTES, "the cache entry"))
    except Exception:  # any failure at all: see above
        return _DAMAGED


#: What :func:`_load` gives for an entry that is there but cannot be read back.
_DAMAGED: Final = object()


def _store(entry: Path, value: object) -> None:
    """Write ``entry`` whole or not at all, so that a run stopped halfway leaves no torn file."""
    temporary = None
    try:
        if entry.is_dir() and not entry.is_symlink():
            _discard(entry)  # a damaged entry: a folder where a file belongs
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        Path(temporary).replace(entry)
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        # a cache that cannot be written only costs time


def _discard(entry: Path) -> None:
    """Remove an entry, whatever stands in its place; one that stays only costs space."""
    with contextlib.suppress(OSError):
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink(missing_ok=True)


def _entries(folder: Path) -> Iterator[Path]:
    return (path for path in folder.glob("*/*") if not path.name.startswith(".tmp-"))


def _modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0
