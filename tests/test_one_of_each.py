"""One of each: one geodesic densification, one "which country is this point in", broadcasting like destination.

Known answers from GeographicLib (via pyproj.Geod, the reference every
geodesy test in geo uses): points placed by densify_segments lie on the
segment's geodesic at their stated offset to 1 micrometre.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

import geo
from geo.analysis import _buffer
from geo.geodesy import GEOD, densify_segments, destination, geodesic_inverse
from geo.input import _plausible
from geo.reference.countries import border, country_at
from geo.reference.regions import _along_border


def test_densify_places_equal_pieces_on_the_geodesic():
    lon1, lat1, lon2, lat2 = np.array([36.0, 170.0]), np.array([50.0, -16.0]), np.array([37.5, -179.0]), \
        np.array([50.2, -17.0])
    dense = densify_segments(lon1, lat1, lon2, lat2, 10_000)
    length = GEOD.inv(lon1, lat1, lon2, lat2)[2]
    assert dense.pieces.tolist() == np.ceil(length / 10_000).astype(int).tolist()
    assert np.allclose(dense.length_m, length, atol=1e-9)
    assert (dense.piece_m <= 10_000).all()
    for k in range(2):
        mine = dense.segment == k
        assert dense.lon[mine][0] == lon1[k] and dense.lat[mine][0] == lat1[k]  # the start vertex, exactly
        measured = GEOD.inv(np.full(mine.sum(), lon1[k]), np.full(mine.sum(), lat1[k]), dense.lon[mine],
                            dense.lat[mine])[2]
        assert np.allclose(measured, dense.offset_m[mine], atol=1e-6)  # across 180° too
        assert np.allclose(np.diff(dense.offset_m[mine]), dense.piece_m[mine][0], atol=1e-6)


def test_midpoints_and_headings():
    dense = densify_segments([36.0], [50.0], [37.0], [50.0], 30_000, at=0.5)
    assert np.allclose(dense.offset_m, (np.arange(3) + 0.5) * dense.piece_m[0])
    forward = GEOD.inv(dense.lon, dense.lat, np.full(3, 37.0), np.full(3, 50.0))[0]
    assert np.allclose(np.mod(dense.azimuth, 360), np.mod(forward, 360), atol=1e-6)


def test_bands_and_border_regions_densify_with_it():
    coords = shapely.get_coordinates(border("RUS", "UKR"))[:40]
    lon, lat, original = _buffer.densify_polyline(coords, 2_000)
    dense = densify_segments(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1], 2_000)
    assert np.array_equal(lon[:-1], dense.lon) and np.array_equal(lat[:-1], dense.lat)
    assert original.sum() == len(coords)
    line = shapely.LineString(coords)
    mid_lon, mid_lat, piece = _along_border._border_pieces(line)
    assert piece.sum() == pytest.approx(geo.geodesic_length(line), rel=1e-9)
    assert (piece <= 500 + 1e-9).all() and len(mid_lon) == len(mid_lat) == len(piece)


def test_geodesic_inverse_broadcasts_like_destination():
    lon2, lat2 = np.array([36.2, 37.0, 30.5]), np.array([50.0, 51.0, 50.45])
    d, az = geodesic_inverse(36.58, 50.60, lon2, lat2)  # one point against many
    loop = [GEOD.inv(36.58, 50.60, x, y) for x, y in zip(lon2, lat2, strict=True)]
    assert np.allclose(d, [r[2] for r in loop], atol=1e-9)
    assert np.allclose(az, [r[0] % 360 for r in loop], atol=1e-9)
    grid, _ = geodesic_inverse(np.array([[0.0], [10.0]]), 0.0, np.array([1.0, 2.0, 3.0]), 0.0)
    assert grid.shape == (2, 3)
    assert grid[1, 0] == pytest.approx(GEOD.inv(10.0, 0.0, 1.0, 0.0)[2], abs=1e-9)
    back = destination(36.58, 50.60, az, d)  # destination inverts it, with the same broadcasting
    assert np.allclose(back[0], lon2, atol=1e-9) and np.allclose(back[1], lat2, atol=1e-9)


def test_one_country_at_a_point_with_one_tie_rule():
    # Belgorod, Kharkiv, the Black Sea, a longitude written past -180 (Chukotka), a shared border vertex.
    vertex = shapely.get_coordinates(border("RUS", "UKR"))[100]
    lon = np.array([36.58, 36.23, 33.0, 175.0 - 360.0, vertex[0]])  # -185 is 175 E, inland Chukotka
    lat = np.array([50.60, 49.99, 43.0, 66.0, vertex[1]])
    codes = country_at(lon, lat)
    assert codes[:4].tolist() == ["RUS", "UKR", None, "RUS"]
    assert codes[4] == "RUS"  # on the line both polygons hold it: the first code alphabetically
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    assert geo.locate(pts)["country"].tolist() == codes.tolist()  # the API ...
    assert _plausible._country_at(lon, lat).tolist() == codes.tolist()  # ... and the input checks agree
