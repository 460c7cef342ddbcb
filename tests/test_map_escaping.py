"""Hostile text in every place a map shows text: nothing runs, everything reads as typed.

Each payload tries to set ``window.__pwned`` (or open a dialog, or load an
image) from a different context: HTML, attributes, the JavaScript template
strings folium builds, ``</script>``, ``javascript:`` URLs, Jinja. The corpus
goes into titles, layer names, legend labels, column names and values,
sources, damage, bands, borders, regions and towns. In Chromium every
incident is clicked and hovered with the mouse and every other popup and
tooltip is opened; then the page must have run nothing and show each
payload verbatim.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from browser import offline_browser

from geo.render.webmap import ImpactMap

pytestmark = pytest.mark.browser

PAYLOADS = [
    '<img src=x onerror="window.__pwned=\'img\'">',
    "${window.__pwned='template'}",
    "`;window.__pwned='backtick';`",
    "\\`;window.__pwned='backslash-backtick';//",
    "</script><script>window.__pwned='script'</script>",
    "javascript:window.__pwned='url'",
    "\"><svg onload=\"window.__pwned='attr'\">",
    "'); window.__pwned='quote'; ('",
    "{{ 7*7 }}{% raw %}jinja",
    "<!-- comment --> & &amp; \u2028 end",
    "<a href=javascript:alert(1)>click</a><iframe srcdoc='<script>parent.__pwned=1</script>'>",
]
TAG = " #"  # a visible suffix so each payload is findable in text


def hostile_map() -> ImpactMap:
    n = len(PAYLOADS)
    lons = [36.0 + 0.12 * k for k in range(n)]
    sources = pd.DataFrame({"id": ["src", "bad"], "name": [PAYLOADS[0], PAYLOADS[4]],
                            "url": ["https://example.org/report", "javascript:window.__pwned='href'"]})
    incidents = gpd.GeoDataFrame({
        "id": [f"{p}{TAG}{k}" for k, p in enumerate(PAYLOADS)],
        "date": ["2023-04-20"] * n, "location": PAYLOADS, "event_type": PAYLOADS,
        "fatalities_low": [3] * n, "fatalities_text": PAYLOADS, "fatalities_source": PAYLOADS,
        "actors": PAYLOADS, "weapons": PAYLOADS, "notes": PAYLOADS, "sources": ["src; bad; " + p for p in PAYLOADS],
        PAYLOADS[6]: PAYLOADS,  # a column named like an attack, shown under its own name
        "border_distance_m": [1234.5] * n, "border_lon": lons, "border_lat": [50.1] * n,
        "border_countries": PAYLOADS, "nearest_phrase": PAYLOADS, "region": PAYLOADS,
    }, geometry=gpd.points_from_xy(lons, [50.5] * n), crs=4326)
    box = shapely.box(35.8, 50.2, 36.0, 50.3)
    damage = gpd.GeoDataFrame({"id": PAYLOADS[:3], "incident_id": PAYLOADS[:3], "kind": PAYLOADS[:3],
                               "severity": ["severe", "light", "unknown"], "description": PAYLOADS[3:6],
                               "source": PAYLOADS[6:9], "area_m2": [1e4] * 3},
                              geometry=[shapely.affinity.translate(box, 0.25 * k, 0) for k in range(3)], crs=4326)
    bands = gpd.GeoDataFrame({"label": PAYLOADS[:2], "inner_m": [0, 10_000], "outer_m": [10_000, 25_000],
                              "area_m2": [1e8, 2e8]},
                             geometry=[shapely.box(35.5, 49.9, 37.5, 50.0), shapely.box(35.5, 49.8, 37.5, 49.9)], crs=4326)
    borders = gpd.GeoDataFrame({"countries": [PAYLOADS[1]], "length_m": [5e5]},
                               geometry=[shapely.LineString([(35.5, 50.1), (37.5, 50.1)])], crs=4326)
    regions = gpd.GeoDataFrame({"name": [PAYLOADS[7]], "country": [PAYLOADS[8]], "border_length_m": [1e5],
                                "border_share": [0.3]}, geometry=[shapely.box(35.6, 50.35, 37.4, 50.8)], crs=4326)
    circles = gpd.GeoDataFrame({"incident_id": PAYLOADS[:2], "radius_m": [2000.0, 3000.0], "area_m2": [1e7, 2e7]},
                               geometry=[shapely.Point(36.0, 50.5).buffer(0.03), shapely.Point(36.12, 50.5).buffer(0.04)],
                               crs=4326)
    places = gpd.GeoDataFrame({"name": PAYLOADS[4:7], "country": PAYLOADS[7:10], "population": [1000, 2000, 3000]},
                              geometry=gpd.points_from_xy([36.1, 36.5, 36.9], [50.7, 50.7, 50.7]), crs=4326)
    nearest = pd.DataFrame({"incident_id": PAYLOADS[:3], "rank": [1, 1, 1], "name": PAYLOADS[8:11],
                            "country": PAYLOADS[:3], "population": [5000, 6000, 7000], "distance_m": [1.0, 2.0, 3.0],
                            "bearing_deg": [0.0, 90.0, 180.0], "phrase": PAYLOADS[:3],
                            "lon": [36.3, 36.7, 37.1], "lat": [50.9, 50.9, 50.9]})
    fmap = ImpactMap(PAYLOADS[4], subtitle=PAYLOADS[1], tiles="none", sources=sources, attribution=[PAYLOADS[0]])
    fmap.add_regions(regions, name=PAYLOADS[7]).add_bands(bands, name=PAYLOADS[2])
    fmap.add_damage(damage, name=PAYLOADS[0]).add_uncertainty(circles, name=PAYLOADS[9])
    fmap.add_borders(borders, name=PAYLOADS[5]).add_border_lines(incidents, name=PAYLOADS[3])
    fmap.add_places(places, name=PAYLOADS[6]).add_nearest_places(nearest, name=PAYLOADS[10])
    return fmap.add_incidents(incidents, name=PAYLOADS[8])


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    path = hostile_map().save(tmp_path_factory.mktemp("hostile") / "hostile.html")
    with offline_browser() as browser:
        page = browser.open(path, wait="window.geoMap && window.geoMap.ready")
        texts, links = [], []
        # Every incident, with the real mouse: hover for the tooltip, click for the popup.
        box = page.locator(".geo-map").bounding_box()
        # Popups open and close at once, not over Leaflet's 0.2 s fade (what they show is the same): each closed
        # one is gone from the page before the next incident is hovered.
        page.evaluate("void (geoMap.map._fadeAnimated = false)")
        for i in range(len(PAYLOADS)):
            # Close the last popup first: it could cover the next incident.
            page.evaluate("void geoMap.map.closePopup()")  # void: returning the map would serialise it (seconds)
            page.wait_for_function("document.querySelectorAll('.leaflet-popup').length === 0")
            # Centre it: long hostile names make big controls that could hide it.
            x, y = page.evaluate("""(i) => { const l = geoMap.layers.incidents;
                geoMap.map.setView(l.latLngOf(i), 11, {animate: false});
                const p = geoMap.map.latLngToContainerPoint(l.latLngOf(i)); return [p.x, p.y]; }""", i)
            page.mouse.move(box["x"] + x, box["y"] + y)
            tip = page.locator(".geo-point-tip")
            tip.wait_for()
            texts.append(tip.text_content())
            page.mouse.click(box["x"] + x, box["y"] + y)
            popup = page.locator(".leaflet-popup-content")
            popup.wait_for()
            texts.append(popup.text_content())
            links += page.evaluate("Array.from(document.querySelectorAll('.leaflet-popup .geo-sources a')).map(a => a.href)")
        # Every other popup and tooltip, through Leaflet (what a click or hover would call).
        texts += page.evaluate("""() => { const out = [];
            for (const [id, group] of Object.entries(geoMap.layers)) {
                if (!group.eachLayer) continue;
                group.eachLayer(layer => {
                    if (layer.getTooltip()) { layer.openTooltip(); out.push(layer.getTooltip().getElement().textContent); layer.closeTooltip(); }
                    if (layer.getPopup()) { layer.openPopup(); out.push(layer.getPopup().getElement().textContent); layer.closePopup(); }
                });
            }
            return out; }""")
        page.wait_for_timeout(300)  # give any injected handler a chance to fire
        chrome = page.evaluate("""() => ({
            pwned: window.__pwned === undefined ? null : String(window.__pwned),
            title: document.title,
            h1: document.querySelector('.geo-title h1').textContent,
            subtitle: document.querySelector('.geo-title p').textContent,
            legend: document.querySelector('.geo-legend').textContent,
            control: Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label')).map(l => l.textContent.trim()),
            attribution: document.querySelector('.leaflet-control-attribution').textContent,
            injected: document.querySelectorAll('img, iframe, object, embed, .geo-map script').length,
            handlers: Array.from(document.querySelectorAll('*')).flatMap(el => Array.from(el.attributes))
                .filter(a => /^on/i.test(a.name)).map(a => a.name),
            badLinks: Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))
                .filter(h => h !== '#' && !/^https?:/i.test(h || '')),  // '#': Leaflet's own buttons
        })""")
        chrome["links"] = links
        yield {"texts": texts, "chrome": chrome, "browser": browser}


def test_nothing_runs(opened):
    chrome, browser = opened["chrome"], opened["browser"]
    assert chrome["pwned"] is None
    assert browser.dialogs == [] and browser.page_errors == [] and browser.console_errors == []
    assert browser.blocked == []  # no image or frame tried to load anything
    assert chrome["injected"] == 0 and chrome["handlers"] == []
    assert chrome["badLinks"] == []  # the javascript: source URL stayed text
    assert chrome["links"] and set(chrome["links"]) == {"https://example.org/report"}


def test_every_popup_and_tooltip_was_opened(opened):
    n = len(PAYLOADS)
    # incidents: n tooltips + n popups; damage 3x2, bands 2x2, borders 1x2, regions 1x2,
    # circles 2x2, places 3x2, nearest towns 3x2
    assert len(opened["texts"]) == 2 * n + 6 + 4 + 2 + 2 + 4 + 6 + 6
    assert all(opened["texts"])


@pytest.mark.parametrize("k", range(len(PAYLOADS)))
def test_text_reads_as_typed_in_popups(opened, k):
    payload = PAYLOADS[k]
    record = next(t for t in opened["texts"] if f"{TAG}{k}" in t and "Incident id" in t)
    # heading, event, actors, weapons, notes and the extra column all show the payload verbatim
    assert record.count(payload) >= 6
    assert f"{payload}{TAG}{k}" in record


def test_text_reads_as_typed_in_titles_legends_layer_names_and_attribution(opened):
    chrome = opened["chrome"]
    assert chrome["title"] == PAYLOADS[4] and chrome["h1"] == PAYLOADS[4] and chrome["subtitle"] == PAYLOADS[1]
    # Layer titles, band labels and event types: each type has its own entry, its symbol fixed by its name.
    for k in range(len(PAYLOADS)):
        assert PAYLOADS[k] in chrome["legend"]
    assert PAYLOADS[8] in chrome["control"] and PAYLOADS[2] in chrome["control"] and PAYLOADS[10] in chrome["control"]
    assert PAYLOADS[0] in chrome["attribution"]
    assert PAYLOADS[6] + "" in " ".join(opened["texts"])  # the attack-named column's label
