"""Every command that reads a path refuses a pipe or a device at once, before reading:
a FIFO would hang it and ``/dev/zero`` would feed it without end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.inputs import InputError, read_input

PLAYBOOK = str(Path(sys.executable).with_name("playbook"))
PIPE = "PIPE"

COMMANDS = {
    "digest": (("digest", PIPE), "Error: {pipe}: the file is not a plain file (a pipe)"),
    "approve": (
        ("approve", PIPE, "--as", "dwhitfield"),
        "Error: {pipe}: the file is not a plain file (a pipe)",
    ),
    "verify": (("verify", PIPE), "Error: {pipe}: the PDF is not a plain file (a pipe)"),
    "verify-trust": (
        ("verify", "VALID_PDF", "--trust", PIPE),
        "Error: {pipe}: the certificate file is not a plain file (a pipe)",
    ),
    "sign-key": (
        ("sign", "VALID_PDF", "--key", PIPE),
        "Error: {pipe}: the key is not a plain file (a pipe)",
    ),
    "results-import": (
        ("results", "import", PIPE, "--engagement", "northwind-support", "--day", "30"),
        "{pipe}:1:1: PB820 the export is not a plain file (a pipe)",
    ),
}


@pytest.mark.parametrize("name", COMMANDS)
def test_a_pipe_given_as_an_input_is_refused_without_waiting(examples: Path, name: str) -> None:
    args, message = COMMANDS[name]
    pipe = examples.parent / "input.fifo"
    os.mkfifo(pipe)
    pdf = examples.parent / "some.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")
    argv = [pipe.name if a == PIPE else pdf.name if a == "VALID_PDF" else a for a in args]
    done = subprocess.run(
        [PLAYBOOK, *argv],
        cwd=examples.parent,
        capture_output=True,
        text=True,
        timeout=60,  # a command that opens the pipe for reading would wait here forever
        env=dict(os.environ, PLAYBOOK_KEY_PASSPHRASE="x"),
        check=False,
    )
    assert done.returncode in (1, 2), done.stderr
    shown = message.format(pipe=pipe.name)
    assert shown in done.stdout + done.stderr


def test_a_device_is_refused_before_a_byte_is_read(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^/dev/zero: the file is not a plain file \(a device\)$"):
        read_input(Path("/dev/zero"), 1024)


def test_a_file_over_the_limit_is_refused_by_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024)  # sparse: the size is what counts, not the reading
    with pytest.raises(InputError, match=r"the PDF is 5.0 MB; at most 1.0 MB is read$"):
        read_input(big, 1024 * 1024, "the PDF")
    assert read_input(big, 6 * 1024 * 1024)[:4] == b"\0\0\0\0"


def test_a_file_is_read_whole_up_to_the_limit_and_refused_past_it(tmp_path: Path) -> None:
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"x" * 1000)
    assert read_input(exact, 1000) == b"x" * 1000
    exact.write_bytes(b"x" * 1001)
    with pytest.raises(InputError, match=r"the file is 1001 bytes; at most 1000 bytes is read$"):
        read_input(exact, 1000)


def test_a_plain_file_whose_size_says_nothing_is_read_to_its_end(tmp_path: Path) -> None:
    # the kernel's files report a size of 0 and still hold text: the size only bounds the
    # first read, the limit bounds the file
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.fail("this test needs a Linux /proc")
    assert status.stat().st_size == 0
    text = read_input(status, 1024 * 1024).decode()
    assert text.startswith("Name:")
    assert "\nPid:" in text
    with pytest.raises(InputError, match=r"at most 10 bytes is read$"):
        read_input(status, 10)
