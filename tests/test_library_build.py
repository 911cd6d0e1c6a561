"""`generator.build` and `generator.select`: a script builds what `playbook build` builds,
hears each stage as it runs, and gets an exception, not a half-written folder, when
something stops it."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator
from generator.building import Event, FolderBuilt, Step, Validated
from generator.config import Config
from generator.errors import PlaybookError
from generator.selection import UnknownEngagementError, UnnamedEngagementError
from generator.validation import Result
from tests.conftest import replace_in
from tests.examples import ENGAGEMENTS, pdfs
from tests.sitekit import make_project

ENGAGEMENT = "northwind-support"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("library"))


@pytest.fixture(scope="module")
def heard(project: Path) -> tuple[list[FolderBuilt], list[Event]]:
    """A client build of one engagement into ``out``, and every event it told."""
    events: list[Event] = []
    config = generator.load_config(start=project)
    built = generator.build(
        config, "client", (ENGAGEMENT,), output=project / "out", listen=events.append
    )
    return built, events


def test_a_script_builds_a_clients_site_pdfs_and_packet(
    project: Path, heard: tuple[list[FolderBuilt], list[Event]]
) -> None:
    built, _ = heard
    out = project / "out"
    assert built == [FolderBuilt(out, True, len(pdfs(ENGAGEMENT)), 1)]
    assert (out / "site" / "index.html").is_file()
    assert {p.name for p in (out / "pdf").rglob("*.pdf")} == pdfs(ENGAGEMENT)
    assert [p.name for p in (out / "packets").iterdir()] == [f"{ENGAGEMENT}-client.pdf"]


def test_the_listener_hears_validation_then_each_stage_counting_up_then_the_folder(
    heard: tuple[list[FolderBuilt], list[Event]],
) -> None:
    built, events = heard
    first, *steps, last = events
    assert isinstance(first, Validated)
    assert first.selection.engagements == (ENGAGEMENT,)
    assert first.selection.audience == "client"
    assert last == built[0]
    assert all(isinstance(step, Step) for step in steps)
    stages = [step.stage for step in steps if isinstance(step, Step)]
    # the PDFs and packets typeset while the site builds: their steps interleave
    assert list(dict.fromkeys(stages)) == ["pdf", "packets", "site"]
    for stage in ("pdf", "packets"):
        counts = [(s.done, s.total) for s in steps if isinstance(s, Step) and s.stage == stage]
        total = counts[-1][1]
        assert counts == [(done, total) for done in range(total + 1)]
    pages = [s for s in steps if isinstance(s, Step) and s.stage == "site"]
    assert pages[-1].done == pages[-1].total > 10


def test_a_listener_that_stops_the_build_leaves_the_last_build_whole(
    project: Path, heard: tuple[list[FolderBuilt], list[Event]]
) -> None:
    out = project / "out"
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    def stop(event: Event) -> None:
        if isinstance(event, Step):
            raise KeyboardInterrupt

    config = generator.load_config(start=project)
    with pytest.raises(KeyboardInterrupt):
        generator.build(config, "client", (ENGAGEMENT,), output=out, listen=stop)
    assert {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == before
    assert sorted(p.name for p in project.iterdir()) == sorted(
        ["site", "mkdocs.yml", "playbooks", "playbook.toml", "out"]
    )


def test_playbooks_with_errors_raise_before_anything_is_written(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    replace_in(project / "playbooks" / ENGAGEMENT / "brief.yaml", "owner: ", "owner: Nobody ")
    events: list[Event] = []
    config = generator.load_config(start=project)
    with pytest.raises(generator.InvalidPlaybooksError) as caught:
        generator.build(config, output=tmp_path / "out", listen=events.append)
    assert caught.value.selection.result.failed()
    assert str(caught.value).startswith("the playbooks have ")
    assert events == []
    assert not (tmp_path / "out").exists()


def test_the_playbooks_folder_is_never_an_output(project: Path) -> None:
    before = sorted((project / "playbooks").rglob("*"))
    config = generator.load_config(start=project)
    with pytest.raises(PlaybookError, match="playbooks"):
        generator.build(config, output=project / "playbooks" / "out")
    assert sorted((project / "playbooks").rglob("*")) == before


@pytest.fixture(scope="module")
def checked(project: Path) -> tuple[Result, Config]:
    config = generator.load_config(start=project)
    return generator.validate((), config), config


def test_a_selection_holds_what_its_reader_may_see_of_the_engagements_named(
    checked: tuple[Result, Config],
) -> None:
    result, config = checked
    chosen = generator.select(result, config, (ENGAGEMENT,), "client")
    assert [p.id for p in chosen.portfolio.playbooks] == [ENGAGEMENT]
    internal = generator.select(result, config)
    assert internal.engagements == ENGAGEMENTS
    assert chosen.note is None
    assert chosen.set_aside == 0


@pytest.mark.parametrize(
    ("engagements", "output", "error", "message"),
    [
        (("acme",), None, UnknownEngagementError, "unknown engagement `acme` (engagements in"),
        (
            ("northwind",),
            None,
            UnknownEngagementError,
            "unknown engagement `northwind` in playbooks; did you mean `northwind-support`?",
        ),
        ((), "site", UnnamedEngagementError, "a client site must name its engagement (one of"),
    ],
)
def test_a_selection_refuses_an_unknown_engagement_and_a_client_output_of_several(
    checked: tuple[Result, Config],
    engagements: tuple[str, ...],
    output: str | None,
    error: type[Exception],
    message: str,
) -> None:
    result, config = checked
    with pytest.raises(error) as caught:
        generator.select(result, config, engagements, "client", output=output)
    assert str(caught.value).startswith(message)


def test_errors_of_another_engagement_are_set_aside_and_counted(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    other = next(e for e in ENGAGEMENTS if e != ENGAGEMENT)
    replace_in(project / "playbooks" / other / "brief.yaml", "owner: ", "owner: Nobody ")
    config = generator.load_config(start=project)
    result = generator.validate((), config)
    chosen = generator.select(result, config, (ENGAGEMENT,))
    assert result.failed()
    assert not chosen.result.failed()
    assert chosen.set_aside > 0
    assert chosen.note is not None
    assert chosen.note.startswith(f"{chosen.set_aside} error")
    assert chosen.require_valid() is chosen
    with pytest.raises(generator.InvalidPlaybooksError):
        generator.select(result, config).require_valid()
