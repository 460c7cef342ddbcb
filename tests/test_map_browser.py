"""Maps in real Chromium with the network blocked: they render, every layer is there, they work.

Each test opens a saved map in Debian's chromium (``browser.py``) where any
request that is not file:/data:/about: is aborted, then asserts on what the
page drew and did. Timings are never asserted here (see benchmarks/render.py).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from browser import offline_browser

import geo
from geo._format import format_distance
from geo.geodesy import GEOD
from geo.render.webmap import ImpactMap

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "belgorod-2023-04-20.yaml"
READY = "window.geoMap && window.geoMap.ready"
LAND = (244, 241, 234)  # the basemap's land colour (geomap.js)


@pytest.fixture(scope="module")
def chromium():
    with offline_browser() as session:
        yield session


@pytest.fixture
def browser(chromium):
    for log in (chromium.blocked, chromium.console_errors, chromium.console, chromium.page_errors, chromium.dialogs):
        log.clear()
    yield chromium


def _geo(*args: str) -> None:
    """``geo -q ARGS`` in this process (CliRunner): what the page shows is tested here, not the process boundary."""
    from click.testing import CliRunner

    from geo.cli.main import cli

    result = CliRunner().invoke(cli, ["-q", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="module")
def belgorod_page(tmp_path_factory) -> Path:
    """The map `make demo` writes, made the same way (the CLI on the seed scenario)."""
    out = tmp_path_factory.mktemp("demo") / "belgorod.html"
    _geo("map", str(SEED), "-o", str(out))
    return out


def point_on_page(page, layer: str, i: int) -> tuple[float, float]:
    """Page coordinates of incident ``i`` of a canvas layer."""
    x, y = page.evaluate("""([id, i]) => { const l = geoMap.layers[id];
        const p = geoMap.map.latLngToContainerPoint(l.latLngOf(i)); return [p.x, p.y]; }""", [layer, i])
    box = page.locator(".geo-map").bounding_box()
    return box["x"] + x, box["y"] + y


def assert_clean(browser) -> None:
    assert browser.page_errors == []
    assert browser.console_errors == []
    assert browser.blocked == []
    assert browser.dialogs == []


def test_belgorod_renders_offline_with_every_layer(browser, belgorod_page, tmp_path):
    page = browser.open(belgorod_page, wait=READY)
    assert page.evaluate("L.version") == "1.9.3"
    state = page.evaluate("""() => ({
        layers: Object.keys(geoMap.layers).filter(k => geoMap.map.hasLayer(geoMap.layers[k])),
        drawn: {incidents: geoMap.layers.incidents.drawn, lines: geoMap.layers['border-lines'].drawn},
        paths: Object.fromEntries(['bands', 'borders', 'uncertainty', 'regions'].map(
            id => [id, document.querySelectorAll('.leaflet-geo-' + id + '-pane path').length])),
        towns: document.querySelectorAll('.geo-place-label').length,
        control: Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))
            .map(l => l.textContent.trim()),
        legend: Array.from(document.querySelectorAll('.geo-legend-section h2')).map(h => h.textContent),
        attribution: document.querySelector('.leaflet-control-attribution').textContent,
        title: document.querySelector('.geo-title h1').textContent,
        scale: document.querySelector('.leaflet-control-scale-line').textContent,
        buttons: Array.from(document.querySelectorAll('.geo-button')).map(b => b.textContent),
    })""")
    # The scenario's regions: [Belgorod Oblast] comes first, under everything (geo.reference.regions).
    assert state["layers"] == ["regions", "bands", "uncertainty", "borders", "border-lines", "places", "nearest",
                               "incidents"]
    assert state["drawn"] == {"incidents": 1, "lines": 1}
    assert state["paths"] == {"bands": 3, "borders": 1, "uncertainty": 1, "regions": 2}  # Belgorod and Kharkiv oblasts
    assert state["towns"] == 7  # 4 places named in the scenario + 3 nearest towns
    assert state["control"] == ["Regions", "Distance bands", "Location uncertainty", "Borders analysed",
                                "Distance to border", "Places named", "Nearest towns", "Incidents"]
    assert state["legend"] == ["Regions", "Distance bands", "Location uncertainty", "Borders analysed", "Distance to border",
                               "Places named", "Nearest towns", "Incidents by event type",
                               "Reported fatalities (lowest figure)"]
    for name in ("Natural Earth", "GeoNames", "admin-1", "Russian Defense Ministry", "News report of 21 April 2023"):
        assert name in state["attribution"]
    assert state["title"] == "Su-34 accidentally drops a bomb on Belgorod"
    assert state["scale"].endswith("km")
    assert state["buttons"] == ["Full screen", "Measure"]
    page.screenshot(path=str(tmp_path / "belgorod.png"))
    assert_clean(browser)


def test_vector_basemap_draws_land_offline(browser, belgorod_page):
    page = browser.open(belgorod_page, wait=READY)
    # Sample the basemap canvas where Belgorod is: land, in the land colour.
    pixel = page.evaluate("""() => { const c = document.querySelector('.leaflet-geo-basemap-pane canvas');
        const m = geoMap.map, p = m.latLngToLayerPoint([50.9, 36.2]), at = L.DomUtil.getPosition(c);
        const r = window.devicePixelRatio || 1;
        return Array.from(c.getContext('2d').getImageData((p.x - at.x) * r, (p.y - at.y) * r, 1, 1).data); }""")
    assert tuple(pixel[:3]) == LAND and pixel[3] == 255
    labels = page.locator(".geo-country-label").all_inner_texts()
    assert "RUSSIA" in [t.strip().upper() for t in labels] and "UKRAINE" in [t.strip().upper() for t in labels]


@pytest.fixture(scope="module")
def one_claim_page(tmp_path_factory) -> Path:
    """The Belgorod map in the one-claim form (each figure one claim relayed by the seed article)."""
    out = tmp_path_factory.mktemp("one-claim") / "belgorod.html"
    scenario = ROOT / "tests" / "data" / "scenarios" / "belgorod-one-claim.yaml"
    _geo("map", str(scenario), "-o", str(out))
    return out


def test_incident_hover_and_click_show_its_record(browser, one_claim_page):
    page = browser.open(one_claim_page, wait=READY)
    x, y = point_on_page(page, "incidents", 0)
    page.mouse.move(x, y)
    tip = page.locator(".geo-point-tip")
    tip.wait_for()
    assert "Belgorod (residential area; street not reported)" in tip.inner_text()
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    for expected in ("20 April 2023 (evening)", "at least 12 people killed", "dozens injured (figure: 24–99",
                     "35.4 km to the RUS-UKR border", "27.4–43.4 km given the location uncertainty",
                     "Russian Defense Ministry (statement relayed by the article)", "50.60343, 36.58091 (lat, lon)",
                     "power knocked out"):
        assert expected in text
    # The town marker under the incident did not steal the click.
    assert page.locator(".leaflet-popup").count() == 1
    assert_clean(browser)


def test_layers_toggle_and_their_legends_follow(browser, belgorod_page):
    page = browser.open(belgorod_page, wait=READY)
    page.locator(".leaflet-control-layers-overlays label", has_text="Incidents").locator("input").uncheck()
    state = page.evaluate("""() => ({on: geoMap.map.hasLayer(geoMap.layers.incidents),
        canvases: document.querySelectorAll('.leaflet-geo-incidents-pane canvas').length,
        hidden: Array.from(document.querySelectorAll('.geo-legend-section')).filter(s => s.hidden)
            .map(s => s.querySelector('h2').textContent)})""")
    assert state == {"on": False, "canvases": 0,
                     "hidden": ["Incidents by event type", "Reported fatalities (lowest figure)"]}


# GeographicLib (via pyproj) is the reference; Vincenty agrees with it to well under a millimetre here.
PAIRS = [((-71.0603, 42.3583), (-70.2553, 43.6584)),   # Boston -> Portland, 158.6 km
         ((36.58091, 50.60343), (36.2304, 49.9808)),    # Belgorod -> Kharkiv
         ((179.5, -16.8), (-179.5, -16.0)),             # across the antimeridian
         ((0.0, 0.0), (90.0, 45.0)),                    # 10,000 km
         ((-0.1276, 51.5072), (151.2093, -33.8688))]    # London -> Sydney, 17,000 km


def test_measure_tool_is_geodesic_on_wgs84(browser, belgorod_page):
    page = browser.open(belgorod_page, wait=READY)
    for (lon1, lat1), (lon2, lat2) in PAIRS:
        js = page.evaluate("(p) => GeoMap.geodesic.inverse(p[0], p[1], p[2], p[3])", [lon1, lat1, lon2, lat2])
        az, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
        assert js["distance"] == pytest.approx(dist, abs=1e-3)
        assert js["azimuth1"] == pytest.approx(az % 360, abs=1e-7)
        back = page.evaluate("(p) => GeoMap.geodesic.direct(p[0], p[1], p[2], p[3])", [lon1, lat1, az, dist])
        assert back["lat"] == pytest.approx(lat2, abs=1e-9)
        assert math.remainder(back["lon"] - lon2, 360) == pytest.approx(0, abs=1e-9)
    # End to end: click the button, click two places, read the total.
    page.get_by_role("button", name="Measure").click()
    box = page.locator(".geo-map").bounding_box()
    page.mouse.click(box["x"] + 500, box["y"] + 300)
    page.mouse.click(box["x"] + 800, box["y"] + 600)
    readout = page.locator(".geo-measure-readout")
    metres = float(readout.get_attribute("data-metres"))
    clicked = page.evaluate("""() => [[500, 300], [800, 600]].map(p => {
        const ll = geoMap.map.containerPointToLatLng(p); return [ll.lng, ll.lat]; })""")
    expected = GEOD.inv(clicked[0][0], clicked[0][1], clicked[1][0], clicked[1][1])[2]
    assert metres == pytest.approx(expected, abs=1e-3)
    assert "(1 segment, geodesic on WGS84)" in readout.inner_text()
    # Said as geo._format says every distance (tests/test_format_browser.py checks the formatter itself).
    assert readout.inner_text().startswith(f"Distance: {format_distance(metres)} (")
    # While measuring, clicks on shapes (here the distance bands) do not open their popups.
    assert page.locator(".leaflet-popup").count() == 0
    assert_clean(browser)


def test_web_tiles_fall_back_to_the_basemap_offline(browser, belgorod_page, tmp_path):
    case = geo.analyze(geo.load_scenario(SEED))
    path = ImpactMap.from_analysis(case, tiles="OpenStreetMap.Mapnik").save(tmp_path / "tiles.html")
    page = browser.open(path, wait=READY)
    page.wait_for_function("geoMap.notices.length > 0")
    assert "built-in basemap" in page.locator(".geo-notice").inner_text()
    assert page.evaluate("document.querySelectorAll('.leaflet-tile-pane img').length") == 0
    assert browser.blocked and all(u.startswith("https://tile.openstreetmap.org/") for u in browser.blocked)
    # Chromium logs each aborted tile; nothing else may fail.
    assert all("Failed to load resource" in e for e in browser.console_errors)
    assert browser.page_errors == [] and browser.dialogs == []
    assert page.evaluate("geoMap.layers.incidents.drawn") == 1


def dated_incidents(n: int = 12) -> gpd.GeoDataFrame:
    dates = [f"2023-03-{1 + 2 * i:02d}" for i in range(n - 1)] + [None]
    return gpd.GeoDataFrame({"id": [f"d{i}" for i in range(n)], "date": dates},
                            geometry=gpd.points_from_xy(np.linspace(36.0, 37.0, n), np.full(n, 50.5)), crs=4326)


def test_time_filter_shows_only_incidents_in_range(browser, tmp_path):
    path = ImpactMap("dated", tiles="none").add_incidents(dated_incidents()).save(tmp_path / "dated.html")
    page = browser.open(path, wait=READY)
    assert page.evaluate("geoMap.layers.incidents.drawn") == 12
    first = (pd.Timestamp("2023-03-05") - pd.Timestamp("1970-01-01")).days
    last = (pd.Timestamp("2023-03-09") - pd.Timestamp("1970-01-01")).days
    sliders = page.locator(".geo-time-slider")
    sliders.nth(0).fill(str(first))
    sliders.nth(1).fill(str(last))
    assert page.locator(".geo-time-label").inner_text() == "2023-03-05 to 2023-03-09"
    # 5, 7 and 9 March, plus the undated incident that always shows.
    assert page.evaluate("geoMap.layers.incidents.drawn") == 4
    assert_clean(browser)


def test_jupyter_display_renders_inside_its_sandbox(browser, tmp_path):
    fmap = ImpactMap("notebook", tiles="none").add_incidents(dated_incidents())
    host = tmp_path / "notebook.html"
    host.write_text("<!DOCTYPE html><html><body>" + fmap._repr_html_() + "</body></html>", encoding="utf-8")
    page = browser.open(host)
    frame = page.frame_locator("iframe")
    frame.locator(".geo-title h1").wait_for()
    inner = next(f for f in page.frames if f != page.main_frame)
    inner.wait_for_function(READY)
    assert inner.evaluate("geoMap.layers.incidents.drawn") == 12
    assert_clean(browser)


@pytest.mark.slow
def test_100k_incidents_draw_and_every_point_keeps_its_record(browser, tmp_path):
    n = 100_000
    rng = np.random.default_rng(42)
    frame = gpd.GeoDataFrame(
        {"id": [f"ev-{i:06d}" for i in range(n)], "event_type": rng.choice(["air strike", "shelling", "drone"], n),
         "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D"),
         "fatalities_low": rng.integers(0, 40, n)},
        geometry=gpd.points_from_xy(rng.uniform(22, 40, n), rng.uniform(44, 52, n)), crs=4326)
    path = ImpactMap("100k", tiles="none").add_incidents(frame).save(tmp_path / "big.html")
    page = browser.open(path, wait=READY, timeout_ms=120_000)
    assert page.evaluate("geoMap.layers.incidents.drawn") == n
    for i in rng.choice(n, 4, replace=False).tolist():
        lon, lat = frame.geometry.x.iat[i], frame.geometry.y.iat[i]
        page.evaluate("([lat, lon]) => void geoMap.map.setView([lat, lon], 15, {animate: false})", [lat, lon])
        x, y = point_on_page(page, "incidents", i)
        page.mouse.click(x, y)
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert f"ev-{i:06d}" in popup.inner_text()
        shown = re.search(r"Coordinates\s+(-?[\d.]+), (-?[\d.]+) \(lat, lon\)", popup.inner_text())
        # Stored to 1e-6 degree, shown to 1e-5.
        assert float(shown.group(1)) == pytest.approx(lat, abs=6e-6)
        assert float(shown.group(2)) == pytest.approx(lon, abs=6e-6)
        page.keyboard.press("Escape")
        page.locator(".leaflet-popup").wait_for(state="detached")  # Leaflet fades it out before removing it
    assert_clean(browser)


def test_map_in_a_frame_without_size_draws_once_sized(browser, tmp_path):
    fmap = ImpactMap("hidden", tiles="none").add_incidents(dated_incidents())
    iframe = fmap._repr_html_().replace('style="width:100%;height:560px;border:0"', 'style="width:0;height:0;border:0"')
    host = tmp_path / "hidden.html"
    host.write_text("<!DOCTYPE html><html><body>" + iframe + "</body></html>", encoding="utf-8")
    page = browser.open(host)
    page.frame_locator("iframe").locator(".geo-title h1").wait_for(state="attached")
    inner = next(f for f in page.frames if f != page.main_frame)
    inner.wait_for_function(READY)
    assert inner.evaluate("geoMap.layers.incidents.drawn") == 0  # nothing to draw on yet
    page.evaluate("document.querySelector('iframe').style.cssText = 'width:900px;height:600px;border:0'")
    inner.wait_for_function("geoMap.layers.incidents.drawn === 12")
    assert_clean(browser)
