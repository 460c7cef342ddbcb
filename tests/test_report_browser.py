"""Reports in a real browser: Debian's chromium, offline, through Playwright.

The report must open with no error and no network request, show the
interactive map inside its sandboxed frame and the static image; hostile
scenario text must read as typed and run nothing; a PDF must come out of
Chromium's printer; the CMS snippet must size and show the map.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import offline_browser
from report_cases import PAYLOADS, SEED, payload_data, scenario_from

import geo
from geo.render.report.pdf import find_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed (apt-get install chromium)"),
]

FIXED = "2023-04-21T12:00:00Z"
READY = "window.geoMap && window.geoMap.ready"


@pytest.fixture(scope="module")
def case() -> geo.CaseAnalysis:
    return geo.analyze(geo.load_scenario(SEED))


@pytest.fixture(scope="module")
def report_file(case, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "belgorod-report.html"
    geo.write_report(case, path, generated_at=FIXED)
    return path


def _map_frame(page):
    """The map's frame, scrolled into view (Chromium pauses painting of off-screen frames)."""
    page.locator("iframe.live").scroll_into_view_if_needed()
    frames = [f for f in page.frames if f.url == "about:srcdoc"]
    assert len(frames) == 1
    frames[0].wait_for_function(READY, timeout=30_000)
    return frames[0]


def test_report_opens_offline_and_shows_the_map(report_file):
    with offline_browser() as browser:
        page = browser.open(report_file)
        frame = _map_frame(page)
        box = page.locator("iframe.live").bounding_box()
        assert box["width"] > 1000 and box["height"] > 500
        # The map drew its layers: incidents, border, bands.
        layers = frame.evaluate("Object.keys(window.geoMap.layers)")
        assert len(layers) >= 4
        assert frame.evaluate("document.querySelectorAll('.leaflet-container').length") == 1
        shot = page.locator("iframe.live").screenshot()
        from io import BytesIO

        from PIL import Image

        colours = Image.open(BytesIO(shot)).convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is not None and len(colours) > 200, "the map frame looks blank"
        # The map runs in an opaque origin: it cannot reach the report.
        assert frame.evaluate("window.origin") == "null"
        assert frame.evaluate("(() => { try { return parent.document.title; } catch (e) { return 'blocked'; } })()") \
            == "blocked"
        # The static image decoded, at the size it was drawn.
        assert page.evaluate("document.querySelector('figure.still img').naturalWidth") == 1350
        assert page.locator("h1").inner_text() == "Su-34 accidentally drops a bomb on Belgorod"
        figures = page.locator("#figures").inner_text()
        assert "35.4 km" in figures and "27.4–43.4 km" in figures
        assert browser.console_errors == [] and browser.page_errors == []
        assert browser.blocked == [] and browser.dialogs == []


def test_print_shows_the_static_image_not_the_frame(report_file):
    with offline_browser() as browser:
        page = browser.open(report_file)
        assert page.locator("iframe.live").is_visible()  # on screen: the live map (hidden would hold with none)
        page.emulate_media(media="print")
        assert page.locator("iframe.live").count() == 1 and page.locator("iframe.live").is_hidden()
        assert page.locator("figure.still img").is_visible()


def test_hostile_text_reads_as_typed_and_runs_nothing(tmp_path):
    path = tmp_path / "payload.html"
    geo.write_report(geo.analyze(scenario_from(payload_data())), path, generated_at=FIXED)
    with offline_browser() as browser:
        page = browser.open(path)
        frame = _map_frame(page)
        page.wait_for_timeout(300)
        for where in (page, frame):
            assert where.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("h1").inner_text() == f"Title {PAYLOADS[0]}"
        caveats = page.locator("#caveats").inner_text()
        assert f"Caveat {PAYLOADS[2]}" in caveats and f"Caveat {PAYLOADS[5]}" in caveats
        assert f"Summary {PAYLOADS[1]} {PAYLOADS[3]}" == page.locator(".lede").inner_text()
        assert page.evaluate("document.querySelectorAll('a[href^=\"javascript\" i]').length") == 0
        assert page.evaluate("document.querySelectorAll('script, svg, img[onerror]').length") == 0
        assert page.evaluate("document.querySelectorAll('iframe').length") == 1
        assert browser.dialogs == [] and browser.page_errors == [] and browser.blocked == []


def test_pdf_has_pages(case, tmp_path, own_playwright):
    path = tmp_path / "belgorod.pdf"
    assert geo.write_report(case, path, generated_at=FIXED) == [path]
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert pages >= 1
    assert re.search(rb"/Subtype\s*/Image", data), "the static map is printed"
    assert [p.name for p in tmp_path.iterdir()] == ["belgorod.pdf"]


def test_embed_snippet_sizes_and_shows_the_map(case, tmp_path):
    geo.render.webmap.ImpactMap.from_analysis(case).save(tmp_path / "map.html")
    snippet = geo.embed_snippet(tmp_path / "map.html")
    host = tmp_path / "article.html"
    host.write_text(f"<!DOCTYPE html><html><body style='margin:0'><div style='width:800px'>{snippet}</div>"
                    "</body></html>", encoding="utf-8")
    with offline_browser() as browser:
        page = browser.open(host)
        box = page.locator("iframe").bounding_box()
        assert box["width"] == 800 and abs(box["height"] - 500) <= 1  # 16:10
        frame = next(f for f in page.frames if f.url.endswith("/map.html"))
        frame.wait_for_function(READY, timeout=30_000)
        assert frame.evaluate("window.origin") == "null"
        assert browser.console_errors == [] and browser.page_errors == [] and browser.blocked == []
