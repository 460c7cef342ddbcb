"""Properties that must hold for every input, checked with hypothesis.

- Distance to a border is 0 on it (within 1 mm, the engine's stated accuracy)
  and finite and >= 0 everywhere on Earth.
- Moving a point along the geodesic towards its nearest border point never
  increases its distance; after a fraction f of the way it is at most
  (1 - f) of the original distance (the triangle inequality).
- A small geodesic circle's area (10 m to 50 km) is within 0.1% of pi r^2
  at every latitude, poles and antimeridian included. Below 10 m the bound
  cannot hold at the poles: GeographicLib's polygon area there carries an
  absolute error of about 0.02 m^2 (0.5% of a 1 m circle), from cancellation
  between the large polar-cap terms it sums.

Example counts stay modest (the whole suite runs on two cores in CI);
``derandomize`` makes every run draw the same examples, so a failure is
reproducible and CI never flakes.
"""

from __future__ import annotations

import functools
import math

import geopandas as gpd
import numpy as np
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geo
from geo.geodesy import GEOD

PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                             suppress_health_check=[HealthCheck.too_slow])
#: The engine's stated accuracy ("accurate to millimetres").
ON_BORDER_M = 1e-3

lons = st.floats(min_value=-180.0, max_value=180.0, allow_nan=False, allow_infinity=False)
lats = st.floats(min_value=-90.0, max_value=90.0, allow_nan=False, allow_infinity=False)
# Around the Russia-Ukraine border (the seed case's region), where nearest points vary fastest.
region_lons = st.floats(min_value=28.0, max_value=42.0, allow_nan=False)
region_lats = st.floats(min_value=43.0, max_value=54.0, allow_nan=False)


@functools.cache
def _border_vertices() -> np.ndarray:
    line = geo.border("RUS", "UKR")
    return np.vstack([np.asarray(part.coords) for part in shapely.get_parts(line)])


def _measure(lon: float | list[float], lat: float | list[float]):
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(np.atleast_1d(lon), np.atleast_1d(lat)), crs=4326)
    return geo.distance_to_border(points, "RUS-UKR")


def _on_segment(data: st.DataObject) -> tuple[float, float]:
    """A point on the border: on the geodesic between two consecutive vertices of one part."""
    parts = list(shapely.get_parts(geo.border("RUS", "UKR")))
    part = np.asarray(parts[data.draw(st.integers(0, len(parts) - 1), label="part")].coords)
    i = data.draw(st.integers(0, len(part) - 2), label="segment")
    t = data.draw(st.floats(0.0, 1.0), label="fraction")
    (lon1, lat1), (lon2, lat2) = part[i], part[i + 1]
    azimuth, _, length = GEOD.inv(lon1, lat1, lon2, lat2)
    lon, lat, _ = GEOD.fwd(lon1, lat1, azimuth, t * length)
    return float(lon), float(lat)


@PROPERTY_SETTINGS
@given(st.data())
def test_distance_is_zero_on_the_border(data):
    lon, lat = _on_segment(data)
    assert _measure(lon, lat)["border_distance_m"].iat[0] < ON_BORDER_M


@PROPERTY_SETTINGS
@given(st.lists(st.tuples(lons, lats), min_size=1, max_size=8))
def test_distance_is_finite_and_never_negative_anywhere(points):
    lon, lat = zip(*points, strict=True)
    d = _measure(list(lon), list(lat))["border_distance_m"].to_numpy()
    assert np.isfinite(d).all() and (d >= 0).all()
    # Not larger than half the Earth's meridian (no point is farther than the antipode of the border).
    assert (d <= 20_004_000).all()


@PROPERTY_SETTINGS
@given(st.one_of(st.tuples(region_lons, region_lats), st.tuples(lons, lats)),
       st.floats(min_value=0.0, max_value=1.0))
def test_moving_towards_the_nearest_border_point_never_increases_the_distance(point, fraction):
    lon, lat = point
    first = _measure(lon, lat).iloc[0]
    d = float(first["border_distance_m"])
    if d < ON_BORDER_M:
        return  # on the border: there is nowhere to move
    azimuth, _, length = GEOD.inv(lon, lat, first["border_lon"], first["border_lat"])
    assert math.isclose(length, d, rel_tol=1e-9, abs_tol=1e-6)  # the nearest point is d away
    lon2, lat2, _ = GEOD.fwd(lon, lat, azimuth, fraction * d)
    moved = float(_measure(float(lon2), float(lat2))["border_distance_m"].iat[0])
    assert moved <= d + ON_BORDER_M
    assert moved <= (1.0 - fraction) * d + ON_BORDER_M


@PROPERTY_SETTINGS
@given(lons, lats, st.floats(min_value=10.0, max_value=50_000.0))
def test_small_geodesic_circle_area_is_pi_r_squared(lon, lat, radius_m):
    circle = geo.geodesic_circle(lon, lat, radius_m)
    assert circle.is_valid
    area = geo.geodesic_area(circle)
    assert abs(area / (math.pi * radius_m**2) - 1.0) < 1e-3


@PROPERTY_SETTINGS
@given(st.sampled_from([-90.0, -89.99, 89.99, 90.0, 0.0]), st.sampled_from([-180.0, 179.999, 180.0, 0.0]),
       st.floats(min_value=10.0, max_value=50_000.0))
def test_circle_area_at_the_poles_and_the_antimeridian(lat, lon, radius_m):
    # The edge cases hypothesis rarely hits by chance, drawn on purpose.
    test_small_geodesic_circle_area_is_pi_r_squared.hypothesis.inner_test(lon, lat, radius_m)
