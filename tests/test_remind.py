"""`playbook remind`: what each person owes, as of a day, for an issue, an inbox and a
chat; what both parties read holds nothing internal."""

from __future__ import annotations

import json
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest

from tests.conftest import Invoke, replace_in

AS_OF = "2026-12-20"
FOLDER = Path("build/internal/reminders")
SENDER = "Harbor CX <reminders@harborcx.example>"
MARCO_OVERDUE = (
    "Publish the holiday returns policy article and macro (action): overdue by 17 days, "
    "was due 3 Dec 2026; for Process error rate on day 30"
)


@pytest.fixture
def internal_actions(examples: Path) -> Path:
    """Two corrective actions kept internal: one owned by Marco Alvarez of the client, one
    by Elena Petrova of the vendor."""
    results = examples / "northwind-support" / "results.yaml"
    replace_in(
        results,
        "            - id: returns-calibration\n",
        "            - id: fee-floor\n"
        "              title: Rework the fee floor before the day-60 review\n"
        "              owner: malvarez\n"
        "              due: 2026-12-22\n"
        "              audience: internal\n"
        "            - id: credit-limit\n"
        "              title: Raise the goodwill-credit limit of team leads\n"
        "              owner: epetrova\n"
        "              due: 2026-12-23\n"
        "              audience: internal\n"
        "            - id: returns-calibration\n",
    )
    return results


def email_of(person: str) -> object:
    data = (FOLDER / "northwind-support" / f"{person}.eml").read_bytes()
    return message_from_bytes(data, policy=default)


def test_marco_alvarez_is_reminded_of_his_overdue_action_and_nothing_internal(
    internal_actions: Path, invoke: Invoke
) -> None:
    done = invoke("remind", "--as-of", AS_OF, "--format", "email", "--from", SENDER)
    assert done.exit_code == 0, done.output
    assert done.stdout == f"Wrote 11 e-mails as of 20 Dec 2026 to {FOLDER}.\n"
    marco = email_of("malvarez")
    assert marco["From"] == SENDER
    assert marco["To"] == "Marco Alvarez <marco.alvarez@northwind-outfitters.example>"
    assert marco["Subject"] == (
        "Northwind Outfitters customer care transition: 1 overdue, 2 sign-offs awaited"
    )
    assert marco["Date"] == "Sun, 20 Dec 2026 08:00:00 -0600"  # 8:00 in Chicago
    raw = (FOLDER / "northwind-support" / "malvarez.eml").read_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF line ends, as RFC 5322 has them
    body = marco.get_content().replace("\r\n", "\n")  # type: ignore[attr-defined]
    assert body.startswith("Hello Marco,\n\nAs of 20 Dec 2026, in Northwind Outfitters")
    assert f"Overdue\n- {MARCO_OVERDUE}\n" in body
    assert "fee floor" not in body  # internal, though his
    # Elena Petrova, of the vendor, reads the internal action she owns
    elena = email_of("epetrova").get_content().replace("\r\n", "\n")  # type: ignore[attr-defined]
    assert (
        "Due by 27 Dec 2026\n- Raise the goodwill-credit limit of team leads (action): due "
        "23 Dec 2026; for Process error rate on day 30\n" in elena
    )


def test_the_digest_for_the_issue_mentions_each_person_and_holds_nothing_internal(
    internal_actions: Path, invoke: Invoke
) -> None:
    done = invoke("remind", "--as-of", AS_OF)
    assert done.exit_code == 0, done.output
    digest = (FOLDER / "northwind-support.md").read_text()
    assert digest.startswith(
        "## Due this week: Northwind Outfitters customer care transition\n\n"
        "As of 20 Dec 2026: what is overdue, what falls due by 27 Dec 2026, and the "
        "documents that wait for a sign-off.\n"
    )
    assert f"### @malvarez (Marco Alvarez)\n\n**Overdue**\n- {MARCO_OVERDUE}\n" in digest
    assert "### Elena Petrova\n" in digest  # no GitHub handle: named, not mentioned
    assert "fee floor" not in digest
    assert "goodwill-credit" not in digest
    data = json.loads(
        (invoke("remind", "--as-of", AS_OF, "--format", "json"), FOLDER / "northwind-support.json")[
            1
        ].read_text()
    )
    people = {p["id"]: p for p in data["people"]}
    assert [d["title"] for d in people["malvarez"]["overdue"]] == [
        "Publish the holiday returns policy article and macro"
    ]
    assert people["malvarez"]["github"] == "malvarez"
    assert "goodwill-credit" not in json.dumps(data)
    assert people["malvarez"]["text"].startswith(f"Overdue\n- {MARCO_OVERDUE}")


def test_reminders_are_the_same_bytes_every_run(examples: Path, invoke: Invoke) -> None:
    args = ("remind", "--as-of", AS_OF, "--format", "email", "--from", SENDER)
    assert invoke(*args).exit_code == 0
    first = {p: p.read_bytes() for p in FOLDER.rglob("*.eml")}
    assert invoke(*args).exit_code == 0
    assert {p: p.read_bytes() for p in FOLDER.rglob("*.eml")} == first


def test_the_horizon_decides_what_is_due(examples: Path, invoke: Invoke) -> None:
    invoke("remind", "--as-of", AS_OF, "--days", "14")
    digest = (FOLDER / "northwind-support.md").read_text()
    # the day-60 review, on 31 Dec, is within two weeks; not within one
    assert "**Due by 3 Jan 2027**" in digest
    assert "(review): due 31 Dec 2026" in digest
    invoke("remind", "--as-of", AS_OF)
    assert "(review)" not in (FOLDER / "northwind-support.md").read_text()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--format", "email"), "--format email needs --from ADDRESS"),
        (
            ("--format", "email", "--from", "reminders at harbor"),
            "--from 'reminders at harbor' is not an e-mail address",
        ),
        (("--days", "400"), "400 is not in the range 0<=x<=366"),
        (("--as-of", "20/12/2026"), "'20/12/2026' does not match the format '%Y-%m-%d'"),
        (("northwind",), "did you mean `northwind-support`?"),
        (("-o", "playbooks"), "playbooks"),
    ],
)
def test_what_cannot_be_reminded_is_refused(
    examples: Path, invoke: Invoke, args: tuple[str, ...], said: str
) -> None:
    done = invoke("remind", *args)
    assert done.exit_code == 2, done.output
    assert said in done.stderr
    assert not FOLDER.exists()


def test_a_folder_of_the_users_is_not_replaced(examples: Path, invoke: Invoke) -> None:
    mine = examples.parent / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes")
    done = invoke("remind", "-o", str(mine))
    assert done.exit_code == 2
    assert "holds files playbook did not make (notes.txt)" in done.stderr
    assert (mine / "notes.txt").read_text() == "my notes"


def test_playbooks_with_errors_write_no_reminders(examples: Path, invoke: Invoke) -> None:
    replace_in(examples / "northwind-support" / "results.yaml", "owner: malvarez", "owner: nobody")
    done = invoke("remind")
    assert done.exit_code == 1
    assert "No reminders were written" in done.stderr
    assert not FOLDER.parent.exists()
