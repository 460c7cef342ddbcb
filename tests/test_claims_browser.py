"""The Belgorod case in a real, offline Chromium: disputed figures, struck-through claims, the legend mark.

The map `geo map` writes for seeds/belgorod-2023-04-20.yaml must show the
fatalities as disputed ("0 to at least 12"), the governor's superseded "two
injured" struck through with what replaced it, the relaying sources as links,
and a "disputed" entry in the legend; the report's claims panel lists every
claim with claimant, relay, time and status.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import offline_browser

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "belgorod-2023-04-20.yaml"
READY = "window.geoMap && window.geoMap.ready"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium():
    with offline_browser() as session:
        yield session


def _cli(*args: str) -> None:
    """``geo -q ARGS`` in this process (CliRunner): what the page shows is tested here, not the process boundary."""
    from click.testing import CliRunner

    from geo.cli.main import cli

    result = CliRunner().invoke(cli, ["-q", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr


def _clean(browser) -> None:
    assert browser.page_errors == [] and browser.console_errors == []
    assert browser.blocked == [] and browser.dialogs == []


def test_map_popup_shows_disputed_figures_and_struck_claim(chromium, tmp_path):
    out = tmp_path / "belgorod.html"
    _cli("map", str(SEED), "-o", str(out))
    page = chromium.open(out, wait=READY)
    page.set_viewport_size({"width": 1280, "height": 800})
    x, y = page.evaluate("""() => { const l = geoMap.layers.incidents, m = geoMap.map;
        const p = m.latLngToContainerPoint(l.latLngOf(0)), r = m.getContainer().getBoundingClientRect();
        return [r.x + p.x, r.y + p.y]; }""")
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "0 to at least 12 (disputed)" in text
    assert "3–99 (disputed)" in text
    assert "Governor Vyacheslav Gladkov (Telegram)" in text
    struck = popup.locator(".geo-claims s").all_inner_texts()
    assert any("two women had been injured" in s for s in struck)
    assert "replaced by 3 (2023-04-21)" in text
    hrefs = popup.locator(".geo-claims a").evaluate_all("els => els.map(a => a.href)")
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    legend = page.locator(".geo-legend").inner_text()
    assert "disputed figure" in legend
    _clean(chromium)


def test_report_claims_panel_lists_every_claim(chromium, tmp_path):
    out = tmp_path / "report.html"
    _cli("report", str(SEED), "-o", str(out), "--generated-at", "2023-04-21T12:00:00Z")
    page = chromium.open(out)
    page.set_viewport_size({"width": 1280, "height": 800})
    heads = page.locator("#claims thead th").all_inner_texts()
    assert heads == ["Claim", "As reported", "Claimed by", "Relayed by", "When said", "Status"]
    rows = page.locator("#claims tbody tr").evaluate_all(
        "trs => trs.map(tr => Array.from(tr.cells).map(td => td.innerText.trim()))")
    injured = [r for r in rows if r[0] == "injured"]
    assert injured[0][1].startswith("3–99 (disputed)")
    assert ["superseded", "reported", "reported"] == [r[5] for r in injured if "Gladkov" in r[2]]
    assert any(r[3] == "UAWire" and r[4] == "2023-04-21" for r in rows)
    assert page.locator("#claims tbody s").count() >= 1
    figures = page.locator("#figures").inner_text()
    assert "0 to at least 12 (disputed)" in figures
    _clean(chromium)
