"""Project settings: ``[tool.playbook]`` in ``pyproject.toml``, or a ``playbook.toml``.

The settings file is looked for in the working folder and its parents, like ruff
does; ``playbook.toml`` wins over ``pyproject.toml`` in the same folder.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Final, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from generator.clock import build_date
from generator.diagnostics import did_you_mean
from generator.errors import PlaybookError
from generator.inputs import InputError, read_input
from generator.models.fields import dotted
from generator.models.shapes import shapes

#: A settings file is a few KB; anything far larger is not one.
_MAX_SETTINGS_BYTES: Final = 1024 * 1024


class ConfigError(PlaybookError):
    """The settings file cannot be used; the command stops with exit code 2."""


def _colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise PydanticCustomError(
            "colour", "expected a colour written #RRGGBB, found `{value}`", {"value": value}
        )
    return value.lower()


Colour = Annotated[str, AfterValidator(_colour)]


class TrackRecord(BaseModel):
    """The vendor's record of past launches, quoted in proposal packets."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    launches: int = Field(ge=1, strict=True)
    """Launches counted."""
    launched_on_schedule: int = Field(ge=0, strict=True)
    """Of those, how many went live on the date agreed in the signed brief."""
    period: str | None = None
    """The years or months counted, e.g. "2023-2025"."""
    note: str | None = None
    """How launches were counted, in one sentence."""

    @model_validator(mode="after")
    def _at_most_all(self) -> TrackRecord:
        if self.launched_on_schedule > self.launches:
            raise PydanticCustomError(
                "track_record",
                "launched_on_schedule ({on}) is more than launches ({all})",
                {"on": self.launched_on_schedule, "all": self.launches},
            )
        return self


def _edition(value: str) -> str:
    rest = value.replace("{version}", "", 1)
    if "{version}" not in value or "{" in rest or "}" in rest:
        raise PydanticCustomError(
            "edition",
            "expected words with `{mark}` once where the version goes, such as "
            "`Proposal, version {mark}`, found `{value}`",
            {"value": value, "mark": "{version}"},
        )
    return value


Edition = Annotated[str, AfterValidator(_edition)]


class EditionWords(BaseModel):
    """How packet covers name the edition: ``[tool.playbook.vendor.edition]``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    proposal: Edition = "Proposal, version {version}"
    """Before version 1.0, while the engagement is proposed."""
    issued: Edition = "Issue {version}"
    """From version 1.0 on."""

    def of(self, version: str) -> str:
        """The edition of ``version`` in these words."""
        words = self.proposal if version.partition(".")[0] == "0" else self.issued
        return words.replace("{version}", version)


class Vendor(BaseModel):
    """The vendor's branding and record: ``[tool.playbook.vendor]``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    """The vendor's name as engagements give it (`spec.vendor.name`); packets of
    engagements with another vendor are refused, so no record is quoted for the wrong one."""
    logo: str | None = None
    """Image file (PNG, JPEG, GIF, WebP or SVG) for packet covers, relative to the settings file."""
    accent: Colour | None = None
    """Colour of headings, rules and table headers in every PDF, as #RRGGBB."""
    confidentiality: str | None = None
    """Line printed on packet covers, e.g. "Confidential: for the recipient's evaluation only"."""
    track_record: TrackRecord | None = None
    """Past launches and how many went live on schedule."""
    edition: EditionWords = EditionWords()
    """The words packet covers give the edition, before 1.0 and from it."""


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
    vendor: Vendor | None = None
    """The vendor's branding and track record, for proposal packets and PDFs."""
    paper: Literal["a4", "us-letter"] = "a4"
    """Paper size of every PDF: `a4` (210 × 297 mm) or `us-letter` (8.5 × 11 in)."""
    today: date | None = None
    """The day statuses count from (late, due, overdue), for examples and demonstrations
    that must read the same on any day. A real project leaves it out: statuses then count
    from the day of the run. `PLAYBOOK_TODAY` overrides it."""
    client_repo_url: str | None = None
    """The address a client's or prospect's site links as its sources, when the client
    may read one (a mirror of their engagement); without it their sites carry no link to
    the vendor's repository."""
    cache: str | None = None
    """Folder where `playbook validate` keeps what it checked, relative to the settings file
    (for example `.playbook-cache`), so that checking an unchanged tree again is quick."""


@dataclass(frozen=True)
class Config:
    """Settings and where they came from."""

    settings: Settings = field(default_factory=Settings)
    base: Path = field(default_factory=Path.cwd)
    source: Path | None = None

    @property
    def root(self) -> Path:
        return self.base / self.settings.root

    @property
    def today(self) -> date:
        """The day statuses count from (:func:`generator.clock.build_date`)."""
        return build_date(self.settings.today)

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
        return tomllib.loads(read_input(path, _MAX_SETTINGS_BYTES, "the settings file").decode())
    except InputError as exc:
        raise ConfigError(str(exc)) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the settings file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _describe(path: Path, exc: ValidationError) -> str:
    problems = []
    for err in exc.errors(include_url=False):
        where = dotted(tuple(err["loc"]))
        if err["type"] == "extra_forbidden":
            known = _fields_at(tuple(err["loc"][:-1]))
            hint = did_you_mean(str(err["loc"][-1]), known)
            guess = f" ({hint})" if hint else ""
            problems.append(f"unknown setting `{where}`{guess}")
        else:
            problems.append(f"`{where}`: {err['msg']}")
    return f"{path}: [tool.playbook] " + "; ".join(problems)


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    """Names of the settings allowed at ``loc`` (``("vendor",)`` -> the vendor's fields)."""
    model: type[BaseModel] = Settings
    for name in loc:
        info = model.model_fields.get(str(name))
        if info is None:
            return []
        nested = [
            arg
            for arg in (info.annotation, *get_args(info.annotation))
            if isinstance(arg, type) and issubclass(arg, BaseModel)
        ]
        if not nested:
            return []
        model = nested[0]
    return list(model.model_fields)


def _check_required(path: Path, settings: Settings) -> None:
    known = shapes()
    for shape, names in settings.required.items():
        if shape not in known:
            hint = did_you_mean(shape, known)
            guess = f"; {hint}" if hint else ""
            raise ConfigError(f"{path}: [tool.playbook.required] unknown shape `{shape}`{guess}")
        fields = {info.alias or name for name, info in known[shape].model_fields.items()}
        for name in names:
            if name not in fields:
                hint = did_you_mean(name, fields)
                guess = f"; {hint}" if hint else ""
                raise ConfigError(
                    f"{path}: [tool.playbook.required] `{shape}` has no field `{name}`{guess}"
                )
