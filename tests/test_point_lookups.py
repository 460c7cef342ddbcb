"""Fast paths of point lookups give the answers of the general (tree) path they skip."""

from __future__ import annotations

import importlib

import numpy as np
import shapely

countries = importlib.import_module("geo.reference.countries")
along_border = importlib.import_module("geo.reference.regions._along_border")


def _points(seed: int, n: int, west: float, east: float, south: float, north: float) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.uniform(west, east, n), rng.uniform(south, north, n)


def test_country_at_by_country_matches_the_tree(monkeypatch):
    lon, lat = _points(1, 20_000, 30.0, 42.0, 46.0, 53.0)  # Russia-Ukraine: few countries' envelopes
    lon[::9] = np.nan
    vertices = shapely.get_coordinates(countries.border("RUS", "UKR"))  # exactly on both outlines
    lon, lat = np.r_[lon, vertices[:, 0]], np.r_[lat, vertices[:, 1]]
    fast = countries.country_at(lon, lat)
    assert countries._country_at_few(lon, lat, *_tree_parts()) is not None  # the fast path is taken
    monkeypatch.setattr(countries, "_FEW_COUNTRIES", -1)  # every point through the tree
    tree = countries.country_at(lon, lat)
    assert fast.tolist() == tree.tolist()
    assert {"RUS", "UKR", None} <= set(fast.tolist())


def test_country_at_falls_back_to_the_tree_for_spread_points():
    lon, lat = _points(2, 2_000, -180.0, 180.0, -90.0, 90.0)
    assert countries._country_at_few(lon, lat, *_tree_parts()) is None
    assert countries._country_at_few(np.array([np.nan]), np.array([np.nan]), *_tree_parts()) is None


def _tree_parts() -> tuple[np.ndarray, np.ndarray]:
    codes, tree = countries._country_tree(str(countries.data_file("countries.parquet")))
    return codes, tree.geometries


def test_nearest_region_matches_query_nearest():
    from geo.reference.regions import regions

    border = shapely.get_coordinates(countries.border("RUS", "UKR"))[::3]
    lon, lat = _points(3, 3_000, 30.0, 42.0, 44.0, 56.0)
    points = shapely.points(np.vstack([border, np.column_stack([lon, lat])]))
    for code in ("RUS", "UKR"):
        tree = shapely.STRtree(regions(code).geometry.values)
        _, expected = tree.query_nearest(points, all_matches=False)
        assert along_border._nearest_polygon(tree, points).tolist() == expected.tolist()
