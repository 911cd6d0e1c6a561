"""`validate --cache`: an unchanged tree replays its findings, a changed file alone is read
again, and nothing the cache holds is ever reported after what it depends on changed."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.corpus import generate
from generator.clock import build_date
from generator.config import Config, load_config
from generator.diagnostics import Findings
from generator.reporting import REPORTERS
from generator.validation import validate
from generator.validation.cache import DiskCache, open_cache
from generator.validation.pipeline import CheckedFile, collector_paused, scope_files
from tests.conftest import Invoke, findings, replace_in
from tests.examples import FILES, SHARED, files_of

BROKEN_OWNER = ("    owner: lgrant\n", "    owner: nobody-here\n")


def test_a_second_run_replays_the_first_and_a_change_is_seen(
    examples: Path, invoke: Invoke
) -> None:
    first = invoke("validate", "--cache", ".playbook-cache")
    assert first.exit_code == 0, first.output
    assert first.stdout == f"Checked {FILES} files: no problems.\n"
    assert (examples.parent / ".playbook-cache" / ".gitignore").read_text().endswith("*\n")
    again = invoke("validate", "--cache", ".playbook-cache")
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)

    replace_in(examples / "summit-outbound" / "brief.yaml", *BROKEN_OWNER)
    changed = invoke("validate", "--cache", ".playbook-cache")
    assert changed.exit_code == 1
    assert any("PB201" in line and "nobody-here" in line for line in findings(changed.stdout))
    # put back as it was: the first run's findings again, from the cache
    replace_in(examples / "summit-outbound" / "brief.yaml", *reversed(BROKEN_OWNER))
    back = invoke("validate", "--cache", ".playbook-cache")
    assert (back.exit_code, back.stdout) == (0, first.stdout)


def test_only_the_changed_file_is_read_again(examples: Path) -> None:
    config = load_config()
    folder = examples.parent / ".playbook-cache"

    def run() -> tuple[int, int, int]:
        cache = open_cache(folder)
        with collector_paused():
            root, files, problems, wanted = scope_files((), config)
            cache.findings(root, files, problems, wanted, config, build_date())
        return cache.hits, cache.recalled, len(files)

    assert run() == (0, 0, FILES)  # the first run reads everything
    brief = examples / "northwind-support" / "brief.yaml"
    brief.write_text(brief.read_text() + "# a comment\n")
    # The other engagement's findings replay; the edited one is checked again with the
    # shared catalog, every file loaded as it was but the brief, which is read again.
    assert run() == (files_of("northwind-support") - 1 + SHARED, 1, FILES)
    assert run() == (0, 0, FILES)  # and now the whole run replays, without checking a file
    # The engagement that replayed kept its files' entries for when it changes.
    other = examples / "summit-outbound" / "brief.yaml"
    other.write_text(other.read_text() + "# a comment\n")
    assert run() == (files_of("summit-outbound") - 1 + SHARED, 1, FILES)


def test_settings_and_the_day_are_part_of_the_key(examples: Path, invoke: Invoke) -> None:
    replace_in(examples / "summit-outbound" / "brief.yaml", *BROKEN_OWNER)
    before = invoke("validate", "--cache", "cache")
    assert before.exit_code == 1
    (examples.parent / "playbook.toml").write_text('root = "playbooks"\nignore = ["PB201"]\n')
    ignored = invoke("validate", "--cache", "cache")
    assert "PB201" not in ignored.stdout
    # the rules count from today: another day is another run
    (examples.parent / "playbook.toml").write_text('root = "playbooks"\n')
    later = invoke("validate", "--cache", "cache", env={"PLAYBOOK_TODAY": "2027-06-01"})
    fresh = invoke("validate", env={"PLAYBOOK_TODAY": "2027-06-01"})
    assert later.stdout == fresh.stdout != before.stdout


def test_the_settings_can_name_the_cache(examples: Path, invoke: Invoke) -> None:
    (examples.parent / "playbook.toml").write_text('root = "playbooks"\ncache = ".cache/pb"\n')
    assert invoke("validate").exit_code == 0
    assert (examples.parent / ".cache" / "pb" / "runs").is_dir()


def test_a_damaged_entry_is_made_again(examples: Path, invoke: Invoke) -> None:
    first = invoke("validate", "--cache", "cache")
    for entry in (examples.parent / "cache").rglob("*"):
        if entry.is_file() and entry.name != ".gitignore":
            entry.write_bytes(entry.read_bytes()[:20])  # torn, as by a full disk
    replace_in(examples / "summit-outbound" / "brief.yaml", *BROKEN_OWNER)
    damaged = invoke("validate", "--cache", "cache")
    assert damaged.exit_code == 1
    assert damaged.stdout == invoke("validate").stdout != first.stdout


def _garbage(entry: Path) -> None:
    entry.write_bytes(bytes(range(256)) * 12)  # pickle reads a frame of absurd length


def _pipe(entry: Path) -> None:
    entry.unlink()
    os.mkfifo(entry)


def _folder(entry: Path) -> None:
    entry.unlink()
    entry.mkdir()


@pytest.mark.parametrize("damage", [_garbage, _pipe, _folder], ids=["garbage", "pipe", "folder"])
def test_any_damaged_entry_is_only_a_miss(
    examples: Path, invoke: Invoke, damage: Callable[[Path], None]
) -> None:
    invoke("validate", "--cache", "cache")
    for entry in [p for p in (examples.parent / "cache").rglob("*") if p.is_file()]:
        if entry.name != ".gitignore":
            damage(entry)
    replace_in(examples / "summit-outbound" / "brief.yaml", *BROKEN_OWNER)
    warning = (
        "warning: the cache in cache held a damaged entry; what it held is checked again "
        "(delete the folder to start it afresh)\n"
    )
    damaged = invoke("validate", "--cache", "cache")
    assert damaged.exit_code == 1, damaged.output
    assert damaged.stdout == invoke("validate").stdout
    assert damaged.stderr == warning  # said once, however many entries were damaged
    again = invoke("validate", "--cache", "cache")  # the damaged entries were made again
    assert (again.exit_code, again.stdout, again.stderr) == (1, damaged.stdout, "")


def test_a_cache_that_cannot_be_written_only_costs_time(examples: Path, invoke: Invoke) -> None:
    (examples.parent / "notes.txt").write_text("not a folder\n")
    (examples.parent / "playbook.toml").write_text('root = "playbooks"\ncache = "notes.txt"\n')
    replace_in(examples / "summit-outbound" / "brief.yaml", *BROKEN_OWNER)
    result = invoke("validate")
    assert result.exit_code == 1, result.output
    assert result.stdout == invoke("validate", "--config", "playbook.toml").stdout
    assert (examples.parent / "notes.txt").read_text() == "not a folder\n"


def test_a_whole_tree_with_the_cache_reports_what_validate_reports(workdir: Path) -> None:
    root = workdir / "playbooks"
    generate(6, root)
    config = Config()

    def same_as_validate() -> None:
        expected = validate([root], config)
        with collector_paused():
            found = open_cache(workdir / ".playbook-cache").findings(
                *scope_files([root], config), config, build_date()
            )
        assert found.diagnostics == expected.diagnostics
        assert REPORTERS["text"](found, True) == REPORTERS["text"](expected, True)

    replace_in(root / "summit-outbound-00001" / "brief.yaml", "      owner: ", "      owner: x")
    same_as_validate()  # the run that fills the cache
    same_as_validate()  # the one replaying it
    # An edit in one engagement: the others replay, the ids are compared again.
    shutil.copytree(root / "northwind-support-00002", root / "zz-copy")
    replace_in(root / "northwind-support-00000" / "ramp.yaml", "value: 88\n", "value: 82\n")
    same_as_validate()
    # An edit to the shared catalog: every engagement is checked again.
    replace_in(root / "metrics.yaml", "direction: lower", "direction: higher")
    same_as_validate()


def test_a_file_changed_during_a_run_is_checked_as_keyed_and_read_again_next_time(
    examples: Path,
) -> None:
    config = load_config()
    brief = examples / "summit-outbound" / "brief.yaml"
    original = brief.read_text()

    class EditedMidway(DiskCache):
        def check(self, path: Path) -> CheckedFile:
            if path.name == brief.name and path.parent.name == brief.parent.name:
                replace_in(brief, *BROKEN_OWNER)  # after the run read its key
            return super().check(path)

    def run(cache: DiskCache) -> Findings:
        with collector_paused():
            return cache.findings(*scope_files((), config), config, build_date())

    folder = examples.parent / ".playbook-cache"
    midway = run(EditedMidway(folder))
    # the run checks the bytes it keyed, read once: the edit is the next run's
    assert "PB201" not in {d.code for d in midway.diagnostics}
    edited = run(open_cache(folder))  # its stat changed: read again
    assert "PB201" in {d.code for d in edited.diagnostics}
    brief.write_text(original)
    again = run(open_cache(folder))
    assert again.diagnostics == validate((), config).diagnostics


def _run(cache: DiskCache, config: Config) -> Findings:
    with collector_paused():
        return cache.findings(*scope_files((), config), config, build_date())


def _settle(folder: Path) -> None:
    """Date every file two seconds back, as if written a while before the run: a file
    modified in the second the index is written is read again, not trusted."""
    past = 2_000_000_000
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns - past, stat.st_mtime_ns - past))


def test_unchanged_files_are_known_by_their_stat_without_being_read(examples: Path) -> None:
    config = load_config()
    folder = examples.parent / ".playbook-cache"
    first = open_cache(folder)
    _run(first, config)
    assert first.read == FILES  # an empty index: every file read, once
    _settle(examples)
    again = open_cache(folder)
    _run(again, config)
    assert again.read == FILES  # dating them back changed their change time: read again
    settled = open_cache(folder)
    assert _run(settled, config).diagnostics == validate((), config).diagnostics
    assert settled.read == 0
    brief = examples / "summit-outbound" / "brief.yaml"
    replace_in(brief, *BROKEN_OWNER)
    edited = open_cache(folder)
    found = _run(edited, config)
    assert edited.read == 1  # the edited file alone
    assert found.diagnostics == validate((), config).diagnostics


@pytest.mark.parametrize("how", ["same-size-same-time", "replaced"])
def test_a_change_that_keeps_size_and_time_is_still_seen(examples: Path, how: str) -> None:
    config = load_config()
    folder = examples.parent / ".playbook-cache"
    _run(open_cache(folder), config)
    _settle(examples)
    _run(open_cache(folder), config)  # the index now trusts every file
    brief = examples / "summit-outbound" / "brief.yaml"
    before = brief.stat()
    text = brief.read_text().replace("owner: lgrant\n", "owner: zgrant\n", 1)
    if how == "replaced":  # another file renamed into its place
        spare = brief.with_name("brief.new")
        spare.write_text(text)
        spare.replace(brief)
    else:
        brief.write_text(text)
    os.utime(brief, ns=(before.st_atime_ns, before.st_mtime_ns))  # the old time put back
    assert brief.stat().st_size == before.st_size
    seen = open_cache(folder)
    found = _run(seen, config)
    assert seen.read == 1  # the change time (and the inode) tell it apart
    assert "PB201" in {d.code for d in found.diagnostics}


@pytest.mark.parametrize("damage", [_garbage, Path.unlink], ids=["garbage", "gone"])
def test_a_file_known_by_its_stat_whose_entry_is_damaged_is_read(
    examples: Path, damage: Callable[[Path], None]
) -> None:
    config = load_config()
    folder = examples.parent / ".playbook-cache"
    _run(open_cache(folder), config)
    _settle(examples)
    _run(open_cache(folder), config)  # the index now trusts every file
    for entry in (folder / "files").glob("*/*"):
        damage(entry)
    replace_in(examples / "summit-outbound" / "brief.yaml", *BROKEN_OWNER)  # summit again
    again = open_cache(folder)
    found = _run(again, config)
    assert found.diagnostics == validate((), config).diagnostics
    assert again.read == 1  # the edited file by its stat; the others read only to check


def test_a_cache_is_filled_on_every_core_and_replays_what_the_workers_found(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = workdir / "playbooks"
    generate(6, root)
    replace_in(root / "summit-outbound-00001" / "brief.yaml", "      owner: ", "      owner: x")
    _settle(root)
    config = Config()
    # a small tree, shared out as a large one would be
    monkeypatch.setattr("generator.validation.cache.jobs_for", lambda files: 2)
    monkeypatch.setattr("generator.validation.parallel.FILES_PER_WORKER", 1)

    def run() -> DiskCache:
        cache = open_cache(workdir / ".playbook-cache")
        with collector_paused():
            found = cache.findings(*scope_files([root], config), config, build_date())
        expected = validate([root], config)
        assert found.diagnostics == expected.diagnostics
        assert REPORTERS["text"](found, True) == REPORTERS["text"](expected, True)
        return cache

    filled = run()
    # the workers read and checked every engagement; the cache kept what each found
    assert (filled.recalled, filled.hits, filled.stored) == (0, 0, 6)
    ramp = root / "northwind-support-00000" / "ramp.yaml"
    replace_in(ramp, "value: 88\n", "value: 82\n")
    written = ramp.stat()
    os.utime(ramp, ns=(written.st_atime_ns, written.st_mtime_ns - 2_000_000_000))
    edited = run()
    assert (edited.recalled, edited.read) == (5, 1)  # the others replayed, one file read
    assert run().recalled == 0  # an unchanged tree replays the whole run
