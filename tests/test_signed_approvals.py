"""A sign-off in the YAML is signed with its signatory's own SSH key (`approve --key`), and
`validate` checks every signature against the keys the roster lists: a line typed by
hand, a signature by another key, a key taken off the roster or a date changed after
signing is found at its place."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from generator.credentials import approval_statement
from generator.models import Signoff
from generator.signoff.approval import sign_statement
from tests.conftest import Invoke, example_key, findings, replace_in, where

ENGAGEMENT = "northwind-support"


def _brief(examples: Path) -> Path:
    return examples / ENGAGEMENT / "brief.yaml"


def test_every_signoff_of_the_examples_is_signed_by_its_signatory(
    examples: Path, invoke: Invoke
) -> None:
    signoffs = 0
    for path in sorted(examples.rglob("*.yaml")):
        text = path.read_text()
        signoffs += text.count("\n  - person: ")
        assert text.count("\n  - person: ") == text.count("    signature: |\n"), path
    assert signoffs > 5
    result = invoke("validate", "--strict")
    assert result.exit_code == 0, result.output


def test_approve_with_the_signatorys_key_is_checked_by_validate(
    examples: Path, invoke: Invoke
) -> None:
    ramp = examples / ENGAGEMENT / "ramp.yaml"
    key = example_key(examples, "malvarez")
    result = invoke(
        "approve", str(ramp), "--as", "malvarez", "--date", "2026-12-01", "--key", str(key)
    )
    assert result.exit_code == 0, result.output
    assert ", signed with their key).\n" in result.stdout
    # with the vendor's sign-off already there, the plan is now approved by both
    assert result.stdout.endswith("its status moved from `review` to `approved`.\n")
    assert invoke("validate", "--strict").exit_code == 0


def test_approve_with_another_persons_key_is_refused_and_nothing_written(
    examples: Path, invoke: Invoke
) -> None:
    ramp = examples / ENGAGEMENT / "ramp.yaml"
    before = ramp.read_bytes()
    key = example_key(examples, "smarsh")
    result = invoke("approve", str(ramp), "--as", "malvarez", "--key", str(key))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {key}: not `malvarez`'s approval key: it was made with a key the roster "
        "does not list for `malvarez`\n"
    )
    assert ramp.read_bytes() == before


def test_a_key_that_is_not_a_plain_file_is_refused(
    examples: Path, invoke: Invoke, tmp_path: Path
) -> None:
    fifo = tmp_path / "key"
    os.mkfifo(fifo)
    result = invoke(
        "approve", str(examples / ENGAGEMENT / "ramp.yaml"), "--as", "malvarez", "--key", str(fifo)
    )
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr or "pipe" in result.stderr


_KEY, _END = "    signature: |\n", "-----END SSH SIGNATURE-----\n"


def _set_signature(path: Path, person: str, signature: str | None) -> None:
    """Replace ``person``'s signature block with ``signature``, or take it out (None)."""
    text = path.read_text()
    signed = text.index(_KEY, text.index(f"  - person: {person}\n"))
    end = text.index(_END, signed) + len(_END)
    lines = (signature or "").strip().splitlines()
    block = _KEY + "".join(f"      {line}\n" for line in lines) if signature else ""
    path.write_text(text[:signed] + block + text[end:])


def _strip_signature(path: Path, person: str) -> None:
    _set_signature(path, person, None)


def test_a_signoff_typed_by_hand_is_a_warning_or_by_setting_an_error(
    examples: Path, invoke: Invoke
) -> None:
    brief = _brief(examples)
    _strip_signature(brief, "dwhitfield")
    result = invoke("validate")
    assert result.exit_code == 0
    assert findings(result.stdout) == [
        f"{where(brief, '- person: dwhitfield', offset=10)}: PB609 warning: the sign-off by `dwhitfield` on "
        "2026-11-04 is not signed: nothing shows that they gave it"
    ]
    settings = examples.parent / "playbook.toml"
    settings.write_text('root = "playbooks"\n[severity]\nPB609 = "error"\n')
    assert invoke("validate").exit_code == 1


