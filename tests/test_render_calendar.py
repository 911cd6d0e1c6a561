"""The .ics export: read back by an independent parser, folded and escaped per RFC 5545."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest

from generator.config import load_config
from generator.portfolio import Playbook
from generator.render.calendar import calendar
from generator.validation import validate
from generator.views.context import events as timeline_events
from tests.conftest import Invoke, replace_in

STAMP = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def playbook_of(root: Path, engagement: str) -> Playbook:
    found = validate((), load_config(start=root.parent)).portfolio.get(engagement)
    assert found is not None
    return found


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_every_milestone_and_review_is_an_all_day_event(examples: Path) -> None:
    playbook = playbook_of(examples, "northwind-support")
    read = events(calendar(playbook, STAMP, audience="internal"))
    entries = timeline_events(playbook)
    # each on its date in the plan, but the voice overflow, re-planned in the scorecard
    moved = {"voice-overflow": date(2026, 12, 11)}
    assert sorted((str(e["SUMMARY"]), e.decoded("DTSTART")) for e in read) == sorted(
        (entry.title, moved.get(entry.id, entry.when)) for entry in entries
    )
    kickoff = read[0]
    assert kickoff.decoded("DTEND") == date(2026, 11, 3)
    assert str(kickoff["ORGANIZER"]) == "mailto:james.okafor@harborcx.example"
    assert kickoff["ORGANIZER"].params["CN"] == "James Okafor"
    assert "Deliverable: Kickoff notes" in str(kickoff["DESCRIPTION"])
    assert kickoff.decoded("DTSTAMP") == STAMP


def test_review_attendees_are_invited(examples: Path) -> None:
    playbook = playbook_of(examples, "northwind-support")
    review = next(
        e
        for e in events(calendar(playbook, STAMP, audience="internal"))
        if e["SUMMARY"] == "30-day baseline review"
    )
    invited = {str(a).removeprefix("mailto:") for a in review["ATTENDEE"]}
    assert playbook.ramp is not None
    attendees = playbook.ramp.model.spec.checkpoints[0].review.attendees
    expected = {playbook.people[p].email for p in attendees if playbook.people[p].email}
    assert invited == expected
    assert len(invited) == 6


def test_text_with_separators_and_long_lines_survives(examples: Path) -> None:
    brief = examples / "summit-outbound" / "brief.yaml"
    title = "Kickoff; rules, tech \\ and a very long title — ümlaut ☎ " * 3
    replace_in(brief, "title: Working kickoff", f"title: '{title.strip()}'")
    data = calendar(playbook_of(examples, "summit-outbound"), STAMP, audience="internal")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    data.decode("utf-8")  # folding never splits a character
    assert str(events(data)[0]["SUMMARY"]) == title.strip()


def test_same_playbook_same_bytes(examples: Path) -> None:
    playbook = playbook_of(examples, "summit-outbound")
    assert calendar(playbook, STAMP, audience="internal") == calendar(
        playbook, STAMP, audience="internal"
    )
    assert b"\r\n" in calendar(playbook, STAMP, audience="internal")
    assert b"\n\n" not in calendar(playbook, STAMP, audience="internal")


def test_calendar_command_writes_the_file(examples: Path, invoke: Invoke) -> None:
    result = invoke("calendar", "summit-outbound", env={"SOURCE_DATE_EPOCH": "1795003200"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "wrote summit-outbound-internal.ics\n"
    written = (examples.parent / "summit-outbound-internal.ics").read_bytes()
    assert len(events(written)) == len(timeline_events(playbook_of(examples, "summit-outbound")))
    again = invoke("calendar", "summit-outbound", env={"SOURCE_DATE_EPOCH": "1795003200"})
    assert again.exit_code == 0


def test_calendar_command_prints_to_standard_output(examples: Path, invoke: Invoke) -> None:
    result = invoke("calendar", "northwind-support", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert len(events(result.stdout_bytes)) > 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["nowhere"],
            "Error: unknown engagement `nowhere` (engagements in playbooks: northwind-support, "
            "summit-outbound; an engagement whose engagement file has errors is not listed)\n",
        ),
        (
            ["summit-outbund"],
            "Error: unknown engagement `summit-outbund` in playbooks; "
            "did you mean `summit-outbound`?\n",
        ),
        (
            ["summit-outbound", "-o", "plan.yaml"],
            "Error: plan.yaml: a calendar file ends in .ics\n",
        ),
    ],
)
def test_calendar_command_rejects_bad_input_in_one_line(
    examples: Path, invoke: Invoke, args: list[str], message: str
) -> None:
    result = invoke("calendar", *args)
    assert result.exit_code == 2
    assert result.stderr == message


def test_calendar_command_never_replaces_another_file_unasked(
    examples: Path, invoke: Invoke
) -> None:
    mine = examples.parent / "team.ics"
    mine.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    result = invoke("calendar", "summit-outbound", "-o", "team.ics")
    assert result.exit_code == 2
    assert (
        result.stderr == "Error: team.ics exists with other content; pass --force to replace it\n"
    )
    assert mine.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert invoke("calendar", "summit-outbound", "-o", "team.ics", "--force").exit_code == 0
    assert len(events(mine.read_bytes())) > 10


def test_calendar_command_stops_on_invalid_playbooks(examples: Path, invoke: Invoke) -> None:
    replace_in(examples / "summit-outbound" / "ramp.yaml", "  checkpoints:\n", "  checkpoints: 3\n")
    result = invoke("calendar", "summit-outbound")
    assert result.exit_code == 1
    assert "playbooks/summit-outbound/ramp.yaml:" in result.stderr
    assert not (examples.parent / "summit-outbound-internal.ics").exists()


def by_uid(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in events(data)}


def test_inserting_a_milestone_changes_no_other_event(examples: Path) -> None:
    before = by_uid(
        calendar(playbook_of(examples, "northwind-support"), STAMP, audience="internal")
    )
    replace_in(
        examples / "northwind-support" / "brief.yaml",
        "  timeline:\n",
        "  timeline:\n    - id: site-visit\n      title: Site visit\n      owner: smarsh\n"
        "      due: 2026-11-03\n      deliverable: Visit notes\n",
    )
    after = by_uid(calendar(playbook_of(examples, "northwind-support"), STAMP, audience="internal"))
    assert set(after) - set(before) == {"northwind-support.milestone.site-visit@playbook"}
    for uid, event in before.items():
        assert after[uid].to_ical() == event.to_ical(), uid


def test_sequence_counts_the_scorecards_changes_and_a_replan_moves_the_event(
    examples: Path,
) -> None:
    found = by_uid(calendar(playbook_of(examples, "northwind-support"), STAMP, audience="internal"))
    voice = found["northwind-support.milestone.voice-overflow@playbook"]
    assert voice.decoded("DTSTART") == date(2026, 12, 11)
    assert int(voice["SEQUENCE"]) == 1
    assert "Status: Re-planned +4 days" in str(voice["DESCRIPTION"])
    assert "Planned for 7 Dec 2026" in str(voice["DESCRIPTION"])
    assert int(found["northwind-support.milestone.kickoff@playbook"]["SEQUENCE"]) == 1  # done
    assert int(found["northwind-support.milestone.forward-plan@playbook"]["SEQUENCE"]) == 0
    replace_in(
        examples / "northwind-support" / "results.yaml",
        "          on: 2026-11-27\n",
        "          on: 2026-11-27\n        - due: 2026-12-14\n          reason: Carrier test failed.\n"
        "          agreed_by: [malvarez]\n",
    )
    again = by_uid(calendar(playbook_of(examples, "northwind-support"), STAMP, audience="internal"))
    voice = again["northwind-support.milestone.voice-overflow@playbook"]
    assert (voice.decoded("DTSTART"), int(voice["SEQUENCE"])) == (date(2026, 12, 14), 2)


def test_a_review_with_a_time_is_a_meeting_in_the_engagements_time_zone(
    examples: Path,
) -> None:
    replace_in(
        examples / "northwind-support" / "ramp.yaml",
        "        title: 30-day baseline review\n",
        '        title: 30-day baseline review\n        time: "10:00"\n        duration: 90m\n',
    )
    found = by_uid(calendar(playbook_of(examples, "northwind-support"), STAMP, audience="internal"))
    review = found["northwind-support.review.day-30@playbook"]
    # 10:00 in Chicago on 1 December is 16:00 UTC
    assert review.decoded("DTSTART") == datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
    assert review.decoded("DTEND") == datetime(2026, 12, 1, 17, 30, tzinfo=UTC)
    day_60 = found["northwind-support.review.day-60@playbook"]
    assert day_60.decoded("DTSTART") == date(2026, 12, 31)  # no time: all day
