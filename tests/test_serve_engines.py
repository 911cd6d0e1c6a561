"""`playbook serve` previews the site on either engine: an edit shows, an error shows on
the pages with its place, and the fix clears it."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.site.build import ENGINES
from tests.conftest import replace_in
from tests.sitekit import EPOCH, MKDOCS, make_project
from tests.test_site_serve import _free_port, wait_for

PLAYBOOK = str(Path(MKDOCS).with_name("playbook"))


@pytest.fixture(params=ENGINES)
def preview(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    """A project served by `playbook serve --engine ENGINE`: its folder, URL and log."""
    project = make_project(tmp_path / "project")
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [PLAYBOOK, "serve", "--engine", request.param, "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=dict(os.environ, SOURCE_DATE_EPOCH=EPOCH),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield project, f"http://127.0.0.1:{port}", log
        finally:
            server.send_signal(signal.SIGINT)  # as Ctrl-C
            server.wait(30)


def test_an_edit_shows_an_error_shows_and_the_fix_clears_it(
    preview: tuple[Path, str, Path],
) -> None:
    project, base, log = preview
    page = f"{base}/engagements/summit-outbound/brief/"
    wait_for(page, lambda b: "Working kickoff" in b)
    brief = project / "playbooks" / "summit-outbound" / "brief.yaml"
    replace_in(brief, "title: Working kickoff", "title: Working kickoff with both teams")
    wait_for(page, lambda b: "Working kickoff with both teams" in b)

    ramp = project / "playbooks" / "summit-outbound" / "ramp.yaml"
    replace_in(ramp, "day: 30", "day: thirty")
    line = (
        ramp.read_text()
        .splitlines()
        .index(next(x for x in ramp.read_text().splitlines() if "day: thirty" in x))
    )
    broken = wait_for(page, lambda b: "The playbooks have errors" in b)
    assert re.search(rf"playbooks/summit-outbound/ramp\.yaml:{line + 1}:\d+: PB\d+", broken), (
        re.findall(r".{80}ramp.yaml.{80}", broken)
    )
    home = wait_for(f"{base}/", lambda b: "The playbooks have errors" in b)
    assert "ramp.yaml" in home

    replace_in(ramp, "day: thirty", "day: 30")
    fixed = wait_for(page, lambda b: "Working kickoff with both teams" in b)
    assert "The playbooks have errors" not in fixed
    assert "The pages show these errors until they are fixed." in log.read_text()


def test_a_preview_of_playbooks_with_errors_does_not_start(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    ramp = project / "playbooks" / "summit-outbound" / "ramp.yaml"
    replace_in(ramp, "day: 30", "day: thirty")
    done = subprocess.run(
        [PLAYBOOK, "serve", "-a", f"127.0.0.1:{_free_port()}"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 1
    assert "playbooks/summit-outbound/ramp.yaml:" in done.stderr
    assert done.stderr.endswith("Nothing is served: fix the errors above first.\n")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_the_preview_stops_with_its_engine_whatever_started_it(
    tmp_path: Path, stop: signal.Signals
) -> None:
    # Started as a shell starts a background job, with SIGINT ignored: Ctrl-C (or a
    # SIGTERM) still stops it, and the engine's own server with it, freeing the port.
    project = make_project(tmp_path / "project")
    port = _free_port()
    server = subprocess.Popen(
        [PLAYBOOK, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=dict(os.environ, SOURCE_DATE_EPOCH=EPOCH),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # noqa: PLW1509 - only a signal set
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/", lambda body: "Engagement playbooks" in body)
        server.send_signal(stop)
        assert server.wait(30) == 0
        with pytest.raises(ConnectionRefusedError):  # nothing listens on the port any more
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
    finally:
        if server.poll() is None:
            server.kill()
