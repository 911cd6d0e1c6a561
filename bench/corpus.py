"""Generate a corpus of N realistic engagements (6 files each) from the examples.

    python bench/corpus.py 1000 /tmp/corpus

Each engagement is one of the example playbooks under a new id, with its client
renamed and every date shifted by a whole number of weeks; approvals are recomputed,
so the corpus validates as cleanly as the examples do. Engagements built on the
support example get a local metric catalog so that every engagement has six files.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from generator.audience import redact  # noqa: E402
from generator.digest import content_digest  # noqa: E402
from generator.loading import parse_text  # noqa: E402
from generator.validation.structure import check_document  # noqa: E402

EXAMPLES = PROJECT / "playbooks"
TEMPLATES = {
    "northwind-support": "Northwind Outfitters",
    "summit-outbound": "Summit Analytics",
}
_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SIGNOFF = re.compile(
    r"- person: (?P<person>\S+)\n(?:    .*\n)*?    digest: (?P<digest>sha256:[0-9a-f]{64})"
)
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
            target.write_text(_reapprove(text, target, _parties(template)), encoding="utf-8")
            written.append(target)
        if not (folder / "metrics.yaml").exists():
            (folder / "metrics.yaml").write_text(_LOCAL_CATALOG, encoding="utf-8")
            written.append(folder / "metrics.yaml")
    return written


def _shift(match: re.Match[str], weeks: int) -> str:
    when = date(int(match[1]), int(match[2]), int(match[3])) + timedelta(weeks=weeks)
    return when.isoformat()


def _reapprove(text: str, path: Path, parties: dict[str, str]) -> str:
    """Point the sign-offs at the changed content, as approving it again would: each at
    the edition its signatory's party reads."""
    if "signoffs:" not in text:
        return text
    source, _ = parse_text(text, path, str(path))
    model = check_document(source)[0] if source is not None else None
    if model is None:
        raise SystemExit(f"{path}: the generated document does not validate")
    digests = {"vendor": content_digest(model)}
    client = redact(model, "client")
    digests["client"] = content_digest(client) if client is not None else digests["vendor"]
    head, _, signoffs = text.partition("\nsignoffs:")

    def renewed(match: re.Match[str]) -> str:
        party = parties.get(match["person"], "vendor")
        return match[0].replace(match["digest"], digests[party])

    return head + "\nsignoffs:" + _SIGNOFF.sub(renewed, signoffs)


def _parties(template: str) -> dict[str, str]:
    """Each roster id of a template engagement and the party it belongs to."""
    text = (EXAMPLES / template / "engagement.yaml").read_text(encoding="utf-8")
    return dict(re.findall(r"- id: (\S+)\n(?:      .*\n)*?      party: (\w+)", text))


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
