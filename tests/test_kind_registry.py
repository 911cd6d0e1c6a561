"""A kind registered from outside the package gets every output through its registry record.

The kind below exists only in this test. Registering it is the whole change: it is
validated, filtered for each reader, shown on a site page and in a PDF of its own,
and compared by `playbook diff`, with no module of the package naming it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar, Literal

import pytest

from generator.models import REGISTRY, Block, Document, Kind, register
from generator.models.kinds import unregister
from generator.models.types import Id, IsoDate, PersonId, ShortText, Text
from tests.conftest import PROJECT, Invoke
from tests.gitrepo import GitRepo
from tests.pdftools import pdf_text


class HandoverItem(Block):
    """One thing the outgoing team hands over."""

    id: Id
    title: ShortText
    owner: PersonId
    due: IsoDate


class HandoverSpec(Block):
    summary: Text
    items: tuple[HandoverItem, ...]


class HandoverNotes(Document):
    """What the client's in-house team hands to the vendor before go-live."""

    KIND: ClassVar[str] = "HandoverNotes"
    FILE_NAME: ClassVar[str] = "handover.yaml"
    DEFAULT_TITLE: ClassVar[str] = "Handover notes"

    kind: Literal["HandoverNotes"]
    spec: HandoverSpec


HANDOVER = """\
apiVersion: playbook/v1
kind: HandoverNotes
metadata:
  version: "1.0"
  status: draft
  owner: praman
spec:
  summary: Open cases and known quirks handed to the vendor.
  items:
    - id: open-cases
      title: Open billing disputes
      owner: praman
      due: 2026-11-20
    - id: vip-list
      title: CANARY-HANDOVER-VIP accounts list
      owner: praman
      due: 2026-11-21
      audience: internal
"""


@pytest.fixture
def handover_kind() -> Iterator[Kind]:
    kind = register(Kind(HandoverNotes, "set of handover notes", page="handover", pdf="handover"))
    try:
        yield kind
    finally:
        unregister(kind.name)
    assert "HandoverNotes" not in REGISTRY


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, handover_kind: Kind) -> GitRepo:
    repo = GitRepo.with_examples(tmp_path / "repo")
    shutil.copytree(PROJECT / "site", repo.top / "site")
    shutil.copy(PROJECT / "mkdocs.yml", repo.top / "mkdocs.yml")
    (repo.playbooks / "northwind-support" / "handover.yaml").write_text(HANDOVER)
    repo.commit("Add the handover notes")
    monkeypatch.chdir(repo.top)
    return repo


def test_a_registered_kind_validates_and_gets_its_page_and_pdf(
    repo: GitRepo, invoke: Invoke
) -> None:
    assert invoke("validate").exit_code == 0

    result = invoke("build")

    assert result.exit_code == 0, result.stderr
    site = repo.top / "build/internal/site/engagements/northwind-support"
    page = (site / "handover/index.html").read_text()
    assert "Handover notes" in page
    assert "Open billing disputes" in page
    assert "CANARY-HANDOVER-VIP" in page  # the vendor's own team reads everything
    assert "Priya Raman" in page  # people by name, not by roster id
    assert "20 Nov 2026" in page
    overview = (site / "index.html").read_text()
    assert 'href="handover/"' in overview  # listed with the other documents
    text = pdf_text(repo.top / "build/internal/pdf/northwind-support/handover.pdf")
    assert "Handover notes" in text
    assert "Open billing disputes" in text
    assert "Sign-off" in text


def test_a_registered_kind_is_filtered_for_the_client(repo: GitRepo, invoke: Invoke) -> None:
    result = invoke("build", "--audience", "client", "--engagement", "northwind-support")

    assert result.exit_code == 0, result.stderr
    out = repo.top / "build/client/northwind-support"
    page = (out / "site/engagements/northwind-support/handover/index.html").read_text()
    assert "Open billing disputes" in page
    assert "CANARY-HANDOVER-VIP" not in page
    text = pdf_text(out / "pdf/northwind-support/handover.pdf")
    assert "Open billing disputes" in text
    assert "CANARY-HANDOVER-VIP" not in text


def test_a_registered_kind_is_compared_item_by_item(repo: GitRepo, invoke: Invoke) -> None:
    repo.edit("northwind-support/handover.yaml", "due: 2026-11-20", "due: 2026-11-27")
    repo.commit("Hand the disputes over a week later")

    result = invoke("diff", "HEAD~1", "HEAD", "--format", "markdown")

    assert result.exit_code == 0, result.stderr
    assert "Handover notes" in result.stdout
    assert (
        "| Open billing disputes › due | 20 Nov 2026 (day 19) | 27 Nov 2026 (day 26) |"
        in result.stdout
    )
