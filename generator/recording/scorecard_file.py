"""Write imported results into ``results.yaml`` with ruamel.yaml's round trip.

Comments, key order, quoting and the layout of everything not imported stay as they
were. A recorded value is never replaced unless asked; a replaced result keeps its
root cause and actions. The new text must read back as a valid scorecard before it
is written, atomically, in place of the old file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from generator.errors import PlaybookError
from generator.loading import parse_text
from generator.models.scorecard import Scorecard
from generator.recording.rows import Imported
from generator.validation.structure import check_document
from generator.views.text import number
from generator.writing import write_bytes

_SKELETON: Final = """\
# yaml-language-server: $schema=../../schema/scorecard.schema.json
# What was measured against the plan, checkpoint by checkpoint.
apiVersion: playbook/v1
kind: Scorecard
metadata:
  version: "0.1"
  status: draft
spec:
  checkpoints: []
"""
_BOM: Final = b"\xef\xbb\xbf"


class RecordingError(PlaybookError):
    """The results cannot be written; nothing was written."""


@dataclass(frozen=True)
class Change:
    """What the import did to one metric's result."""

    metric: str
    action: str  # "added", "observed", "replaced", "kept", "unchanged"
    old: str
    new: str

    def __str__(self) -> str:
        match self.action:
            case "added":
                return f"added `{self.metric}`: {self.new}"
            case "observed":
                return f"observed `{self.metric}`: {self.new} (not targeted: shown, not judged)"
            case "replaced":
                return f"replaced `{self.metric}`: {self.old} -> {self.new}"
            case "kept":
                return (
                    f"kept `{self.metric}`: {self.old} is recorded, the file says {self.new} "
                    "(--replace overwrites it)"
                )
            case _:
                return f"unchanged `{self.metric}`: {self.new}"


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def record(
    path: Path, day: int, results: list[Imported], *, replace: bool, dry_run: bool = False
) -> list[Change]:
    """Record ``results`` for checkpoint ``day`` in the scorecard at ``path`` (made if new)."""
    raw = path.read_bytes() if path.exists() else _SKELETON.encode("utf-8")
    bom = raw.startswith(_BOM)
    yaml = _yaml()
    try:
        data = yaml.load(raw.removeprefix(_BOM).decode("utf-8"))
    except (YAMLError, UnicodeDecodeError) as exc:
        raise RecordingError(f"{path}: cannot read it ({exc}); run `playbook validate`") from None
    checkpoints = _checkpoints(data, path)
    entry = _entry(checkpoints, day)
    changes = []
    for result in results:
        # a metric the checkpoint does not target is an observation: shown, not judged
        key = "observations" if result.observed else "results"
        listed = entry.get(key)
        if not isinstance(listed, list):
            listed = entry[key] = CommentedSeq()
        by_metric = {item.get("metric"): item for item in listed if isinstance(item, dict)}
        shown = _shown(result.value, result.unit)
        old = by_metric.get(result.metric)
        if old is None:
            listed.append(_mapping(result))
            action = "observed" if result.observed else "added"
            changes.append(Change(result.metric, action, "", shown))
            continue
        before = _shown(old.get("value"), old.get("unit"))
        if "value" in old and _same(old, result):
            changes.append(Change(result.metric, "unchanged", before, shown))
        elif "value" in old and not replace:
            changes.append(Change(result.metric, "kept", before, shown))
        else:
            _update(old, result)
            changes.append(Change(result.metric, "replaced", before, shown))
    if dry_run or all(c.action in ("kept", "unchanged") for c in changes):
        return changes
    stream = io.StringIO()
    yaml.dump(data, stream)
    text = stream.getvalue()
    _check(path, text, day, changes, results)
    write_bytes(path, _BOM * bom + text.encode("utf-8"))
    return changes


def _checkpoints(data: Any, path: Path) -> Any:
    if not isinstance(data, dict) or data.get("kind") != Scorecard.KIND:
        raise RecordingError(f"{path}: not a scorecard (kind: Scorecard)")
    spec = data.setdefault("spec", CommentedMap())
    if not isinstance(spec, dict):
        raise RecordingError(f"{path}: `spec` is not a mapping; run `playbook validate`")
    checkpoints = spec.get("checkpoints")
    if checkpoints is None or checkpoints == []:
        checkpoints = CommentedSeq()
        spec["checkpoints"] = checkpoints
    if not isinstance(checkpoints, list):
        raise RecordingError(f"{path}: `spec.checkpoints` is not a list; run `playbook validate`")
    return checkpoints


def _entry(checkpoints: Any, day: int) -> Any:
    for item in checkpoints:
        if isinstance(item, dict) and item.get("day") == day:
            return item
    entry = CommentedMap([("day", day)])
    later = [
        i
        for i, item in enumerate(checkpoints)
        if isinstance(item, dict) and item.get("day", 0) > day
    ]
    checkpoints.insert(later[0] if later else len(checkpoints), entry)
    return entry


def _mapping(result: Imported) -> CommentedMap:
    item = CommentedMap([("metric", result.metric)])
    _update(item, result)
    return item


def _update(item: Any, result: Imported) -> None:
    """Set the measured fields; a root cause and actions already written stay."""
    item["value"] = int(result.value) if result.value.is_integer() else result.value
    if result.unit is not None:
        item["unit"] = result.unit
    if result.period is not None:
        period = CommentedMap([("start", result.period[0]), ("end", result.period[1])])
        period.fa.set_flow_style()
        item["period"] = period
    for key, value in (("source", result.source), ("note", result.note)):
        if value is not None:
            item[key] = value
    if result.computed is not None:
        item["computed"] = _block(result.computed)
    elif "computed" in item:
        del item["computed"]  # a value given by hand was not computed from the exports


def _block(value: Any) -> Any:
    """``value`` as YAML block mappings, with each of its short mappings on one line."""
    if isinstance(value, dict):
        mapping = CommentedMap((key, _block(item)) for key, item in value.items())
        if all(not isinstance(item, dict | list) for item in value.values()) and len(value) <= 4:
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        return CommentedSeq(_block(item) for item in value)
    return value


def _same(old: Any, result: Imported) -> bool:
    period = old.get("period")
    was = (period.get("start"), period.get("end")) if isinstance(period, dict) else None
    return (
        old.get("value") == result.value
        and (result.source is None or old.get("source") == result.source)
        and (result.note is None or old.get("note") == result.note)
        and (result.period is None or was == result.period)
    )


def _shown(value: Any, unit: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value) + (f" {unit}" if unit else "")
    return str(value)


def _check(path: Path, text: str, day: int, changes: list[Change], results: list[Imported]) -> None:
    """Refuse to write what would not read back as a valid scorecard with the new values."""
    source, problems = parse_text(text, path, str(path))
    found = check_document(source) if source is not None and source.composed else (None, [])
    model, errors = found
    written = {c.metric for c in changes if c.action in ("added", "observed", "replaced")}
    if isinstance(model, Scorecard) and not problems and not errors:
        recorded: dict[str, float | None] = {}
        for checkpoint in model.spec.checkpoints:
            if checkpoint.day == day:
                recorded.update((r.metric, r.value) for r in checkpoint.results)
                recorded.update((o.metric, o.value) for o in checkpoint.observations)
        if all(recorded.get(r.metric) == r.value for r in results if r.metric in written):
            return
    raise RecordingError(f"{path}: the updated file would not read back; nothing was written")
