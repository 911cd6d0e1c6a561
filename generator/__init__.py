"""Engagement playbooks as validated YAML, rendered into a site, PDFs and proposal packets.

The public API, for scripts, in the order of the pipeline::

    from pathlib import Path
    import generator

    config = generator.load_config()                  # playbook.toml or pyproject.toml
    result = generator.validate((), config)           # every problem of every file
    if not result.failed():
        client = generator.select(result, config, ("acme-support",), "client")
        jobs = generator.jobs_for(client.portfolio.playbooks[0], Path("out"), audience="client")
        generator.run(jobs)                           # the client's PDFs
    generator.build(config, "client", ("acme-support",), output=Path("acme"))  # everything

Names are imported when first used, so ``import generator`` costs nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:  # what a type checker sees; at run time each name is imported when used
    from generator.audience import READERS, Reader, for_audience, reader
    from generator.building import Event, FolderBuilt, Step, Validated, build
    from generator.config import load_config
    from generator.diagnostics import Diagnostic, Severity
    from generator.pdf import jobs_for, run
    from generator.pdf.packet.build import plan_packet
    from generator.portfolio import Playbook, Portfolio
    from generator.readiness import review
    from generator.render.pages import render_site
    from generator.selection import InvalidPlaybooksError, Selection, select
    from generator.signoff.signing import load_key, sign_pdf
    from generator.signoff.verification import verify
    from generator.validation import Result, validate

#: Each public name and the module it lives in.
_EXPORTS: Final = {
    # load and check
    "load_config": "generator.config",
    "validate": "generator.validation",
    "Result": "generator.validation",
    "Diagnostic": "generator.diagnostics",
    "Severity": "generator.diagnostics",
    "Portfolio": "generator.portfolio",
    "Playbook": "generator.portfolio",
    # readers
    "Reader": "generator.audience",
    "READERS": "generator.audience",
    "reader": "generator.audience",
    "for_audience": "generator.audience",
    "select": "generator.selection",
    "Selection": "generator.selection",
    "InvalidPlaybooksError": "generator.selection",
    # outputs
    "render_site": "generator.render.pages",
    "jobs_for": "generator.pdf",
    "run": "generator.pdf",
    "plan_packet": "generator.pdf.packet.build",
    "review": "generator.readiness",
    # the whole build
    "build": "generator.building",
    "Event": "generator.building",
    "Validated": "generator.building",
    "Step": "generator.building",
    "FolderBuilt": "generator.building",
    # signatures
    "sign_pdf": "generator.signoff.signing",
    "load_key": "generator.signoff.signing",
    "verify": "generator.signoff.verification",
}

__all__ = [
    "READERS",
    "Diagnostic",
    "Event",
    "FolderBuilt",
    "InvalidPlaybooksError",
    "Playbook",
    "Portfolio",
    "Reader",
    "Result",
    "Selection",
    "Severity",
    "Step",
    "Validated",
    "build",
    "for_audience",
    "jobs_for",
    "load_config",
    "load_key",
    "plan_packet",
    "reader",
    "render_site",
    "review",
    "run",
    "select",
    "sign_pdf",
    "validate",
    "verify",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return __all__
