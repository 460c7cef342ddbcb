"""Geodesic traps: the antimeridian, the poles, and Web Mercator's edge.

Each test names its reference and tolerance. References: GeographicLib
(``geographiclib``, Karney 2013) for distances; the WGS84 equatorial
circumference (40,075,016.686 m) for arcs along the equator; official areas
for Russia (17,098,246 km², Rosstat, without Crimea, as Natural Earth's German
point of view draws it) and Fiji (18,274 km², Fiji Bureau of Statistics).
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import common
import geopandas as gpd
import numpy as np
import pytest
import shapely
from geographiclib.geodesic import Geodesic

import geo

EQUATOR_M_PER_DEG = 40_075_016.686 / 360


def _parts(geometry: shapely.Geometry) -> list[shapely.Polygon]:
    return list(shapely.get_parts(geometry))


def _lon_span(polygon: shapely.Polygon) -> float:
    minx, _, maxx, _ = polygon.bounds
    return maxx - minx


# --------------------------------------------------------------------------- antimeridian

@pytest.mark.parametrize(("code", "official_km2", "tolerance"), [
    ("RUS", 17_098_246, 0.02),  # 1:10m coastline and lakes: 0.85% below the official figure
    ("FJI", 18_274, 0.05),      # 1:10m reef-fringed islands: 3.6% above
])
def test_countries_across_the_antimeridian_are_split_not_wrapped(code, official_km2, tolerance):
    shape = geo.country(code)
    minx, _, maxx, _ = shape.bounds
    assert minx == pytest.approx(-180.0) and maxx == pytest.approx(180.0), "it does reach both sides of 180°"
    # No single part wraps the world: every polygon stays on its side of the antimeridian.
    assert max(_lon_span(p) for p in _parts(shape)) < 180
    area_km2 = geo.geodesic_area(shape) / 1e6
    assert area_km2 == pytest.approx(official_km2, rel=tolerance)


@pytest.mark.parametrize(("lon", "lat", "expected"), [
    (-173.23, 64.42, "RUS"),  # Provideniya, Chukotka: Russia east of 180°
    (179.38, -16.43, "FJI"),  # Labasa, Vanua Levu: west of 180°
    (-179.97, -16.85, "FJI"),  # Taveuni: east of 180°
])
def test_points_on_either_side_of_180_are_located(lon, lat, expected):
    points = gpd.GeoDataFrame(geometry=[shapely.Point(lon, lat)], crs=4326)
    assert geo.locate(points)["country"].iat[0] == expected


def test_distance_across_the_dateline_is_the_short_way():
    # 0.2° of the equator; a naive difference of longitudes would say 359.8°.
    d = float(geo.geodesic_distance(179.9, 0.0, -179.9, 0.0))
    assert d == pytest.approx(0.2 * EQUATOR_M_PER_DEG, abs=1e-3)
    reference = Geodesic.WGS84.Inverse(0.0, 179.9, 0.0, -179.9)["s12"]
    assert d == pytest.approx(reference, abs=1e-6)


def test_distance_to_a_border_on_the_other_side_of_the_dateline():
    border = shapely.LineString([(179.95, -10.0), (179.95, 10.0)])
    points = gpd.GeoDataFrame(geometry=[shapely.Point(-179.95, 0.0), shapely.Point(179.85, 0.0)], crs=4326)
    out = geo.distance_to_border(points, border)
    # both 0.1° of the equator from the line (GeographicLib on the meridian through 179.95°)
    expected = Geodesic.WGS84.Inverse(0.0, -179.95, 0.0, 179.95)["s12"]
    assert out["border_distance_m"].to_numpy() == pytest.approx([expected, expected], abs=1e-3)
    assert expected == pytest.approx(0.1 * EQUATOR_M_PER_DEG, abs=1e-3)
    assert geo.compass_point(out["border_bearing_deg"].iat[0]) == "W"  # westward, across 180°


def test_border_segment_written_across_the_dateline_is_its_short_geodesic():
    border = shapely.LineString([(179.5, -1.0), (-179.5, 1.0)])
    points = gpd.GeoDataFrame(geometry=[shapely.Point(180.0, 0.0)], crs=4326)
    assert geo.distance_to_border(points, border)["border_distance_m"].iat[0] < 0.01


@pytest.mark.parametrize("radius_m", [500.0, 20_000.0, 100_000.0])
def test_damage_ring_around_a_point_at_179_9_east(radius_m):
    lon, lat = common.NEAR_ANTIMERIDIAN
    circle = geo.geodesic_circle(lon, lat, radius_m)
    crosses = radius_m > geo.geodesic_distance(lon, lat, 180.0, lat)
    assert circle.is_valid
    assert circle.geom_type == ("MultiPolygon" if crosses else "Polygon")
    assert all(_lon_span(p) < 3 for p in _parts(circle)), "no part is drawn around the world"
    coords = shapely.get_coordinates(circle)
    assert (np.abs(coords[:, 0]) <= 180).all()
    # The true circle's area, within the 256-gon's 0.01% (and the ellipsoid's curvature).
    assert geo.geodesic_area(circle) == pytest.approx(math.pi * radius_m**2, rel=2e-4)
    # Every vertex not on the cut at ±180° lies radius_m from the centre.
    rim = coords[np.abs(np.abs(coords[:, 0]) - 180) > 1e-9]
    d = geo.geodesic_distance(np.full(len(rim), lon), np.full(len(rim), lat), rim[:, 0], rim[:, 1])
    assert d == pytest.approx(np.full(len(rim), radius_m), abs=1e-6)
    # A site just across the line, inside the radius, is inside the ring.
    inside_east = geo.destination(lon, lat, 90.0, radius_m * 0.9)
    assert circle.contains(shapely.Point(float(inside_east[0]), float(inside_east[1])))


def test_damage_band_around_179_9_east_has_the_true_annulus_area():
    lon, lat = common.NEAR_ANTIMERIDIAN
    ring = geo.geodesic_ring(lon, lat, 5_000, 20_000)
    assert ring.is_valid and all(_lon_span(p) < 1 for p in _parts(ring))
    assert geo.geodesic_area(ring) == pytest.approx(math.pi * (20_000**2 - 5_000**2), rel=2e-4)


def test_scenario_damage_circle_at_179_9_is_kept_split_without_warnings(tmp_path: Path):
    path = tmp_path / "fiji.yaml"
    path.write_text("title: across the antimeridian\n"
                    "incidents:\n  - {id: a, lon: 179.9, lat: -16.8, date: 2023-04-20}\n"
                    "damage:\n  - {id: d1, incident: a, severity: severe, circle: {radius_m: 20000}}\n",
                    encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", geo.GeoWarning)
        case = geo.load_scenario(path)
    shape = case.damage.geometry.iat[0]
    assert shape.geom_type == "MultiPolygon" and all(_lon_span(p) < 1 for p in _parts(shape))
    assert geo.geodesic_area(shape) == pytest.approx(math.pi * 20_000**2, rel=2e-4)


def test_border_bands_across_the_antimeridian_are_refused_clearly():
    border = shapely.LineString([(179.0, 66.0), (-179.0, 66.5)])
    with pytest.raises(geo.InputError, match="antimeridian") as info:
        geo.border_bands(border, [10_000, 50_000])
    assert "fix:" in str(info.value)


# --------------------------------------------------------------------------- poles and high latitudes

@pytest.mark.parametrize("lat", [85.0, 88.0, 89.9, 90.0, -89.9, -90.0])
@pytest.mark.parametrize("lon", [0.0, 179.9, -180.0])
def test_circles_near_and_on_the_poles(lat, lon):
    radius_m = 50_000.0
    circle = geo.geodesic_circle(lon, lat, radius_m)
    assert circle.is_valid and not circle.is_empty
    coords = shapely.get_coordinates(circle)
    assert (np.abs(coords[:, 1]) <= 90).all() and (np.abs(coords[:, 0]) <= 180).all()
    assert geo.geodesic_area(circle) == pytest.approx(math.pi * radius_m**2, rel=2e-4)
    encloses_pole = geo.geodesic_distance(lon, lat, lon, math.copysign(90.0, lat)) < radius_m
    pole = shapely.Point(45.0, math.copysign(89.9999, lat))  # 11 m from the pole, off the cut at ±180°
    assert circle.contains(pole) == bool(encloses_pole)


def test_ring_around_the_pole_from_88_north():
    # The pole is 222 km from (0, 88): inside the 100-300 km band.
    ring = geo.geodesic_ring(0.0, 88.0, 100_000, 300_000)
    assert ring.is_valid
    assert ring.contains(shapely.Point(45.0, 89.99))
    assert geo.geodesic_area(ring) == pytest.approx(math.pi * (300_000**2 - 100_000**2), rel=1e-3)


@pytest.mark.parametrize("line", [
    shapely.LineString([(-10.0, 86.0), (10.0, 86.0)]),
    shapely.LineString([(0.0, 85.0), (0.0, 89.5)]),
], ids=["along-86N", "towards-the-pole"])
def test_border_bands_at_high_latitude_have_geodesic_areas(line):
    bands = geo.border_bands(line, [10_000, 50_000])
    length = geo.geodesic_length(line)
    assert bands["outer_m"].tolist() == [10_000, 50_000]
    for _, band in bands.iterrows():
        assert band.geometry.is_valid
        assert (np.abs(shapely.get_coordinates(band.geometry)[:, 1]) <= 90).all()
        # A strip along a geodesic plus round caps: 2·w·L + π(r_out² − r_in²) on a locally flat Earth.
        width = band.outer_m - band.inner_m
        expected = 2 * width * length + math.pi * (band.outer_m**2 - band.inner_m**2)
        assert band.area_m2 == pytest.approx(expected, rel=1e-3)


def _nearest_on_geodesic(line, lon: float, lat: float) -> float:
    def dist(s: float) -> float:
        p = line.Position(s)
        return Geodesic.WGS84.Inverse(lat, lon, p["lat2"], p["lon2"])["s12"]

    lo, hi, golden = 0.0, line.s13, (math.sqrt(5) - 1) / 2
    while hi - lo > 1e-4:
        a, b = hi - golden * (hi - lo), lo + golden * (hi - lo)
        lo, hi = (lo, b) if dist(a) < dist(b) else (a, hi)
    return min(dist(lo), dist(0.0), dist(line.s13))


def test_points_near_the_pole_measure_to_a_border():
    border = shapely.LineString([(-10.0, 86.0), (10.0, 86.0)])
    points = gpd.GeoDataFrame(geometry=[shapely.Point(0.0, 89.0), shapely.Point(170.0, 89.0)], crs=4326)
    out = geo.distance_to_border(points, border)
    # The border segment is the geodesic between its ends, which bulges poleward of 86°N: the
    # reference is the minimum over GeographicLib's positions along it (golden-section search, to 1 mm).
    line = Geodesic.WGS84.InverseLine(86.0, -10.0, 86.0, 10.0)
    for i, (lon, lat) in enumerate([(0.0, 89.0), (170.0, 89.0)]):
        reference = _nearest_on_geodesic(line, lon, lat)
        assert out["border_distance_m"].iat[i] == pytest.approx(reference, abs=1e-3)
    # (170°, 89°) is measured across the pole (~560 km), not round the globe (thousands of km).
    assert out["border_distance_m"].iat[1] < 600_000


# --------------------------------------------------------------------------- on the map, in a real browser

def _rings_in_browser(page, layer_id: str) -> list[list[float]]:
    """[min lng, max lng, min lat, max lat] of every ring Leaflet drew in a shapes layer."""
    return page.evaluate("""id => {
        const out = [];
        const walk = ll => {
          if (!ll.length) return;
          if (ll[0].lng !== undefined) {
            const x = ll.map(p => p.lng), y = ll.map(p => p.lat);
            out.push([Math.min(...x), Math.max(...x), Math.min(...y), Math.max(...y)]);
          } else ll.forEach(walk);
        };
        window.geoMap.layers[id].eachLayer(g => g.eachLayer(p => walk(p.getLatLngs())));
        return out;
    }""", layer_id)


@pytest.mark.browser
def test_leaflet_draws_antimeridian_shapes_split_and_polar_shapes_finite(tmp_path: Path):
    from browser import offline_browser

    from geo.render.webmap.impact_map import ImpactMap

    lon, lat = common.NEAR_ANTIMERIDIAN
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", geo.RepairWarning)
        damage = geo.validate_damage(gpd.GeoDataFrame(
            {"id": ["ring", "raw-box", "polar"], "severity": ["severe", "light", "moderate"]},
            geometry=[geo.geodesic_circle(lon, lat, 20_000), common.ANTIMERIDIAN_BOX,
                      geo.geodesic_circle(0.0, 89.9, 50_000)], crs=4326))
    incidents = geo.validate_incidents(gpd.GeoDataFrame(
        {"id": ["fiji", "pole"], "date": ["2023-04-20", "2023-04-21"], "location": ["Taveuni coast", "Arctic Ocean"]},
        geometry=[shapely.Point(lon, lat), shapely.Point(30.0, 89.5)], crs=4326))
    page_path = ImpactMap("traps", tiles="none").add_damage(damage).add_incidents(incidents).save(tmp_path / "m.html")
    with offline_browser() as browser:
        page = browser.open(page_path, wait="window.geoMap && window.geoMap.ready")
        rings = _rings_in_browser(page, "damage")
        svg = page.evaluate("""() => Array.from(document.querySelectorAll('path'))
                                    .map(p => p.getAttribute('d') || '').join(' ')""")
        center = page.evaluate("() => { const c = window.geoMap.map.getCenter(); return [c.lng, c.lat]; }")
        assert browser.page_errors == [] and browser.console_errors == []
    assert len(rings) >= 5  # ring: 2 halves, box: 2 halves, polar cap: 1
    spans = sorted(r[1] - r[0] for r in rings)
    tropical = [r for r in rings if r[3] < 0]
    # Every ring near Fiji stays within a degree or so of ±180°: none is drawn across the whole world.
    assert tropical and all(r[1] - r[0] < 1.0 for r in tropical), spans
    assert any(r[0] >= 179.0 for r in tropical) and any(r[1] <= -179.0 for r in tropical)
    # The polar cap reaches 90°: Web Mercator cannot show it, but the path must stay finite.
    assert any(r[3] == pytest.approx(90.0) for r in rings)
    assert "NaN" not in svg and "Infinity" not in svg
    assert all(math.isfinite(v) for v in center)
