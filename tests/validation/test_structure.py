"""Shape checks in plain words: patterned values say what they should look like."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke, Write, findings, replace_in


def test_patterned_values_are_explained(write: Write, invoke: Invoke) -> None:
    write(
        "playbooks/acme/engagement.yaml",
        """
        apiVersion: playbook/v1
        kind: Engagement
        metadata:
          id: acme
          version: v2
          status: draft
        spec:
          client: {name: Acme}
          vendor: {name: Harbor}
          type: support
          phase: proposal
          summary: A test.
          start: 2027-01-04
          timezone: UTC
          channels: [email]
          people:
            - {id: Ann Lee, name: Ann, role: Lead, party: client, email: ann-at-acme, github: "@@ann"}
        """,
    )
    result = invoke("validate")
    assert [line.split(": ", 1)[1] for line in findings(result.stdout)] == [
        "PB104 `version`: expected a version such as `1.0` or `2.1.3`, found 'v2'",
        "PB104 `id`: expected an id of lowercase letters, digits, `-` or `_`, found 'Ann Lee'",
        "PB104 `email`: expected an e-mail address, found 'ann-at-acme'",
        "PB104 `github`: expected a GitHub user or team such as `@jsmith`, found '@@ann'",
    ]


def test_every_error_of_a_file_is_reported_in_one_run(examples: Path, invoke: Invoke) -> None:
    brief = examples / "summit-outbound" / "brief.yaml"
    text = brief.read_text(encoding="utf-8")
    text = text.replace("      owner: ohaddad\n      day: 7", "      day: 7")
    text = text.replace("      owner: ohaddad\n      access: Local", "      access: Local")
    text = text.replace("      deliverable: Signed campaign brief\n", "")
    text = text.replace("    mfa: true\n", "    mfa: yes please\n")
    brief.write_text(text, encoding="utf-8")
    result = invoke("validate")
    assert [line.split(" PB")[1] for line in findings(result.stdout)] == [
        "102 system `Outreach` is missing required field `owner`",
        "104 `mfa`: expected true or false, found 'yes please'",
        "102 milestone `brief-signed` is missing required field `deliverable`",
        "102 milestone `systems-tested` is missing required field `owner`",
    ]


def test_an_owner_written_as_a_team_is_told_owners_are_people(
    examples: Path, invoke: Invoke
) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(
        brief,
        "      owner: epetrova\n      due: 2026-11-23",
        '      owner: "Support Team"\n      due: 2026-11-23',
    )
    result = invoke("validate")
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "found 'Support Team'" in line)
    assert lines[at + 3] == (
        "  = hint: owners, receivers and attendees are people, named by their roster id: add "
        "the person to `people` in engagement.yaml and write their `id` here"
    )


def test_a_channel_in_other_words_is_named_as_the_playbook_calls_it(
    examples: Path, invoke: Invoke
) -> None:
    engagement = examples / "northwind-support" / "engagement.yaml"
    replace_in(engagement, "channels: [email, chat, voice]", "channels: [email, chat, Slack]")
    result = invoke("validate")
    assert "  = hint: a playbook calls 'Slack' `messaging`" in result.stdout.splitlines()
