"""Geodesic buffers behind distance bands: inside the polygon exactly when within the distance.

Reference: geo.distance_to_border (exact geodesic distance, GeographicLib via
pyproj.Geod). Tolerance: 0.05% of the radius + 1 m at the edge (arcs are
128-gons), as in tests/test_proximity.py.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

import geo
from geo.analysis._buffer import geodesic_buffer
from geo.reference.countries import border

# A zig-zag with sharp corners both ways, a hairpin and a short segment: every kind of turn.
ZIGZAG = shapely.LineString([(30.0, 50.0), (30.0, 50.5), (30.7, 50.5), (30.2, 50.3), (30.9, 50.1),
                             (30.905, 50.12), (31.5, 50.9), (31.52, 50.2)])


def _probe(line: shapely.Geometry, radius_m: float, seed: int) -> None:
    shape = geodesic_buffer([line], radius_m)
    x0, y0, x1, y1 = shapely.bounds(shape)
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(x0, x1, 3_000), rng.uniform(y0, y1, 3_000)
    probes = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
    d = geo.distance_to_border(probes, gpd.GeoSeries([line], crs=4326))["border_distance_m"].to_numpy()
    inside = shapely.contains_xy(shape, lon, lat)
    clear = np.abs(d - radius_m) > 0.0005 * radius_m + 1.0
    assert clear.sum() > 2_500
    # No cracks or holes inside, nothing outside: inside exactly when nearer than the radius.
    assert np.array_equal(inside[clear], d[clear] < radius_m)


@pytest.mark.parametrize("radius_m", [2_000.0, 10_000.0, 50_000.0])
def test_buffer_of_a_zigzag_holds_exactly_the_points_within_the_radius(radius_m):
    _probe(ZIGZAG, radius_m, seed=int(radius_m))


def test_buffer_of_the_russia_ukraine_border_holds_exactly_the_points_within_25_km():
    _probe(border("RUS", "UKR"), 25_000.0, seed=25)


def test_buffer_edges_lie_at_the_radius():
    shape = geodesic_buffer([ZIGZAG], 10_000.0)
    edge = shapely.line_interpolate_point(shape.exterior, np.linspace(0, 1, 800), normalized=True)
    d = geo.distance_to_border(gpd.GeoDataFrame(geometry=edge, crs=4326), gpd.GeoSeries([ZIGZAG], crs=4326))
    # Inside by at most a 128-gon's sagitta, 1 - cos(pi/128) = 0.03% (the docstring's promise); outside by no
    # more than the few centimetres a straight lon/lat edge between two offset points bows out.
    assert d["border_distance_m"].between(10_000.0 * np.cos(np.pi / 128) - 0.01, 10_000.0 + 0.1).all()
