"""A command for one engagement is stopped only by that engagement's errors (and those of
the shared files it uses); `validate`, the merge gate, still fails on every error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke, replace_in
from tests.examples import FILES

ELSEWHERE = (
    "          an error of another engagement: it does not stop this command, "
    "but `playbook validate` fails on it"
)


@pytest.fixture
def northwind_stale(examples: Path) -> Path:
    """The examples with Northwind's approved engagement file changed after its sign-offs."""
    engagement = examples / "northwind-support" / "engagement.yaml"
    replace_in(engagement, "website: northwind-outfitters.example", "website: northwind.example")
    return engagement


@pytest.mark.usefixtures("northwind_stale")
@pytest.mark.parametrize(
    "command",
    [
        ("calendar", "summit-outbound", "-o", "summit.ics"),
        ("pdf", "summit-outbound"),
        ("packet", "summit-outbound"),
        ("review", "summit-outbound"),
        ("build", "--audience", "client", "--engagement", "summit-outbound"),
    ],
    ids=["calendar", "pdf", "packet", "review", "build"],
)
def test_another_engagements_error_does_not_stop_it(
    invoke: Invoke, command: tuple[str, ...]
) -> None:
    result = invoke(*command)
    assert result.exit_code == 0, result.output
    assert (
        "note: 3 errors in other engagements do not stop this command; they are shown as "
        "warnings, and `playbook validate` fails on them"
    ) in result.stderr.splitlines()


@pytest.mark.usefixtures("northwind_stale")
def test_a_command_that_reports_shows_them_as_warnings(invoke: Invoke) -> None:
    result = invoke("calendar", "summit-outbound", "-o", "summit.ics")
    assert "playbooks/northwind-support/engagement.yaml:8:11: PB601 warning:" in result.stderr
    assert ELSEWHERE in result.stderr.splitlines()


@pytest.mark.usefixtures("northwind_stale")
def test_the_engagements_own_error_still_stops_it(invoke: Invoke) -> None:
    result = invoke("calendar", "northwind-support", "-o", "northwind.ics")
    assert result.exit_code == 1
    assert "playbooks/northwind-support/engagement.yaml:8:11: PB601 the document" in result.stderr
    assert not Path("northwind.ics").exists()


@pytest.mark.usefixtures("northwind_stale")
def test_validate_still_fails_on_every_engagement(invoke: Invoke) -> None:
    result = invoke("validate")
    assert result.exit_code == 1
    assert "engagement.yaml:8:11: PB601 the document is `approved`" in result.stdout
    assert "another engagement" not in result.stdout


def test_an_error_in_a_shared_file_stops_every_engagement(examples: Path, invoke: Invoke) -> None:
    replace_in(examples / "metrics.yaml", "unit: percent", "unit: percents")
    result = invoke("calendar", "summit-outbound", "-o", "summit.ics")
    assert result.exit_code == 1
    assert "playbooks/metrics.yaml:" in result.stderr


@pytest.mark.usefixtures("northwind_stale")
def test_a_client_build_says_whose_files_had_no_errors(invoke: Invoke) -> None:
    result = invoke("build", "--audience", "client", "--engagement", "summit-outbound")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"Validated {FILES} files in playbooks: no errors in summit-outbound or the files they share."
    )
