"""`playbook build --offline`: a site handed over as a folder works opened from disk, with
links that open pages (not folder listings) and a search that answers without a server."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser

from generator.cli import cli
from tests.sitekit import EPOCH, make_project
from tests.test_site_browser import browser  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("offline"))
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "--offline",
            "--audience",
            "client",
            "--engagement",
            "northwind-support",
            "-o",
            str(project / "handover"),
            "--config",
            str(project / "playbook.toml"),
        ],
        env={"SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.exit_code == 0, result.output
    return project / "handover" / "site"


def test_pages_are_files_and_the_search_index_travels_in_a_script(offline: Path) -> None:
    assert (offline / "engagements" / "northwind-support" / "brief.html").is_file()
    assert not (offline / "engagements" / "northwind-support" / "brief").exists()
    assert (offline / "search" / "search_index.js").is_file()
    home = (offline / "index.html").read_text()
    assert 'href="engagements/northwind-support/index.html"' in home  # the client's overview


def test_opened_from_disk_a_link_opens_a_page_and_search_answers(
    browser: Browser,  # noqa: F811
    offline: Path,
) -> None:
    page = browser.new_context().new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto((offline / "index.html").as_uri())
    # a client's site opens on their engagement's overview, from disk too
    page.wait_for_url("**/engagements/northwind-support/index.html")
    assert "Northwind Outfitters customer care transition" in page.title()
    page.locator('article a[href$="brief.html"]').first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/engagements/northwind-support/brief.html")  # not a folder
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("escalation", delay=20)
    result = page.locator(".md-search-result__item > a").first
    result.wait_for(timeout=15000)
    href = result.get_attribute("href") or ""
    assert href.split("?")[0].split("#")[0].endswith(".html")
    # nothing is fetched from another host: the worker shim travels with the site
    assert [url for url in requested if not url.startswith(("file://", "data:", "blob:"))] == []


def test_offline_needs_mkdocs(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = CliRunner().invoke(
        cli,
        ["build", "--offline", "--engine", "zensical", "--config", str(project / "playbook.toml")],
    )
    assert result.exit_code == 2
    assert "--offline builds with MkDocs" in result.stderr
    assert not (project / "build").exists()
