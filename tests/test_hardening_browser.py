"""Every default output opens offline and asks the network for nothing, counted two independent ways.

1. Playwright: every request any page or frame of the context starts
   (``context.on("request")``), and every request the route handler sees.
2. The page itself: ``performance.getEntriesByType('resource')`` read inside
   every frame, the sandboxed ``srcdoc`` map frames included (Playwright's
   routing has missed requests from such frames).

The map, the HTML report, a page holding the ``geo embed`` snippet and the
Markdown report rendered to HTML are each opened in Chromium; both counts
must be zero. A map made with web tiles on purpose is the control: both
counts must see its tile requests, or the counters prove nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import LOCAL_SCHEMES, shared_chromium

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "belgorod-2023-04-20.yaml"
FIXED = "2023-04-21T12:00:00Z"
READY = "window.geoMap && window.geoMap.ready"
RESOURCES = """() => performance.getEntriesByType('resource').map(e => e.name)"""
SETTLED = "Array.from(document.images).every(img => img.complete)"


def _geo(*args: str) -> str:
    """``geo -q ARGS`` in this process (CliRunner; what the outputs ask of the network is tested, not the process)."""
    from click.testing import CliRunner

    from geo.cli.main import cli

    result = CliRunner().invoke(cli, ["-q", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """Each kind of output, made with defaults (no --tiles) from the seed without its ``map.tiles: none``."""
    folder = tmp_path_factory.mktemp("outputs")
    shutil.copy(SEED.parent / "belgorod-2023-04-21-article.txt", folder)
    case = folder / "case.yaml"
    case.write_text(SEED.read_text(encoding="utf-8").replace("  tiles: none\n", ""), encoding="utf-8")
    made = {"map": folder / "map.html", "report": folder / "report.html", "markdown": folder / "report.md",
            "embed": folder / "embed.html"}
    _geo("map", str(case), "-o", str(made["map"]))
    _geo("report", str(case), "-o", str(made["report"]), "--generated-at", FIXED)
    _geo("report", str(case), "-o", str(made["markdown"]), "--generated-at", FIXED)
    for name in ("inline", "linked"):
        snippet = _geo("embed", str(made["map"]), *(["--inline"] if name == "inline" else []))
        page = folder / f"embed-{name}.html"
        page.write_text(f"<!doctype html><meta charset=utf-8><title>CMS</title><h1>Story</h1>{snippet}",
                        encoding="utf-8")
    made["embed"] = folder / "embed-inline.html"
    made["embed-linked"] = folder / "embed-linked.html"
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": False}).enable("table").render(
        made["markdown"].read_text(encoding="utf-8"))
    made["markdown"] = folder / "report-md.html"
    made["markdown"].write_text(f"<!doctype html><meta charset=utf-8><title>md</title>{rendered}", encoding="utf-8")
    control = folder / "control.html"
    import geo

    analysis = geo.analyze(geo.load_scenario(case))
    geo.ImpactMap.from_analysis(analysis, tiles="OpenStreetMap.Mapnik").save(control)
    made["control"] = control
    return made


def _attempts(path: Path) -> tuple[list[str], list[str]]:
    """(requests seen by Playwright, resources seen by the frames themselves) that were not local."""
    seen: list[str] = []
    context = shared_chromium().new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    try:
        context.on("request", lambda request: seen.append(request.url))

        def route(r) -> None:  # noqa: ANN001 - playwright's Route
            if r.request.url.startswith(LOCAL_SCHEMES):
                r.continue_()
            else:
                seen.append(r.request.url)
                r.abort("internetdisconnected")

        context.route("**/*", route)
        page = context.new_page()
        page.goto(path.resolve().as_uri(), wait_until="load")
        for frame in page.frames:
            if frame != page.main_frame:
                page.locator("iframe").first.scroll_into_view_if_needed()
                frame.wait_for_function(READY, timeout=30_000)
        for frame in page.frames:
            if frame.evaluate("!!window.geoMap"):
                frame.wait_for_function(READY, timeout=30_000)
                # zoom in, so a tile layer would ask for more (unanimated: its tiles are asked for at once;
                # void: returning the map would serialise it)
                frame.evaluate("void window.geoMap.map.setZoom(window.geoMap.map.getZoom() + 1, {animate: false})")
        for frame in page.frames:
            # every image asked for has loaded or failed (an aborted tile counts as failed)
            frame.wait_for_function(SETTLED, polling=50, timeout=30_000)
        own = [name for frame in page.frames for name in frame.evaluate(RESOURCES)]
    finally:
        context.close()
    local = LOCAL_SCHEMES
    return sorted({u for u in seen if not u.startswith(local)}), sorted({u for u in own if not u.startswith(local)})


@pytest.mark.parametrize("kind", ["map", "report", "embed", "embed-linked", "markdown"])
def test_default_outputs_make_no_network_request(outputs, kind):
    by_playwright, by_frames = _attempts(outputs[kind])
    assert by_playwright == [], by_playwright[:5]
    assert by_frames == [], by_frames[:5]


def test_the_counters_see_requests_when_there_are_some(outputs):
    by_playwright, by_frames = _attempts(outputs["control"])
    assert any("tile.openstreetmap.org" in u for u in by_playwright), by_playwright[:5]
    assert any("tile.openstreetmap.org" in u for u in by_frames), by_frames[:5]
