"""The same rendered pages, built by MkDocs with Material and by Zensical.

`playbook site` writes the pages as files once; both engines build that folder as it
is, in their own processes, and the two sites hold the same pages with the same
content.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import examples
from tests.conftest import Invoke
from tests.sitekit import EPOCH, MKDOCS, make_project, page_text, read

ENGINES = {
    "mkdocs": [MKDOCS, "build", "--strict", "-f"],
    "zensical": [sys.executable, "-m", "zensical", "build", "--clean", "-f"],
}
#: What every page of an engagement holds, by page.
DOCUMENTS = {
    "": "Northwind Outfitters customer care transition",
    "brief/": "Engagement brief",
    "escalation/": "Escalation matrix",
    "certification/": "Agent certification checklist",
    "plan/": "30/60/90-day plan",
    "results/": "Scorecard",
}


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1", NO_COLOR="1")
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("engines"))
    done = _run([sys.executable, "-m", "generator", "site", "-o", "pages"], project)
    assert done.returncode == 0, done.stderr
    assert "generated pages and the site settings to pages" in done.stdout
    return project / "pages"


@pytest.fixture(scope="module")
def sites(pages: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    built = {}
    for name, command in ENGINES.items():
        copy = tmp_path_factory.mktemp(name) / "pages"
        shutil.copytree(pages, copy)
        start = time.perf_counter()
        done = _run([*command, str(copy / "mkdocs.yml")], copy)
        seconds = time.perf_counter() - start
        assert done.returncode == 0, (name, done.stdout, done.stderr)
        print(f"{name} built the example pages in {seconds:.2f} s")
        built[name] = copy / "site"
    return built


def _pages(site: Path) -> set[str]:
    return {
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file()
        and p.suffix in {".html", ".ics"}
        and not p.relative_to(site).as_posix().startswith("assets/")
    }


def test_both_engines_build_the_same_pages(sites: dict[str, Path], pages: Path) -> None:
    mkdocs, zensical = (_pages(sites[name]) for name in ENGINES)
    assert mkdocs == zensical
    generated = [p for p in json.loads((pages / "edit-links.json").read_text()) if "engage" in p]
    assert len(generated) >= 16
    assert "engagements/northwind-support/brief/index.html" in mkdocs
    assert "engagements/northwind-support/northwind-support.ics" in mkdocs
    assert "reference/rules/index.html" in mkdocs


@pytest.mark.parametrize("engine", list(ENGINES))
def test_each_engagement_document_is_built(sites: dict[str, Path], engine: str) -> None:
    site = sites[engine]
    for page, title in DOCUMENTS.items():
        text = page_text(read(site, f"engagements/northwind-support/{page}"))
        assert title in text, (engine, page)
    brief = page_text(read(site, "engagements/northwind-support/brief/"))
    assert "Tier 1 e-mail and chat go live (supervised)" in brief
    assert "Risks accepted" in brief
    plan = page_text(read(site, "engagements/summit-outbound/plan/"))
    assert "Speed to lead" in plan


@pytest.mark.parametrize("engine", list(ENGINES))
def test_the_dashboard_and_the_rule_reference_are_built(
    sites: dict[str, Path], engine: str
) -> None:
    site = sites[engine]
    dashboard = page_text(read(site, "engagements/"))
    assert "Northwind Outfitters customer care transition" in dashboard
    assert "Summit Analytics outbound demo campaign" in dashboard
    rules = page_text(read(site, "reference/rules/"))
    assert "PB707" in rules
    assert "onboarding-too-short" in rules


def test_the_navigation_is_written_out_for_any_engine(pages: Path) -> None:
    settings = (pages / "mkdocs.yml").read_text()
    assert "docs_dir: docs" in settings
    assert "    rendered: edit-links.json" in settings
    assert "- Engagements:\n  - engagements/index.md\n" in settings
    assert "engagements/summit-outbound/results.md" not in settings  # no scorecard there
    assert "provider: mike" not in settings  # an unversioned build asks for no versions.json


def test_mkdocs_links_each_generated_page_to_its_yaml(sites: dict[str, Path]) -> None:
    html = read(sites["mkdocs"], "engagements/northwind-support/brief/")
    assert "edit/main/playbooks/northwind-support/brief.yaml" in html


def test_playbook_build_with_zensical(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(tmp_path / "project")
    monkeypatch.chdir(tmp_path / "project")
    result = invoke("build", "--engine", "zensical")
    assert result.exit_code == 0, result.output
    site = tmp_path / "project" / "build" / "internal" / "site"
    assert "Engagement brief" in page_text(read(site, "engagements/northwind-support/brief/"))
    assert (tmp_path / "project" / "build" / "internal" / "pages" / "mkdocs.yml").is_file()


def test_an_engine_that_drops_the_generated_pages_fails_the_build(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    settings = project / "mkdocs.yml"
    settings.write_text(settings.read_text() + "exclude_docs: |\n  engagements/\n")
    monkeypatch.chdir(project)
    for engine in ENGINES:
        result = invoke("build", "--engine", engine)
        assert result.exit_code == 2, result.output
        # the engagements' index, and each engagement's pages and calendar, its people
        # index, and a page and a calendar per person
        left_out = 1 + sum(
            len(examples.pages(e)) + 1 + 1 + 2 * len(examples.roster(e))
            for e in examples.ENGAGEMENTS
        )
        assert re.search(
            rf"Error: {engine} left out {left_out} of the \d+ generated pages "
            r"\(engagements/index.md, engagements/northwind-support/index.md, "
            r"engagements/northwind-support/northwind-support.ics, ...\), so nothing was "
            "written: check that the site settings do not exclude them",
            result.output,
        ), result.output
        assert not (project / "build" / "internal").exists()


BRANDED = (
    '[tool.playbook]\nroot = "playbooks"\n\n[tool.playbook.vendor]\nname = "Harbor CX"\n'
    'logo = "playbooks/branding/harbor-cx.svg"\naccent = "#0f4c5c"\n'
)


@pytest.mark.parametrize("route", ["folder", "plugin"])
def test_the_vendors_colour_and_logo_style_the_site(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch, route: str
) -> None:
    project = make_project(tmp_path / "project")
    (project / "playbook.toml").write_text(BRANDED)
    monkeypatch.chdir(project)
    if route == "folder":
        assert invoke("build").exit_code == 0
        site = project / "build" / "internal" / "site"
    else:
        done = _run([MKDOCS, "build", "--strict"], project)
        assert done.returncode == 0, done.stderr
        site = project / "build" / "site"
    html = read(site, "engagements/northwind-support/brief/")
    assert '<link rel="stylesheet" href="../../../stylesheets/brand.css">' in html
    assert '<img src="../../../assets/brand/logo.svg" alt="logo">' in html
    css = (site / "stylesheets" / "brand.css").read_text()
    assert "--md-primary-fg-color: #0f4c5c;" in css
    assert "--md-primary-bg-color: #ffffff;" in css  # white reads best on the dark teal
    logo = (site / "assets" / "brand" / "logo.svg").read_bytes()
    assert logo == (project / "playbooks" / "branding" / "harbor-cx.svg").read_bytes()


def test_a_light_accent_gets_dark_header_text(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    (project / "playbook.toml").write_text(BRANDED.replace("#0f4c5c", "#f2c94c"))
    monkeypatch.chdir(project)
    assert invoke("site").exit_code == 0
    css = (
        project / "build" / "internal" / "pages" / "docs" / "stylesheets" / "brand.css"
    ).read_text()
    assert "--md-primary-bg-color: #000000de;" in css
