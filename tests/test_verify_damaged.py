"""`verify` on PDFs that pyHanko cannot walk: one line, exit 2, never a crash
or a hang."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke


def _pdf(*objects: bytes) -> bytes:
    """A PDF whose object 1 is the catalog, with a correct cross-reference table."""
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        start,
    )
    return out


PAGES = b"<< /Type /Pages /Kids [] /Count 0 >>"
DAMAGED = {
    # the embedded-files name tree's only kid is the node itself
    "cyclic-name-tree": (
        _pdf(
            b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> >>",
            PAGES,
            b"<< /Kids [3 0 R] >>",
        ),
        "not a playbook PDF (it carries no playbook-content.json",
    ),
    "arrays-100000-deep": (
        _pdf(
            b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(x) "
            + b"[" * 100_000
            + b"]" * 100_000
            + b"] >> >> >>",
            PAGES,
        ),
        "damaged PDF: its objects nest too deeply to read",
    ),
}


@pytest.mark.parametrize("case", DAMAGED)
def test_a_pdf_that_cannot_be_walked_is_one_line_and_exit_2(
    workdir: Path, invoke: Invoke, case: str
) -> None:
    data, reason = DAMAGED[case]
    (workdir / "damaged.pdf").write_bytes(data)
    result = invoke("verify", "damaged.pdf")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: damaged.pdf: {reason}")
    assert len(result.stderr.splitlines()) == 1
