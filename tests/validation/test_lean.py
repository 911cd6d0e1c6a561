"""A checked file keeps its model and its positions, not its plain data as well."""

from __future__ import annotations

from pathlib import Path

from generator.config import load_config
from generator.validation import validate
from tests.conftest import Invoke
from tests.examples import FILES


def test_files_with_a_model_let_their_plain_data_go(examples: Path) -> None:
    result = validate((), load_config())
    documents = list(result.portfolio.documents())
    assert len(documents) == FILES  # the shared metric catalog and every engagement's files
    assert all(doc.source.data is None for doc in documents)
    # what reports need stays: the kind, the text and every position
    brief = result.portfolio.get("summit-outbound").brief  # type: ignore[union-attr]
    assert brief is not None
    assert brief.source.kind == "EngagementBrief"
    assert brief.source.location(("spec", "timeline", 0, "owner")).line > 1


def test_a_file_with_placeholders_keeps_them_for_the_rule(workdir: Path, invoke: Invoke) -> None:
    assert invoke("new", "acme", "--type", "support").exit_code == 0
    result = validate((), load_config())
    kept = [doc for doc in result.portfolio.documents() if doc.source.data is not None]
    assert kept, "the skeleton's files hold TODO placeholders"
    assert "PB502" in {diag.code for diag in result.diagnostics}
