"""Computed values as results to record: each with where it came from."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from generator.computing.compute import Computation
from generator.models import MetricDefinition
from generator.recording.rows import Imported


def as_results(
    found: Computation,
    metrics: dict[str, MetricDefinition],
    targeted: set[str],
    period: tuple[Any, Any],
    folder: Path,
) -> list[Imported]:
    """``found``'s values as results for a scorecard in ``folder``: a targeted metric as a
    result, another as an observation, each with its provenance."""
    files = [{"path": _relative(f.path, folder), "sha256": f.sha256} for f in found.files]
    results = []
    for value in found.values:
        method = metrics[value.metric].method
        assert method is not None
        results.append(
            Imported(
                value.metric,
                value.value,
                0,
                period=period,
                source="computed from " + ", ".join(f.path.name for f in found.files),
                observed=value.metric not in targeted,
                computed={
                    "files": files,
                    "profile": (
                        _relative(found.profile.path, folder)
                        if found.profile.path is not None
                        else found.profile.source
                    ),
                    "method": method.model_dump(mode="json", exclude_defaults=False),
                    "counted": value.counted,
                    "excluded": found.excluded,
                },
            )
        )
    return results


def _relative(path: Path, folder: Path) -> str:
    """``path`` as the scorecard names it: relative to its folder when inside the same tree."""
    absolute, base = path.resolve(), folder.resolve()
    try:
        return Path(os.path.relpath(absolute, base)).as_posix()
    except ValueError:
        return absolute.as_posix()
