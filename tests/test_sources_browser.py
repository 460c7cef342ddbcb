"""Popups of event files in Chromium: every column reachable, values at full width, only http(s) as links."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli.main import cli

SOURCES = Path(__file__).resolve().parent / "data" / "sources"
READY = "window.geoMap && window.geoMap.ready"
pytestmark = [pytest.mark.browser, pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium")]


def _open_first_popup(page):
    page.evaluate("() => { const l = geoMap.layers['incidents']; geoMap.map.setView(l.latLngOf(0), 11, {animate: false}); }")
    x, y = page.evaluate("""() => { const l = geoMap.layers['incidents'];
        const p = geoMap.map.latLngToContainerPoint(l.latLngOf(0)); return [p.x, p.y]; }""")
    box = page.locator(".geo-map").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    return popup


def test_monitor_sheet_popup_shows_every_column_and_safe_links(tmp_path):
    from browser import offline_browser

    sheet = tmp_path / "monitor.csv"
    text = (SOURCES / "monitor-sheet.csv").read_text(encoding="utf-8")
    sheet.write_text(text.replace("Video shows a fire at a fuel depot; smoke visible from the city centre.",
                                  "See javascript:alert(1) and https://example.org/v?id=1, then wait"), encoding="utf-8")
    out = tmp_path / "monitor.html"
    result = CliRunner().invoke(cli, ["map", str(sheet), "-o", str(out), "--tiles", "none"])
    assert result.exit_code == 0, result.output
    with offline_browser() as browser:
        page = browser.open(out, wait=READY)
        popup = _open_first_popup(page)
        text = popup.inner_text()
        for label in ("title", "geolocation", "Event\nstrike", "Sources", "Notes"):
            assert label in text, text
        hrefs = popup.evaluate("p => Array.from(p.querySelectorAll('a')).map(a => a.getAttribute('href'))")
        assert sorted(hrefs) == ["https://example.org/posts/1", "https://example.org/v?id=1"], hrefs
        assert "javascript:alert(1)" in text   # shown as text, never a link
        widths = popup.evaluate("""p => { const t = p.querySelector('.geo-record-table');
            return Array.from(t.querySelectorAll('td')).map(td => td.getBoundingClientRect().width / t.getBoundingClientRect().width); }""")
        assert min(widths) > 0.95   # every value uses the popup's full width
        assert browser.page_errors == [] and browser.dialogs == [] and browser.blocked == []