def _signature_of(examples: Path, person: str, statement: bytes) -> str:
    return sign_statement(example_key(examples, person), statement)


def _replace_signature(path: Path, person: str, signature: str) -> None:
    _set_signature(path, person, signature)


def _problem(result_stdout: str) -> list[str]:
    return [line for line in findings(result_stdout) if " PB610 " in line]


def test_a_signature_made_with_another_persons_key_fails(examples: Path, invoke: Invoke) -> None:
    brief = _brief(examples)
    text = brief.read_text()
    digest = re.search(r"- person: dwhitfield\n    date: \S+\n    digest: (\S+)", text)
    assert digest is not None
    statement = approval_statement(
        ENGAGEMENT,
        "EngagementBrief",
        Signoff(person="dwhitfield", date="2026-11-04", digest=digest[1]),  # type: ignore[arg-type]
    )
    # the vendor signs the client's approval with the vendor's own key
    _replace_signature(brief, "dwhitfield", _signature_of(examples, "smarsh", statement))
    result = invoke("validate")
    assert result.exit_code == 1
    (line,) = _problem(result.stdout)
    assert line.endswith(
        "PB610 the signature of the sign-off by `dwhitfield` does not hold: it was made with a "
        "key the roster does not list for `dwhitfield`"
    )
    assert line.startswith("playbooks/northwind-support/brief.yaml:")


def test_a_date_changed_after_signing_fails(examples: Path, invoke: Invoke) -> None:
    brief = _brief(examples)
    replace_in(
        brief,
        "  - person: dwhitfield\n    date: 2026-11-04\n",
        "  - person: dwhitfield\n    date: 2026-10-04\n",
    )
    result = invoke("validate")
    (line,) = _problem(result.stdout)
    assert (
        "PB610 the signature of the sign-off by `dwhitfield` does not hold: it is not a valid "
        in line
    )


def test_a_key_taken_off_the_roster_fails_its_signoffs(examples: Path, invoke: Invoke) -> None:
    engagement = examples / ENGAGEMENT / "engagement.yaml"
    text = engagement.read_text()
    line = next(
        row for row in text.splitlines() if "ssh_keys:" in row and "dwhitfield EXAMPLE" in row
    )
    engagement.write_text(text.replace(line + "\n", "        ssh_keys: []\n"))
    result = invoke("validate")
    problems = _problem(result.stdout)
    assert len(problems) == 2  # her sign-offs of the brief and of the commercials
    for problem in problems:
        assert problem.endswith(
            "PB610 the signature of the sign-off by `dwhitfield` does not hold: the roster lists "
            "no approval key for `dwhitfield`"
        )


def test_a_signature_that_is_not_one_fails(examples: Path, invoke: Invoke) -> None:
    brief = _brief(examples)
    _replace_signature(
        brief,
        "dwhitfield",
        "-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n-----END SSH SIGNATURE-----\n",
    )
    result = invoke("validate")
    assert result.exit_code == 1
    (line,) = _problem(result.stdout)
    assert "it is not a valid signature of this approval" in line


def test_a_signature_checks_with_ssh_keygen_itself(examples: Path, tmp_path: Path) -> None:
    """The format is OpenSSH's own: `ssh-keygen -Y verify` accepts what `approve` signs."""
    statement = approval_statement(
        ENGAGEMENT,
        "RampPlan",
        Signoff(person="malvarez", date="2026-12-01", digest="sha256:" + "0" * 64),  # type: ignore[arg-type]
    )
    signature = tmp_path / "approval.sig"
    signature.write_text(_signature_of(examples, "malvarez", statement))
    public = (examples / "example-keys" / "malvarez-EXAMPLE-ONLY.pub").read_text()
    allowed = tmp_path / "allowed"
    allowed.write_text(f"malvarez {public}")
    done = subprocess.run(
        [
            "ssh-keygen",
            "-Y",
            "verify",
            "-f",
            str(allowed),
            "-I",
            "malvarez",
            "-n",
            "playbook-approval",
            "-s",
            str(signature),
        ],
        input=statement,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
