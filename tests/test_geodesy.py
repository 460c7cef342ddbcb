"""Geodesy on the WGS84 ellipsoid: known answers, circles, rings, areas.

References: WGS84 textbook values (quarter meridian, one degree of the
equator and of the meridian) and the pure-Python GeographicLib, an
implementation independent of pyproj's C one.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from geographiclib.geodesic import Geodesic

import geo
from geo.geodesy import (
    compass_point,
    destination,
    geodesic_area,
    geodesic_circle,
    geodesic_distance,
    geodesic_inverse,
    geodesic_length,
    geodesic_ring,
)

WGS84 = Geodesic.WGS84
QUARTER_MERIDIAN_M = 10_001_965.729  # equator to pole
EQUATOR_DEGREE_M = 111_319.491  # a * pi / 180
MERIDIAN_DEGREE_AT_EQUATOR_M = 110_574.389


def test_textbook_distances():
    assert geodesic_distance(0, 0, 0, 90) == pytest.approx(QUARTER_MERIDIAN_M, abs=0.001)
    assert geodesic_distance(0, 0, 1, 0) == pytest.approx(EQUATOR_DEGREE_M, abs=0.001)
    assert geodesic_distance(0, 0, 0, 1) == pytest.approx(MERIDIAN_DEGREE_AT_EQUATOR_M, abs=0.001)
    assert geodesic_length(shapely.LineString([(0, 0), (0, 45), (0, 90)])) == pytest.approx(
        QUARTER_MERIDIAN_M, abs=0.001)


def test_inverse_matches_pure_python_geographiclib():
    rng = np.random.default_rng(7)
    lon1, lat1 = rng.uniform(-180, 180, 200), rng.uniform(-89.9, 89.9, 200)
    lon2, lat2 = rng.uniform(-180, 180, 200), rng.uniform(-89.9, 89.9, 200)
    d, az = geodesic_inverse(lon1, lat1, lon2, lat2)
    for i in range(200):
        ref = WGS84.Inverse(lat1[i], lon1[i], lat2[i], lon2[i])
        assert d[i] == pytest.approx(ref["s12"], abs=1e-6)  # a micrometre
        assert (az[i] - ref["azi1"]) % 360 == pytest.approx(0, abs=1e-7) or \
            (az[i] - ref["azi1"]) % 360 == pytest.approx(360, abs=1e-7)


def test_destination_round_trip_across_the_antimeridian():
    lon, lat = destination(179.9, 10.0, 90.0, 50_000.0)
    assert -180 <= float(lon) < -179.0
    d, az = geodesic_inverse(179.9, 10.0, lon, lat)
    assert float(d) == pytest.approx(50_000.0, abs=1e-6)
    assert float(az) == pytest.approx(90.0, abs=1e-9)


@pytest.mark.parametrize("azimuth, name", [(0, "N"), (22.4, "N"), (22.5, "NE"), (225, "SW"), (359, "N"),
                                           (-45, "NW"), (180, "S"), (112.6, "SE")])
def test_compass_points(azimuth, name):
    assert compass_point(azimuth) == name


@pytest.mark.parametrize("lat", [0.0, 50.6, 75.0, -60.0])
def test_circle_vertices_lie_on_the_radius_and_area_is_a_disc(lat):
    radius = 8_000.0
    circle = geodesic_circle(36.58, lat, radius)
    ring = np.asarray(circle.exterior.coords)[:-1]
    d = geodesic_distance(np.full(len(ring), 36.58), np.full(len(ring), lat), ring[:, 0], ring[:, 1])
    assert np.abs(d - radius).max() < 1e-6
    # A geodesic disc on a surface of Gaussian curvature K has area ~ pi r^2 (1 - K r^2 / 12); the
    # 256-gon loses (1 - sin(2 pi/n) n / 2 pi) = 0.01%.
    assert geodesic_area(circle) == pytest.approx(math.pi * radius**2, rel=2e-4)


def test_circle_across_the_antimeridian_is_split_and_keeps_its_area():
    circle = geodesic_circle(179.95, -17.0, 20_000.0)
    assert circle.geom_type == "MultiPolygon"
    lon = shapely.get_coordinates(circle)[:, 0]
    assert lon.min() >= -180 and lon.max() <= 180
    assert geodesic_area(circle) == pytest.approx(math.pi * 20_000.0**2, rel=1e-3)


def test_circle_around_the_pole_contains_the_pole():
    circle = geodesic_circle(0.0, 89.0, 200_000.0)
    assert circle.covers(shapely.Point(0.0, 90.0)) and circle.covers(shapely.Point(120.0, 89.99))
    assert circle.covers(shapely.Point(-60.0, 89.5)) and circle.covers(shapely.Point(180.0, 89.5))
    assert geodesic_area(circle) == pytest.approx(math.pi * 200_000.0**2, rel=2e-3)


def test_ring_area_is_outer_minus_inner():
    ring = geodesic_ring(36.58, 50.6, 10_000, 25_000)
    outer = geodesic_area(geodesic_circle(36.58, 50.6, 25_000))
    inner = geodesic_area(geodesic_circle(36.58, 50.6, 10_000))
    assert geodesic_area(ring) == pytest.approx(outer - inner, rel=1e-9)
    with pytest.raises(ValueError):
        geodesic_ring(36.58, 50.6, 25_000, 10_000)
    with pytest.raises(ValueError):
        geodesic_circle(36.58, 50.6, -1)


def test_area_matches_geographiclib_polygon_area_for_ukraine():
    ukraine = geo.country("UKR")
    polygon = WGS84.Polygon()
    expected = 0.0
    for part in shapely.get_parts(ukraine):
        for k, ring in enumerate([part.exterior, *part.interiors]):
            polygon.Clear()
            for lon, lat in list(ring.coords)[:-1]:
                polygon.AddPoint(lat, lon)
            _, _, area = polygon.Compute(False, True)
            expected += abs(area) if k == 0 else -abs(area)
    assert geodesic_area(ukraine) == pytest.approx(expected, rel=1e-9)
    # Ukraine is 603,550 km2; Natural Earth 10m generalises its coast and rivers a little.
    assert 590e9 < geodesic_area(ukraine) < 615e9


def test_empty_and_missing_geometries_measure_zero():
    assert geodesic_area(None) == 0.0
    assert geodesic_area(shapely.Polygon()) == 0.0
    assert geodesic_length(None) == 0.0
