"""Project settings: ``[tool.playbook]`` in ``pyproject.toml``, or a ``playbook.toml``.

The settings file is looked for in the working folder and its parents, like ruff
does; ``playbook.toml`` wins over ``pyproject.toml`` in the same folder.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.errors import PlaybookError
from generator.models.fields import dotted
from generator.models.shapes import shapes


class ConfigError(PlaybookError):
    """The settings file cannot be used; the command stops with exit code 2."""


class Settings(BaseModel):
    """What a project can set under ``[tool.playbook]``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    root: str = "playbooks"
    """Folder holding the playbooks, relative to the settings file."""
    select: tuple[str, ...] = ("PB",)
    """Codes (or prefixes such as `PB7`) to report."""
    ignore: tuple[str, ...] = ()
    """Codes (or prefixes) never to report."""
    severity: dict[str, Literal["error", "warning"]] = Field(default_factory=dict)
    """Severity per code, overriding the default."""
    required: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Fields a project requires on top of the model, by shape name: `{ Person = ["email"] }`."""


@dataclass(frozen=True)
class Config:
    """Settings and where they came from."""

    settings: Settings = field(default_factory=Settings)
    base: Path = field(default_factory=Path.cwd)
    source: Path | None = None

    @property
    def root(self) -> Path:
        return self.base / self.settings.root

    def enabled(self, code: str) -> bool:
        """Whether ``code`` is selected and not ignored (longest matching prefix wins)."""
        selected = max((len(p) for p in self.settings.select if code.startswith(p)), default=-1)
        ignored = max((len(p) for p in self.settings.ignore if code.startswith(p)), default=-1)
        return selected > ignored


def find_config(start: Path) -> Path | None:
    """The nearest ``playbook.toml``, or ``pyproject.toml`` with a ``[tool.playbook]`` table."""
    start = start.absolute()
    for folder in (start, *start.parents):
        candidate = folder / "playbook.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "playbook" in _read(candidate).get("tool", {}):
            return candidate
    return None


def load_config(explicit: Path | None = None, start: Path | None = None) -> Config:
    """Read the settings file given, or the nearest one; defaults when there is none."""
    path = explicit or find_config(start or Path.cwd())
    if path is None:
        return Config(base=(start or Path.cwd()).absolute())
    table = _read(path)
    if path.name == "pyproject.toml" or "tool" in table:
        table = table.get("tool", {}).get("playbook", {})
    try:
        settings = Settings.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(_describe(path, exc)) from None
    _check_required(path, settings)
    return Config(settings, path.parent.absolute(), path)


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _describe(path: Path, exc: ValidationError) -> str:
    problems = []
    for err in exc.errors(include_url=False):
        where = dotted(tuple(err["loc"]))
        if err["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(err["loc"][-1]), Settings.model_fields, n=1)
            guess = f" (did you mean `{close[0]}`?)" if close else ""
            problems.append(f"unknown setting `{where}`{guess}")
        else:
            problems.append(f"`{where}`: {err['msg']}")
    return f"{path}: [tool.playbook] " + "; ".join(problems)


def _check_required(path: Path, settings: Settings) -> None:
    known = shapes()
    for shape, names in settings.required.items():
        if shape not in known:
            close = difflib.get_close_matches(shape, known, n=1)
            guess = f"; did you mean `{close[0]}`?" if close else ""
            raise ConfigError(f"{path}: [tool.playbook.required] unknown shape `{shape}`{guess}")
        fields = {info.alias or name for name, info in known[shape].model_fields.items()}
        for name in names:
            if name not in fields:
                close = difflib.get_close_matches(name, fields, n=1)
                guess = f"; did you mean `{close[0]}`?" if close else ""
                raise ConfigError(
                    f"{path}: [tool.playbook.required] `{shape}` has no field `{name}`{guess}"
                )
