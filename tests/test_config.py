"""Settings: where they are found and what they may say."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.config import Config, ConfigError, Settings, find_config, load_config
from tests.conftest import PROJECT


def test_nearest_settings_file_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.playbook]\nroot = "a"\n')
    nested = tmp_path / "team" / "sub"
    nested.mkdir(parents=True)
    assert find_config(nested) == tmp_path / "pyproject.toml"
    (tmp_path / "team" / "playbook.toml").write_text('root = "b"\n')
    assert find_config(nested) == tmp_path / "team" / "playbook.toml"
    config = load_config(start=nested)
    assert config.root == tmp_path / "team" / "b"


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(tmp_path) is None


def test_playbook_toml_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.playbook]\nroot = "a"\n')
    (tmp_path / "playbook.toml").write_text('root = "b"\n')
    assert load_config(start=tmp_path).settings.root == "b"


@pytest.mark.parametrize(
    ("select", "ignore", "code", "enabled"),
    [
        (("PB",), (), "PB704", True),
        (("PB",), ("PB7",), "PB704", False),
        (("PB",), ("PB7",), "PB601", True),
        (("PB704",), ("PB7",), "PB704", True),  # the longer prefix wins
        (("PB1", "PB2"), (), "PB301", False),
    ],
)
def test_select_and_ignore(
    select: tuple[str, ...], ignore: tuple[str, ...], code: str, enabled: bool
) -> None:
    config = Config(Settings(select=select, ignore=ignore))
    assert config.enabled(code) is enabled


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('severity = { PB704 = "fatal" }', "`severity.PB704`"),
        ("select = 7", "`select`"),
        (
            '[required]\nMilestone = ["ownr"]',
            "`Milestone` has no field `ownr`; did you mean `owner`?",
        ),
    ],
)
def test_invalid_settings_are_refused(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "playbook.toml").write_text(text + "\n")
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("?", r"\?")):
        load_config(start=tmp_path)


def test_the_project_dogfoods_its_settings() -> None:
    assert load_config(start=PROJECT).root == PROJECT / "playbooks"


def test_the_pre_commit_hook_runs_the_installed_command() -> None:
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "playbook-validate"
    assert hook["entry"] == "playbook validate"
    assert hook["pass_filenames"] is False
    scripts = (PROJECT / "pyproject.toml").read_text()
    assert 'playbook = "generator.__main__:main"' in scripts
