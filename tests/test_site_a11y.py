"""Accessibility of every page of the built example site: axe-core in Chromium, and phones.

axe-core (the npm package in tests/a11y, installed by `make test` when npm is there)
runs in headless Chromium over every page; no page may have a critical or serious
violation. At 390 px wide no page scrolls sideways, chart text stays at 11 px or more,
and wide tables scroll inside their own box.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.conftest import in_ci
from tests.sitekit import make_project, mkdocs
from tests.test_site_browser import browser, serve, visit  # noqa: F401 - fixtures

AXE = Path(__file__).resolve().parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")
PHONE = {"width": 390, "height": 844}


def axe_script() -> Path:
    if not AXE.is_file():
        if in_ci():
            pytest.fail("axe-core is not installed; `make test` installs it with npm")
        pytest.skip("axe-core is not installed here (npm ci --prefix tests/a11y)")
    return AXE


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("a11y"))
    (project / "playbook.toml").write_text(
        '[tool.playbook]\nroot = "playbooks"\n\n[tool.playbook.vendor]\nname = "Harbor CX"\n'
        'logo = "playbooks/branding/harbor-cx.svg"\naccent = "#0f4c5c"\n'
    )
    done = mkdocs(project, "build")
    assert done.returncode == 0, done.stderr
    return project / "build" / "site"


@pytest.fixture(scope="module")
def pages(built: Path) -> list[str]:
    found = sorted(
        p.relative_to(built).parent.as_posix() + "/"
        for p in built.rglob("index.html")
        if not p.relative_to(built).as_posix().startswith("assets/")
    )
    return [("" if page == "./" else page) for page in found]


@pytest.fixture(scope="module")
def violations(
    browser: Browser,  # noqa: F811
    built: Path,
    pages: list[str],
    serve: functools.partial[str],  # noqa: F811
) -> dict[str, list[dict[str, object]]]:
    script = axe_script().read_text(encoding="utf-8")
    base = serve(built)
    found: dict[str, list[dict[str, object]]] = {}
    context = browser.new_context()
    page = context.new_page()
    for path in pages:
        page.goto(f"{base}/{path}")
        page.wait_for_load_state("networkidle")
        page.add_script_tag(content=script)
        result = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,"
            " target: v.nodes[0].target.join(' '), help: v.help}))"
        )
        found[path] = result
    context.close()
    return found


def test_axe_finds_no_critical_or_serious_violation_on_any_page(
    violations: dict[str, list[dict[str, object]]], pages: list[str]
) -> None:
    assert len(violations) == len(pages) >= 25
    counts = Counter(str(v["impact"]) for found in violations.values() for v in found)
    print("axe-core violations by impact:", json.dumps(dict(counts), sort_keys=True))
    for path, found in violations.items():
        for v in found:
            print(f"  {path or '/'}: {v['impact']} {v['id']} x{v['nodes']} {v['target']}")
    blocking = {
        path: [v for v in found if v["impact"] in BLOCKING]
        for path, found in violations.items()
        if any(v["impact"] in BLOCKING for v in found)
    }
    assert blocking == {}


@pytest.mark.parametrize(
    "path",
    [
        "",
        "upcoming/",
        "engagements/",
        "engagements/northwind-support/",
        "engagements/northwind-support/brief/",
        "engagements/northwind-support/escalation/",
        "engagements/northwind-support/plan/",
        "engagements/northwind-support/results/",
        "engagements/northwind-support/readiness/",
        "reference/rules/",
    ],
)
def test_a_phone_reads_every_page_without_scrolling_sideways(
    browser: Browser,  # noqa: F811
    built: Path,
    serve: functools.partial[str],  # noqa: F811
    path: str,
) -> None:
    base = serve(built)
    page, _ = visit(browser, f"{base}/{path}", viewport=PHONE, device_scale_factor=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    # Chart text, as drawn: its font size times the chart's scale on screen.
    smallest = page.evaluate(
        """() => Math.min(1000, ...[...document.querySelectorAll('svg text')].map(t => {
            const size = parseFloat(getComputedStyle(t).fontSize);
            const m = t.getScreenCTM();
            return size * (m ? Math.hypot(m.a, m.b) : 1);
        }).filter(s => s > 0))"""
    )
    assert smallest >= 11, (path, smallest)
    # A chart is not cut off: it fits the screen, or scrolls sideways in a box that does.
    for chart in page.evaluate(
        """() => [...document.querySelectorAll('svg[role=img]')].map(s => {
            const box = s.closest('figure');
            return {right: s.getBoundingClientRect().right,
                    scrolls: box ? getComputedStyle(box).overflowX : 'visible',
                    box: box ? box.getBoundingClientRect().right : Infinity};
        })"""
    ):
        fits = chart["right"] <= PHONE["width"]
        assert fits or (chart["scrolls"] == "auto" and chart["box"] <= PHONE["width"]), chart
    # A table wider than the screen scrolls inside a box of its own, within the screen.
    for table in page.evaluate(
        """() => [...document.querySelectorAll('.md-typeset table')].map(t => {
            let box = t.parentElement;
            while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
                box = box.parentElement;
            }
            return {wide: t.getBoundingClientRect().width > window.innerWidth,
                    box: box ? box.getBoundingClientRect().right : Infinity};
        })"""
    ):
        if table["wide"]:
            assert table["box"] <= PHONE["width"], (path, table)


def test_the_logo_reads_on_the_accent_and_the_site_name_fits_a_phone(
    browser: Browser,  # noqa: F811
    built: Path,
    serve: functools.partial[str],  # noqa: F811
) -> None:
    base = serve(built)
    page, _ = visit(browser, f"{base}/engagements/", viewport={"width": 1280, "height": 800})
    header = page.locator("header.md-header")
    logo = header.locator(".md-logo")
    colours = logo.evaluate(
        "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e.closest('header'))"
        ".backgroundColor]"
    )
    # the logo's "Harbor" is drawn in the accent itself: it sits on a light plate
    assert colours == ["rgb(255, 255, 255)", "rgb(15, 76, 92)"]
    box = logo.locator("img").bounding_box()
    assert box is not None
    assert box["height"] >= 24  # its name at about the size of the header's text
    phone, _ = visit(browser, f"{base}/engagements/", viewport=PHONE, device_scale_factor=1)
    title = phone.locator(".md-header__topic .md-ellipsis").first
    assert title.inner_text() == "Engagement playbooks"
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth"), "the site name is cut off"
