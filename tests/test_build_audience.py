"""`playbook build --audience`: nothing internal reaches a client or prospect output.

The canaries of tests/test_audience.py sit in an internal field and an internal item
of every document kind. A whole build (site, PDFs, packets) is made for each audience,
and every file it wrote is read: the site's pages, search index, sitemap and calendar
as text, the PDFs and packets with all they hold (text, attachments, bookmarks,
streams).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.audience import AUDIENCES
from generator.cli import cli
from tests.canaries import ITEM_NAMES, NOTES, OUTSIDE_READERS, plant_canaries
from tests.conftest import replace_in
from tests.pdftools import EPOCH, everything
from tests.sitekit import make_project, mkdocs
from tests.test_packet_audience import SECRETS


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("audiences"))
    plant_canaries(project / "playbooks")
    # A part every reader sees names the hidden canary person: it must not show by id.
    replace_in(
        project / "playbooks" / "northwind-support" / "escalation.yaml",
        "person: tbecker",
        "person: canary-person",
    )
    # Approvals made stale by the canaries would stop the build: mark the documents draft.
    for path in (project / "playbooks" / "northwind-support").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("  status: approved\n", "  status: review\n"), encoding="utf-8"
        )
    (project / "playbook.toml").write_text(
        'root = "playbooks"\n[vendor]\nname = "Harbor CX"\n', encoding="utf-8"
    )
    runner = CliRunner()
    for audience in AUDIENCES:
        result = runner.invoke(
            cli,
            [
                "build",
                "--audience",
                audience,
                "--engagement",
                "northwind-support",
                "-o",
                str(project / "out" / audience),
                "--config",
                str(project / "playbook.toml"),
            ],
            env={"SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"},
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
    return project / "out"


def _read(path: Path) -> str:
    if path.suffix == ".pdf":
        return everything(path)
    data = path.read_bytes()
    if path.suffix == ".gz":  # the sitemap
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


@pytest.fixture(scope="module")
def contents(builds: Path) -> dict[str, dict[Path, str]]:
    return {
        audience: {p: _read(p) for p in sorted((builds / audience).rglob("*")) if p.is_file()}
        for audience in AUDIENCES
    }


@pytest.mark.parametrize("name", NOTES)
def test_the_internal_build_shows_each_kind_s_canaries(
    contents: dict[str, dict[Path, str]], name: str
) -> None:
    site = "\n".join(
        text for path, text in contents["internal"].items() if "/site/" in path.as_posix()
    )
    assert f"CANARY-{name}-NOTE" in site
    if name in ITEM_NAMES:
        assert f"CANARY-{name}-ITEM" in site


@pytest.mark.parametrize("audience", OUTSIDE_READERS)
def test_no_file_of_a_client_or_prospect_build_leaks(
    contents: dict[str, dict[Path, str]], audience: str
) -> None:
    files = contents[audience]
    kinds = {path.suffix for path in files}
    assert {".html", ".pdf", ".json", ".ics"} <= kinds
    for path, text in files.items():
        assert "CANARY-" not in text, f"{path} leaks internal material"
        for secret in SECRETS:
            assert secret not in text, f"{path} leaks {secret!r}"
        assert "Summit Analytics" not in text, f"{path} names another client"
        assert "canary-person" not in text, f"{path} names a hidden person by id"


def test_a_hidden_person_is_named_by_their_side(contents: dict[str, dict[Path, str]]) -> None:
    matrix = next(
        text
        for path, text in contents["client"].items()
        if path.as_posix().endswith("site/engagements/northwind-support/escalation/index.html")
    )
    assert "Harbor CX team member" in matrix


def test_only_the_internal_site_has_the_readiness_review_and_edit_links(builds: Path) -> None:
    page = Path("site/engagements/northwind-support")
    assert (builds / "internal" / page / "readiness" / "index.html").is_file()
    overview = (builds / "internal" / page / "index.html").read_text()
    assert "edit/main/playbooks/northwind-support/engagement.yaml" in overview
    for audience in ("client", "prospect"):
        assert not (builds / audience / page / "readiness").exists()
        html = (builds / audience / page / "index.html").read_text()
        assert "engagement.yaml" not in html


def test_a_client_site_is_the_clients_own(
    builds: Path, contents: dict[str, dict[Path, str]]
) -> None:
    internal = builds / "internal" / "site"
    assert "https://git.example.com/cx/playbooks" in (internal / "index.html").read_text()
    assert (internal / "reference" / "rules" / "index.html").is_file()
    for audience in ("client", "prospect"):
        site = builds / audience / "site"
        # no link to the vendor's repository, in any file of the build
        leaking = [p for p, text in contents[audience].items() if "git.example.com" in text]
        assert leaking == [], audience
        # the home page opens the engagement's overview
        home = (site / "index.html").read_text()
        assert 'href="engagements/northwind-support/"' in home
        assert "location.replace(home.href)" in home
        assert "every engagement" not in home
        # the reference holds the kinds this engagement has, not the vendor's rule book
        assert not (site / "reference" / "rules").exists()
        schemas = sorted(p.name for p in (site / "reference" / "schema").iterdir() if p.is_dir())
        assert schemas == [
            "certification-checklist",
            "commercials",
            "engagement",
            "engagement-brief",
            "escalation-matrix",
            "metric-catalog",
            "ramp-plan",
            "scorecard",
        ]
        # the catalog lists the metrics the engagement targets, not every client's
        catalog = (site / "metrics" / "index.html").read_text()
        assert "Customer satisfaction" in catalog
        assert "Speed to lead" not in catalog  # a metric of the sales engagement only
        assert "The one definition of each metric this engagement" in catalog
    assert "Speed to lead" in (internal / "metrics" / "index.html").read_text()


def test_a_client_site_links_the_sources_the_client_may_read(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    settings = project / "playbook.toml"
    settings.write_text(
        '[tool.playbook]\nroot = "playbooks"\n'
        'client_repo_url = "https://git.example.com/northwind/playbook-mirror"\n'
    )
    out = project / "client-pages"
    result = CliRunner().invoke(
        cli,
        [
            "site",
            "--audience",
            "client",
            "--engagement",
            "northwind-support",
            "-o",
            str(out),
            "--config",
            str(settings),
        ],
    )
    assert result.exit_code == 0, result.output
    written = (out / "mkdocs.yml").read_text()
    assert "repo_url: https://git.example.com/northwind/playbook-mirror\n" in written
    assert "edit_uri:\n" in written or "edit_uri: null" in written
    assert "git.example.com/cx/playbooks" not in written


def test_a_client_build_must_name_its_engagement(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = CliRunner().invoke(
        cli, ["build", "--audience", "client", "--config", str(project / "playbook.toml")]
    )
    assert result.exit_code == 2
    assert "a client build must name its engagement (one of" in result.stderr
    assert "; name it with --engagement" in result.stderr
    assert not (project / "build").exists()


def test_mkdocs_builds_a_client_site_without_the_vendors_repository(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    replace_in(
        project / "mkdocs.yml",
        "  - playbooks\n",
        "  - playbooks:\n      audience: client\n      engagements: [northwind-support]\n",
    )
    done = mkdocs(project, "build", "--strict")
    assert done.returncode == 0, done.stderr
    site = project / "build" / "site"
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    assert [p for p in pages if "git.example.com" in p.read_text()] == []
    assert 'href="engagements/northwind-support/"' in (site / "index.html").read_text()
    assert not (site / "reference" / "rules").exists()
