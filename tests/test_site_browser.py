"""The built site in headless Chromium: charts, search, phones, and the version selector.

Chromium is Debian's (`.ci/run` installs it); the test fails under CI without it.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import socket
import subprocess
import sys
import tarfile
import threading
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from generator.config import load_config
from generator.validation import validate
from generator.views.context import timeline
from tests.conftest import TODAY, in_ci
from tests.sitekit import make_project, mkdocs

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PLAYBOOK = str(Path(sys.executable).with_name("playbook"))


def chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        if in_ci():
            pytest.fail("chromium is not installed; .ci/run installs it with apt")
        pytest.skip("chromium is not installed here (apt-get install chromium)")
    return found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def serve() -> Iterator[functools.partial[str]]:
    """Serve folders over HTTP on 127.0.0.1; gives the base address of each."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path, port: int = 0) -> str:
        handler = functools.partial(_Quiet, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield functools.partial(start)
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    path = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def site_url(project: Path, serve: functools.partial[str]) -> str:
    done = mkdocs(project, "build")
    assert done.returncode == 0, done.stderr
    return serve(project / "build" / "site")


def visit(browser: Browser, url: str, **context: object) -> tuple[Page, list[str]]:
    """A new page at ``url``, and the hosts of every request it made."""
    page = browser.new_context(**context).new_page()  # type: ignore[arg-type]
    hosts: list[str] = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, hosts


def test_overview_renders_with_its_charts(browser: Browser, site_url: str, project: Path) -> None:
    page, hosts = visit(browser, f"{site_url}/engagements/northwind-support/")
    assert page.title() == "Northwind Outfitters customer care transition - Engagement playbooks"
    chart = page.locator("figure.pb-timeline svg")
    box = chart.bounding_box()
    assert box is not None
    assert box["width"] > 500
    assert box["height"] > 300
    playbook = validate((), load_config(project / "playbook.toml")).portfolio.get(
        "northwind-support"
    )
    assert playbook is not None
    markers = chart.locator("circle.pb-chart-milestone, polygon.pb-chart-review")
    assert markers.count() == len(timeline(playbook))
    ramp = page.locator("figure.pb-ramp svg").first.bounding_box()
    assert ramp is not None
    assert ramp["height"] > 100
    # the small charts wrap to the column: the figure has nothing to scroll to
    assert page.evaluate(
        "[...document.querySelectorAll('figure.pb-ramp')]"
        ".every(f => f.scrollWidth <= f.clientWidth)"
    )
    assert set(hosts) == {urlsplit(site_url).netloc}


def test_charts_are_drawn_without_javascript(browser: Browser, site_url: str) -> None:
    page, _ = visit(browser, f"{site_url}/engagements/summit-outbound/", java_script_enabled=False)
    for css, width in (("figure.pb-timeline svg", 300), ("figure.pb-ramp svg", 200)):
        box = page.locator(css).first.bounding_box()  # the timeline; the first ramp panel
        assert box is not None, css
        assert box["width"] > width, css
    assert page.locator("td", has_text="Working kickoff").first.is_visible()


def test_escalation_matrix_fits_a_phone_screen(browser: Browser, site_url: str) -> None:
    page, _ = visit(
        browser,
        f"{site_url}/engagements/northwind-support/escalation/",
        viewport={"width": 390, "height": 844},
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    receiver = page.locator("td", has_text="Tom Becker (Engineering Manager").first
    box = receiver.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390


def test_timeline_keeps_a_readable_size_on_a_phone(browser: Browser, site_url: str) -> None:
    page, _ = visit(
        browser,
        f"{site_url}/engagements/northwind-support/",
        viewport={"width": 390, "height": 844},
    )
    box = page.locator("figure.pb-timeline svg").bounding_box()
    assert box is not None
    assert box["width"] >= 600  # not shrunk to the screen: its labels stay legible
    # The chart scrolls sideways inside its own box; the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    figure = page.locator("figure.pb-timeline")
    assert figure.evaluate("f => f.scrollWidth > f.clientWidth")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Summit Analytics", "/engagements/summit-outbound/"),
        ("Priya Raman", "/engagements/northwind-support/"),
        ("First contact resolution", "/metrics/"),
    ],
)
def test_search_finds_engagements_people_and_metrics(
    browser: Browser, site_url: str, query: str, expected: str
) -> None:
    page, _ = visit(browser, f"{site_url}/")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(query, delay=20)  # the theme searches on key presses
    page.locator(".md-search-result__item > a").first.wait_for(timeout=15000)
    links = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    assert any(expected in link for link in links[:3]), links


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A repository with two versions published by `playbook publish`, for the address
    they are served at; the published branch, and that port."""
    repo = make_project(tmp_path_factory.mktemp("published"))
    port = _free_port()
    git = functools.partial(subprocess.run, cwd=repo, check=True, capture_output=True)
    git(["git", "init", "-q", "-b", "main"])
    git(["git", "add", "-A"])
    git(["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "1"])
    for version in ("1.0", "2.0"):
        done = subprocess.run(
            [PLAYBOOK, "publish", version, "--alias", "latest", "--audience", "internal"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=False,
            env={
                "GIT_AUTHOR_NAME": "T",
                "GIT_AUTHOR_EMAIL": "t@example.com",
                "GIT_COMMITTER_NAME": "T",
                "GIT_COMMITTER_EMAIL": "t@example.com",
                "PATH": "/usr/bin:/bin",
                "SOURCE_DATE_EPOCH": "1795003200",
                "PLAYBOOK_TODAY": TODAY,
                "PLAYBOOK_SITE_URL": f"http://127.0.0.1:{port}/",
            },
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout == (
            f"published the internal site {version} (latest) to the gh-pages branch\n"
        )
    pages = repo.parent / "pages"
    archive = subprocess.run(
        ["git", "archive", "gh-pages"], cwd=repo, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(pages, filter="data")
    return pages, port


@pytest.fixture(scope="module")
def published_at(published: tuple[Path, int], serve: functools.partial[str]) -> str:
    """The address the published branch is served at: the one it was published for."""
    return serve(*published)


def test_publish_writes_both_versions_and_a_latest_redirect(published: tuple[Path, int]) -> None:
    folder, _ = published
    versions = json.loads((folder / "versions.json").read_text())
    assert [(v["version"], v["aliases"]) for v in versions] == [("2.0", ["latest"]), ("1.0", [])]
    assert not (folder / "latest").is_symlink()
    assert 'url=../2.0/"' in (folder / "latest" / "index.html").read_text()
    assert (folder / "1.0" / "engagements" / "northwind-support" / "index.html").is_file()
    assert 'url=latest/"' in (folder / "index.html").read_text()


def test_version_selector_lists_both_published_versions(
    browser: Browser, published_at: str
) -> None:
    base = published_at
    page, _ = visit(browser, f"{base}/")
    page.wait_for_url(f"{base}/2.0/")
    selector = page.locator(".md-version")
    selector.wait_for(timeout=15000)
    items = page.locator(".md-version__list .md-version__link")
    assert items.all_text_contents() == ["2.0latest", "1.0"]
    assert selector.locator(".md-version__current").inner_text().startswith("2.0")
    assert selector.locator(".md-version__current .md-version__alias").inner_text() == "latest"


def test_switching_version_keeps_the_reader_on_the_same_page(
    browser: Browser, published_at: str
) -> None:
    base = published_at
    deep = "engagements/northwind-support/brief/"
    page, _ = visit(browser, f"{base}/2.0/{deep}")
    page.locator(".md-version").wait_for(timeout=15000)
    page.locator(".md-version__list .md-version__link", has_text="1.0").dispatch_event("click")
    page.wait_for_url(f"{base}/1.0/{deep}", timeout=15000)
    assert page.title().startswith("Engagement brief")
