"""Generate a corpus of N realistic engagements (6 files each) from the examples.

    python bench/corpus.py 1000 /tmp/corpus

Each engagement is one of the example playbooks under a new id, with its client
renamed and every date shifted by a whole number of weeks; approvals are recomputed
and signed again with the examples' throw-away keys, so the corpus validates as cleanly
as the examples do. Engagements built on the
support example get a local metric catalog so that every engagement has six files.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
import shutil
import struct
import sys
from datetime import date, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ed25519  # noqa: E402

from generator.approved import approved_digest  # noqa: E402
from generator.config import Config  # noqa: E402
from generator.credentials import APPROVAL_NAMESPACE, approval_statement  # noqa: E402
from generator.models import Document, Signoff  # noqa: E402
from generator.portfolio import Loaded  # noqa: E402
from generator.validation import validate  # noqa: E402

EXAMPLES = PROJECT / "playbooks"
TEMPLATES = {
    "northwind-support": "Northwind Outfitters",
    "summit-outbound": "Summit Analytics",
}
_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SIGNOFF = re.compile(
    r"  - person: (?P<person>\S+)\n    date: (?P<date>\S+)\n"
    r"    digest: (?P<digest>sha256:[0-9a-f]{64})\n(?:    signature: \|\n(?:      .*\n)+)?"
)
KEYS = EXAMPLES / "example-keys"
_LOCAL_CATALOG = """\
apiVersion: playbook/v1
kind: MetricCatalog
metadata:
  title: Engagement metrics
  version: "1.0"
  status: review
  owner: jokafor
spec:
  metrics:
    - id: escalation-rate
      name: Escalation rate
      unit: percent
      direction: lower
      category: quality
      formula: Contacts escalated to Tier 2 or above / contacts handled
      source: Ticketing system escalation tags
"""


#: A day late enough that every shifted copy's recorded results lie in the past: the
#: day the benchmarks run the rules on (``PLAYBOOK_TODAY``).
TODAY = "2027-06-30"


def generate(count: int, out: Path) -> list[Path]:
    """Write ``count`` engagements and the shared catalog under ``out``; return the files."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy(EXAMPLES / "metrics.yaml", out / "metrics.yaml")
    (out / KEYS.name).mkdir()
    for anchor in KEYS.glob("*-ca.pem"):  # the parties' trust anchors the rosters name
        shutil.copy(anchor, out / KEYS.name / anchor.name)
    written = [out / "metrics.yaml"]
    names = list(TEMPLATES.items())
    for index in range(count):
        template, client = names[index % len(names)]
        new_id = f"{template}-{index:05d}"
        weeks = index % 26
        folder = out / new_id
        folder.mkdir()
        for source in sorted((EXAMPLES / template).glob("*.yaml")):
            text = source.read_text(encoding="utf-8")
            text = text.replace(template, new_id).replace(client, f"{client} {index}")
            text = _DATE.sub(lambda m, w=weeks: _shift(m, w), text)
            target = folder / source.name
            target.write_text(text, encoding="utf-8")
            written.append(target)
        if not (folder / "metrics.yaml").exists():
            (folder / "metrics.yaml").write_text(_LOCAL_CATALOG, encoding="utf-8")
            written.append(folder / "metrics.yaml")
        _reapprove(folder, out / "metrics.yaml")
    return written


def _shift(match: re.Match[str], weeks: int) -> str:
    when = date(int(match[1]), int(match[2]), int(match[3])) + timedelta(weeks=weeks)
    return when.isoformat()


def _reapprove(folder: Path, shared: Path) -> None:
    """Point the sign-offs at the changed content, as approving it again would: each at
    what its signatory's party approves, signed with the signatory's example key."""
    playbook = validate((folder, shared), Config()).portfolio.get(folder.name)
    assert playbook is not None, f"{folder}: the generated engagement does not validate"
    for doc in playbook.documents():
        text = doc.source.path.read_text(encoding="utf-8")
        if "\nsignoffs:" not in text:
            continue
        head, _, signoffs = text.partition("\nsignoffs:")

        def renewed(match: re.Match[str], doc: Loaded[Document] = doc) -> str:
            person = match["person"]
            signoff = Signoff(
                person=person,
                date=date.fromisoformat(match["date"]),
                digest=approved_digest(playbook, doc, playbook.people[person].party),
            )
            statement = approval_statement(playbook.id, doc.kind, signoff)
            lines = _sshsig(KEYS / f"{person}-EXAMPLE-ONLY", statement).splitlines()
            block = "".join(f"      {line}\n" for line in lines)
            return (
                f"  - person: {person}\n    date: {match['date']}\n"
                f"    digest: {signoff.digest}\n    signature: |\n{block}"
            )

        renewed_text = head + "\nsignoffs:" + _SIGNOFF.sub(renewed, signoffs)
        doc.source.path.write_text(renewed_text, encoding="utf-8")


def _sshsig(key_file: Path, message: bytes, namespace: str = APPROVAL_NAMESPACE) -> str:
    """``message`` signed with an Ed25519 OpenSSH key, as ``ssh-keygen -Y sign`` writes it
    (the SSHSIG format), without a process per signature."""
    key = serialization.load_ssh_private_key(_read_key(key_file), password=None)
    assert isinstance(key, ed25519.Ed25519PrivateKey)

    def string(data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + data

    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    public_blob = string(b"ssh-ed25519") + string(public)
    digest = hashlib.sha512(message).digest()
    head = string(namespace.encode()) + string(b"") + string(b"sha512")
    signed = b"SSHSIG" + head + string(digest)
    signature = string(b"ssh-ed25519") + string(key.sign(signed))
    blob = b"SSHSIG" + struct.pack(">I", 1) + string(public_blob) + head + string(signature)
    text = base64.b64encode(blob).decode("ascii")
    lines = [text[i : i + 70] for i in range(0, len(text), 70)]
    return "\n".join(["-----BEGIN SSH SIGNATURE-----", *lines, "-----END SSH SIGNATURE-----"])


_KEY_CACHE: dict[Path, bytes] = {}


def _read_key(path: Path) -> bytes:
    if path not in _KEY_CACHE:
        _KEY_CACHE[path] = path.read_bytes()
    return _KEY_CACHE[path]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of engagements")
    parser.add_argument("out", type=Path, help="folder to write (replaced if it exists)")
    args = parser.parse_args()
    files = generate(args.count, args.out)
    size = sum(f.stat().st_size for f in files)
    print(f"wrote {len(files)} files ({size / 1e6:.1f} MB) for {args.count} engagements")


if __name__ == "__main__":
    main()
