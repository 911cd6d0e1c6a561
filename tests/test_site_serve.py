"""`mkdocs serve` re-renders when a playbook changes, and reused pages stay whole."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import replace_in
from tests.sitekit import EPOCH, MKDOCS, make_project, mkdocs, page_text


def validate_text(project: Path) -> str:
    """What `playbook validate` prints for ``project``."""
    done = subprocess.run(
        [str(Path(MKDOCS).with_name("playbook")), "validate"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def without_reload(html: str) -> str:
    """The page as built: the server appends a live-reload script with changing ids."""
    return html.rsplit("<script>", 1)[0]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, ready: Callable[[str], bool], limit: float = 60) -> str:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        body = fetch(url)
        if ready(body):
            return body
        time.sleep(0.1)
    raise AssertionError(f"{url} did not get ready within {limit} s")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, Path]]:
    project = make_project(tmp_path_factory.mktemp("serve"))
    port = _free_port()
    log = project / "serve.log"
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1")
    with log.open("w") as output:
        server = subprocess.Popen(
            [MKDOCS, "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            # Ctrl-C stops it as in a terminal, even when the suite runs in the background
            # (where a shell starts everything with SIGINT ignored)
            preexec_fn=_interruptible,  # noqa: PLW1509 - it only sets a signal's disposition
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/engagements/summit-outbound/brief/", lambda b: "Working kickoff" in b)
            yield project, base, log
        finally:
            server.send_signal(signal.SIGINT)  # as Ctrl-C: MkDocs removes its temporary folder
            server.wait(30)


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _docs(index: dict[str, list[dict[str, str]]]) -> list[str]:
    return sorted(json.dumps(doc, sort_keys=True) for doc in index["docs"])


def test_an_edit_shows_and_unchanged_pages_stay_whole(
    served: tuple[Path, str, Path], tmp_path: Path
) -> None:
    project, base, _ = served
    brief = project / "playbooks" / "summit-outbound" / "brief.yaml"
    other = f"{base}/engagements/northwind-support/escalation/"
    before = without_reload(fetch(other))
    index_before = json.loads(fetch(f"{base}/search/search_index.json"))
    replace_in(brief, "title: Working kickoff", "title: Working kickoff with both teams")
    page = wait_for(
        f"{base}/engagements/summit-outbound/brief/",
        lambda b: "Working kickoff with both teams" in b,
    )
    assert "Campaign brief" in page
    assert without_reload(fetch(other)) == before
    index_after = json.loads(fetch(f"{base}/search/search_index.json"))
    assert len(index_after["docs"]) == len(index_before["docs"])
    texts = " ".join(doc["text"] for doc in index_after["docs"])
    assert "Tom Becker" in texts
    assert "Working kickoff with both teams" in texts
    # Pages kept from the last build are not indexed again: the index is still the one
    # a clean build of the edited playbooks makes, section for section.
    built = mkdocs(project, "build", "-q", "-d", str(tmp_path / "clean"))
    assert built.returncode == 0, built.stderr
    clean = json.loads((tmp_path / "clean" / "search" / "search_index.json").read_text())
    assert _docs(index_after) == _docs(clean)
    # And the pages read as a clean build's: the edited one, whose navigation names the
    # kept pages by their kept titles, and a kept one.
    for path in ("engagements/summit-outbound/brief/", "engagements/northwind-support/"):
        served_page = without_reload(fetch(f"{base}/{path}")).replace(base + "/", "/")
        built_page = (tmp_path / "clean" / path / "index.html").read_text(encoding="utf-8")
        assert page_text(served_page) == page_text(built_page), path


def test_an_invalid_edit_is_logged_with_its_location_until_fixed(
    served: tuple[Path, str, Path],
) -> None:
    project, base, log = served
    ramp = project / "playbooks" / "summit-outbound" / "ramp.yaml"
    url = f"{base}/engagements/summit-outbound/plan/"
    wait_for(url, lambda b: "Day 10" in b)
    replace_in(ramp, "  checkpoints:\n", "  checkpoints: [\n")
    deadline = time.monotonic() + 60
    while "playbooks/summit-outbound/ramp.yaml:" not in log.read_text():
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)
    assert "Traceback" not in log.read_text()
    # The page in the browser turns into the report validate prints, located.
    page = wait_for(url, lambda b: "The playbooks have errors" in b)
    text = page_text(page)
    expected = validate_text(project)
    first = next(line for line in expected.splitlines() if " PB0" in line)
    assert first.startswith("playbooks/summit-outbound/ramp.yaml:")
    assert first in text
    assert "this page reloads when a file is saved" in text
    other = wait_for(f"{base}/engagements/northwind-support/", lambda b: "have errors" in b)
    assert first in page_text(other)
    replace_in(ramp, "  checkpoints: [\n", "  checkpoints:\n")
    replace_in(ramp, "title: Launch-readiness review", "title: Launch-readiness review call")
    page = wait_for(url, lambda b: "Launch-readiness review call" in b)
    assert "The playbooks have errors" not in page
