"""Maps of many incidents in offline Chromium: filters, density, decorations on demand, an unobstructed view."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from browser import offline_browser

import geo
from geo._format import format_distance
from geo.input.model import Scenario
from geo.render.webmap import ImpactMap
from geo.render.webmap.impact_map import DECORATE_ALL_MAX

READY = "window.geoMap && window.geoMap.ready"
TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians"]
ACTORS = ["Military Forces of Russia", "Military Forces of Ukraine", "Wagner Group"]
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    with offline_browser() as session:
        yield session


def events(n: int, seed: int = 11) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    precision = rng.choice([1, 2, 3], n, p=[0.3, 0.5, 0.2])
    actors = [f"{ACTORS[a]}; {ACTORS[b]}" if a != b else ACTORS[a]
              for a, b in zip(rng.integers(0, 3, n), rng.integers(0, 3, n), strict=True)]
    return gpd.GeoDataFrame(
        {"id": [f"ev-{i}" for i in range(n)],
         "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 200, n), unit="D"),
         "event_type": rng.choice(TYPES, n), "actors": actors,
         "location_precision": precision,
         "uncertainty_m": np.choose(precision - 1, [100.0, 5_000.0, 50_000.0]),
         "fatalities_low": rng.integers(0, 30, n)},
        geometry=gpd.points_from_xy(rng.uniform(35, 39, n), rng.uniform(48, 51.5, n)), crs="EPSG:4326")


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    case = geo.analyze(Scenario(title="Many events", incidents=events(600), borders=[("RUS", "UKR")]))
    path = ImpactMap.from_analysis(case, tiles="none").save(tmp_path_factory.mktemp("many") / "many.html")
    return case, path


def drawn(page) -> int:
    return page.evaluate("geoMap.layers.incidents.drawn")


def test_filters_change_the_drawn_count(browser, many):
    case, path = many
    inc = case.incidents
    page = browser.open(path, wait=READY)
    assert drawn(page) == len(inc)
    assert page.locator(".geo-filter-shown").inner_text() == f"{len(inc)} of {len(inc)} incidents shown"
    # event type, through the panel: untick one type
    page.locator(".geo-filter-toggle").click()
    page.locator(".geo-filter-option", has_text="Battles").locator("input").uncheck()
    expected = int((inc["event_type"] != "Battles").sum())
    assert drawn(page) == expected
    assert page.locator(".geo-filter-shown").inner_text().startswith(f"{expected} of ")
    page.locator(".geo-filter-option", has_text="Battles").locator("input").check()
    assert drawn(page) == len(inc)
    # fatality range, through the panel
    page.get_by_label("Fatalities at least").fill("10")
    page.get_by_label("Fatalities at most").fill("19")
    assert drawn(page) == int(inc["fatalities_low"].between(10, 19).sum())
    page.get_by_role("button", name="Show all").click()
    assert drawn(page) == len(inc)
    spec = page.evaluate("geoMap.filters.spec()")
    first_day = spec["days"][0]
    days = (pd.to_datetime(inc["date"]) - pd.Timestamp("1970-01-01")).dt.days
    actor = spec["actors"].index("Wagner Group")
    band = spec["bands"].index("10–25 km")
    cases = [
        ({"days": [first_day + 30, first_day + 60]}, days.between(first_day + 30, first_day + 60)),
        ({"precision": [3]}, inc["location_precision"] == 3),
        ({"actors": [actor]}, inc["actors"].str.contains("Wagner Group")),
        ({"bands": [band + 1]}, inc["band"] == "10–25 km"),
        ({"types": [spec["types"][0]["code"]], "precision": [1, 2]},
         (inc["event_type"] == spec["types"][0]["label"]) & inc["location_precision"].isin([1, 2])),
    ]
    for change, mask in cases:
        page.evaluate("(c) => geoMap.filters.set(Object.assign({days: null, types: null, actors: null, "
                      "fatalities: null, precision: null, bands: null}, c))", change)
        assert drawn(page) == int(mask.sum()), change
        # the density follows the filters: every incident shown adds exactly 1
        total = page.evaluate("geoMap.layers.density.total")
        assert total == pytest.approx(int(mask.sum()), abs=1e-6)
    assert browser.page_errors == [] and browser.blocked == []


def test_density_total_equals_the_number_of_events(browser, many):
    case, path = many
    page = browser.open(path, wait=READY)
    density = page.evaluate("({t: geoMap.layers.density.total, b: geoMap.layers.density.binned, "
                            "cells: geoMap.layers.density.cells})")
    # all of it on the canvas at the fitted view: the hexagons hold every event, region-wide ones spread out
    assert density["b"] == pytest.approx(len(case.incidents), abs=1e-6)
    assert density["t"] == pytest.approx(len(case.incidents), abs=1e-6)
    assert density["cells"] > 20
    legend = page.evaluate("Array.from(document.querySelectorAll('.geo-legend-section')).map(s => s.textContent)")
    assert any("per 100 km²" in text and "or more" in text for text in legend)
    # zoomed in on a corner, part of it is off the canvas, and still counted once
    page.evaluate("void geoMap.map.setView([50.9, 36.0], 10, {animate: false})")  # void: not the map back
    zoomed = page.evaluate("({t: geoMap.layers.density.total, b: geoMap.layers.density.binned})")
    assert zoomed["t"] == pytest.approx(len(case.incidents), abs=1e-6) and zoomed["b"] < len(case.incidents)


def test_decorations_only_for_the_incident_hovered_or_clicked(browser, many):
    case, path = many
    assert len(case.incidents) > DECORATE_ALL_MAX
    page = browser.open(path, wait=READY)
    layers = page.evaluate("Object.keys(geoMap.layers)")
    assert "border-lines" not in layers and "uncertainty" not in layers and "nearest" not in layers
    i = int(np.flatnonzero(case.incidents["location_precision"].to_numpy() == 3)[0])
    page.evaluate("(i) => void geoMap.map.setView(geoMap.layers.incidents.latLngOf(i), 9, {animate: false})", i)
    x, y = page.evaluate("""(i) => { const p = geoMap.map.latLngToContainerPoint(geoMap.layers.incidents.latLngOf(i));
        const b = geoMap.map.getContainer().getBoundingClientRect(); return [b.left + p.x, b.top + p.y]; }""", i)
    page.mouse.move(x, y)
    page.wait_for_function("geoMap.decorations.hover.getLayers().length > 0")
    page.mouse.click(x, y)
    page.locator(".leaflet-popup-content").wait_for()
    # circle, halo and dashed line, border point, km label
    assert page.evaluate("geoMap.decorations.selected.getLayers().length") == 5
    label = page.locator(".geo-link-label").first.inner_text()
    metres = case.incidents["border_distance_m"].iloc[page.evaluate("geoMap.decorations.selectedIndex")]
    assert label == format_distance(metres)  # the one formatter's text (35.4 km, 5 km, 1,524 km)


def test_controls_leave_the_data_extent_clear(browser, many):
    _, path = many
    page = browser.open(path, wait=READY)
    overlaps = page.evaluate("""() => {
        const b = geoMap.data.bounds, m = geoMap.map, box = m.getContainer().getBoundingClientRect();
        const sw = m.latLngToContainerPoint([b[1], b[0]]), ne = m.latLngToContainerPoint([b[3], b[2]]);
        const d = {left: sw.x, right: ne.x, top: ne.y, bottom: sw.y};
        const shown = Array.from(document.querySelectorAll('.leaflet-control')).filter(c => c.offsetParent !== null &&
            !c.matches('.leaflet-control-attribution, .leaflet-control-scale'));
        if (shown.length < 3) return ['only ' + shown.length + ' controls shown: nothing to check'];
        return shown.map(c => {
          const r = c.getBoundingClientRect();
          const o = r.left - box.left < d.right && r.right - box.left > d.left && r.top - box.top < d.bottom &&
                    r.bottom - box.top > d.top;
          return o ? c.className : null; }).filter(Boolean);
    }""")
    assert overlaps == []
    # the legend is there, collapsed, and opens on demand
    assert page.evaluate("document.querySelector('.geo-legend-body').hidden")
    page.locator(".geo-legend-toggle").click()
    assert not page.evaluate("document.querySelector('.geo-legend-body').hidden")


def test_an_event_types_symbol_is_the_same_in_maps_of_different_files(browser, tmp_path):
    """Explosions are drawn alike whatever else a file holds and however often each type occurs."""
    rng = np.random.default_rng(3)

    def page_symbols(types: list[str], name: str) -> dict[str, dict]:
        frame = gpd.GeoDataFrame({"id": [f"{name}{i}" for i in range(len(types))], "event_type": types},
                                 geometry=gpd.points_from_xy(rng.uniform(35, 38, len(types)),
                                                             rng.uniform(48, 51, len(types))), crs="EPSG:4326")
        path = ImpactMap(name, tiles="none").add_incidents(frame).save(tmp_path / f"{name}.html")
        page = browser.open(path, wait=READY)
        # what the canvas draws: each type's symbol and outline, and the legend's swatch pixels
        return page.evaluate("""() => { const l = geoMap.layers.incidents, out = {};
            const swatches = document.querySelectorAll('.geo-legend-section')[0].querySelectorAll('li');
            l.spec.symbols.forEach((s, k) => { out[s.label] = {symbol: s.symbol, color: s.color,
              pixels: swatches[k].querySelector('canvas').toDataURL()}; });
            return out; }""")

    first = page_symbols(["Explosions/Remote violence"] * 5 + ["Battles"] * 2 + ["Protests"], "one")
    second = page_symbols(["Riots"] * 9 + ["Battles"] * 4 + ["Explosions/Remote violence"] + ["made-up type"], "two")
    for shared in ("Explosions/Remote violence", "Battles"):
        assert first[shared] == second[shared]
    assert first["Explosions/Remote violence"]["symbol"] != first["Battles"]["symbol"]
    assert second["made-up type"]["symbol"] == page_symbols(["made-up type", "Protests"], "three")["made-up type"]["symbol"]


def test_zoomed_in_no_border_line_crosses_the_window_through_nothing(browser, tmp_path):
    """The straight black line seen at zoom 10 on a 1,000-event map: a line from an incident far out of
    view to its border point, also out of view, crossed the whole window. Such a line is not drawn; it is
    as soon as one of its ends is on the canvas."""
    frame = gpd.GeoDataFrame({"id": ["far", "near"], "border_lon": [36.0, 38.2], "border_lat": [49.0, 50.0],
                              "border_distance_m": [222_000.0, 20_000.0]},
                             geometry=gpd.points_from_xy([36.0, 38.0], [51.0, 50.0]), crs="EPSG:4326")
    path = (ImpactMap("links", tiles="none").add_border_lines(frame).add_incidents(frame)
            .save(tmp_path / "links.html"))
    page = browser.open(path, wait=READY)
    assert page.evaluate("geoMap.layers['border-lines'].drawn") == 2
    page.evaluate("void geoMap.map.setView([50.0, 36.0], 10, {animate: false})")  # midway: both ends ~111 km away
    state = page.evaluate("""() => { const l = geoMap.layers['border-lines'], c = l._canvas;
        const ctx = c.getContext('2d'), w = c.width, h = c.height;
        const column = ctx.getImageData(Math.round(w / 2) - 3, 0, 7, h).data;
        let dark = 0; for (let k = 3; k < column.length; k += 4) if (column[k] > 0) dark++;
        return {drawn: l.drawn, dark: dark}; }""")
    assert state == {"drawn": 0, "dark": 0}
    page.evaluate("void geoMap.map.setView([50.9, 36.0], 10, {animate: false})")  # the incident in view
    assert page.evaluate("geoMap.layers['border-lines'].drawn") == 1
    assert browser.page_errors == []


def test_popup_text_joined_in_the_page_reads_as_python_wrote_it(browser, tmp_path):
    """From JOIN_IN_PAGE_MIN incidents the distance to the border travels as dictionary-coded parts; the
    popup joins them into exactly the text a small map carries whole, and the page stays small."""
    from geo.render.webmap._fields import JOIN_IN_PAGE_MIN
    from geo.render.webmap._records import incident_fields

    n = JOIN_IN_PAGE_MIN + 200
    case = geo.analyze(Scenario(title="Parts", incidents=events(n, seed=5), borders=[("RUS", "UKR")]))
    path = ImpactMap.from_analysis(case, tiles="none").save(tmp_path / "parts.html")
    text = path.read_text(encoding="utf-8")
    assert '"p":[' in text and "given the location uncertainty" in text
    fields, _, _ = incident_fields(case.incidents)
    expected = dict((label, values) for label, values, _ in fields)["Distance to border"]
    page = browser.open(path, wait=READY)
    rows = [0, 1, n // 2, n - 1]
    shown = page.evaluate("""(rows) => { const l = geoMap.layers.incidents;
        const f = l.fields.find(f => f.label === 'Distance to border'); return rows.map(i => f.get(i)); }""", rows)
    assert shown == [expected[i] for i in rows]
    assert all(s and " to the RUS-UKR border" in s for s in shown)
    record = page.evaluate("(i) => geoMap.layers.incidents.recordOf(i).textContent", rows[2])
    assert expected[rows[2]] in record
    assert browser.page_errors == []


def test_a_compact_heap_of_events_is_drawn_as_a_stipple_that_never_adds_up(browser, tmp_path):
    """3,000 events within one province (the UCDP extract's Donbas): symbols would stack into a solid
    heap hiding the density, so they are drawn as faint dots, and overlapping dots do not darken."""
    frame = events(2_500, seed=8)
    rng = np.random.default_rng(8)
    frame = frame.set_geometry(gpd.points_from_xy(rng.normal(38.0, 0.25, len(frame)), rng.normal(48.2, 0.2, len(frame)),
                                                  crs="EPSG:4326"))
    spread = gpd.GeoDataFrame({"id": ["far-w", "far-e"]}, geometry=gpd.points_from_xy([30.5, 40.0], [50.4, 51.0]),
                              crs="EPSG:4326")  # a wide view: the heap is a small part of the map
    frame = pd.concat([frame, spread], ignore_index=True)
    case = geo.analyze(Scenario(title="Heap", incidents=frame, borders=[("RUS", "UKR")]))
    path = ImpactMap.from_analysis(case, tiles="none").save(tmp_path / "heap.html")
    page = browser.open(path, wait=READY)
    state = page.evaluate("""() => { const l = geoMap.layers.incidents, c = l._canvas, ctx = c.getContext('2d');
        const d = ctx.getImageData(0, 0, c.width, c.height).data; let top = 0, painted = 0;
        for (let k = 3; k < d.length; k += 4) { if (d[k] > top) top = d[k]; if (d[k]) painted++; }
        return {dotted: l.dotted, drawn: l.drawn, top: top, painted: painted}; }""")
    assert state["dotted"] and state["drawn"] == len(frame)
    assert 0 < state["top"] <= round(0.3 * 255) + 1 and state["painted"] > 1000
    # the heap's own filter leaves 2 events: symbols again
    page.evaluate("geoMap.filters.set({fatalities: [29, 29]})")
    few = int((frame["fatalities_low"] == 29).sum())
    assert page.evaluate("geoMap.layers.incidents.drawn") == few
    assert page.evaluate("geoMap.layers.incidents.dotted") is (few >= 500)
    assert browser.page_errors == []


def test_filters_set_from_a_script_show_in_the_panel(browser, many):
    case, path = many
    page = browser.open(path, wait=READY)
    page.locator(".geo-filter-toggle").click()
    page.evaluate("geoMap.filters.set({precision: [1, 2], fatalities: [5, 9]})")
    region_only = page.locator(".geo-filter-option", has_text="a region only").locator("input")
    assert not region_only.is_checked()
    assert page.locator(".geo-filter-option", has_text="exact site").locator("input").is_checked()
    assert page.get_by_label("Fatalities at least").input_value() == "5"
    assert page.get_by_label("Fatalities at most").input_value() == "9"
    inc = case.incidents
    expected = int((inc["location_precision"].isin([1, 2]) & inc["fatalities_low"].between(5, 9)).sum())
    assert drawn(page) == expected
    region_only.check()  # the panel takes over from there, keeping the script's other choices
    assert drawn(page) == int((inc["location_precision"].isin([1, 2, 3]) & inc["fatalities_low"].between(5, 9)).sum())
    assert browser.page_errors == []


def test_a_clicked_incident_leaves_no_stray_marks_and_its_decorations_read_on_top(browser, many):
    """What a filtered 100,000-incident map showed after a click: a black rectangle (the focus ring Chromium
    draws round the bounding box of the region shape under the click; zoomed in, one of its edges crossed the
    window as a straight line through nothing), the selected incident's line and km label drawn under the
    density and the dots (a faint '| km'), and both staying after a filter had hidden that incident."""
    case, path = many
    inc = case.incidents
    page = browser.open(path, wait=READY)
    i = int(np.flatnonzero(inc["location_precision"].to_numpy() == 3)[0])
    page.evaluate("(i) => void geoMap.map.setView(geoMap.layers.incidents.latLngOf(i), 9, {animate: false})", i)
    x, y = page.evaluate("""(i) => { const p = geoMap.map.latLngToContainerPoint(geoMap.layers.incidents.latLngOf(i));
        const b = geoMap.map.getContainer().getBoundingClientRect(); return [b.left + p.x, b.top + p.y]; }""", i)
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.locator(".leaflet-popup-content").wait_for()
    selected = page.evaluate("geoMap.decorations.selectedIndex")
    assert page.evaluate("geoMap.decorations.selected.getLayers().length") == 5
    # no outline round whatever the click focused inside the map
    ring = page.evaluate("""() => { const a = document.activeElement;
        if (!a || !a.closest('.leaflet-map-pane')) return null;
        const s = getComputedStyle(a); return s.outlineStyle === 'none' || s.outlineWidth === '0px' ? null : a.outerHTML.slice(0, 80); }""")
    assert ring is None
    # the decorations lie above every data layer (density, shapes, dots) and below tooltips and popups
    z = page.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll('.leaflet-map-pane > .leaflet-pane'))
        .map(p => [p.className.replace('leaflet-pane ', ''), +getComputedStyle(p).zIndex]))""")
    data = [v for k, v in z.items() if k.startswith("leaflet-geo-") and k != "leaflet-geo-decorations-pane"]
    assert max(data) < z["leaflet-geo-decorations-pane"] < z["leaflet-tooltip-pane"] < z["leaflet-popup-pane"]
    # a filter that hides the selected incident closes its popup and takes its decorations away
    kept = [t["code"] for t in page.evaluate("geoMap.filters.spec().types") if t["label"] != inc["event_type"].iloc[selected]]
    page.evaluate("(codes) => geoMap.filters.set({types: codes})", kept)
    assert page.evaluate("geoMap.decorations.selectedIndex") == -1
    assert page.evaluate("[geoMap.decorations.selected.getLayers().length, geoMap.decorations.hover.getLayers().length]") == [0, 0]
    # popups and tooltips fade out (200 ms) before they leave the page
    page.locator(".leaflet-popup").wait_for(state="detached", timeout=2_000)
    page.locator(".geo-link-label").first.wait_for(state="detached", timeout=2_000)
    # a filter that keeps it visible leaves popup and decorations alone
    page.evaluate("geoMap.filters.set({types: null})")
    x, y = page.evaluate("""(i) => { const p = geoMap.map.latLngToContainerPoint(geoMap.layers.incidents.latLngOf(i));
        const b = geoMap.map.getContainer().getBoundingClientRect(); return [b.left + p.x, b.top + p.y]; }""", selected)
    page.mouse.click(x, y)
    page.locator(".leaflet-popup-content").wait_for()
    assert page.evaluate("geoMap.decorations.selectedIndex") == selected
    page.evaluate("geoMap.filters.set({fatalities: [0, 1e9]})")
    assert page.locator(".leaflet-popup").count() == 1
    assert page.evaluate("[geoMap.decorations.selectedIndex, geoMap.decorations.selected.getLayers().length]") == [selected, 5]
    assert browser.page_errors == [] and browser.console_errors == []


