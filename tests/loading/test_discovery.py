"""Finding playbook files under folders, with links kept inside the root."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.loading import InputError, discover


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("kind: MetricCatalog\n", encoding="utf-8")
    return path


def test_yaml_files_in_sorted_order_hidden_folders_skipped(tmp_path: Path) -> None:
    root = tmp_path / "playbooks"
    b = _touch(root / "b" / "brief.yml")
    a = _touch(root / "a" / "engagement.yaml")
    _touch(root / ".drafts" / "brief.yaml")
    (root / "notes.txt").write_text("not yaml", encoding="utf-8")
    files, problems = discover([root], root)
    assert files == [a, b]
    assert problems == []


def test_a_link_out_of_the_root_is_reported_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "playbooks"
    secret = _touch(tmp_path / "elsewhere" / "secret.yaml")
    root.mkdir()
    (root / "secret.yaml").symlink_to(secret)
    files, (diag,) = discover([root], root)
    assert files == []
    assert str(diag) == (
        "playbooks/secret.yaml:1:1: PB011 this file is a link to a place outside the playbooks "
        "folder; it is not read"
    )


def test_a_link_inside_the_root_is_read_once(tmp_path: Path) -> None:
    root = tmp_path / "playbooks"
    real = _touch(root / "shared" / "metrics.yaml")
    (root / "alias.yaml").symlink_to(real)
    files, problems = discover([root], root)
    assert len(files) == 1
    assert problems == []


def test_a_missing_path_stops_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match=r"^nowhere: no such file or folder$"):
        discover([tmp_path / "nowhere"], tmp_path)


def test_pipes_loops_and_dangling_links_are_reported_not_read(tmp_path: Path) -> None:
    import os  # noqa: PLC0415 - only this test makes a pipe

    root = tmp_path / "playbooks"
    good = _touch(root / "acme" / "brief.yaml")
    os.mkfifo(root / "acme" / "pipe.yaml")  # reading it would wait for ever
    (root / "acme" / "loop.yaml").symlink_to("loop.yaml")
    (root / "acme" / "gone.yaml").symlink_to("nowhere.yaml")
    files, problems = discover([root], root)
    assert files == [good]
    assert sorted(str(p) for p in problems) == [
        f"{p}:1:1: PB015 this file {what}; it is not read"
        for p, what in (
            (root / "acme" / "gone.yaml", "is a link that leads to no file"),
            (root / "acme" / "loop.yaml", "is a link that leads to no file"),
            (root / "acme" / "pipe.yaml", "is not a regular file (a pipe, socket or device)"),
        )
    ]
