"""The content digest: what changes it and what does not."""

from __future__ import annotations

from pathlib import Path

from generator.digest import content_digest, short
from generator.validation.pipeline import load_one
from tests.conftest import replace_in


def _digest(path: Path) -> str:
    doc, result = load_one(path)
    assert doc is not None, result.diagnostics
    return content_digest(doc.model)


def test_digest_is_sha256_of_the_content(examples: Path) -> None:
    digest = _digest(examples / "northwind-support" / "escalation.yaml")
    assert digest.startswith("sha256:")
    assert len(digest) == len("sha256:") + 64
    assert short(digest) == digest[7:19]


def test_formatting_comments_and_key_order_do_not_change_it(examples: Path) -> None:
    path = examples / "northwind-support" / "escalation.yaml"
    before = _digest(path)
    replace_in(
        path, "  title: Escalation matrix\n", "  # who takes what\n  title: 'Escalation matrix'\n"
    )
    replace_in(
        path,
        "      response: 15m\n      resolution: 4h\n",
        "      resolution: 4h\n      response: 15 minutes\n",
    )
    replace_in(path, "  coverage:", "  audience: all\n  coverage:")
    assert _digest(path) == before


def test_reordering_items_with_ids_does_not_change_it(examples: Path) -> None:
    path = examples / "northwind-support" / "certification.yaml"
    before = _digest(path)
    text = path.read_text(encoding="utf-8")
    start = text.index("    - id: product\n")
    middle = text.index("    - id: voice\n")
    end = text.index("    - id: handling\n")
    path.write_text(
        text[:start] + text[middle:end] + text[start:middle] + text[end:], encoding="utf-8"
    )
    assert _digest(path) == before


def test_status_and_signoffs_are_left_out(examples: Path) -> None:
    path = examples / "northwind-support" / "ramp.yaml"
    before = _digest(path)
    replace_in(path, "  status: review\n", "  status: approved\n")
    replace_in(path, "    date: 2026-11-20\n", "    date: 2026-11-21\n")
    assert _digest(path) == before


def test_any_content_change_changes_it(examples: Path) -> None:
    path = examples / "northwind-support" / "escalation.yaml"
    before = _digest(path)
    replace_in(path, "      response: 15m\n", "      response: 30m\n")
    assert _digest(path) != before
