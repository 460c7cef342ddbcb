"""A map whose frame gets its size only after the map's script ran still draws.

Chromium runs sandboxed ``srcdoc`` frames (reports, Jupyter's inline display)
in their own process, and such a frame sometimes has no size yet when the map
starts. This test forces that case deterministically: the frame starts at
0x0 and is sized afterwards.
"""

from __future__ import annotations

import html

import pytest
from browser import offline_browser

import geo
from geo.analysis import analyze

pytestmark = pytest.mark.browser

READY = "window.geoMap && window.geoMap.ready"


@pytest.fixture(scope="module")
def map_html() -> str:
    case = geo.load_scenario("seeds/belgorod-2023-04-20.yaml")
    return geo.ImpactMap.from_analysis(analyze(case)).to_html()


def _srcdoc_frame(page, timeout_ms: float = 30_000):
    """The frame holding the map: Chromium may attach a sandboxed frame's process after the page's load."""
    waited = 0.0
    while waited <= timeout_ms:
        frames = [f for f in page.frames if f.url == "about:srcdoc"]
        if frames:
            return frames[0]
        page.wait_for_timeout(50)
        waited += 50
    raise AssertionError(f"the map's srcdoc frame did not appear within {timeout_ms / 1000:.0f} s: {page.frames}")


def test_map_in_a_frame_sized_after_load_draws_and_fits(tmp_path, map_html):
    page_file = tmp_path / "host.html"
    page_file.write_text(
        "<!doctype html><html><body style='margin:0'>"
        f"<iframe id=f sandbox='allow-scripts' style='width:0;height:0;border:0' srcdoc=\"{html.escape(map_html)}\">"
        "</iframe></body></html>", encoding="utf-8")
    with offline_browser() as browser:
        page = browser.open(page_file)
        frame = _srcdoc_frame(page)
        frame.wait_for_function("window.geoMap !== undefined", timeout=30_000)
        page.evaluate("document.getElementById('f').style.cssText = 'width:900px;height:600px;border:0'")
        frame.wait_for_function(READY, timeout=30_000)
        # The frame handles its new size in its own process: wait until the view was fitted to it.
        frame.wait_for_function("window.geoMap.fittedSize && window.geoMap.fittedSize[0] === 900", timeout=30_000)
        assert browser.page_errors == [] and browser.console_errors == []
        # Fitted to the case once sized: Belgorod is inside the view, not a world view at zoom 0.
        zoom = frame.evaluate("window.geoMap.map.getZoom()")
        inside = frame.evaluate("window.geoMap.map.getBounds().contains([50.60343, 36.58091])")
        assert zoom >= 5 and inside
