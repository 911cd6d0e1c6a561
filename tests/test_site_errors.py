"""Bad input to the site build: located diagnostics, one-line errors, the old site kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import generator.site.plugin
from generator.site.build import build_site
from tests.conftest import Invoke, replace_in
from tests.sitekit import make_project, mkdocs


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795003200")
    return make_project(tmp_path)


def test_invalid_yaml_fails_mkdocs_build_with_the_located_diagnostic(project: Path) -> None:
    brief = project / "playbooks" / "summit-outbound" / "brief.yaml"
    replace_in(brief, "  objectives:\n", "  objectives: [unclosed\n")
    done = mkdocs(project, "build")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if ": PB0" in line]
    assert errors, done.stderr
    assert errors[0].startswith("playbooks/summit-outbound/brief.yaml:")
    assert not (project / "build" / "site" / "index.html").exists()


def test_two_engagements_with_one_id_fail_the_build(project: Path) -> None:
    shutil.copytree(project / "playbooks" / "summit-outbound", project / "playbooks" / "copy")
    done = mkdocs(project, "build")
    assert done.returncode == 1
    assert (
        "playbooks/summit-outbound/engagement.yaml:5:7: PB207 engagement id `summit-outbound` "
        "is also used by playbooks/copy/engagement.yaml"
    ) in done.stderr.splitlines(), done.stderr
    assert "Traceback" not in done.stderr


def test_an_id_that_is_not_url_safe_fails_the_build(project: Path) -> None:
    engagement = project / "playbooks" / "summit-outbound" / "engagement.yaml"
    replace_in(engagement, "  id: summit-outbound\n", "  id: Summit Outbound!\n")
    done = mkdocs(project, "build")
    assert done.returncode == 1
    located = [line for line in done.stderr.splitlines() if "engagement.yaml:5:7:" in line]
    assert located, done.stderr
    assert "lowercase letters, digits" in located[0]


def test_playbook_build_builds_the_site_and_stops_on_errors_keeping_the_old_one(
    project: Path, invoke: Invoke
) -> None:
    result = invoke("build")
    assert result.exit_code == 0, result.stderr
    assert (
        "Built the site into build/internal/site, from the pages in build/internal/pages."
    ) in result.stdout.splitlines()
    index = (
        project / "build" / "internal" / "site" / "engagements" / "summit-outbound" / "index.html"
    )
    first = index.read_bytes()
    assert b"Summit Analytics outbound demo campaign" in first

    ramp = project / "playbooks" / "summit-outbound" / "ramp.yaml"
    replace_in(ramp, "  checkpoints:\n", "  checkpoints:\n    - day: soon\n")
    result = invoke("build")
    assert result.exit_code == 1
    assert "playbooks/summit-outbound/ramp.yaml:" in result.stderr
    assert result.stderr.splitlines()[-1] == "Nothing was built: fix the errors above first."
    assert index.read_bytes() == first


def test_a_failed_site_build_leaves_the_previous_site_in_place(
    project: Path, invoke: Invoke
) -> None:
    assert invoke("build").exit_code == 0
    home = project / "build" / "internal" / "site" / "index.html"
    before = home.read_bytes()
    broken = (project / "mkdocs.yml").read_text() + "\nnav:\n  - missing.md\n  - [oops\n"
    (project / "mkdocs.yml").write_text(broken)
    end = broken.count("\n") + 1  # where the unclosed list runs out
    result = invoke("build")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {project / 'mkdocs.yml'}:{end}:1: the site settings are not valid YAML: "
        "expected ',' or ']', but got '<stream end>'\n"
    )
    assert home.read_bytes() == before
    # No half-built staging folder is left beside the outputs of the first build.
    assert sorted(p.name for p in (project / "build").iterdir()) == ["internal"]
    assert sorted(p.name for p in (project / "build" / "internal").iterdir()) == [
        "packets",
        "pages",
        "pdf",
        "site",
    ]


def test_playbook_build_without_mkdocs_yml_says_where_it_looked(
    project: Path, invoke: Invoke
) -> None:
    (project / "mkdocs.yml").unlink()
    result = invoke("build")
    assert result.exit_code == 0
    assert result.stderr == (
        f"note: {project / 'mkdocs.yml'}: no such file; the site is configured there "
        "(theme, plugins: [playbooks], site_dir); the site is not built\n"
    )
    assert not (project / "build" / "internal" / "site").exists()
    assert (project / "build" / "internal" / "pdf" / "summit-outbound" / "brief.pdf").is_file()


def test_build_reports_progress_page_by_page(project: Path) -> None:
    seen: list[tuple[int, int]] = []
    target, warnings = build_site(
        project / "mkdocs.yml", project / "out", progress=lambda d, t: seen.append((d, t))
    )
    assert target == project / "out"
    assert warnings == []
    total = seen[-1][1]
    assert [done for done, _ in seen] == list(range(1, total + 1))
    assert total == sum(1 for _ in target.rglob("*.html")) - 1  # 404.html is not a page


def test_playbook_build_validates_the_playbooks_once(
    project: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    real = generator.site.plugin.validate

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(generator.site.plugin, "validate", counted)
    assert invoke("build").exit_code == 0
    assert calls == []
    assert (project / "build" / "internal" / "site" / "engagements" / "index.html").is_file()


def test_a_build_clears_what_killed_builds_left_and_is_readable_by_all(project: Path) -> None:
    left = project / ".out-k1ll3d.staging"  # the staging folder of a build killed before its swap
    (left / "assets").mkdir(parents=True)
    (left / "index.html").write_text("half a site")
    target, _ = build_site(project / "mkdocs.yml", project / "out")
    assert not left.exists()
    assert sorted(p.name for p in project.glob(".out*")) == []
    # the site is for reading: the folder gets the mode mkdir gives, not mkdtemp's 0700
    assert target.stat().st_mode & 0o777 == 0o777 & ~_umask()


def _umask() -> int:
    import os  # noqa: PLC0415 - reading the umask means setting it

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_link_in_the_site_shell_to_a_file_outside_is_refused(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    secret.write_text("SECRET-OUTSIDE-THE-PROJECT")
    (project / "site" / "leak.txt").symlink_to(secret)
    (project / "site" / "folder-link").symlink_to(secret.parent, target_is_directory=True)
    done = mkdocs(project, "build")
    assert done.returncode == 1
    assert (
        "playbooks: these files of the site are links to places outside the project, and "
        "are not published: site/folder-link/secret.txt, site/leak.txt"
    ) in done.stderr
    assert not any(
        "SECRET-OUTSIDE" in path.read_text(errors="replace")
        for path in (project / "build").rglob("*")
        if path.is_file()
    )


def test_a_link_that_stays_inside_the_project_is_published(project: Path) -> None:
    (project / "notes.txt").write_text("A note kept beside the site.")
    (project / "site" / "notes.txt").symlink_to(project / "notes.txt")
    assert mkdocs(project, "build").returncode == 0
    assert (project / "build" / "site" / "notes.txt").read_text() == "A note kept beside the site."
