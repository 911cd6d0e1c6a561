"""Exports have a reader: `calendar` and `results export` take --audience as `build` does,
leave out what that reader may not see, and say whom they were made for."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke, replace_in

RESULTS = ("--engagement", "northwind-support", "--day", "30")


def _hide_kickoff(examples: Path, invoke: Invoke) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(
        brief,
        "      title: Working kickoff\n",
        "      title: Working kickoff CANARY-CALENDAR\n      audience: internal\n",
    )
    for person in ("dwhitfield", "smarsh"):  # both sides approve the edited brief again
        assert invoke("approve", str(brief), "--as", person).exit_code == 0


def test_a_calendar_is_made_for_a_reader_and_says_so(examples: Path, invoke: Invoke) -> None:
    _hide_kickoff(examples, invoke)
    internal = invoke("calendar", "northwind-support")
    assert internal.exit_code == 0, internal.output
    assert internal.stdout == "wrote northwind-support-internal.ics\n"
    text = (examples.parent / "northwind-support-internal.ics").read_text()
    assert "CANARY-CALENDAR" in text
    assert "(internal copy)" in text.split("X-WR-CALNAME:", 1)[1].splitlines()[0]

    client = invoke("calendar", "northwind-support", "--audience", "client")
    assert client.exit_code == 0, client.output
    text = (examples.parent / "northwind-support-client.ics").read_text()
    assert "CANARY-CALENDAR" not in text
    assert "(client copy)" in text.split("X-WR-CALNAME:", 1)[1].splitlines()[0]
    assert "Engagement brief signed by both sides" in text


def test_a_results_export_leaves_out_what_its_reader_may_not_see(
    examples: Path, invoke: Invoke
) -> None:
    replace_in(
        examples / "northwind-support" / "results.yaml",
        "          source: Guru analytics\n",
        "          source: Guru analytics\n          audience: internal\n",
    )
    internal = invoke("results", "export", *RESULTS)
    assert internal.exit_code == 0, internal.output
    assert "kb-coverage" in internal.stdout
    client = invoke("results", "export", *RESULTS, "--audience", "client")
    assert client.exit_code == 0, client.output
    assert "kb-coverage" not in client.stdout
    assert "csat" in client.stdout
    written = invoke("results", "export", *RESULTS, "--audience", "client", "-o", "day-30.csv")
    assert written.stdout == "wrote day-30.csv (client copy)\n"
