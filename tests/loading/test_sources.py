"""Reading files: encodings, sizes, unreadable paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.loading import InputError, read_source
from generator.loading.sources import MAX_FILE_BYTES


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_bytes(b"apiVersion: playbook/v1\nkind: Engagement\ntitle: Caf\xe9 Luna\n")
    source, (diag,) = read_source(path, "brief.yaml")
    assert source is not None
    assert not source.composed  # kept, so its kind and lines are still known
    assert str(diag) == (
        "brief.yaml:3:11: PB003 the file is not UTF-8: byte 0xe9 cannot start a character here"
    )


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_bytes(b"\xef\xbb\xbfkind: Engagement\n")
    source, problems = read_source(path, "brief.yaml")
    assert problems == []
    assert source is not None
    assert source.data == {"kind": "Engagement"}


def test_control_characters_are_located(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("kind: Engagement\ntitle: bad\x07bell\n", encoding="utf-8")
    _, (diag,) = read_source(path, "brief.yaml")
    assert str(diag) == "brief.yaml:2:11: PB003 control character U+0007 is not allowed in YAML"


def test_a_ten_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"kind: RampPlan\nnotes: " + b"x" * (10 * 1024 * 1024) + b"\n")
    source, (diag,) = read_source(path, "huge.yaml")
    assert source is not None
    # Only the beginning is read, enough to know the kind the file declares.
    assert len(source.text) <= 64 * 1024
    assert source.kind == "RampPlan"
    assert str(diag) == (
        "huge.yaml:1:1: PB004 the file is 10.0 MB: playbook files are limited to "
        f"{MAX_FILE_BYTES // 1_048_576} MB"
    )


def test_an_unreadable_file_stops_the_command(tmp_path: Path) -> None:
    # The kernel refuses to read this file even for root, so the test holds everywhere.
    with pytest.raises(
        InputError, match=r"^cannot read the file /proc/self/mem: Input/output error$"
    ):
        read_source(Path("/proc/self/mem"), "/proc/self/mem")


def test_a_syntax_error_keeps_the_text_for_quoting(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("a: b: c\n", encoding="utf-8")
    source, (diag,) = read_source(path, "brief.yaml")
    assert source is not None
    assert not source.composed
    assert source.line(1) == "a: b: c"
    assert diag.code == "PB001"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_a_quoted_line_is_the_line_the_editor_shows(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "brief.yaml"
    path.write_bytes(newline.join(["kind: EngagementBrief", "spec:", "  owner: x", ""]).encode())
    source, _ = read_source(path)
    assert source is not None
    assert [source.line(n) for n in (1, 2, 3, 4)] == [
        "kind: EngagementBrief",
        "spec:",
        "  owner: x",
        "",
    ]
    assert source.location(("spec", "owner")).line == 3