def test_hovering_an_incident_shows_its_tooltip_alone(browser, many):
    """An incident lies over a band and a region, whose shapes answer the mouse too: their sticky tooltip
    ('Border band 0–10 km') stacked onto the incident's own. Over an incident only its tooltip shows; off it
    the shape's returns."""
    case, path = many
    inc = case.incidents
    page = browser.open(path, wait=READY)
    i = int(np.flatnonzero(inc["band"].notna().to_numpy())[0])
    page.evaluate("(i) => void geoMap.map.setView(geoMap.layers.incidents.latLngOf(i), 9, {animate: false})", i)
    x, y = page.evaluate("""(i) => { const p = geoMap.map.latLngToContainerPoint(geoMap.layers.incidents.latLngOf(i));
        const b = geoMap.map.getContainer().getBoundingClientRect(); return [b.left + p.x, b.top + p.y]; }""", i)
    shown = """() => Array.from(document.querySelectorAll('.leaflet-tooltip-pane > .leaflet-tooltip'))
        .filter(t => t.offsetParent !== null).map(t => t.classList.contains('geo-point-tip') ? 'incident' : 'shape')"""
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y, steps=8)
    page.wait_for_function("document.querySelector('.geo-point-tip')")
    page.wait_for_timeout(100)
    assert page.evaluate(shown) == ["incident"]
    # off every incident, over the shapes only: their tooltip is back
    for dx in range(30, 400, 10):
        if page.evaluate("([x, y]) => geoMap.layers.incidents.hit(L.point(x, y)) < 0", [x + dx, y]) and \
                page.evaluate("([x, y]) => !!document.elementFromPoint(x, y).closest('.leaflet-interactive')", [x + dx, y]):
            break
    page.mouse.move(x + dx, y, steps=4)
    page.wait_for_timeout(400)  # a tooltip fades out (200 ms) before it leaves the page
    assert page.evaluate(shown) == ["shape"]
    assert browser.page_errors == []


def test_a_filter_that_leaves_nothing_shown_redraws_without_error(browser, many):
    """No incident left in view: the density has no classes, and its legend says so instead of failing (a
    TypeError in the legend once stopped the redraw, leaving the counts of the last filter on screen)."""
    case, path = many
    page = browser.open(path, wait=READY)
    page.evaluate("geoMap.filters.set({fatalities: [1000, 1000]})")
    assert drawn(page) == 0
    assert page.locator(".geo-filter-shown").inner_text() == f"0 of {len(case.incidents)} incidents shown"
    assert page.evaluate("geoMap.layers.density.total") == 0
    legend = page.evaluate("Array.from(document.querySelectorAll('.geo-legend-section')).map(s => s.textContent)")
    assert any("per 100 km²" in text and "none in view" in text for text in legend)
    page.evaluate("geoMap.filters.set({fatalities: null})")
    assert drawn(page) == len(case.incidents)
    assert browser.page_errors == []
